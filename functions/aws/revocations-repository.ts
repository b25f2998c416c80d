/**
 * The revocation record of each removed or disabled user (functions/core/revocation.ts): one
 * item per username, rewritten at each removal or disabling, read with a strongly consistent
 * GetItem before a request acts, so that a removal takes effect on the next request.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Revocation, RevocationReason } from '../core/revocation.ts';
import { keys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

export class RevocationsRepository extends TableRepository {
  async record(username: string, reason: RevocationReason, at: Date = new Date()): Promise<Revocation> {
    const revocation: Revocation = { username, revokedAt: at.toISOString(), reason };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.userRevocation(username), ...revocation } }));
    return revocation;
  }

  async get(username: string): Promise<Revocation | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.userRevocation(username), ConsistentRead: true }));
    if (typeof Item?.['revokedAt'] !== 'string') return undefined;
    return { username, revokedAt: Item['revokedAt'], reason: Item['reason'] === 'disabled' ? 'disabled' : 'removed' };
  }
}

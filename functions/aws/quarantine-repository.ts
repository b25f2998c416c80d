/**
 * The triage queue of e-mails held for the Secretariat: quarantined ones, and free-form ones
 * awaiting classification, each decided once. (Each inbound message's own record is
 * inbound-emails-repository.ts.)
 *
 * Every step is a conditional write, so a redelivered message, or an attempt resumed after a
 * failure, never holds or decides anything twice.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../core/audit.ts';
import { type NewTriageItem, type TriageItem, type TriageStatus, triageItemSchema } from '../core/inbound-email/triage.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';
import { queryAll, withoutKeys } from './query.ts';
import { TableRepository } from './table-repository.ts';

export type Decision = { readonly status: Exclude<TriageStatus, 'pending'>; readonly by: Actor; readonly at: string; readonly reason?: string };

export class QuarantineRepository extends TableRepository {
  /** Holds a message for the Secretariat; an item already held under its id is returned unchanged. */
  async hold(item: NewTriageItem): Promise<{ readonly created: boolean; readonly item: TriageItem }> {
    const stored = triageItemSchema.parse({ ...item, status: 'pending' });
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.triageItem(stored.id), gsi1pk: keys.triageByStatus(stored.status), gsi1sk: `${stored.receivedAt}#${stored.id}`, ...stored },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, item: stored };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { created: false, item: (await this.get(stored.id))! };
    }
  }

  async get(id: string): Promise<TriageItem | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.triageItem(id), ConsistentRead: true }));
    return Item ? triageItemSchema.parse(withoutKeys(Item)) : undefined;
  }

  /** The items of one status, oldest first. */
  async list(status: TriageStatus): Promise<TriageItem[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.triageByStatus(status) },
    });
    return items.map((item) => triageItemSchema.parse(withoutKeys(item)));
  }

  /**
   * Accepts or rejects a pending item, once: of two officers deciding at the same time, one
   * wins and the other is told what was decided (`decided: false`, with the item as it is).
   */
  async decide(id: string, decision: Decision): Promise<{ readonly decided: boolean; readonly item: TriageItem | undefined }> {
    const { status, ...recorded } = decision;
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.triageItem(id),
          UpdateExpression: 'SET #status = :status, gsi1pk = :index, decision = :decision',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':index': keys.triageByStatus(status), ':decision': recorded, ':pending': 'pending' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { decided: true, item: triageItemSchema.parse(withoutKeys(Attributes!)) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { decided: false, item: await this.get(id) };
    }
  }

  /** Notes the submission an accepted item became. */
  async recordReference(id: string, reference: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.triageItem(id),
        UpdateExpression: 'SET decision.#reference = :reference',
        ConditionExpression: '#status = :accepted',
        ExpressionAttributeNames: { '#reference': 'reference', '#status': 'status' },
        ExpressionAttributeValues: { ':reference': reference, ':accepted': 'accepted' },
      }),
    );
  }
}

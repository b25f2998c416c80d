/**
 * The States registry in the table: versioned, so that an import replaces the whole registry at
 * once (readers follow a pointer flipped by one conditional write), with mailbox health kept
 * apart so that it survives imports.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StateCode } from '../core/codes.ts';
import { type Mailbox, mailboxSchema, type State, stateSchema } from '../core/states.ts';
import { writeInBatches } from './batch-write.ts';
import { onConditionFailure, VersionConflictError } from './errors.ts';
import { keys } from './keys.ts';
import { queryAll, withoutKeys } from './query.ts';
import { TableRepository } from './table-repository.ts';

export interface MailboxHealthRecord {
  readonly state: StateCode;
  readonly address: string;
  readonly health: Mailbox['health'];
  readonly healthReason?: string;
  readonly healthChangedAt?: string;
}

/** What a State is called, in the registry version that named it. */
export type StateNames = Pick<State, 'code' | 'nameEn' | 'nameFr' | 'status' | 'language'>;

/**
 * Names per registry version, kept for the life of the container: a version's partition is
 * written once and never changed (an import writes a new one), so what was read stays true.
 */
const namesByImport = new Map<string, Promise<ReadonlyMap<StateCode, StateNames>>>();

export class StatesRepository extends TableRepository {
  /** The registry version readers see (0 before the first import), and the import that holds it. */
  async current(): Promise<{ version: number; importId?: string }> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.statesRegistryPointer(), ConsistentRead: true }));
    return typeof Item?.['version'] === 'number' && typeof Item['importId'] === 'string'
      ? { version: Item['version'], importId: Item['importId'] }
      : { version: 0 };
  }

  async currentVersion(): Promise<number> {
    return (await this.current()).version;
  }

  /** Every State of the current registry, with its mailboxes' health, in code order. */
  async list(): Promise<State[]> {
    const { importId } = await this.current();
    if (importId === undefined) return [];
    const [items, health] = await Promise.all([
      queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.statesRegistryPartition(importId) },
      }),
      this.mailboxHealth(),
    ]);
    return items.map((item) => this.withHealth(item, health));
  }

  /**
   * The names of every State of the current registry: one read of the pointer, and the version's
   * States read once per container. For the names in notes and checks of codes; mailboxes and
   * their health are `get`'s and `list`'s.
   */
  async names(): Promise<ReadonlyMap<StateCode, StateNames>> {
    const { importId } = await this.current();
    if (importId === undefined) return new Map();
    let names = namesByImport.get(importId);
    if (!names) {
      names = queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.statesRegistryPartition(importId) },
      }).then(
        (items) =>
          new Map(
            items
              .map((item) => this.withHealth(item, new Map()))
              .map(({ code, nameEn, nameFr, status, language }) => [code, { code, nameEn, nameFr, status, language }]),
          ),
      );
      namesByImport.set(importId, names);
      // A failed read is not kept: the next call reads again.
      names.catch(() => namesByImport.delete(importId!));
    }
    return names;
  }

  async get(code: StateCode): Promise<State | undefined> {
    const { importId } = await this.current();
    if (importId === undefined) return undefined;
    const [{ Item }, health] = await Promise.all([
      this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.stateInRegistry(importId, code) })),
      this.mailboxHealth(code),
    ]);
    return Item ? this.withHealth(Item, health) : undefined;
  }

  /**
   * Replaces the registry with `states` (already validated) as one new version, written into a
   * partition of its own and then made current by one conditional write of the pointer. A
   * concurrent import that flipped the pointer first makes this one fail with
   * VersionConflictError; the States it wrote stay in an unreferenced partition, never read.
   */
  async replaceAll(states: readonly State[]): Promise<{ version: number; count: number }> {
    const previous = await this.currentVersion();
    const version = previous + 1;
    const importId = `v${version}-${randomUUID()}`;
    const items = states.map((state) => ({
      ...keys.stateInRegistry(importId, state.code),
      ...state,
      // Health lives in its own items; the registry keeps the addresses only.
      mailboxes: state.mailboxes.map((mailbox) => ({ address: mailbox.address })),
    }));
    await writeInBatches(this.access, items);
    await onConditionFailure(
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.statesRegistryPointer(), version, importId, count: states.length },
            ConditionExpression: previous === 0 ? 'attribute_not_exists(pk)' : 'version = :previous',
            ...(previous === 0 ? {} : { ExpressionAttributeValues: { ':previous': previous } }),
          }),
        ),
      () => new VersionConflictError(`the States registry changed during the import (it was at version ${previous})`),
    );
    return { version, count: states.length };
  }

  async setMailboxHealth(record: MailboxHealthRecord): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.mailboxHealth(record.state, record.address),
        UpdateExpression: 'SET #state = :state, address = :address, health = :health, healthReason = :reason, healthChangedAt = :at',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':state': record.state,
          ':address': record.address,
          ':health': record.health,
          ':reason': record.healthReason ?? null,
          ':at': record.healthChangedAt ?? new Date().toISOString(),
        },
      }),
    );
  }

  /** Health records of every mailbox, or of one State's mailboxes, keyed by address. */
  private async mailboxHealth(code?: StateCode): Promise<Map<string, Record<string, unknown>>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: code ? 'pk = :pk AND begins_with(sk, :state)' : 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.mailboxHealthPartition(), ...(code ? { ':state': `${code}#` } : {}) },
    });
    return new Map(items.map((item) => [`${String(item['state'])}#${String(item['address'])}`, item]));
  }

  private withHealth(item: Record<string, unknown>, health: Map<string, Record<string, unknown>>): State {
    const stored = withoutKeys(item) as Record<string, unknown> & { code: string; mailboxes: { address: string }[] };
    const mailboxes = stored.mailboxes.map((mailbox) => {
      const record = health.get(`${stored.code}#${mailbox.address}`);
      return mailboxSchema.parse({
        address: mailbox.address,
        ...(record ? { health: record['health'], healthChangedAt: record['healthChangedAt'] } : {}),
        ...(typeof record?.['healthReason'] === 'string' ? { healthReason: record['healthReason'] } : {}),
      });
    });
    return stateSchema.parse({ ...stored, mailboxes });
  }
}

/**
 * The e-mail intake's records: each inbound message once (by its dedupe key), with what became
 * of it; and the triage queue of messages held for the Secretariat — quarantined ones, and
 * free-form ones awaiting classification — each decided once. (An acknowledgement is a note
 * send, recorded by aws/note-sender.ts.)
 *
 * Every step is a conditional write, so a redelivered message, or an attempt resumed after a
 * failure, never records anything twice.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../core/audit.ts';
import type { QuarantineReason } from '../core/inbound-email/limits.ts';
import { type NewTriageItem, type TriageItem, triageItemSchema, type TriageStatus } from '../core/inbound-email/triage.ts';
import type { InboundEmailRecord } from '../core/inbound-email/record.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';
import { queryAll, withoutKeys } from './query.ts';
import { TableRepository } from './table-repository.ts';

/** What became of a message; set once its handling is complete, so a redelivery then does nothing. */
export type EmailDisposition =
  | { readonly disposition: 'submitted'; readonly reference: string }
  | { readonly disposition: 'awaiting-classification'; readonly triageId: string }
  | { readonly disposition: 'quarantined'; readonly triageId: string; readonly reason: QuarantineReason };

export interface StoredEmail {
  readonly dedupeKey: string;
  readonly fromAddress: string | null;
  /** When the message was first received: a later delivery of it keeps this date. */
  readonly receivedAt: string;
  readonly outcome?: EmailDisposition;
}

export class InboundEmailsRepository extends TableRepository {
  /**
   * Records the message if it is new. A message already recorded (a redelivery, the same message
   * sent again, or an earlier attempt that failed half-way) is returned as stored instead.
   */
  async claim(record: InboundEmailRecord): Promise<{ readonly created: true } | { readonly created: false; readonly existing: StoredEmail }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.email(record.dedupeKey), gsi1pk: keys.emailsByDay(record.receivedAt.slice(0, 10)), gsi1sk: record.receivedAt, ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.email(record.dedupeKey), ConsistentRead: true }));
      const stored = withoutKeys(Item ?? {});
      return {
        created: false,
        existing: {
          dedupeKey: record.dedupeKey,
          fromAddress: typeof stored['fromAddress'] === 'string' ? stored['fromAddress'] : null,
          receivedAt: typeof stored['receivedAt'] === 'string' ? stored['receivedAt'] : record.receivedAt,
          ...(stored['outcome'] ? { outcome: stored['outcome'] as EmailDisposition } : {}),
        },
      };
    }
  }

  /**
   * Messages received on `days` (YYYY-MM-DD) up to `notAfter` whose handling never completed: every
   * attempt failed or died before recording what became of them.
   */
  async unfinished(days: readonly string[], notAfter: string): Promise<InboundEmailRecord[]> {
    const perDay = await Promise.all(
      days.map((day) =>
        queryAll(this.client, {
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :day AND gsi1sk <= :notAfter',
          ExpressionAttributeValues: { ':day': keys.emailsByDay(day), ':notAfter': notAfter },
        }),
      ),
    );
    return perDay.flat().filter((item) => item['outcome'] === undefined).map((item) => withoutKeys(item) as unknown as InboundEmailRecord);
  }

  async finish(dedupeKey: string, outcome: EmailDisposition): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.email(dedupeKey),
        UpdateExpression: 'SET outcome = :outcome',
        ExpressionAttributeValues: { ':outcome': outcome },
      }),
    );
  }
}

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

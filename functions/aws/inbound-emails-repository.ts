/**
 * The e-mail intake's record of each inbound message, once (by its dedupe key): what became of
 * it. (Its acknowledgement is a note send, recorded by note-sender.ts.) Items read back are parsed with the record's schema.
 *
 * Every step is a conditional write, so a redelivered message, or an attempt resumed after a
 * failure, never records anything twice.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { quarantineReasons } from '../core/inbound-email/limits.ts';
import type { InboundEmailRecord } from '../core/inbound-email/record.ts';
import { emailIdentitySchema } from '../core/inbound-email/triage.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';
import { queryAll, withoutKeys } from './query.ts';
import { TableRepository } from './table-repository.ts';

const verdictSchema = z.enum(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED']);

/** The record as claim() stores it (the core's InboundEmailRecord). */
export const inboundEmailRecordSchema = z.extend(emailIdentitySchema, {
  receivedAt: z.string(),
  verdicts: z.object({ spf: verdictSchema, dkim: verdictSchema, dmarc: verdictSchema, virus: verdictSchema, spam: verdictSchema }),
  evidence: z.object({ bucket: z.string().check(z.minLength(1)), key: z.string().check(z.minLength(1)), size: z.number() }),
  attachments: z.array(z.object({ filename: z.nullable(z.string()), contentType: z.string(), size: z.number() })),
  status: z.literal('received'),
}) satisfies z.ZodMiniType<InboundEmailRecord>;

/** What became of a message; set once its handling is complete, so a redelivery then does nothing. */
const emailDispositionSchema = z.discriminatedUnion('disposition', [
  z.object({ disposition: z.literal('submitted'), reference: z.string() }),
  z.object({ disposition: z.literal('awaiting-classification'), triageId: z.string() }),
  z.object({ disposition: z.literal('quarantined'), triageId: z.string(), reason: z.enum(quarantineReasons) }),
]);
export type EmailDisposition = z.output<typeof emailDispositionSchema>;

const storedEmailSchema = z.extend(z.pick(inboundEmailRecordSchema, { dedupeKey: true, fromAddress: true, receivedAt: true }), {
  outcome: z.optional(emailDispositionSchema),
});

export type StoredEmail = z.output<typeof storedEmailSchema>;

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
      return { created: false, existing: storedEmailSchema.parse(withoutKeys(Item ?? {})) };
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
    return perDay
      .flat()
      .filter((item) => item['outcome'] === undefined)
      .map((item) => inboundEmailRecordSchema.parse(withoutKeys(item)));
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

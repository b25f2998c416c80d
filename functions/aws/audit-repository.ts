/**
 * The append-only audit trail. Each event is written once (create-if-absent) under its subject,
 * and indexed under the State it concerns; nothing ever updates or deletes an event.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, auditEventId, auditEventSchema, type NewAuditEvent } from '../core/audit.ts';
import type { StateCode } from '../core/codes.ts';
import { AlreadyExistsError, onConditionFailure } from './errors.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';
import { TableRepository } from './table-repository.ts';

export class AuditRepository extends TableRepository {
  async append(event: NewAuditEvent, at: Date = new Date(), idSuffix: string = randomBytes(6).toString('hex')): Promise<AuditEvent> {
    const instant = at.toISOString();
    const stored = auditEventSchema.parse({ ...event, at: instant, id: auditEventId(instant, idSuffix) });
    await onConditionFailure(
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              pk: keys.auditTrail(stored.subject.kind, stored.subject.id),
              sk: stored.id,
              ...(stored.state ? { gsi1pk: keys.auditOfState(stored.state), gsi1sk: stored.id } : {}),
              ...stored,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      () => new AlreadyExistsError(`audit event ${stored.id} already written`),
    );
    return stored;
  }

  /**
   * Appends the event unless its subject's trail already holds the one of this `occurrence`: a
   * task retried after it wrote the event (and crashed before answering) writes it once. The
   * event's id is made of its instant and its occurrence, so that writers racing with the same
   * instant (a retry beside the attempt it retries) write one event; the trail is read first for
   * a retry whose instant differs.
   */
  async appendOnce(event: NewAuditEvent & { readonly occurrence: string }, at: Date = new Date()): Promise<void> {
    const trail = await this.forSubject(event.subject.kind, event.subject.id);
    if (trail.some((existing) => existing.occurrence === event.occurrence)) return;
    try {
      await this.append(event, at, createHash('sha256').update(event.occurrence).digest('hex').slice(0, 12));
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
    }
  }

  /** A record's trail, oldest first. */
  async forSubject(kind: AuditEvent['subject']['kind'], id: string): Promise<AuditEvent[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditTrail(kind, id) },
    });
    return items.map((item) => auditEventSchema.parse(item));
  }

  /** Everything that concerned a State, oldest first, optionally from an instant on. */
  async forState(code: StateCode, since?: string): Promise<AuditEvent[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: since ? 'gsi1pk = :pk AND gsi1sk >= :since' : 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditOfState(code), ...(since ? { ':since': since } : {}) },
    });
    return items.map((item) => auditEventSchema.parse(item));
  }
}

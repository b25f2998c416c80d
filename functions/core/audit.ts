/**
 * The audit trail: every change of state in the procedure is an event that is appended, never
 * changed — who did what to which record, when — and can be read per record and per State.
 */
import * as z from 'zod/mini';
import { isoInstantSchema, stateCodeSchema } from './codes.ts';

export const auditActions = [
  'received',
  'acknowledged',
  'circulated',
  'not-circulated',
  'attention-drawn',
  'reminded',
  'overdue',
  'discharged',
  'overridden',
  'classified',
  'quarantined',
  'imported',
  'changed',
  'skipped',
  'withdrawn',
] as const;

export const actorSchema = z.object({
  kind: z.enum(['state', 'secretariat', 'system']),
  /** The user name (a State's focal point, a Secretariat officer) or the system component. */
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  /** For a State's focal point, the State it acted for. */
  state: z.optional(stateCodeSchema),
});
export type Actor = z.infer<typeof actorSchema>;

export const auditEventSchema = z.object({
  /** Unique and time-ordered within its subject: `<at>#<random>`. */
  id: z.string().check(z.minLength(1)),
  at: isoInstantSchema,
  actor: actorSchema,
  action: z.enum(auditActions),
  subject: z.object({
    kind: z.enum(['submission', 'incident', 'obligation', 'state', 'states-registry', 'cycle', 'email', 'user']),
    id: z.string().check(z.minLength(1)),
  }),
  /** The State the event concerns, for the per-State trail (the reporter, the reminded State…). */
  state: z.optional(stateCodeSchema),
  /** What changed, in the event's own terms (e.g. `{ decision: 'circulate', from: true, to: false }`). */
  details: z._default(z.record(z.string(), z.unknown()), {}),
  /**
   * What makes the event one occurrence, for events a retried task may write again (it crashed
   * after writing, before answering): the trail keeps one event per occurrence.
   */
  occurrence: z.optional(z.string().check(z.minLength(1))),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
export type NewAuditEvent = Omit<z.input<typeof auditEventSchema>, 'id' | 'at'>;

/** An event id that sorts by time and cannot collide with another event of the same instant. */
export function auditEventId(at: string, randomSuffix: string): string {
  return `${at}#${randomSuffix}`;
}

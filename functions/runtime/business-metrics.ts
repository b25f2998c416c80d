/**
 * The business events the system counts, as CloudWatch metrics: what the Secretariat reads on the
 * dashboard and what the overdue-obligations alarm watches.
 *
 * Declared apart from the functions' observability (observability.ts) so that the CDK app can name
 * the same metrics without loading it.
 *
 * Each event is one metric with at most one dimension and nothing else: not the `service`
 * dimension of a function's own metric (its cold start), since an acknowledgement is the same event
 * whichever function sends it, and the dashboard and alarms must not depend on who counts it.
 */

import type { SentMessageKind } from '../core/dispatch.ts';
import type { QuarantineReason } from '../core/inbound-email/limits.ts';
import type { Submission } from '../core/submissions.ts';

export const metricsNamespace = 'MissionProtectionReporting';

/** SES's bounce types, lower-cased: only `permanent` marks a mailbox unhealthy. */
export type BounceType = 'permanent' | 'transient' | 'undetermined';

/** The value of the dimension each dimensioned event is counted by. */
export interface BusinessDimensionValues {
  /** How the report came in: the upload endpoint or the reporting address. */
  readonly submissionsReceived: Submission['source'];
  /** Every note verbale and message the system sends to a mailbox. */
  readonly notesSent: SentMessageKind;
  readonly bounces: BounceType;
  /** Why an e-mail was held for the Secretariat instead of being recorded. */
  readonly emailsQuarantined: QuarantineReason;
  /** The dispatch (and the attention notes of a circulation) that did not reach a State. */
  readonly statesUnreached: 'circular' | 'pre-deadline-reminder' | 'circulation' | 'attention' | 'withdrawal';
}

export const businessMetrics = {
  submissionsReceived: { metricName: 'SubmissionsReceived', dimension: 'path' },
  notesSent: { metricName: 'NotesSent', dimension: 'kind' },
  bounces: { metricName: 'Bounces', dimension: 'type' },
  complaints: { metricName: 'Complaints' },
  emailsQuarantined: { metricName: 'EmailsQuarantined', dimension: 'reason' },
  obligationsOverdue: { metricName: 'ObligationsOverdue' },
  statesUnreached: { metricName: 'StatesUnreached', dimension: 'kind' },
  /** Circulations whose attempts failed twice or more, found by the intake sweep (it restarts them). */
  circulationsFailedTwice: { metricName: 'CirculationsFailedTwice' },
  /** Uncertain sends the sweep gave back after the window with no SES event: a run must send them (reconcile-sends). */
  uncertainSendsReleased: { metricName: 'UncertainSendsReleased' },
  /** Sends SES's events showed had left after the sweep had given them back: kept from a resend, or sent twice. */
  sendsSettledAfterRelease: { metricName: 'SendsSettledAfterRelease' },
} as const satisfies Record<string, { readonly metricName: string; readonly dimension?: string }> & {
  readonly [E in keyof BusinessDimensionValues]: { readonly metricName: string; readonly dimension: string };
};

export type BusinessEvent = keyof typeof businessMetrics;

/** What counting an event takes: its dimension's value if it has one, and how many (1 by default). */
export type BusinessEventDetail<E extends BusinessEvent> = E extends keyof BusinessDimensionValues
  ? [value: BusinessDimensionValues[E], count?: number]
  : [count?: number];

/**
 * Who receives which note, and what a dispatch adds up to: the rules of paragraph 12 that decide
 * recipients, apart from sending.
 */
import type { StateCode } from './codes.ts';
import type { Incident } from './incidents.ts';
import { noteKinds } from './notes/types.ts';
import { addressees, healthyMailboxes, type State } from './states.ts';
import type { Submission } from './submissions.ts';

/** The kinds of note a workflow sends (the texts are in functions/core/notes/), as note ids name them. */
export type DispatchedNoteKind =
  | 'circular'
  | 'pre-deadline-reminder'
  | 'circulation'
  | 'attention'
  | 'reminder'
  | 'not-circulated'
  | 'acknowledgement'
  | 'unreached-notice'
  | 'withdrawal';

/** Every kind of message the system sends to a mailbox, as its SES tag and the `notesSent` metric name it. */
export const sentMessageKinds = [...noteKinds, 'acknowledgement', 'unreached-notice'] as const;
export type SentMessageKind = (typeof sentMessageKinds)[number];

/**
 * A note's identity: one per dispatched document, shared by all its recipients. Every send is
 * recorded under it, so the same note is never sent twice to one mailbox.
 */
export function noteId(kind: DispatchedNoteKind, ...parts: readonly (string | number)[]): string {
  return [kind, ...parts.map((part) => String(part).replaceAll('/', '-'))].join(':');
}

/** Circular notes and reminders go to every addressee; pre-deadline reminders to those that sent nothing. */
export function dispatchAddressees(registry: readonly State[], options: { onlyWithoutReplies?: ReadonlySet<StateCode> } = {}): State[] {
  const all = addressees(registry);
  return options.onlyWithoutReplies ? all.filter((state) => options.onlyWithoutReplies!.has(state.code)) : all;
}

/** The States that replied in a cycle: any submission counts, whatever its kind. */
export function statesThatReplied(submissions: readonly Pick<Submission, 'reportingState'>[]): Set<StateCode> {
  return new Set(submissions.map((submission) => submission.reportingState));
}

export interface AttentionTarget {
  readonly state: StateCode;
  readonly incidentId: string;
}

/**
 * Paragraph 12(c): when a serious violation is reported, the Secretary-General draws the attention
 * of the States directly concerned to the reporting procedure: the State where it took place and
 * the States where the alleged offender is said to be. The reporting State, which has just used
 * the procedure, is not among them; a State concerned by several incidents of one submission
 * receives one note per incident, since each names what it is asked to report.
 */
export function attentionTargets(submission: Pick<Submission, 'reportingState'>, incidents: readonly Incident[]): AttentionTarget[] {
  const targets: AttentionTarget[] = [];
  for (const incident of incidents) {
    const concerned = [incident.statesConcerned.territorial, ...incident.statesConcerned.offenderPresentIn];
    for (const state of new Set(concerned)) {
      if (state !== submission.reportingState) targets.push({ state, incidentId: incident.id });
    }
  }
  return targets;
}

/** The mailboxes a note goes to now: the healthy ones (a bounced or complained one waits for the Secretariat). */
export function deliverableMailboxes(state: State): string[] {
  return healthyMailboxes(state).map((mailbox) => mailbox.address);
}

/**
 * How long each message must take so that `concurrency` parallel senders together stay under
 * `ratePerSecond` (SES's maximum send rate): each occupies its slot for concurrency / rate seconds.
 */
export function pacingMillis(ratePerSecond: number, concurrency: number): number {
  return Math.ceil((1000 * concurrency) / ratePerSecond);
}

/** Execution names allow letters, digits, `-` and `_`, up to 80 characters. */
function executionName(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 80);
}

/** The reminder workflow of an obligation: one per obligation, ever. */
export function reminderExecutionName(obligationId: string): string {
  return executionName('reminder', obligationId);
}

/**
 * The circulation workflow of a submission: `circulation-<reference>` first, then, each time the
 * sweep restarts one that failed, `-retry-1`, `-retry-2`…: one name per attempt, ever.
 */
export function circulationExecutionName(reference: string, attempt = 0): string {
  return attempt === 0 ? executionName('circulation', reference) : `${executionName('circulation', reference)}-retry-${attempt}`;
}

/** The submission and attempt a circulation execution's name stands for, if it is one. */
export function circulationAttemptOf(executionName: string): { readonly reference: string; readonly attempt: number } | undefined {
  const match = /^circulation-(MPR-\d{4}-\d+)(?:-retry-([1-9]\d*))?$/.exec(executionName);
  return match ? { reference: match[1]!, attempt: match[2] === undefined ? 0 : Number(match[2]) } : undefined;
}

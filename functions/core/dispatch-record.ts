/**
 * What a dispatch adds up to, and the end of a dispatch run: what the workflow hands its last task (one result per State), the
 * record kept of it under the note, and the audit events it means. Pure: the recording service
 * (functions/dispatch/record-dispatch.ts) writes what this decides.
 */
import * as z from 'zod/mini';
import type { Actor, NewAuditEvent } from './audit.ts';
import { isoInstantSchema, type StateCode, stateCodeSchema } from './codes.ts';
import { noteId } from './dispatch.ts';

/** What happened to one State in a dispatch. */
export const stateDispatchResultSchema = z.object({
  state: stateCodeSchema,
  /** Mailboxes the note was sent to in this run. */
  sent: z.int().check(z.gte(0)),
  /** Mailboxes that already had the note (an earlier or concurrent run). */
  alreadySent: z.int().check(z.gte(0)),
  /** Mailboxes whose earlier send may or may not have happened (a run stopped mid-send): never resent. */
  uncertain: z.int().check(z.gte(0)),
  /** True when the State has no healthy mailbox, or every send to it failed. */
  unreached: z.boolean(),
  error: z.optional(z.string()),
});
export type StateDispatchResult = z.infer<typeof stateDispatchResultSchema>;

export interface DispatchTotals {
  readonly states: number;
  readonly sent: number;
  readonly alreadySent: number;
  readonly uncertain: number;
  readonly unreached: readonly StateCode[];
}

export function totalDispatch(results: readonly StateDispatchResult[]): DispatchTotals {
  return {
    states: results.length,
    sent: results.reduce((sum, result) => sum + result.sent, 0),
    alreadySent: results.reduce((sum, result) => sum + result.alreadySent, 0),
    uncertain: results.reduce((sum, result) => sum + result.uncertain, 0),
    unreached: results
      .filter((result) => result.unreached)
      .map((result) => result.state)
      .sort(),
  };
}

/**
 * The kinds of dispatch that end in a record (acknowledgements and notices are single sends);
 * `attention` is the attention notes of a report not circulated, which no circulation records.
 */
export const recordedDispatchKinds = ['circular', 'pre-deadline-reminder', 'circulation', 'withdrawal', 'attention'] as const;

/** What the workflow's last task receives. */
export const dispatchRunSchema = z.object({
  kind: z.enum(recordedDispatchKinds),
  noteId: z.string().check(z.minLength(1)),
  cycleId: z.nullable(z.string()),
  reference: z.nullable(z.string()),
  executionName: z.string().check(z.minLength(1)),
  results: z.array(stateDispatchResultSchema),
  /** A circulation's attention notes to the States directly concerned, one result each. */
  attention: z.optional(z.array(stateDispatchResultSchema)),
  /** Why a pre-deadline reminder was not sent (its day had passed): recorded, so that the status says so. */
  skipped: z.optional(z.string().check(z.minLength(1))),
  now: isoInstantSchema,
});
export type DispatchRun = z.infer<typeof dispatchRunSchema>;

const totalsSchema = z.object({
  states: z.int().check(z.gte(0)),
  sent: z.int().check(z.gte(0)),
  alreadySent: z.int().check(z.gte(0)),
  uncertain: z.int().check(z.gte(0)),
  unreached: z.readonly(z.array(stateCodeSchema)),
});

/** The record of a run, kept under its note: the run without its per-State results, and its totals. */
export const dispatchRecordSchema = z.extend(z.omit(dispatchRunSchema, { results: true, attention: true }), {
  totals: totalsSchema,
  attentionTotals: z.optional(totalsSchema),
  recordedAt: isoInstantSchema,
});
export type DispatchRecord = z.infer<typeof dispatchRecordSchema>;

export function dispatchRecordOf(run: DispatchRun): DispatchRecord {
  const { results, attention, ...rest } = run;
  return {
    ...rest,
    totals: totalDispatch(results),
    ...(attention ? { attentionTotals: totalDispatch(attention) } : {}),
    recordedAt: run.now,
  };
}

/** Whether the note went, or may have gone, to one of the State's mailboxes: not when it was not to be sent, nor when it reached none. */
export function noteReached(result: Pick<StateDispatchResult, 'sent' | 'alreadySent' | 'uncertain'>): boolean {
  return result.sent + result.alreadySent + result.uncertain > 0;
}

/**
 * The one `attention-drawn` event per State and report, whoever records it: the circulation's
 * last task, or the attention note's own send when the report is not circulated.
 */
export function attentionDrawnOccurrence(reference: string, state: StateCode): string {
  return `${noteId('circulation', reference)}:attention:${state}`;
}

/** An audit event written once, whatever the task's retries: `occurrence` names it. */
export type OnceAuditEvent = NewAuditEvent & { readonly occurrence: string };

/**
 * The audit events a run means: the circulation and each State's attention drawn, a withdrawal, a
 * cycle's note sent or skipped; for the attention notes of a report not circulated, each State
 * not reached (those reached are recorded by their send: attention-drawn.ts).
 */
export function dispatchAuditEvents(run: DispatchRun, totals: DispatchTotals): OnceAuditEvent[] {
  // The attention notes of a report not circulated are the circulation workflow's.
  const actor: Actor = { kind: 'system', id: run.kind === 'attention' ? 'circulation-workflow' : `${run.kind}-workflow` };
  const reference = run.reference;
  if (reference !== null && run.kind === 'attention') {
    return totals.unreached.map((state) => ({
      actor,
      action: 'skipped',
      subject: { kind: 'submission', id: reference },
      state,
      details: { kind: 'attention', noteId: run.noteId, reason: 'attention note not sent: no healthy mailbox, or every send failed' },
      occurrence: `${run.noteId}:attention-unreached:${state}:${run.executionName}`,
    }));
  }
  if (reference !== null && run.kind === 'circulation') {
    const submission = { kind: 'submission', id: reference } as const;
    return [
      { actor, action: 'circulated', subject: submission, details: { noteId: run.noteId, ...totals }, occurrence: run.noteId },
      ...(run.attention ?? []).filter(noteReached).map(
        (reached): OnceAuditEvent => ({
          actor,
          action: 'attention-drawn',
          subject: submission,
          state: reached.state,
          details: { noteId: run.noteId },
          occurrence: attentionDrawnOccurrence(reference, reached.state),
        }),
      ),
    ];
  }
  if (run.reference !== null && run.kind === 'withdrawal') {
    return [
      { actor, action: 'withdrawn', subject: { kind: 'submission', id: run.reference }, details: { noteId: run.noteId, ...totals }, occurrence: run.noteId },
    ];
  }
  if (run.cycleId === null) return [];
  const cycle = { kind: 'cycle', id: run.cycleId } as const;
  const occurrence = `${run.noteId}:${run.executionName}`;
  return run.skipped
    ? [{ actor, action: 'skipped', subject: cycle, details: { kind: run.kind, noteId: run.noteId, reason: run.skipped }, occurrence }]
    : [{ actor, action: 'circulated', subject: cycle, details: { kind: run.kind, noteId: run.noteId, ...totals }, occurrence }];
}

/** How the Secretariat's notice of unreached States names the dispatch. */
export function dispatchDescription(run: Pick<DispatchRun, 'kind' | 'cycleId' | 'reference'>): string {
  switch (run.kind) {
    case 'circular':
      return `the circular note of cycle ${run.cycleId}`;
    case 'pre-deadline-reminder':
      return `a pre-deadline reminder of cycle ${run.cycleId}`;
    case 'circulation':
      return `the circulation of report ${run.reference}`;
    case 'withdrawal':
      return `the notes of withdrawal of report ${run.reference}`;
    case 'attention':
      return `the attention notes (12 (c)) of report ${run.reference}, not circulated`;
  }
}

/** What the Secretariat is told when a dispatch left States unreached. */
export function unreachedNotice(totals: DispatchTotals, what: string): { subject: string; text: string } {
  return {
    subject: `${totals.unreached.length} State(s) not reached: ${what}`,
    text: [
      `The dispatch of ${what} reached ${totals.states - totals.unreached.length} of ${totals.states} States.`,
      '',
      `Not reached (no healthy mailbox, or every send failed): ${totals.unreached.join(', ')}.`,
      totals.uncertain > 0 ? `Sends of uncertain outcome (not repeated): ${totals.uncertain}.` : '',
      '',
      'Check the mailboxes of these States (mpr states export --all; mailbox health), then run the dispatch again: States already reached are skipped.',
    ]
      .filter((line, index, lines) => line !== '' || lines[index - 1] !== '')
      .join('\n'),
  };
}

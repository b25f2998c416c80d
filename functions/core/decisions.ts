/**
 * The Secretariat's decisions on a received submission, and its withdrawal. Each submission keeps
 * three decisions (circulate to all States, publish the full text, summarize in the report of
 * the Secretary-General), defaulted from the State's request (see `defaultDecisions`); the
 * Secretariat may change them after consulting the State, where the change can still apply:
 *
 * - a report circulated to all States cannot be un-circulated: the States have it. If it should
 *   never have gone, it is withdrawn, and the States that received it are told;
 * - a report held back (not circulated) that the Secretariat now decides to circulate is
 *   circulated then, once;
 * - views (para 13) are not circulated under 12(b): there is nothing to decide;
 * - publication and summary can change until the site is published or the report compiled.
 *
 * A withdrawn submission is kept as evidence and left out of every output; no decision applies
 * to it any more.
 */
import * as z from 'zod/mini';
import { isoInstantSchema } from './codes.ts';
import type { Submission, SubmissionBody } from './submissions.ts';

/**
 * Each of the three decisions the Secretariat keeps per submission. `state-request` means the
 * value follows from what the State sent (its request, or the procedure's default where it asked
 * nothing); `secretariat` means the Secretariat set it, after consulting the State.
 */
const decisionSchema = z.strictObject({
  value: z.boolean(),
  decidedBy: z.enum(['state-request', 'secretariat']),
  at: isoInstantSchema,
  /** For a Secretariat decision: who took it, and why (e.g. after consulting the State). */
  by: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  reason: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
});

export type Decision = z.output<typeof decisionSchema>;

export const decisionsSchema = z.strictObject({
  /** Circulate to all States (para 12(b)). */
  circulate: decisionSchema,
  /** Post the full text online. */
  publishFullText: decisionSchema,
  /** Summarize in the report of the Secretary-General (para 14(b)). */
  summarize: decisionSchema,
});

export type Decisions = z.output<typeof decisionsSchema>;

/**
 * The decisions as the State's communication implies them, before the Secretariat reviews them:
 *
 * - circulate: paragraph 12(b) circulates reports under paragraph 11 only, so a communication
 *   with no violation or follow-up report is not circulated; one is circulated unless any of its
 *   reports asks not to be. One request for restraint covers the whole communication, since the
 *   items of one note are usually about the same events.
 * - publishFullText: the full texts of replies are posted online, unless the State asked for
 *   restraint on any of its reports.
 * - summarize: every reply is summarized in the report of the Secretary-General (para 14(b)).
 */
export function defaultDecisions(body: Pick<SubmissionBody, 'items' | 'requests'>, receivedAt: string): Decisions {
  const reports = body.items.filter((item) => item.kind !== 'views');
  const restraintRequested = reports.some((item) => !item.circulate) || body.requests?.circulate === false;
  const decision = (value: boolean): Decision => ({ value, decidedBy: 'state-request', at: receivedAt });
  return {
    circulate: decision(reports.length > 0 && !restraintRequested),
    publishFullText: decision(body.requests?.publishFullText ?? !restraintRequested),
    summarize: decision(body.requests?.summarize ?? true),
  };
}

/** The decision names of `mpr reports decide` and of the API, and the field each sets. */
export const decisionFields = { circulate: 'circulate', publish: 'publishFullText', summarize: 'summarize' } as const satisfies Record<string, keyof Decisions>;
export type DecisionName = keyof typeof decisionFields;
export const decisionNames = Object.keys(decisionFields) as [DecisionName, ...DecisionName[]];

export interface DecisionRequest {
  readonly name: DecisionName;
  readonly value: boolean;
  readonly by: string;
  readonly reason: string;
  readonly at: string;
}

export type DecisionOutcome =
  /** `circulateNow`: the submission was held back and is now to be circulated. */
  | { readonly kind: 'changed'; readonly submission: Submission; readonly circulateNow: boolean }
  | { readonly kind: 'unchanged'; readonly message: string }
  | { readonly kind: 'refused'; readonly message: string };

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

/** Whether the submission is in any output (circulation, publication, the report, the API). */
/** Why a submission is not circulated (paragraph 12(b)): only views, the Secretariat's decision, or the State's own request. */
export type NotCirculatedReason = 'views' | 'secretariat' | 'state-request';

export function notCirculatedReason(submission: Pick<Submission, 'items' | 'decisions'>): NotCirculatedReason {
  if (submission.items.every((item) => item.kind === 'views')) return 'views';
  return submission.decisions.circulate.decidedBy === 'secretariat' ? 'secretariat' : 'state-request';
}

export function isWithdrawn(submission: Pick<Submission, 'withdrawal'>): boolean {
  return submission.withdrawal !== undefined;
}

export function decide(submission: Submission, request: DecisionRequest): DecisionOutcome {
  const field = decisionFields[request.name];
  const current = submission.decisions[field];
  if (submission.withdrawal)
    return {
      kind: 'refused',
      message: `${submission.reference} was withdrawn on ${submission.withdrawal.at.slice(0, 10)}: no decision applies to it any more`,
    };
  if (request.name === 'circulate') {
    if (submission.items.every((item) => item.kind === 'views')) {
      return {
        kind: 'refused',
        message: `${submission.reference} holds views only, which are not circulated to States under the circulation paragraph: there is nothing to decide`,
      };
    }
    if (!request.value && submission.status === 'circulated') {
      return {
        kind: 'refused',
        message: `${submission.reference} has already been circulated to all States: a circulation cannot be undone. If it should not have been circulated, withdraw it (mpr reports withdraw ${submission.reference} --reason …), and the States that received it are told`,
      };
    }
  }
  if (current.value === request.value) {
    return {
      kind: 'unchanged',
      message: `${submission.reference}: ${request.name} is already ${yesNo(current.value)} (${current.decidedBy === 'secretariat' ? `decided by ${current.by ?? 'the Secretariat'} on ${current.at.slice(0, 10)}` : "as the State's communication asks"}); nothing changed`,
    };
  }
  const decision: Decision = { value: request.value, decidedBy: 'secretariat', at: request.at, by: request.by, reason: request.reason };
  const changed: Submission = { ...submission, decisions: { ...submission.decisions, [field]: decision } };
  return { kind: 'changed', submission: changed, circulateNow: request.name === 'circulate' && request.value && submission.status === 'not-circulated' };
}

export type WithdrawalOutcome = { readonly kind: 'changed'; readonly submission: Submission } | { readonly kind: 'refused'; readonly message: string };

/** Withdraws a submission: kept, marked, out of every output from now on. */
export function withdraw(submission: Submission, request: { readonly by: string; readonly reason: string; readonly at: string }): WithdrawalOutcome {
  if (submission.withdrawal)
    return {
      kind: 'refused',
      message: `${submission.reference} was already withdrawn on ${submission.withdrawal.at.slice(0, 10)} by ${submission.withdrawal.by}`,
    };
  return { kind: 'changed', submission: { ...submission, withdrawal: { at: request.at, by: request.by, reason: request.reason } } };
}

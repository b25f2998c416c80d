/**
 * Recording the Secretariat's decisions on a submission and its withdrawal: the same service for
 * `mpr reports decide|withdraw` and for the Secretariat's routes of the API. The rules are the
 * core's (functions/core/decisions.ts); this reads the submission, writes the change with the
 * version it read, audits it, and starts what the change sets going: the circulation of a report
 * held back until now, or the notes of withdrawal to the States that received a withdrawn one.
 */
import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { AuditRepository } from '../aws/audit-repository.ts';
import { VersionConflictError } from '../aws/errors.ts';
import { SubmissionsRepository } from '../aws/submissions-repository.ts';
import type { TableAccess } from '../aws/table-repository.ts';
import type { Actor } from '../core/audit.ts';
import { type DecisionOutcome, type DecisionRequest, decide, type WithdrawalOutcome, withdraw } from '../core/decisions.ts';
import { circulationExecutionName } from '../core/dispatch.ts';
import type { Submission } from '../core/submissions.ts';

export interface DecisionDependencies {
  readonly table: TableAccess;
  readonly stepFunctions: SFNClient;
  readonly circulationStateMachineArn: string;
  readonly withdrawalStateMachineArn: string;
}

export type NotFound = { readonly kind: 'not-found'; readonly message: string };

const attempts = 3;

/** The execution that circulates a report the Secretariat decided to circulate after holding it back: once. */
export function decidedCirculationExecutionName(reference: string): string {
  return `${circulationExecutionName(reference)}-decided`.slice(0, 80);
}

export function withdrawalExecutionName(reference: string): string {
  return `withdrawal-${reference}`;
}

async function start(stepFunctions: SFNClient, stateMachineArn: string, name: string, reference: string): Promise<void> {
  try {
    await stepFunctions.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify({ reference }) }));
  } catch (error) {
    // Started before (the command was run again after a lost answer): the same execution goes on.
    if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) throw error;
  }
}

/** Reads, changes and writes the submission, again from a fresh read when another change came first. */
async function change<O extends { readonly kind: string }>(
  deps: DecisionDependencies,
  reference: string,
  apply: (submission: Submission) => O,
): Promise<O | NotFound> {
  const submissions = new SubmissionsRepository(deps.table);
  for (let attempt = 1; ; attempt += 1) {
    const submission = await submissions.get(reference);
    if (!submission) return { kind: 'not-found', message: `there is no submission ${reference}` };
    const outcome = apply(submission);
    if (outcome.kind !== 'changed') return outcome;
    try {
      const saved = await submissions.update((outcome as unknown as { submission: Submission }).submission);
      return { ...outcome, submission: saved };
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= attempts) throw error;
    }
  }
}

export async function recordDecision(
  deps: DecisionDependencies,
  reference: string,
  request: DecisionRequest,
  actor: Actor,
): Promise<DecisionOutcome | NotFound> {
  const outcome = await change(deps, reference, (submission) => decide(submission, request));
  if (outcome.kind !== 'changed') return outcome;
  await new AuditRepository(deps.table).append(
    {
      actor,
      action: 'overridden',
      subject: { kind: 'submission', id: reference },
      state: outcome.submission.reportingState,
      details: { decision: request.name, value: request.value, reason: request.reason },
    },
    new Date(request.at),
  );
  if (outcome.circulateNow) await start(deps.stepFunctions, deps.circulationStateMachineArn, decidedCirculationExecutionName(reference), reference);
  return outcome;
}

export async function recordWithdrawal(
  deps: DecisionDependencies,
  reference: string,
  request: { readonly by: string; readonly reason: string; readonly at: string },
  actor: Actor,
): Promise<WithdrawalOutcome | NotFound> {
  const outcome = await change(deps, reference, (submission) => withdraw(submission, request));
  if (outcome.kind !== 'changed') return outcome;
  await new AuditRepository(deps.table).append(
    {
      actor,
      action: 'withdrawn',
      subject: { kind: 'submission', id: reference },
      state: outcome.submission.reportingState,
      details: { reason: request.reason },
    },
    new Date(request.at),
  );
  // Whoever received it (a circulation, an attention note) is told; the workflow finds them.
  await start(deps.stepFunctions, deps.withdrawalStateMachineArn, withdrawalExecutionName(reference), reference);
  return outcome;
}

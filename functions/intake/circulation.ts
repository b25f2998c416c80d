/**
 * Starting the circulation workflow of a submission (para 12(b)), and restarting it when it fails.
 * Each attempt has a name of its own, derived from the reference (`circulation-<reference>`, then
 * `-retry-1`, `-retry-2`…), so that a second start of the same attempt is refused by Step
 * Functions rather than circulating it twice; its input is the reference alone. An attempt that
 * runs again after a failed one sends nothing twice: every note is claimed per mailbox before it
 * is sent, so each State still receives one.
 */
import { DescribeExecutionCommand, type ExecutionStatus, ListExecutionsCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { circulationAttemptOf, circulationExecutionName } from '../core/dispatch.ts';

export interface CirculationTarget {
  readonly stepFunctions: SFNClient;
  readonly circulationStateMachineArn: string;
}

/** Recorded, but the circulation could not be started: a retry (or the reconciler) completes it. */
export class CirculationNotStartedError extends Error {
  override readonly name = 'CirculationNotStartedError';
  readonly reference: string;

  constructor(reference: string, cause: unknown) {
    super(`${reference} is recorded but its circulation could not be started`, { cause });
    this.reference = reference;
  }
}

export { circulationExecutionName };

/** An execution that ended without circulating: Step Functions keeps it, and it is never run again under its name. */
const unsuccessful: readonly ExecutionStatus[] = ['FAILED', 'TIMED_OUT', 'ABORTED'];

/** The attempts of one submission's circulation, first to last, with how each stands. */
export interface CirculationHistory {
  readonly reference: string;
  readonly attempts: readonly ExecutionStatus[];
}

/** Where a circulation stands, in words: for `mpr reports list`. */
export function describeCirculation({ attempts }: CirculationHistory): string {
  const last = attempts.at(-1);
  if (last === undefined) return 'not started';
  const failures = attempts.filter((status) => unsuccessful.includes(status)).length;
  const state = last.toLowerCase().replace('_', ' ');
  return failures === 0 ? state : `${state} (attempt ${attempts.length}, ${failures} failed)`;
}

/** How many failed attempts mean a person should look: the sweep's metric counts circulations with this many. */
export const failuresWorthAnAlarm = 2;

/** Past this many attempts the sweep stops restarting a circulation and leaves it to the Secretariat. */
export const maxCirculationAttempts = 10;

/** `arn:…:stateMachine:<machine>` → `arn:…:execution:<machine>:<name>`. */
export function circulationExecutionArn(target: CirculationTarget, reference: string, attempt = 0): string {
  return `${target.circulationStateMachineArn.replace(':stateMachine:', ':execution:')}:${circulationExecutionName(reference, attempt)}`;
}

/** Starts an attempt of the circulation; one started before under that name (running or finished) counts as started. */
export async function startCirculation(target: CirculationTarget, reference: string, attempt = 0): Promise<void> {
  try {
    await target.stepFunctions.send(
      new StartExecutionCommand({
        stateMachineArn: target.circulationStateMachineArn,
        name: circulationExecutionName(reference, attempt),
        input: JSON.stringify({ reference }),
      }),
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return;
    throw new CirculationNotStartedError(reference, error);
  }
}

/** Every attempt of a submission's circulation, read one name after the other until one does not exist. */
export async function circulationHistory(target: CirculationTarget, reference: string): Promise<CirculationHistory> {
  const attempts: ExecutionStatus[] = [];
  for (;;) {
    try {
      const execution = await target.stepFunctions.send(
        new DescribeExecutionCommand({ executionArn: circulationExecutionArn(target, reference, attempts.length) }),
      );
      attempts.push(execution.status!);
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionDoesNotExist') return { reference, attempts };
      throw error;
    }
  }
}

/** The references of circulations with an attempt that failed, timed out or was stopped (Step Functions lists them for 90 days). */
export async function referencesWithFailedAttempts(target: CirculationTarget): Promise<string[]> {
  const references = new Set<string>();
  for (const statusFilter of unsuccessful) {
    let nextToken: string | undefined;
    do {
      const page = await target.stepFunctions.send(new ListExecutionsCommand({ stateMachineArn: target.circulationStateMachineArn, statusFilter, nextToken }));
      for (const execution of page.executions ?? []) {
        const attempt = circulationAttemptOf(execution.name ?? '');
        if (attempt) references.add(attempt.reference);
      }
      nextToken = page.nextToken;
    } while (nextToken);
  }
  return [...references];
}

export type Restart = { readonly restarted: false } | { readonly restarted: true; readonly attempt: number };

/**
 * Starts the next attempt of a circulation whose last attempt failed, timed out or was stopped,
 * under the next name; leaves alone one that runs, succeeded, or has had its last allowed attempt.
 */
export async function restartFailedCirculation(target: CirculationTarget, history: CirculationHistory): Promise<Restart> {
  const last = history.attempts.at(-1);
  if (last === undefined || !unsuccessful.includes(last) || history.attempts.length >= maxCirculationAttempts) return { restarted: false };
  await startCirculation(target, history.reference, history.attempts.length);
  return { restarted: true, attempt: history.attempts.length };
}

/** Failed attempts of a circulation whose last attempt did not succeed either. */
export function pendingFailures(history: CirculationHistory): number {
  const last = history.attempts.at(-1);
  return last !== undefined && unsuccessful.includes(last) ? history.attempts.filter((status) => unsuccessful.includes(status)).length : 0;
}

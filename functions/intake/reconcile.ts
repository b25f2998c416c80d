/**
 * Completes what intake left unfinished: a submission stored (step 5 of record-submission.ts) by
 * an attempt that then failed or died, and that no retry completed. Meant to run on a schedule;
 * it reads one cycle's submissions with a Query, never a Scan.
 *
 * Only submissions received longer ago than an attempt can run are touched, so the reconciler
 * never works beside a live attempt; for each still `received` it appends the `received` audit
 * event if it is missing, then repeats the idempotent steps (incidents, circulation start) of
 * those whose circulation has not started.
 *
 * It also finishes circulations that failed: every circulation whose last attempt failed, timed
 * out or was stopped is started again under the next attempt's name (circulation.ts), whatever
 * the submission's status (an attempt may fail after the report was circulated, before its
 * reminders were started), and those that failed twice or more are counted for the alarm.
 */

import { now as clockNow } from '../runtime/clock.ts';
import { circulationHistory, failuresWorthAnAlarm, pendingFailures, referencesWithFailedAttempts, restartFailedCirculation } from './circulation.ts';
import { attemptWindowMs, completeRecording, currentCycle, type IntakeDependencies, intakeRepositories, recordReceived } from './record-submission.ts';

/** Who appends a `received` event that the recording attempt did not. */
const reconcilerActor = { kind: 'system', id: 'intake-reconciler' } as const;

export interface ReconcileOptions {
  /** The cycle to look at; the current one when absent. */
  readonly cycleId?: string;
}

export interface ReconcileResult {
  readonly cycleId: string;
  /** References whose circulation this run started. */
  readonly started: string[];
  /** References whose missing `received` event this run appended. */
  readonly auditCompleted: string[];
  /** Circulations this run started again after a failed attempt, with the attempt started. */
  readonly restarted: { readonly reference: string; readonly attempt: number }[];
  /** References whose circulation had failed at least twice when this run found it (the alarm's metric). */
  readonly failedTwice: string[];
  /** References this run could not complete, with the error; the next run tries them again. */
  readonly failed: { readonly reference: string; readonly error: string }[];
}

export async function startMissingCirculations(deps: IntakeDependencies, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  const repositories = intakeRepositories(deps);
  const now = (deps.now ?? clockNow)();
  const cycleId = options.cycleId ?? (await currentCycle(repositories.cycles)).id;
  const settledBefore = new Date(now.getTime() - attemptWindowMs).toISOString();
  const received = (await repositories.submissions.listByCycle(cycleId, { to: settledBefore })).filter((submission) => submission.status === 'received');

  const result: ReconcileResult = { cycleId, started: [], auditCompleted: [], restarted: [], failedTwice: [], failed: [] };
  for (const submission of received) {
    try {
      const trail = await repositories.audit.forSubject('submission', submission.reference);
      if (!trail.some((event) => event.action === 'received')) {
        await recordReceived(submission, reconcilerActor, repositories);
        result.auditCompleted.push(submission.reference);
      }
      if ((await circulationHistory(deps, submission.reference)).attempts.length > 0) continue;
      await completeRecording(submission, deps, repositories);
      result.started.push(submission.reference);
    } catch (error) {
      // One submission that cannot be completed now must not keep the others waiting.
      result.failed.push({ reference: submission.reference, error: describe(error) });
    }
  }
  for (const reference of await referencesWithFailedAttempts(deps)) {
    try {
      const history = await circulationHistory(deps, reference);
      if (pendingFailures(history) >= failuresWorthAnAlarm) result.failedTwice.push(reference);
      const restart = await restartFailedCirculation(deps, history);
      if (restart.restarted) result.restarted.push({ reference, attempt: restart.attempt });
    } catch (error) {
      result.failed.push({ reference, error: describe(error) });
    }
  }
  return result;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

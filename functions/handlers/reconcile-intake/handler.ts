/**
 * Every few minutes: no submission stays stored but never circulated. A submission whose
 * circulation failed to start (and that no retry of its intake completed) is started here, and a
 * circulation that failed is started again; those that failed twice are counted for the alarm.
 */
import middy from '@middy/core';
import { type ReconcileResult, startMissingCirculations } from '../../intake/reconcile.ts';
import { intakeDependencies } from '../../intake/record-submission.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { reconcileIntake as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);
const observed = observability(thisFunction);

export const handler = middy<unknown, ReconcileResult>()
  .use(observed.middlewares)
  .handler(async () => {
    const result = await startMissingCirculations(intakeDependencies(env));
    observed.business.count('circulationsFailedTwice', result.failedTwice.length);
    if (result.failedTwice.length > 0)
      observed.logger.error('circulations failed twice or more; restarted', { failedTwice: result.failedTwice, restarted: result.restarted });
    if (result.failed.length > 0) {
      // Failing the invocation makes the function's error alarm fire; the next run tries again.
      throw new Error(`circulation could not be started for ${result.failed.map((entry) => `${entry.reference} (${entry.error})`).join(', ')}`);
    }
    return result;
  });

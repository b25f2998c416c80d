/**
 * The last task of every dispatch (functions/dispatch/record-dispatch.ts): totals per note
 * (sent, already sent, uncertain, unreached), recorded once per execution, the audit trail, and a
 * message to the Secretariat naming any State the note did not reach.
 */
import { functionNoteSender } from '../../aws/note-sender.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { dispatchRunSchema } from '../../core/dispatch-record.ts';
import { recordDispatch } from '../../dispatch/record-dispatch.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { workflowTask } from '../../runtime/task.ts';
import { recordDispatch as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);
const observed = observability(thisFunction);
const table = tableAccess(env);
const sender = functionNoteSender(table, env, observed);

export const handler = workflowTask(thisFunction, dispatchRunSchema, async (run) => {
  const outcome = await recordDispatch(run, { table, sender, secretariatAddress: env.SECRETARIAT_ADDRESS });
  // Counted last, once everything is recorded, so that a retried task counts once.
  observed.business.count('statesUnreached', run.kind, outcome.totals.unreached.length);
  observed.business.count('statesUnreached', 'attention', outcome.attention?.unreached.length ?? 0);
  return { ...outcome.totals, attention: outcome.attention };
});

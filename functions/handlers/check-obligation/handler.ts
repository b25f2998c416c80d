/**
 * The reminder workflow's check (paragraph 12(d)), functions/dispatch/check-obligation.ts: what
 * to do next for an obligation (wait, send a reminder, record it overdue, or stop: discharged).
 */
import * as z from 'zod/mini';
import { tableAccess } from '../../aws/table-access.ts';
import { isoInstantSchema } from '../../core/codes.ts';
import { checkObligation } from '../../dispatch/check-obligation.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { workflowTask } from '../../runtime/task.ts';
import { checkObligation as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);
const observed = observability(thisFunction);
const table = tableAccess(env);

const input = z.object({
  incidentId: z.string().check(z.minLength(1)),
  obligationId: z.string().check(z.minLength(1)),
  /** The workflow's clock (`$$.State.EnteredTime`). */
  now: isoInstantSchema,
});

export const handler = workflowTask(thisFunction, input, async (check) => {
  const { newlyOverdue, ...next } = await checkObligation(check, table);
  if (newlyOverdue) {
    observed.business.count('obligationsOverdue');
    // The alarm tells that an obligation is overdue; this line tells which (see docs/operations.md).
    const { obligationId, state, incidentId } = next;
    observed.logger.info('obligation overdue', { obligationId, state, incidentId, remindersSent: next.action === 'overdue' ? next.remindersSent : 0 });
  }
  return next;
});

/**
 * The reminder workflow's check (paragraph 12(d)): re-reads the incident, derives the obligation
 * afresh — a report that arrived while the workflow waited discharges it — and says what to do
 * next. Recording an obligation as overdue happens here, once.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { AuditRepository } from '../../aws/audit-repository.ts';
import { CyclesRepository } from '../../aws/cycles-repository.ts';
import { isConditionFailure } from '../../aws/errors.ts';
import { IncidentsRepository } from '../../aws/incidents-repository.ts';
import { keys } from '../../aws/keys.ts';
import { NotesRepository } from '../../aws/notes-repository.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { isoInstantSchema } from '../../core/codes.ts';
import { noteId } from '../../core/dispatch.ts';
import { deriveObligations } from '../../core/obligations.ts';
import { reminderStep } from '../../core/reminders.ts';
import { functionRegistry } from '../../registry.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { workflowTask } from '../../runtime/task.ts';

const env = loadEnvironment(functionRegistry.checkObligation);
const observed = observability(functionRegistry.checkObligation);

const input = z.object({
  incidentId: z.string().min(1),
  obligationId: z.string().min(1),
  /** The workflow's clock (`$$.State.EnteredTime`). */
  now: isoInstantSchema,
});

export const handler = workflowTask(functionRegistry.checkObligation, input, async ({ incidentId, obligationId, now }) => {
  const access = tableAccess(env);
  const stored = await new IncidentsRepository(access).get(incidentId);
  if (!stored) throw new Error(`no incident ${incidentId}`);
  const cycle = await new CyclesRepository(access).get(stored.incident.cycleId);
  if (!cycle) throw new Error(`no cycle ${stored.incident.cycleId}`);
  const obligation = deriveObligations(stored.incident, cycle.cycle).find((candidate) => candidate.id === obligationId);
  if (!obligation) throw new Error(`incident ${incidentId} gives rise to no obligation ${obligationId}`);

  const notes = new NotesRepository(access);
  const sent = new Set<number>();
  for (let number = 1; number <= obligation.reminderDates.length; number += 1) {
    if (await notes.wasSentTo(noteId('reminder', obligationId, number), obligation.owingState)) sent.add(number);
  }
  const step = reminderStep(obligation, new Date(now), sent);
  if (step.action === 'overdue') await recordOverdue(obligationId, obligation.owingState, incidentId, step.remindersSent, now);
  return {
    ...step,
    state: obligation.owingState,
    incidentId,
    obligationId,
    noteId: step.action === 'send' ? noteId('reminder', obligationId, step.reminderNumber) : null,
  };
});

async function recordOverdue(obligationId: string, state: string, incidentId: string, remindersSent: number, at: string): Promise<void> {
  const access = tableAccess(env);
  try {
    await access.client.send(
      new PutCommand({
        TableName: access.tableName,
        Item: { ...keys.overdueMarker(obligationId), obligationId, state, incidentId, at },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return; // recorded by an earlier run
    throw error;
  }
  observed.business.count('obligationsOverdue');
  // The alarm tells that an obligation is overdue; this line tells which (see docs/operations.md).
  observed.logger.info('obligation overdue', { obligationId, state, incidentId, remindersSent });
  await new AuditRepository(access).append(
    {
      actor: { kind: 'system', id: 'reminder-workflow' },
      action: 'overdue',
      subject: { kind: 'obligation', id: obligationId },
      state,
      details: { incidentId, remindersSent },
    },
    new Date(at),
  );
}

/**
 * Paragraph 12(d): one reminder workflow per obligation an incident gives rise to, started with
 * a name derived from the obligation, so that starting it again (a retried task, a later report
 * on the same incident) is harmless.
 */
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import * as z from 'zod/mini';
import { stepFunctions } from '../../aws/clients.ts';
import { CyclesRepository } from '../../aws/cycles-repository.ts';
import { IncidentsRepository } from '../../aws/incidents-repository.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { reminderExecutionName } from '../../core/dispatch.ts';
import { deriveObligations } from '../../core/obligations.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { workflowTask } from '../../runtime/task.ts';
import { startReminders as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);

const input = z.object({ incidentIds: z.array(z.string().check(z.minLength(1))) });

export const handler = workflowTask(thisFunction, input, async ({ incidentIds }) => {
  const access = tableAccess(env);
  const incidents = new IncidentsRepository(access);
  const cycles = new CyclesRepository(access);
  const started: string[] = [];
  const alreadyStarted: string[] = [];
  for (const incidentId of incidentIds) {
    const stored = await incidents.get(incidentId);
    if (!stored) throw new Error(`no incident ${incidentId}`);
    const cycle = await cycles.get(stored.incident.cycleId);
    if (!cycle) throw new Error(`no cycle ${stored.incident.cycleId}`);
    for (const obligation of deriveObligations(stored.incident, cycle.cycle)) {
      if (obligation.status !== 'owed' || obligation.reminderDates.length === 0) continue;
      const name = reminderExecutionName(obligation.id);
      try {
        await stepFunctions().send(
          new StartExecutionCommand({
            stateMachineArn: env.REMINDER_STATE_MACHINE_ARN,
            name,
            input: JSON.stringify({ incidentId, obligationId: obligation.id }),
          }),
        );
        started.push(name);
      } catch (error) {
        if (!(error instanceof ExecutionAlreadyExists) && (error as Error).name !== 'ExecutionAlreadyExists') throw error;
        alreadyStarted.push(name);
      }
    }
  }
  return { started, alreadyStarted };
});

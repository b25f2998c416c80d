/**
 * First task of the circulation on receipt (paragraph 12(b) and (c)): circulate to every
 * addressee unless the reporting State asked otherwise — then the report is recorded as not
 * circulated, and the workflow's next task tells the Secretariat alone (`notifySecretariat`) —
 * and list the States whose attention is to be drawn to the procedure, incident by incident.
 */
import * as z from 'zod/mini';
import { IncidentsRepository } from '../../aws/incidents-repository.ts';
import { StatesRepository } from '../../aws/states-repository.ts';
import { SubmissionsRepository } from '../../aws/submissions-repository.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { isoInstantSchema } from '../../core/codes.ts';
import { isWithdrawn } from '../../core/decisions.ts';
import { attentionTargets, dispatchAddressees, noteId } from '../../core/dispatch.ts';
import { referenceSchema } from '../../core/references.ts';
import { recordNotCirculated } from '../../dispatch/not-circulated.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { workflowTask } from '../../runtime/task.ts';
import { planCirculation as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);

const input = z.object({ reference: referenceSchema, now: isoInstantSchema });

export const handler = workflowTask(thisFunction, input, async ({ reference, now }) => {
  const access = tableAccess(env);
  const submission = await new SubmissionsRepository(access).get(reference);
  if (!submission) throw new Error(`no submission ${reference}`);
  const incidentsRepository = new IncidentsRepository(access);
  const incidentIds = await incidentsRepository.idsOfSubmission(reference);
  const incidents = (await Promise.all(incidentIds.map((id) => incidentsRepository.get(id)))).flatMap((stored) => (stored ? [stored.incident] : []));
  const plan = { cycleId: submission.cycleId, incidentIds, concurrency: Number(env.DISPATCH_CONCURRENCY) };
  // Withdrawn before its circulation ran: it goes nowhere.
  if (isWithdrawn(submission)) return { ...plan, incidentIds: [], circulate: false, notifySecretariat: false, noteId: null, addressees: [], attention: [] };

  const attention = attentionTargets(submission, incidents).map((target) => ({ ...target, noteId: noteId('attention', target.incidentId, reference) }));
  if (!submission.decisions.circulate.value) {
    await recordNotCirculated(submission, now, access);
    // 12(c) still applies: the States directly concerned are told of the procedure, without the report's text.
    return { ...plan, circulate: false, notifySecretariat: true, noteId: noteId('circulation', reference), addressees: [], attention };
  }
  const registry = await new StatesRepository(access).list();
  return {
    ...plan,
    circulate: true,
    notifySecretariat: false,
    noteId: noteId('circulation', reference),
    addressees: dispatchAddressees(registry).map((state) => ({ state: state.code })),
    attention,
  };
});

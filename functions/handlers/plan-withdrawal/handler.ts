/**
 * First task of the withdrawal workflow: the States to tell that a report is withdrawn — every
 * State sent its circulation note, or an attention note about it under 12(c) — and the note's
 * identity.
 */
import * as z from 'zod/mini';
import { IncidentsRepository } from '../../aws/incidents-repository.ts';
import { NotesRepository } from '../../aws/notes-repository.ts';
import { SubmissionsRepository } from '../../aws/submissions-repository.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { isoInstantSchema } from '../../core/codes.ts';
import { noteId } from '../../core/dispatch.ts';
import { referenceSchema } from '../../core/references.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { workflowTask } from '../../runtime/task.ts';
import { planWithdrawal as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);

const input = z.object({ reference: referenceSchema, now: isoInstantSchema });

export const handler = workflowTask(thisFunction, input, async ({ reference }) => {
  const access = tableAccess(env);
  const submission = await new SubmissionsRepository(access).get(reference);
  if (!submission) throw new Error(`no submission ${reference}`);
  if (!submission.withdrawal) throw new Error(`${reference} is not withdrawn`);
  const notes = new NotesRepository(access);
  const incidentIds = await new IncidentsRepository(access).idsOfSubmission(reference);
  const told = [noteId('circulation', reference), ...incidentIds.map((incidentId) => noteId('attention', incidentId, reference))];
  const states = new Set((await Promise.all(told.map((id) => notes.statesSent(id)))).flat());
  return {
    cycleId: submission.cycleId,
    noteId: noteId('withdrawal', reference),
    concurrency: Number(env.DISPATCH_CONCURRENCY),
    addressees: [...states].sort().map((state) => ({ state })),
  };
});

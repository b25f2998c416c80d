/**
 * "What was sent about this submission, to whom and when", as its own State may read it: the
 * circulation note and how many States it went to, the attention notes to the States concerned,
 * and the reminders the State itself received about the incidents of the submission. All read from
 * the notes' send records (aws/notes-repository.ts), which the dispatch writes before and after
 * each message; nothing is said of reminders to other States, which would tell whether they
 * reported.
 */
import type { StateCode } from '../core/codes.ts';
import { notCirculatedReason } from '../core/decisions.ts';
import { noteId } from '../core/dispatch.ts';
import { deriveObligations } from '../core/obligations.ts';
import { secretariatCode } from '../core/secretariat.ts';
import type { Submission } from '../core/submissions.ts';
import type { SubmissionDispatch } from '../intake/api-schemas.ts';
import type { CyclesRepository } from './cycles-repository.ts';
import type { IncidentsRepository } from './incidents-repository.ts';
import type { NotesRepository } from './notes-repository.ts';

export interface DispatchSources {
  readonly notes: NotesRepository;
  readonly incidents: IncidentsRepository;
  readonly cycles: CyclesRepository;
}

type SentNote = SubmissionDispatch['attention'][number]['note'];

async function noteOf(notes: NotesRepository, id: string): Promise<SentNote | undefined> {
  const record = await notes.get(id);
  return record ? { symbol: record.symbol, date: record.date } : undefined;
}

async function circulationOf(submission: Submission, notes: NotesRepository): Promise<SubmissionDispatch['circulation']> {
  if (submission.status === 'not-circulated') return { status: 'not-circulated', reason: notCirculatedReason(submission) };
  if (submission.status === 'received') return { status: 'pending' };
  const id = noteId('circulation', submission.reference);
  const [states, note] = await Promise.all([notes.statesSent(id), noteOf(notes, id)]);
  const count = states.filter((state) => state !== secretariatCode).length;
  return note ? { status: 'circulated', states: count, note } : { status: 'circulated', states: count };
}

/** What was sent about `submission`, which the caller has checked is `state`'s own. */
export async function submissionDispatch(submission: Submission, state: StateCode, sources: DispatchSources): Promise<SubmissionDispatch> {
  const { notes, incidents, cycles } = sources;
  const incidentIds = await incidents.idsOfSubmission(submission.reference);
  const attention: SubmissionDispatch['attention'] = [];
  const reminders: SubmissionDispatch['reminders'] = [];
  for (const incidentId of incidentIds) {
    const attentionId = noteId('attention', incidentId, submission.reference);
    const [told, note] = await Promise.all([notes.statesSent(attentionId), noteOf(notes, attentionId)]);
    if (note) for (const concerned of told) attention.push({ state: concerned, incidentId, note });

    const stored = await incidents.get(incidentId);
    const cycle = stored && (await cycles.get(stored.incident.cycleId));
    if (!stored || !cycle) continue;
    for (const obligation of deriveObligations(stored.incident, cycle.cycle).filter((owed) => owed.owingState === state)) {
      for (let number = 1; number <= obligation.reminderDates.length; number += 1) {
        const reminderId = noteId('reminder', obligation.id, number);
        if (!(await notes.wasSentTo(reminderId, state))) continue;
        const reminder = await noteOf(notes, reminderId);
        if (reminder) reminders.push({ incidentId, obligationId: obligation.id, number, note: reminder });
      }
    }
  }
  return { circulation: await circulationOf(submission, notes), attention, reminders };
}

/**
 * The confidential notice that tells the Secretariat alone of a report not circulated
 * (paragraph 12(b)), sent once whatever the retries (aws/note-sender.ts): a task of its own in
 * the circulation workflow, so that only the function that sends notes renders and sends it.
 */
import { CyclesRepository } from '../aws/cycles-repository.ts';
import type { NoteSender } from '../aws/note-sender.ts';
import { NotesRepository } from '../aws/notes-repository.ts';
import { StatesRepository } from '../aws/states-repository.ts';
import { SubmissionsRepository } from '../aws/submissions-repository.ts';
import type { TableAccess } from '../aws/table-repository.ts';
import { notCirculatedReason } from '../core/decisions.ts';
import { noteId } from '../core/dispatch.ts';
import type { StateDispatchResult } from '../core/dispatch-record.ts';
import { renderNote } from '../core/notes/index.ts';
import { secretariatAddressee, secretariatCode } from '../core/secretariat.ts';
import { submissionSummary } from '../core/submission-text.ts';
import { sendResult } from './send-note.ts';

export interface NotCirculatedNoticeDependencies {
  readonly table: TableAccess;
  readonly sender: NoteSender;
  readonly secretariatAddress: string;
}

/**
 * Sends the notice of the report `reference`, dated by the workflow's clock `now`. The
 * Secretariat must be told: a refusal the workflow's Retry should meet is thrown as for any note,
 * and one SES will not reconsider fails the task too, and with it the workflow, where an operator
 * sees it.
 */
export async function sendNotCirculatedNotice(
  reference: string,
  now: string,
  { table: access, sender, secretariatAddress }: NotCirculatedNoticeDependencies,
): Promise<StateDispatchResult> {
  const submission = await new SubmissionsRepository(access).get(reference);
  if (!submission) throw new Error(`no submission ${reference}`);
  const notice = noteId('not-circulated', submission.reference);
  const cycle = await new CyclesRepository(access).get(submission.cycleId);
  if (!cycle) throw new Error(`no cycle ${submission.cycleId}`);
  const record = await new NotesRepository(access).allocate(notice, cycle.cycle.noteReferenceSeries, now.slice(0, 10));
  const names = await new StatesRepository(access).names();
  const reporting = names.get(submission.reportingState);
  const rendered = renderNote({
    kind: 'not-circulated-notice',
    language: 'en',
    reference: record.symbol,
    date: record.date,
    addressee: secretariatAddressee,
    cycle: cycle.cycle,
    confidential: true,
    reason: notCirculatedReason(submission),
    report: {
      reference: submission.reference,
      reportingState: { nameEn: reporting?.nameEn ?? submission.reportingState, nameFr: reporting?.nameFr ?? submission.reportingState },
      noteDate: submission.note.date,
      summary: { description: submissionSummary(submission, (code) => names.get(code)?.nameEn ?? code).join(' ') },
    },
  });
  const outcome = await sender.sendOnce({
    noteId: notice,
    kind: 'not-circulated-notice',
    state: secretariatCode,
    address: secretariatAddress,
    message: { subject: rendered.subject, text: rendered.text, html: rendered.html },
  });
  const result = sendResult(outcome, secretariatCode, secretariatAddress);
  if (result.unreached) throw new Error(`the notice of ${reference} to the Secretariat was refused: ${result.error ?? 'no reason given'}`);
  return result;
}

/**
 * A report whose State asked that it not be circulated (paragraph 12(b)): its status becomes
 * `not-circulated`, the audit trail says so, and the Secretariat alone is told, by a confidential
 * notice sent once (aws/note-sender.ts) — each of the three once, whatever the retries.
 */
import { AuditRepository } from '../aws/audit-repository.ts';
import { CyclesRepository } from '../aws/cycles-repository.ts';
import { VersionConflictError } from '../aws/errors.ts';
import type { NoteSender } from '../aws/note-sender.ts';
import { NotesRepository } from '../aws/notes-repository.ts';
import { StatesRepository } from '../aws/states-repository.ts';
import { SubmissionsRepository } from '../aws/submissions-repository.ts';
import type { TableAccess } from '../aws/table-repository.ts';
import { notCirculatedReason } from '../core/decisions.ts';
import { noteId } from '../core/dispatch.ts';
import { renderNote } from '../core/notes/index.ts';
import { secretariatAddressee, secretariatCode } from '../core/secretariat.ts';
import { submissionSummary } from '../core/submission-text.ts';
import type { Submission } from '../core/submissions.ts';

export interface NotCirculatedDependencies {
  readonly table: TableAccess;
  readonly sender: NoteSender;
  readonly secretariatAddress: string;
}

/** Status `not-circulated`, the audit event and the notice to the Secretariat: each once. */
export async function recordNotCirculated(
  submission: Submission,
  now: string,
  { table: access, sender, secretariatAddress }: NotCirculatedDependencies,
): Promise<void> {
  const submissions = new SubmissionsRepository(access);
  if (submission.status === 'received') {
    try {
      await submissions.update({ ...submission, status: 'not-circulated' });
    } catch (error) {
      // Another run recorded it first.
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
  // Written whatever the status was: a run that changed it may have stopped before this.
  await new AuditRepository(access).appendOnce(
    {
      actor: { kind: 'system', id: 'circulation-workflow' },
      action: 'not-circulated',
      subject: { kind: 'submission', id: submission.reference },
      state: submission.reportingState,
      details: { decidedBy: submission.decisions.circulate.decidedBy },
      occurrence: 'not-circulated',
    },
    new Date(now),
  );
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
  const sent = await sender.sendOnce({
    noteId: notice,
    kind: 'not-circulated-notice',
    state: secretariatCode,
    address: secretariatAddress,
    message: { subject: rendered.subject, text: rendered.text, html: rendered.html },
  });
  // Refused by SES: the workflow's Retry sends it again.
  if (sent.status === 'refused') throw sent.error;
}

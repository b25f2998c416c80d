/**
 * The last task of every dispatch: the run's record under its note, the audit trail, a
 * circulated submission marked so, and a message to the Secretariat naming any State the note did
 * not reach. Every step is safe to repeat, so a retried task changes nothing twice.
 */
import { AuditRepository } from '../aws/audit-repository.ts';
import { VersionConflictError } from '../aws/errors.ts';
import type { NoteSender } from '../aws/note-sender.ts';
import { NotesRepository } from '../aws/notes-repository.ts';
import { SubmissionsRepository } from '../aws/submissions-repository.ts';
import type { TableAccess } from '../aws/table-repository.ts';
import { noteId } from '../core/dispatch.ts';
import { type DispatchRun, type DispatchTotals, dispatchAuditEvents, dispatchDescription, dispatchRecordOf, unreachedNotice } from '../core/dispatch-record.ts';
import { secretariatCode } from '../core/secretariat.ts';

export interface RecordDispatchDependencies {
  readonly table: TableAccess;
  readonly sender: NoteSender;
  readonly secretariatAddress: string;
}

export async function recordDispatch(
  run: DispatchRun,
  deps: RecordDispatchDependencies,
): Promise<{ totals: DispatchTotals; attention: DispatchTotals | null }> {
  const record = dispatchRecordOf(run);
  await new NotesRepository(deps.table).recordDispatch(record);
  if (run.kind === 'circulation' && run.reference !== null) await markCirculated(deps.table, run.reference);
  const audit = new AuditRepository(deps.table);
  for (const event of dispatchAuditEvents(run, record.totals)) await audit.appendOnce(event, new Date(run.now));
  const unreached = [...record.totals.unreached, ...(record.attentionTotals?.unreached ?? [])];
  if (unreached.length > 0) {
    const notice = unreachedNotice({ ...record.totals, unreached }, dispatchDescription(run));
    // Once per run: a retried task finds the notice sent; one SES refused is sent by the retry.
    const sent = await deps.sender.sendOnce({
      noteId: noteId('unreached-notice', run.noteId, run.executionName),
      kind: 'unreached-notice',
      state: secretariatCode,
      address: deps.secretariatAddress,
      message: { subject: notice.subject, text: notice.text },
    });
    if (sent.status === 'refused') throw sent.error;
  }
  return { totals: record.totals, attention: record.attentionTotals ?? null };
}

/** The submission's status becomes `circulated`; a concurrent change is re-read and retried. */
async function markCirculated(table: TableAccess, reference: string): Promise<void> {
  const submissions = new SubmissionsRepository(table);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const submission = await submissions.get(reference);
    if (!submission) throw new Error(`no submission ${reference}`);
    if (submission.status === 'circulated') return;
    try {
      await submissions.update({ ...submission, status: 'circulated' });
      return;
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
  throw new VersionConflictError(`submission ${reference} kept changing while it was being marked circulated`);
}

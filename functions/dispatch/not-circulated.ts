/**
 * A report whose State asked that it not be circulated (paragraph 12(b)): its status becomes
 * `not-circulated` and the audit trail says so, each once whatever the retries. The Secretariat
 * alone is then told, by a confidential notice that the circulation workflow's next task sends
 * (not-circulated-notice.ts, in send-note).
 */
import { AuditRepository } from '../aws/audit-repository.ts';
import { VersionConflictError } from '../aws/errors.ts';
import { SubmissionsRepository } from '../aws/submissions-repository.ts';
import type { TableAccess } from '../aws/table-repository.ts';
import type { Submission } from '../core/submissions.ts';

/** Status `not-circulated` and the audit event: each once. */
export async function recordNotCirculated(submission: Submission, now: string, access: TableAccess): Promise<void> {
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
}

/** What a State is told about its submissions: the receipt, and the submission as it reads it back. */
import type { Decision } from '../core/decisions.ts';
import type { Submission } from '../core/submissions.ts';
import { readSubmissions } from '../handlers/read-submissions/spec.ts';
import type { Receipt, SubmissionListEntry, SubmissionView } from './api-schemas.ts';

/** The route of one submission, as the registry declares it: `/v1/submissions/{reference}`. */
const submissionRoute = readSubmissions.triggers
  .flatMap((trigger) => (trigger.kind === 'http' ? [trigger.path] : []))
  .find((path) => path.endsWith('/{reference}'))!;

export function submissionPath(reference: string): string {
  return submissionRoute.replace('{reference}', encodeURIComponent(reference));
}

function withoutOfficer(decision: Decision): Decision {
  const { by: _by, ...shown } = decision;
  return shown;
}

export function receiptOf(submission: Submission): Receipt {
  return {
    reference: submission.reference,
    receivedAt: submission.receivedAt,
    status: submission.status,
    // Who in the Secretariat took a decision is internal; what was decided, when and why is the State's to know.
    decisions: {
      circulate: withoutOfficer(submission.decisions.circulate),
      publishFullText: withoutOfficer(submission.decisions.publishFullText),
      summarize: withoutOfficer(submission.decisions.summarize),
    },
    links: { self: submissionPath(submission.reference) },
  };
}

/** A line of the State's list: the receipt, and which kinds of report the submission carries. */
export function listEntryOf(submission: Submission): SubmissionListEntry {
  return { ...receiptOf(submission), kinds: [...new Set(submission.items.map((item) => item.kind))] };
}

export function submissionViewOf(submission: Submission, sent: Pick<SubmissionView, 'dispatch' | 'downloads'>): SubmissionView {
  const { cycleId, source, formVersion, language, note, items } = submission;
  return { ...receiptOf(submission), cycleId, source, formVersion, language, note, items, dispatch: sent.dispatch, downloads: sent.downloads };
}

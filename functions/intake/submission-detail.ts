/**
 * One submission as its own State reads it back (GET /v1/submissions/{reference}): the receipt,
 * what was submitted, what was sent about it and to whom (aws/submission-dispatch-query.ts), and
 * a short-lived link to each of its attached files.
 *
 * Only the State that sent it is answered: another State's reference, a withdrawn submission and
 * an unknown one are alike (undefined), so that existence is not revealed. A link is signed only
 * for a key the State's own submission cites, and only for GetObject on that key, so it can be
 * turned into nothing else.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type DispatchSources, submissionDispatch } from '../aws/submission-dispatch-query.ts';
import type { SubmissionsRepository } from '../aws/submissions-repository.ts';
import type { StateCode } from '../core/codes.ts';
import { isWithdrawn } from '../core/decisions.ts';
import { parseReference } from '../core/references.ts';
import { type Submission } from '../core/submissions.ts';
import type { AttachmentDownload, SubmissionView } from './api-schemas.ts';
import { submissionViewOf } from './receipts.ts';

/** How long a download link is valid: long enough to click, short enough that a link passed on soon stops working. */
export const downloadLifetimeSeconds = 5 * 60;

export interface SubmissionDetailSources extends DispatchSources {
  readonly submissions: SubmissionsRepository;
  readonly s3: S3Client;
  readonly evidenceBucket: string;
}

/** `filename*` (RFC 6266 / 8187): the name as the State gave it, accents and all. */
function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

async function downloadsOf(submission: Submission, sources: SubmissionDetailSources, now: Date): Promise<AttachmentDownload[]> {
  const expiresAt = new Date(now.getTime() + downloadLifetimeSeconds * 1000).toISOString();
  return Promise.all(
    submission.attachments.map(async ({ itemIndex, fileName, contentType, size, key }) => ({
      itemIndex,
      fileName,
      contentType,
      size,
      url: await getSignedUrl(
        sources.s3,
        new GetObjectCommand({
          Bucket: sources.evidenceBucket,
          Key: key,
          ResponseContentType: contentType,
          ResponseContentDisposition: contentDisposition(fileName),
        }),
        { expiresIn: downloadLifetimeSeconds },
      ),
      expiresAt,
    })),
  );
}

export async function submissionDetail(reference: string, state: StateCode, sources: SubmissionDetailSources, now: Date): Promise<SubmissionView | undefined> {
  const submission = parseReference(reference) ? await sources.submissions.get(reference) : undefined;
  if (!submission || submission.reportingState !== state || isWithdrawn(submission)) return undefined;
  const [dispatch, downloads] = await Promise.all([submissionDispatch(submission, state, sources), downloadsOf(submission, sources, now)]);
  return submissionViewOf(submission, { dispatch, downloads });
}

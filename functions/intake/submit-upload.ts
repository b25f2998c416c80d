/**
 * A State's upload of a submission (POST /v1/submissions), from its parsed body to its outcome:
 * the form checked, its files its own, the per-State rate limit for new submissions only, the
 * records and files checked, the raw body kept as evidence, the submission recorded through the
 * service both intake paths share (record-submission.ts), and the mission acknowledged.
 *
 * Every upload has an idempotency key: the client's `Idempotency-Key`, or else the digest of the
 * body's bytes, so that a client that retries a request whose answer it lost is told the receipt
 * of the first, with or without a key (docs/security.md, "Retries and duplicates"). A request whose key is on record
 * is that retry: it is answered whatever the rate limit, which counts new submissions only.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { SubmissionsRepository } from '../aws/submissions-repository.ts';
import type { Submission } from '../core/submissions.ts';
import type { FieldError } from '../core/validation.ts';
import { type AcknowledgementSettings, acknowledgeUpload } from './acknowledge-upload.ts';
import { bodyDigest, storeUploadEvidence } from './evidence.ts';
import type { StateCaller } from './http-request.ts';
import {
  CirculationNotStartedError,
  checkAgainstRecords,
  IdempotencyKeyInUseError,
  IdempotencyKeyReusedError,
  type IntakeDependencies,
  recordSubmission,
  SubmissionRejectedError,
  UnregisteredStateError,
} from './record-submission.ts';
import { parseSubmissionRequest } from './submission-request.ts';
import type { SubmissionRateLimiter } from './throttle.ts';
import { stateOfUploadKey } from './upload-keys.ts';
import { verifyUploads } from './uploads.ts';

export interface UploadServices {
  readonly intake: IntakeDependencies;
  readonly rateLimiter: SubmissionRateLimiter;
  readonly s3: S3Client;
  readonly evidenceBucket: string;
  readonly acknowledgement: AcknowledgementSettings;
}

export interface UploadRequest {
  readonly caller: StateCaller;
  /** The body as received (kept as evidence) and as parsed. */
  readonly raw: string;
  readonly value: unknown;
  /** The client's Idempotency-Key header, already checked for its form. */
  readonly idempotencyKey: string | undefined;
  readonly receivedAt: Date;
}

export type UploadOutcome =
  | { readonly kind: 'recorded'; readonly submission: Submission; readonly replay: boolean; readonly acknowledged: number }
  | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] }
  | { readonly kind: 'foreign-uploads'; readonly errors: readonly FieldError[] }
  | { readonly kind: 'rate-limited'; readonly retryAfterSeconds: number }
  | { readonly kind: 'unregistered-state' }
  | { readonly kind: 'key-in-use' | 'key-reused'; readonly reference: string }
  | { readonly kind: 'circulation-not-started'; readonly reference: string; readonly error: Error };

/** The key of a request sent without one: its bytes' digest, so that the same bytes are the same submission. */
export function implicitIdempotencyKey(raw: string): string {
  return `body-sha256-${bodyDigest(raw)}`;
}

export async function submitUpload(request: UploadRequest, services: UploadServices): Promise<UploadOutcome> {
  const { caller, receivedAt } = request;
  const form = parseSubmissionRequest(request.value, receivedAt);
  if (!form.ok) return { kind: 'invalid', errors: form.errors };
  const foreign = form.uploads.filter((upload) => stateOfUploadKey(upload.key) !== caller.state);
  if (foreign.length > 0) {
    const errors = foreign.map((upload) => ({
      path: `/items/${upload.itemIndex}/attachments/${upload.attachmentIndex}/key`,
      message: `must be under uploads/${caller.state}/`,
    }));
    return { kind: 'foreign-uploads', errors };
  }

  const idempotencyKey = request.idempotencyKey ?? implicitIdempotencyKey(request.raw);
  const { intake } = services;
  const table = intake.table;
  const retry = (await new SubmissionsRepository(table).idempotencyClaim(caller.state, idempotencyKey)) !== undefined;
  if (!retry) {
    const admission = await services.rateLimiter.admit(caller.state, receivedAt);
    if (!admission.admitted) return { kind: 'rate-limited', retryAfterSeconds: admission.retryAfterSeconds };
  }

  try {
    const [recordErrors, uploads] = await Promise.all([
      checkAgainstRecords(form.body, caller.state, intake),
      verifyUploads(form.uploads, services.s3, services.evidenceBucket),
    ]);
    const errors = [...recordErrors, ...(uploads.ok ? [] : uploads.errors)];
    if (!uploads.ok || errors.length > 0) return { kind: 'invalid', errors };
    const evidence = await storeUploadEvidence(request.raw, caller.state, services.s3, services.evidenceBucket);
    const { submission, replay } = await recordSubmission(
      {
        body: form.body,
        reportingState: caller.state,
        source: 'upload',
        receivedAt: receivedAt.toISOString(),
        evidence,
        attachments: uploads.attachments,
        actor: { kind: 'state', id: caller.username, state: caller.state },
        idempotencyKey,
      },
      intake,
    );
    const acknowledged = await acknowledgeUpload(submission, table, services.acknowledgement);
    return { kind: 'recorded', submission, replay, acknowledged: acknowledged.length };
  } catch (error) {
    if (error instanceof SubmissionRejectedError) return { kind: 'invalid', errors: error.errors };
    if (error instanceof UnregisteredStateError) return { kind: 'unregistered-state' };
    if (error instanceof IdempotencyKeyInUseError) return { kind: 'key-in-use', reference: error.reference };
    if (error instanceof IdempotencyKeyReusedError) return { kind: 'key-reused', reference: error.reference };
    if (error instanceof CirculationNotStartedError) return { kind: 'circulation-not-started', reference: error.reference, error };
    throw error;
  }
}

/**
 * POST /v1/submissions: a State's focal point submits a report, follow-up or views. The caller,
 * body and Idempotency-Key go to the upload service (intake/submit-upload.ts); its outcome is
 * answered: 201 with the receipt, 200 with the first receipt for a retry, or a problem.
 */
import { s3, sesv2 } from '../../aws/clients.ts';
import { signedInHandler } from '../../intake/api-handler.ts';
import { idempotencyKeySchema } from '../../intake/api-schemas.ts';
import { header, jsonBody, stateCaller } from '../../intake/http-request.ts';
import * as problems from '../../intake/problems.ts';
import { receiptOf, submissionPath } from '../../intake/receipts.ts';
import { intakeDependencies } from '../../intake/record-submission.ts';
import { maxSubmissionBytes } from '../../intake/submission-request.ts';
import { submitUpload, type UploadOutcome } from '../../intake/submit-upload.ts';
import { SubmissionRateLimiter, submissionsPerStatePerMinute } from '../../intake/throttle.ts';
import { now } from '../../runtime/clock.ts';
import { type HttpResult, json } from '../../runtime/http.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { submitReport as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);
const observed = observability(thisFunction);
const intake = intakeDependencies(env);
const rateLimiter = new SubmissionRateLimiter(intake.table);
const acknowledgement = { ses: sesv2(), senderAddress: env.SENDER_ADDRESS, configurationSet: env.SES_CONFIGURATION_SET, logger: observed.logger };
/** Seconds a client should wait before retrying a request it may retry. */
const retryAfterSeconds = 2;

export const handler = signedInHandler(observed, intake.table, async (event) => {
  const caller = stateCaller(event, ['focal-point']);
  if (!caller.ok) return caller.response;
  const body = jsonBody(event, maxSubmissionBytes);
  if (!body.ok) return body.response;
  const idempotencyKey = header(event, 'Idempotency-Key');
  if (idempotencyKey !== undefined && !idempotencyKeySchema.safeParse(idempotencyKey).success) {
    return problems.invalidHeaderProblem('Idempotency-Key', 'must be 1 to 128 letters, digits, hyphens or underscores');
  }
  const request = { caller: caller.value, ...body.value, idempotencyKey, receivedAt: now() };
  const outcome = await submitUpload(request, { intake, rateLimiter, s3: s3(env), evidenceBucket: env.EVIDENCE_BUCKET, acknowledgement });
  return answer(outcome, caller.value.state);
});

function answer(outcome: UploadOutcome, state: string): HttpResult {
  switch (outcome.kind) {
    case 'recorded':
      if (!outcome.replay) observed.business.count('submissionsReceived', 'upload');
      observed.business.count('notesSent', 'acknowledgement', outcome.acknowledged);
      return json(outcome.replay ? 200 : 201, receiptOf(outcome.submission), { location: submissionPath(outcome.submission.reference) });
    case 'invalid':
      return problems.validationProblem(outcome.errors);
    case 'foreign-uploads':
      return problems.forbiddenProblem(`Attachments must be files uploaded for ${state}.`, outcome.errors);
    case 'rate-limited':
      return problems.tooManyRequestsProblem(submissionsPerStatePerMinute, outcome.retryAfterSeconds);
    case 'unregistered-state':
      return problems.forbiddenProblem(`${state} is not in the States registry; ask the Secretariat.`);
    case 'key-in-use':
      return problems.idempotencyKeyInUseProblem(outcome.reference, retryAfterSeconds);
    case 'key-reused':
      return problems.idempotencyKeyReusedProblem(outcome.reference);
    case 'circulation-not-started':
      observed.logger.error(outcome.error.message, { reference: outcome.reference, error: outcome.error });
      return problems.circulationNotStartedProblem(outcome.reference, retryAfterSeconds);
  }
}

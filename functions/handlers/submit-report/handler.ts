/**
 * POST /v1/submissions: a State's focal point submits a report, follow-up or views. Checks the
 * request, keeps the raw body as evidence and records the submission through the intake service
 * (functions/intake/record-submission.ts), which the e-mail path shares. Answers 201 with the
 * receipt, or 200 with the first receipt when the Idempotency-Key was seen before.
 */
import middy from '@middy/core';
import { functionRegistry } from '../../registry.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { json, type AuthorizedHttpEvent, type HttpResult } from '../../runtime/http.ts';
import { unexpectedErrorsAsProblems } from '../../runtime/middleware.ts';
import { observability } from '../../runtime/observability.ts';
import { s3, sesv2 } from '../../aws/clients.ts';
import { idempotencyKeySchema } from '../../intake/api-schemas.ts';
import { storeUploadEvidence } from '../../intake/evidence.ts';
import { header, jsonBody, stateCaller } from '../../intake/http-request.ts';
import {
  circulationNotStartedProblem,
  forbiddenProblem,
  idempotencyKeyInUseProblem,
  idempotencyKeyReusedProblem,
  invalidHeaderProblem,
  tooManyRequestsProblem,
  validationProblem,
} from '../../intake/problems.ts';
import { receiptOf, submissionPath } from '../../intake/receipts.ts';
import { acknowledgeUpload } from '../../intake/acknowledge-upload.ts';
import {
  checkAgainstRecords,
  CirculationNotStartedError,
  IdempotencyKeyInUseError,
  IdempotencyKeyReusedError,
  intakeDependencies,
  recordSubmission,
  SubmissionRejectedError,
  UnregisteredStateError,
} from '../../intake/record-submission.ts';
import { maxSubmissionBytes, parseSubmissionRequest } from '../../intake/submission-request.ts';
import { stateOfUploadKey } from '../../intake/upload-keys.ts';
import { SubmissionRateLimiter, submissionsPerStatePerMinute } from '../../intake/throttle.ts';
import { verifyUploads } from '../../intake/uploads.ts';
import { now } from '../../runtime/clock.ts';

const env = loadEnvironment(functionRegistry.submitReport);
const observed = observability(functionRegistry.submitReport);
const dependencies = intakeDependencies(env);
const rateLimiter = new SubmissionRateLimiter({ client: dependencies.documents, tableName: env.TABLE_NAME });

/** Seconds a client should wait before retrying a request it may retry. */
const retryAfterSeconds = 2;

export const handler = middy<AuthorizedHttpEvent, HttpResult>()
  .use(observed.middlewares)
  .use(unexpectedErrorsAsProblems(observed.logger))
  .handler(async (event) => {
    const access = stateCaller(event, ['focal-point']);
    if (!access.ok) return access.response;
    const caller = access.value;

    const request = jsonBody(event, maxSubmissionBytes);
    if (!request.ok) return request.response;
    const idempotencyKey = header(event, 'Idempotency-Key');
    if (idempotencyKey !== undefined && !idempotencyKeySchema.safeParse(idempotencyKey).success) {
      return invalidHeaderProblem('Idempotency-Key', 'must be 1 to 128 letters, digits, hyphens or underscores');
    }

    const receivedAt = now();
    const form = parseSubmissionRequest(request.value.value, receivedAt);
    if (!form.ok) return validationProblem(form.errors);
    const foreign = form.uploads.filter((upload) => stateOfUploadKey(upload.key) !== caller.state);
    if (foreign.length > 0) {
      return forbiddenProblem(
        `Attachments must be files uploaded for ${caller.state}.`,
        foreign.map((upload) => ({ path: `/items/${upload.itemIndex}/attachments/${upload.attachmentIndex}/key`, message: `must be under uploads/${caller.state}/` })),
      );
    }

    const admission = await rateLimiter.admit(caller.state, receivedAt);
    if (!admission.admitted) return tooManyRequestsProblem(submissionsPerStatePerMinute, admission.retryAfterSeconds);

    try {
      const [recordErrors, uploads] = await Promise.all([
        checkAgainstRecords(form.body, caller.state, dependencies),
        verifyUploads(form.uploads, s3(env), env.EVIDENCE_BUCKET),
      ]);
      const errors = [...recordErrors, ...(uploads.ok ? [] : uploads.errors)];
      if (!uploads.ok || errors.length > 0) return validationProblem(errors);

      const evidence = await storeUploadEvidence(request.value.raw, caller.state, s3(env), env.EVIDENCE_BUCKET);
      const { submission, replay } = await recordSubmission(
        {
          body: form.body,
          reportingState: caller.state,
          source: 'upload',
          receivedAt: receivedAt.toISOString(),
          evidence,
          attachments: uploads.attachments,
          actor: { kind: 'state', id: caller.username, state: caller.state },
          ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        },
        dependencies,
      );
      if (!replay) observed.business.count('submissionsReceived', 'upload');
      const acknowledged = await acknowledgeUpload(submission, { client: dependencies.documents, tableName: dependencies.tableName }, { ses: sesv2(), senderAddress: env.SENDER_ADDRESS, configurationSet: env.SES_CONFIGURATION_SET, logger: observed.logger });
      observed.business.count('notesSent', 'acknowledgement', acknowledged.length);
      return json(replay ? 200 : 201, receiptOf(submission), { location: submissionPath(submission.reference) });
    } catch (error) {
      if (error instanceof SubmissionRejectedError) return validationProblem(error.errors);
      if (error instanceof UnregisteredStateError) return forbiddenProblem(`${caller.state} is not in the States registry; ask the Secretariat.`);
      if (error instanceof IdempotencyKeyInUseError) return idempotencyKeyInUseProblem(error.reference, retryAfterSeconds);
      if (error instanceof IdempotencyKeyReusedError) return idempotencyKeyReusedProblem(error.reference);
      if (error instanceof CirculationNotStartedError) {
        observed.logger.error(error.message, { reference: error.reference, error });
        return circulationNotStartedProblem(error.reference, retryAfterSeconds);
      }
      throw error;
    }
  });

/**
 * The problems (RFC 9457) the upload API answers with, one constructor per kind, so that every
 * handler names the same fault with the same type, title and status.
 */
import type { FieldError } from '../core/validation.ts';
import { type HttpResult, problem } from '../runtime/http.ts';

function withHeaders(result: HttpResult, headers: Record<string, string>): HttpResult {
  return { ...result, headers: { ...result.headers, ...headers } };
}

export function validationProblem(errors: readonly FieldError[]): HttpResult {
  return problem({
    type: '/problems/validation',
    title: 'The request has invalid fields',
    status: 400,
    detail: `${errors.length} ${errors.length === 1 ? 'field was' : 'fields were'} rejected; nothing was recorded.`,
    errors,
  });
}

export function invalidHeaderProblem(header: string, message: string): HttpResult {
  return problem({ type: '/problems/invalid-header', title: 'Invalid header', status: 400, detail: `${header} ${message}.`, header });
}

export function unsupportedMediaTypeProblem(expected: string): HttpResult {
  return problem({ type: '/problems/unsupported-media-type', title: 'Unsupported media type', status: 415, detail: `The body must be sent as ${expected}.` });
}

export function payloadTooLargeProblem(maxBytes: number): HttpResult {
  return problem({
    type: '/problems/payload-too-large',
    title: 'Payload too large',
    status: 413,
    detail: `The body must be at most ${maxBytes} bytes; send long texts and documents as attachments.`,
  });
}

export function forbiddenProblem(detail: string, errors?: readonly FieldError[]): HttpResult {
  return problem({ type: '/problems/forbidden', title: 'Forbidden', status: 403, detail, ...(errors ? { errors } : {}) });
}

export function conflictProblem(detail: string): HttpResult {
  return problem({ type: '/problems/conflict', title: 'Conflict', status: 409, detail });
}

export function notFoundProblem(detail: string): HttpResult {
  return problem({ type: '/problems/not-found', title: 'Not found', status: 404, detail });
}

export function tooManyRequestsProblem(limitPerMinute: number, retryAfterSeconds: number): HttpResult {
  return withHeaders(
    problem({
      type: '/problems/too-many-requests',
      title: 'Too many submissions',
      status: 429,
      detail: `A State may submit at most ${limitPerMinute} times a minute; retry in ${retryAfterSeconds} seconds.`,
      retryAfterSeconds,
    }),
    { 'retry-after': String(retryAfterSeconds) },
  );
}

export function idempotencyKeyInUseProblem(reference: string, retryAfterSeconds: number): HttpResult {
  return withHeaders(
    problem({
      type: '/problems/idempotency-key-in-use',
      title: 'A request with this Idempotency-Key is still being processed',
      status: 409,
      detail: `Retry with the same Idempotency-Key in ${retryAfterSeconds} seconds to receive the receipt of ${reference}.`,
      reference,
      retryAfterSeconds,
    }),
    { 'retry-after': String(retryAfterSeconds) },
  );
}

export function idempotencyKeyReusedProblem(reference: string): HttpResult {
  return problem({
    type: '/problems/idempotency-key-reused',
    title: 'This Idempotency-Key was used for another submission',
    status: 422,
    detail: `The key already recorded ${reference}, with different contents. Use a new key for a new submission.`,
    reference,
  });
}

export function circulationNotStartedProblem(reference: string, retryAfterSeconds: number): HttpResult {
  return withHeaders(
    problem({
      type: '/problems/circulation-not-started',
      title: 'Recorded, but circulation could not be started',
      status: 503,
      detail: `${reference} is recorded. Retry with the same Idempotency-Key to complete it; do not send it again without that key, which would record it twice.`,
      reference,
      retryAfterSeconds,
    }),
    { 'retry-after': String(retryAfterSeconds) },
  );
}

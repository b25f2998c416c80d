/**
 * The API answers only requests that came through its CloudFront distribution (and so through
 * AWS WAF): CloudFront adds a secret header to each request it forwards, and every HTTP function
 * refuses, before any of its own logic, a request that does not carry it. The execute-api
 * address of an HTTP API cannot be closed otherwise (an HTTP API has no resource policy, and a
 * custom domain would only move the direct address).
 *
 * The secret comes from Secrets Manager (infra/constructs/edge.ts), in the `ORIGIN_VERIFY`
 * variable of every HTTP function. Empty, nothing is checked: the local engine's API address
 * stands for CloudFront's, unless the engine is started with a secret.
 */
import type { MiddlewareObj } from '@middy/core';
import { type HttpResult, problem } from './http.ts';

/** The header CloudFront adds (lower case, as HTTP API payload 2.0 events name headers). */
export const originHeader = 'x-origin-verify';

function isHttpEvent(event: unknown): event is { headers?: Record<string, string | undefined>; requestContext: { http: unknown } } {
  return typeof event === 'object' && event !== null && typeof (event as { requestContext?: { http?: unknown } }).requestContext?.http === 'object';
}

/**
 * Compares in a time that depends on the lengths alone: every byte is visited and the differences
 * are only accumulated, with no early exit, as node:crypto's timingSafeEqual does. Not that one:
 * loading node:crypto takes about 10 ms of the cold start of a function that needs nothing else
 * from it (whoami, api-documents; docs/benchmarks.md).
 */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index += 1) difference |= a[index]! ^ b[index]!;
  return difference === 0;
}

/** Refuses (403) an HTTP API event without the origin secret, when one is configured. */
export function originCheck(secret: () => string | undefined = () => process.env['ORIGIN_VERIFY']): MiddlewareObj<unknown, unknown> {
  return {
    before: (request): HttpResult | undefined => {
      const expected = secret();
      if (!expected || !isHttpEvent(request.event)) return undefined;
      const given = request.event.headers?.[originHeader];
      if (given !== undefined && sameSecret(given, expected)) return undefined;
      return problem({
        type: '/problems/forbidden',
        title: 'Forbidden',
        status: 403,
        detail: 'The API answers only through its public address.',
      });
    },
  };
}

/**
 * Response shapes for HTTP API (payload format 2.0) handlers: JSON bodies and RFC 9457
 * problem details, so every error a client sees names its cause the same way.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpResult = APIGatewayProxyStructuredResultV2;
export type AuthorizedHttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

export interface Problem {
  /** A URI reference naming the kind of problem, e.g. `/problems/validation`. */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  /** Extra members, e.g. `errors: [{ path, message }]` for validation problems. */
  readonly [member: string]: unknown;
}

export function problem(body: Problem): HttpResult {
  return {
    statusCode: body.status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

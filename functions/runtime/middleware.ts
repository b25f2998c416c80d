/**
 * middy middlewares shared by the HTTP handlers.
 */
import type { MiddlewareObj } from '@middy/core';
import { problem, type HttpResult } from './http.ts';

/**
 * Turns an unexpected error into a 500 problem document that reveals nothing internal. Expected
 * failures (validation, authorization) are returned by handlers as problems of their own; an
 * error that reaches here is a fault, and Lambda's own log keeps its stack.
 */
export function unexpectedErrorsAsProblems(): MiddlewareObj<unknown, HttpResult> {
  return {
    onError: (request) => {
      const requestId = request.context.awsRequestId;
      process.stderr.write(`${JSON.stringify({ level: 'ERROR', message: 'unhandled error', requestId, error: String(request.error?.stack ?? request.error) })}\n`);
      request.response = problem({
        type: '/problems/internal',
        title: 'Internal error',
        status: 500,
        detail: `The request could not be completed. Quote request id ${requestId} to the Secretariat.`,
      });
    },
  };
}

/**
 * middy middlewares shared by the HTTP handlers.
 */
import type { MiddlewareObj } from '@middy/core';
import { type HttpResult, problem } from './http.ts';
import type { Logger } from './log.ts';

/**
 * Turns an unexpected error into a 500 problem document that reveals nothing internal. Expected
 * failures (validation, authorization) are returned by handlers as problems of their own; an
 * error that reaches here is a fault, logged with its stack under the request id it quotes.
 */
export function unexpectedErrorsAsProblems(logger: Logger): MiddlewareObj<unknown, HttpResult> {
  return {
    onError: (request) => {
      const requestId = request.context.awsRequestId;
      logger.error('unhandled error', request.error as Error);
      request.response = problem({
        type: '/problems/internal',
        title: 'Internal error',
        status: 500,
        detail: `The request could not be completed. Quote request id ${requestId} to the Secretariat.`,
        requestId,
      });
    },
  };
}

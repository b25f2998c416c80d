/**
 * GET /v1/whoami: the State and roles the caller's verified token carries, so that a mission
 * can check its focal-point set-up before it submits anything.
 */
import middy from '@middy/core';
import { callerFromClaims, InvalidClaimsError } from '../../core/caller.ts';
import { type AuthorizedHttpEvent, type HttpResult, json, problem } from '../../runtime/http.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { unexpectedErrorsAsProblems } from '../../runtime/middleware.ts';
import { observability } from '../../runtime/observability.ts';
import { whoami as thisFunction } from './spec.ts';

loadEnvironment(thisFunction);
const observed = observability(thisFunction);

export const handler = middy<AuthorizedHttpEvent, HttpResult>()
  .use(observed.middlewares)
  .use(unexpectedErrorsAsProblems(observed.logger))
  .handler(async (event) => {
    try {
      const caller = callerFromClaims(event.requestContext.authorizer.jwt.claims);
      return json(200, caller);
    } catch (error) {
      if (!(error instanceof InvalidClaimsError)) throw error;
      return problem({ type: '/problems/forbidden', title: 'Forbidden', status: 403, detail: error.message });
    }
  });

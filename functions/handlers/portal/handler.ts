/**
 * The missions' portal, public like any sign-in page (the data behind it is the API's, behind
 * its JWT authorizer):
 *
 * - GET /portal: the page, a shell that the script fills in the reader's language;
 * - GET /portal/app.js and /portal/app.css: its one script (built by ./bundle.ts, with the
 *   Cognito sign-in library) and its style sheet;
 * - GET /portal/states.json: the names of the States of the registry (English and French, with
 *   each State's working language), for lists that name States rather than codes.
 *
 * What each serves, and the page's Content-Security-Policy, are in ./site.ts.
 */
import middy from '@middy/core';
import { uploadOrigin } from '../../aws/endpoint-origins.ts';
import { StatesRepository } from '../../aws/states-repository.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { notFoundProblem } from '../../intake/problems.ts';
import type { AuthorizedHttpEvent, HttpResult } from '../../runtime/http.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { unexpectedErrorsAsProblems } from '../../runtime/middleware.ts';
import { observability } from '../../runtime/observability.ts';
import { portalSite } from './site.ts';
import { portal as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);
const observed = observability(thisFunction);

const site = portalSite(
  {
    userPoolId: env.USER_POOL_ID,
    clientId: env.USER_POOL_CLIENT_ID,
    cognitoEndpoint: env.COGNITO_ENDPOINT,
    uploadOrigin: uploadOrigin(env),
    bundleFile: thisFunction.servedFile?.file ?? '',
  },
  new StatesRepository(tableAccess(env)),
);

export const handler = middy<AuthorizedHttpEvent, HttpResult>()
  .use(observed.middlewares)
  .use(unexpectedErrorsAsProblems(observed.logger))
  .handler(async (event) => {
    const name = event.routeKey === 'GET /portal' ? '' : (event.pathParameters?.['asset'] ?? '');
    return (await site(name)) ?? notFoundProblem('The portal has no such file.');
  });

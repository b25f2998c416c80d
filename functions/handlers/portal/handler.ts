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
 * The Content-Security-Policy lets the page run only its own script and reach only this API, the
 * Cognito user pools endpoint and the evidence bucket (attachments are PUT to presigned URLs).
 */
import { readFileSync } from 'node:fs';
import middy from '@middy/core';
import { dynamoDocumentClient } from '../../aws/clients.ts';
import { StatesRepository } from '../../aws/states-repository.ts';
import { notFoundProblem } from '../../intake/problems.ts';
import { functionRegistry } from '../../registry.ts';
import { type AuthorizedHttpEvent, type HttpResult, json } from '../../runtime/http.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { unexpectedErrorsAsProblems } from '../../runtime/middleware.ts';
import { observability } from '../../runtime/observability.ts';
import { type PortalConfig, portalPage, portalStyles } from './page.ts';

const env = loadEnvironment(functionRegistry.portal);
const observed = observability(functionRegistry.portal);
const states = new StatesRepository({ client: dynamoDocumentClient(), tableName: env.TABLE_NAME });

/** Where the browser PUTs attachments: the presigned URLs' origin. */
function uploadOrigin(): string {
  const endpoint = process.env['AWS_ENDPOINT_URL_S3'];
  if (env.S3_FORCE_PATH_STYLE === 'true' && endpoint) return new URL(endpoint).origin;
  const region = process.env['AWS_REGION'] ?? 'us-east-1';
  return `https://${env.EVIDENCE_BUCKET}.s3.${region}.amazonaws.com`;
}

const config: PortalConfig = {
  userPoolId: env.USER_POOL_ID,
  clientId: env.USER_POOL_CLIENT_ID,
  cognitoEndpoint: env.COGNITO_ENDPOINT,
};

const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  `connect-src 'self' ${new URL(env.COGNITO_ENDPOINT).origin} ${uploadOrigin()}`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

let script: string | undefined;
/** The bundle, read once: built next to this module (see ./bundle.ts). */
function appScript(): string {
  script ??= readFileSync(new URL(`./${functionRegistry.portal.browserBundle?.file ?? ''}`, import.meta.url), 'utf8');
  return script;
}

const page = portalPage(config);

const assets: Record<string, () => Promise<HttpResult>> = {
  'app.js': async () => ({
    statusCode: 200,
    headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', ...securityHeaders },
    body: appScript(),
  }),
  'app.css': async () => ({
    statusCode: 200,
    headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache', ...securityHeaders },
    body: portalStyles,
  }),
  'states.json': async () => {
    const list = (await states.list()).map((state) => ({
      code: state.code,
      nameEn: state.nameEn,
      nameFr: state.nameFr,
      sortKey: state.sortKey,
      language: state.language,
    }));
    return json(200, { states: list }, { 'cache-control': 'public, max-age=300' });
  },
};

export const handler = middy<AuthorizedHttpEvent, HttpResult>()
  .use(observed.middlewares)
  .use(unexpectedErrorsAsProblems(observed.logger))
  .handler(async (event) => {
    if (event.routeKey === 'GET /portal') {
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': contentSecurityPolicy,
          'cache-control': 'no-cache',
          ...securityHeaders,
        },
        body: page,
      };
    }
    const asset = assets[event.pathParameters?.['asset'] ?? ''];
    return asset ? asset() : notFoundProblem('The portal has no such file.');
  });

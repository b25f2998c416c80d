/**
 * The API's own documents, public: GET /v1/openapi.json (the OpenAPI 3.1 document, generated from
 * the schemas when the function is bundled: build-document.ts) and GET /v1/form (a page to submit
 * reports from a browser). Both are read or built once per container.
 */
import middy from '@middy/core';
import { formConnectOrigins } from '../../aws/endpoint-origins.ts';
import type { AuthorizedHttpEvent, HttpResult } from '../../runtime/http.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { unexpectedErrorsAsProblems } from '../../runtime/middleware.ts';
import { observability } from '../../runtime/observability.ts';
import { routeTable } from '../../runtime/routes.ts';
import { formContentSecurityPolicy, formPage } from './form.ts';
import { apiDocuments as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);
const observed = observability(thisFunction);

// node:fs taken as Node's own module, not imported: an ES module importing it makes Node build
// the module's whole namespace, whose stream classes load node:stream, about 5 ms of this
// function's cold start, which loads nothing else that needs it (docs/benchmarks.md).
const { readFileSync } = process.getBuiltinModule('node:fs');

/** The document as its builder wrote it beside this module (the registry's `servedFile`), served as it is. */
const document = readFileSync(new URL(`./${thisFunction.servedFile?.file}`, import.meta.url), 'utf8');

/** Formed once per container: the origins of the endpoints the form's page may reach. */
let policy: string | undefined;

const route = routeTable(thisFunction).serve({
  'GET /v1/openapi.json': async () => ({
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' },
    body: document,
  }),
  'GET /v1/form': async () => ({
    statusCode: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': (policy ??= formContentSecurityPolicy(formConnectOrigins(env))),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    },
    body: formPage,
  }),
});

export const handler = middy<AuthorizedHttpEvent, HttpResult>()
  .use(observed.middlewares)
  .use(unexpectedErrorsAsProblems(observed.logger))
  .handler(async (event) => route(event, undefined));

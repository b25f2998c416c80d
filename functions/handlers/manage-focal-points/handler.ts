/**
 * GET, POST /v1/focal-points, PATCH and DELETE /v1/focal-points/{username}: a mission
 * administrator lists, adds, disables or enables (`{"enabled": false}`) and removes its own
 * State's focal points; the Secretariat does the same for the State it names (`state` in the
 * query, or in the body of a POST). The service is missions/focal-points.ts.
 */
import { AuditRepository } from '../../aws/audit-repository.ts';
import { focalPointDirectory } from '../../aws/focal-points.ts';
import { StatesRepository } from '../../aws/states-repository.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { focalPointAuthority } from '../../core/focal-point-authority.ts';
import { signedInHandler } from '../../intake/api-handler.ts';
import { signedInCaller } from '../../intake/http-request.ts';
import { conflictProblem, forbiddenProblem, notFoundProblem, validationProblem } from '../../intake/problems.ts';
import { type AccountManager, type FocalPointOutcome, FocalPoints } from '../../missions/focal-points.ts';
import { type AuthorizedHttpEvent, type HttpResult, json } from '../../runtime/http.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { routeTable } from '../../runtime/routes.ts';
import { manageFocalPoints as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);
const table = tableAccess(env);
const focalPoints = new FocalPoints({ directory: focalPointDirectory(env), audit: new AuditRepository(table), registry: new StatesRepository(table) });

const username = (event: AuthorizedHttpEvent) => event.pathParameters?.['username'] ?? '';

const route = routeTable(thisFunction).serve<AccountManager & { readonly body: unknown }>({
  'GET /v1/focal-points': async (_event, manager) => answer(await focalPoints.list(manager), manager),
  'POST /v1/focal-points': async (_event, manager) => answer(await focalPoints.add(manager, manager.body), manager),
  'PATCH /v1/focal-points/{username}': async (event, manager) => answer(await focalPoints.change(manager, username(event), manager.body), manager),
  'DELETE /v1/focal-points/{username}': async (event, manager) => answer(await focalPoints.remove(manager, username(event)), manager),
});

export const handler = signedInHandler(observability(thisFunction), table, async (event) => {
  const caller = signedInCaller(event);
  if (!caller.ok) return caller.response;
  const body = ['POST', 'PATCH'].includes(event.requestContext.http.method) ? parsedJson(event) : undefined;
  // The Secretariat names the State in a POST's body or in the query; a mission's is its own.
  const named = (body as { state?: unknown } | undefined)?.state;
  const authority = focalPointAuthority(caller.value, typeof named === 'string' ? named : event.queryStringParameters?.['state']);
  if (!authority.ok) return authority.status === 403 ? forbiddenProblem(authority.detail) : validationProblem([{ path: '/state', message: authority.detail }]);
  return route(event, { caller: caller.value, state: authority.state, body });
});

function answer(outcome: FocalPointOutcome, { state }: AccountManager): HttpResult {
  switch (outcome.kind) {
    case 'listed':
      return json(200, { state, focalPoints: outcome.focalPoints });
    case 'added':
      return json(201, outcome.focalPoint, { location: `/v1/focal-points/${encodeURIComponent(outcome.focalPoint.username)}` });
    case 'changed':
      return json(200, outcome.focalPoint);
    case 'removed':
      return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
    case 'invalid':
      return validationProblem(outcome.errors);
    case 'not-found':
      return notFoundProblem(outcome.detail);
    case 'conflict':
      return conflictProblem(outcome.detail);
  }
}

/** The body as JSON, or undefined when it is none (the service answers which field it lacks). */
function parsedJson(event: AuthorizedHttpEvent): unknown {
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A State's drafts, for its focal points and mission administrators (the portal's "save as
 * draft"): POST /v1/drafts, GET /v1/drafts, GET, PUT and DELETE /v1/drafts/{id}. A draft of
 * another State answers 404, as an unknown one does.
 */
import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import { dynamoDocumentClient } from '../../aws/clients.ts';
import { DraftsRepository } from '../../aws/drafts-repository.ts';
import { type Draft, draftIdSchema, draftInputSchema, draftLimits } from '../../core/drafts.ts';
import { fieldErrors } from '../../core/validation.ts';
import { jsonBody, type StateCaller, stateCaller } from '../../intake/http-request.ts';
import { notFoundProblem, validationProblem } from '../../intake/problems.ts';
import { functionRegistry } from '../../registry.ts';
import { type AuthorizedHttpEvent, type HttpResult, json, problem } from '../../runtime/http.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { unexpectedErrorsAsProblems } from '../../runtime/middleware.ts';
import { observability } from '../../runtime/observability.ts';

const env = loadEnvironment(functionRegistry.drafts);
const observed = observability(functionRegistry.drafts);
const drafts = new DraftsRepository({ client: dynamoDocumentClient(), tableName: env.TABLE_NAME });

type Route = (event: AuthorizedHttpEvent, caller: StateCaller) => Promise<HttpResult>;

function parsedInput(event: AuthorizedHttpEvent) {
  const body = jsonBody(event, draftLimits.draftBytes + 10_000);
  if (!body.ok) return body;
  const parsed = draftInputSchema.safeParse(body.value.value);
  if (!parsed.success) return { ok: false as const, response: validationProblem(fieldErrors(parsed.error.issues, 'is not a field of a draft')) };
  return { ok: true as const, value: parsed.data };
}

function draftId(event: AuthorizedHttpEvent): string | undefined {
  const id = event.pathParameters?.['id'] ?? '';
  return draftIdSchema.safeParse(id).success ? id : undefined;
}

const routes: Record<string, Route> = {
  'GET /v1/drafts': async (_event, caller) => json(200, { state: caller.state, drafts: await drafts.list(caller.state) }),

  'POST /v1/drafts': async (event, caller) => {
    const input = parsedInput(event);
    if (!input.ok) return input.response;
    if ((await drafts.list(caller.state)).length >= draftLimits.draftsPerState) {
      return problem({
        type: '/problems/conflict',
        title: 'Conflict',
        status: 409,
        detail: `${caller.state} has ${draftLimits.draftsPerState} drafts already; submit or delete some first.`,
      });
    }
    const draft: Draft = { id: randomUUID(), ...input.value, savedAt: new Date().toISOString(), savedBy: caller.username };
    await drafts.save(caller.state, draft, { mustExist: false });
    return json(201, draft, { location: `/v1/drafts/${draft.id}` });
  },

  'GET /v1/drafts/{id}': async (event, caller) => {
    const id = draftId(event);
    const draft = id ? await drafts.get(caller.state, id) : undefined;
    return draft ? json(200, draft) : notFoundProblem(`${caller.state} has no draft ${event.pathParameters?.['id'] ?? ''}.`);
  },

  'PUT /v1/drafts/{id}': async (event, caller) => {
    const id = draftId(event);
    if (!id) return notFoundProblem(`${caller.state} has no draft ${event.pathParameters?.['id'] ?? ''}.`);
    const input = parsedInput(event);
    if (!input.ok) return input.response;
    const draft: Draft = { id, ...input.value, savedAt: new Date().toISOString(), savedBy: caller.username };
    return (await drafts.save(caller.state, draft, { mustExist: true })) ? json(200, draft) : notFoundProblem(`${caller.state} has no draft ${id}.`);
  },

  'DELETE /v1/drafts/{id}': async (event, caller) => {
    const id = draftId(event);
    const deleted = id ? await drafts.delete(caller.state, id) : false;
    return deleted ? { statusCode: 204 } : notFoundProblem(`${caller.state} has no draft ${event.pathParameters?.['id'] ?? ''}.`);
  },
};

export const handler = middy<AuthorizedHttpEvent, HttpResult>()
  .use(observed.middlewares)
  .use(unexpectedErrorsAsProblems(observed.logger))
  .handler(async (event) => {
    const access = stateCaller(event, ['focal-point', 'mission-admin']);
    if (!access.ok) return access.response;
    const route = routes[event.routeKey];
    if (!route) throw new Error(`drafts has no route ${event.routeKey}`);
    return route(event, access.value);
  });

/**
 * A State's drafts, for its focal points and mission administrators (the portal's "save as
 * draft"): POST /v1/drafts, GET /v1/drafts, GET, PUT and DELETE /v1/drafts/{id}. The service is
 * missions/drafts.ts; a draft of another State answers 404, as an unknown one does.
 */
import { DraftsRepository } from '../../aws/drafts-repository.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { signedInHandler } from '../../intake/api-handler.ts';
import { jsonBody, type StateCaller, stateCaller } from '../../intake/http-request.ts';
import { conflictProblem, notFoundProblem, validationProblem } from '../../intake/problems.ts';
import { type DraftOutcome, Drafts, maxDraftRequestBytes } from '../../missions/drafts.ts';
import { now } from '../../runtime/clock.ts';
import { type AuthorizedHttpEvent, type HttpResult, json } from '../../runtime/http.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { routeTable } from '../../runtime/routes.ts';
import { drafts as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);
const table = tableAccess(env);
const drafts = new Drafts(new DraftsRepository(table), now);

const id = (event: AuthorizedHttpEvent) => event.pathParameters?.['id'] ?? '';

/** The draft in a POST's or PUT's body; a body that is no JSON is answered before the service. */
async function withBody(event: AuthorizedHttpEvent, save: (body: unknown) => Promise<DraftOutcome>): Promise<HttpResult> {
  const body = jsonBody(event, maxDraftRequestBytes);
  return body.ok ? answer(await save(body.value.value)) : body.response;
}

const route = routeTable(thisFunction).serve<StateCaller>({
  'GET /v1/drafts': async (_event, caller) => answer(await drafts.list(caller)),
  'POST /v1/drafts': (event, caller) => withBody(event, (body) => drafts.create(caller, body)),
  'GET /v1/drafts/{id}': async (event, caller) => answer(await drafts.get(caller, id(event))),
  'PUT /v1/drafts/{id}': (event, caller) => withBody(event, (body) => drafts.replace(caller, id(event), body)),
  'DELETE /v1/drafts/{id}': async (event, caller) => answer(await drafts.delete(caller, id(event))),
});

export const handler = signedInHandler(observability(thisFunction), table, async (event) => {
  const caller = stateCaller(event, ['focal-point', 'mission-admin']);
  return caller.ok ? route(event, caller.value) : caller.response;
});

function answer(outcome: DraftOutcome): HttpResult {
  switch (outcome.kind) {
    case 'listed':
      return json(200, { state: outcome.state, drafts: outcome.drafts });
    case 'created':
      return json(201, outcome.draft, { location: `/v1/drafts/${outcome.draft.id}` });
    case 'found':
    case 'saved':
      return json(200, outcome.draft);
    case 'deleted':
      return { statusCode: 204 };
    case 'invalid':
      return validationProblem(outcome.errors);
    case 'not-found':
      return notFoundProblem(outcome.detail);
    case 'conflict':
      return conflictProblem(outcome.detail);
  }
}

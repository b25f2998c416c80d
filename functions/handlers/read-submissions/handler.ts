/**
 * A State's own records, read back by its focal points and mission administrators:
 *
 * - GET /v1/submissions: its submissions, newest first, each as its receipt;
 * - GET /v1/submissions/{reference}: one of them, with what was submitted; another State's
 *   reference answers 404 as an unknown one does, so that existence is not revealed;
 * - GET /v1/obligations: the reports it owes now (the same rule as `mpr obligations owed`).
 */
import middy from '@middy/core';
import { CyclesRepository } from '../../aws/cycles-repository.ts';
import { IncidentsRepository } from '../../aws/incidents-repository.ts';
import { obligationsOwedNow } from '../../aws/obligations-query.ts';
import { RevocationsRepository } from '../../aws/revocations-repository.ts';
import { SubmissionsRepository } from '../../aws/submissions-repository.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { isWithdrawn } from '../../core/decisions.ts';
import { parseReference } from '../../core/submissions.ts';
import { type StateCaller, stateCaller } from '../../intake/http-request.ts';
import { notFoundProblem } from '../../intake/problems.ts';
import { receiptOf, submissionViewOf } from '../../intake/receipts.ts';
import { functionRegistry } from '../../registry.ts';
import { now } from '../../runtime/clock.ts';
import { type AuthorizedHttpEvent, type HttpResult, json } from '../../runtime/http.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { unexpectedErrorsAsProblems } from '../../runtime/middleware.ts';
import { observability } from '../../runtime/observability.ts';
import { revokedTokensRefused } from '../../runtime/revoked-tokens.ts';
import { routeTable } from '../../runtime/routes.ts';

const env = loadEnvironment(functionRegistry.readSubmissions);
const observed = observability(functionRegistry.readSubmissions);
const table = tableAccess(env);
const submissions = new SubmissionsRepository(table);
const incidents = new IncidentsRepository(table);
const cycles = new CyclesRepository(table);

const route = routeTable(functionRegistry.readSubmissions).serve<StateCaller>({
  // A withdrawn submission (forged, or sent in error) is kept as evidence, out of every output.
  'GET /v1/submissions': async (_event, caller) =>
    json(200, { submissions: (await submissions.listByState(caller.state)).filter((submission) => !isWithdrawn(submission)).map(receiptOf) }),

  'GET /v1/submissions/{reference}': async (event, caller) => {
    const reference = event.pathParameters?.['reference'] ?? '';
    const submission = parseReference(reference) ? await submissions.get(reference) : undefined;
    if (!submission || submission.reportingState !== caller.state || isWithdrawn(submission))
      return notFoundProblem(`${caller.state} has no submission ${reference}.`);
    return json(200, submissionViewOf(submission));
  },

  'GET /v1/obligations': async (_event, caller) =>
    json(200, { state: caller.state, obligations: await obligationsOwedNow(caller.state, { incidents, cycles }, now()) }),
});

export const handler = middy<AuthorizedHttpEvent, HttpResult>()
  .use(observed.middlewares)
  .use(unexpectedErrorsAsProblems(observed.logger))
  .use(revokedTokensRefused(new RevocationsRepository(table)))
  .handler(async (event) => {
    const access = stateCaller(event, ['focal-point', 'mission-admin']);
    if (!access.ok) return access.response;
    return route(event, access.value);
  });

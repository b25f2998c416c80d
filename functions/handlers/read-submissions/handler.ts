/**
 * A State's own records, read back by its focal points and mission administrators:
 *
 * - GET /v1/submissions: its submissions, newest first, each as its receipt with the kinds of report it carries;
 * - GET /v1/submissions/{reference}: one of them, with what was submitted, what was sent about it
 *   to whom and when, and short-lived links to its files (intake/submission-detail.ts); another
 *   State's reference answers 404 as an unknown one does, so that existence is not revealed;
 * - GET /v1/obligations: the reports it owes now (the same rule as `mpr obligations owed`).
 */
import middy from '@middy/core';
import { s3 } from '../../aws/clients.ts';
import { CyclesRepository } from '../../aws/cycles-repository.ts';
import { IncidentsRepository } from '../../aws/incidents-repository.ts';
import { NotesRepository } from '../../aws/notes-repository.ts';
import { obligationsOwedNow } from '../../aws/obligations-query.ts';
import { RevocationsRepository } from '../../aws/revocations-repository.ts';
import { SubmissionsRepository } from '../../aws/submissions-repository.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { isWithdrawn } from '../../core/decisions.ts';
import { type StateCaller, stateCaller } from '../../intake/http-request.ts';
import { notFoundProblem } from '../../intake/problems.ts';
import { listEntryOf } from '../../intake/receipts.ts';
import { submissionDetail } from '../../intake/submission-detail.ts';
import { now } from '../../runtime/clock.ts';
import { type AuthorizedHttpEvent, type HttpResult, json } from '../../runtime/http.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { unexpectedErrorsAsProblems } from '../../runtime/middleware.ts';
import { observability } from '../../runtime/observability.ts';
import { revokedTokensRefused } from '../../runtime/revoked-tokens.ts';
import { routeTable } from '../../runtime/routes.ts';
import { readSubmissions as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);
const observed = observability(thisFunction);
const table = tableAccess(env);
const submissions = new SubmissionsRepository(table);
const incidents = new IncidentsRepository(table);
const cycles = new CyclesRepository(table);
const detailSources = { submissions, incidents, cycles, notes: new NotesRepository(table), s3: s3(env), evidenceBucket: env.EVIDENCE_BUCKET };

const route = routeTable(thisFunction).serve<StateCaller>({
  // A withdrawn submission (forged, or sent in error) is kept as evidence, out of every output.
  'GET /v1/submissions': async (_event, caller) =>
    json(200, { submissions: (await submissions.listByState(caller.state)).filter((submission) => !isWithdrawn(submission)).map(listEntryOf) }),

  'GET /v1/submissions/{reference}': async (event, caller) => {
    const reference = event.pathParameters?.['reference'] ?? '';
    const view = await submissionDetail(reference, caller.state, detailSources, now());
    return view ? json(200, view) : notFoundProblem(`${caller.state} has no submission ${reference}.`);
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

/**
 * The Secretariat's routes on a submission (role `secretariat` only):
 *
 * - POST /v1/submissions/{reference}/decisions `{ decision: circulate|publish|summarize, value, reason }`
 * - POST /v1/submissions/{reference}/withdrawal `{ reason }`
 *
 * The same service as `mpr reports decide|withdraw` (functions/secretariat/decisions.ts): audited,
 * 409 with the reason where the decision no longer applies (a circulated report cannot be
 * un-circulated), 404 for an unknown reference.
 */
import middy from '@middy/core';
import * as z from 'zod';
import { stepFunctions } from '../../aws/clients.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { type Caller, callerFromClaims, InvalidClaimsError } from '../../core/caller.ts';
import { decisionNames } from '../../core/decisions.ts';
import { parseReference } from '../../core/submissions.ts';
import { fieldErrors } from '../../core/validation.ts';
import { jsonBody } from '../../intake/http-request.ts';
import { forbiddenProblem, notFoundProblem, validationProblem } from '../../intake/problems.ts';
import { functionRegistry } from '../../registry.ts';
import { now } from '../../runtime/clock.ts';
import { type AuthorizedHttpEvent, type HttpResult, json, problem } from '../../runtime/http.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { unexpectedErrorsAsProblems } from '../../runtime/middleware.ts';
import { observability } from '../../runtime/observability.ts';
import { type DecisionDependencies, recordDecision, recordWithdrawal } from '../../secretariat/decisions.ts';

const env = loadEnvironment(functionRegistry.decideSubmission);
const observed = observability(functionRegistry.decideSubmission);
const deps: DecisionDependencies = {
  table: tableAccess(env),
  stepFunctions: stepFunctions(),
  circulationStateMachineArn: env.CIRCULATION_STATE_MACHINE_ARN,
  withdrawalStateMachineArn: env.WITHDRAWAL_STATE_MACHINE_ARN,
};

const reasonSchema = z.string().trim().min(1).max(2000);
const decisionBody = z.strictObject({ decision: z.enum(decisionNames), value: z.boolean(), reason: reasonSchema });
const withdrawalBody = z.strictObject({ reason: reasonSchema });

const maxBodyBytes = 8 * 1024;

function conflictProblem(detail: string): HttpResult {
  return problem({ type: '/problems/decision-no-longer-applies', title: 'The decision no longer applies', status: 409, detail });
}

function secretariatCaller(event: AuthorizedHttpEvent): { ok: true; caller: Caller } | { ok: false; response: HttpResult } {
  try {
    const caller = callerFromClaims(event.requestContext.authorizer.jwt.claims);
    if (!caller.roles.includes('secretariat')) return { ok: false, response: forbiddenProblem('Only the Secretariat decides on a submission.') };
    return { ok: true, caller };
  } catch (error) {
    if (!(error instanceof InvalidClaimsError)) throw error;
    return { ok: false, response: forbiddenProblem(error.message) };
  }
}

export const handler = middy<AuthorizedHttpEvent, HttpResult>()
  .use(observed.middlewares)
  .use(unexpectedErrorsAsProblems(observed.logger))
  .handler(async (event) => {
    const access = secretariatCaller(event);
    if (!access.ok) return access.response;
    const actor = { kind: 'secretariat', id: access.caller.username } as const;
    const reference = event.pathParameters?.['reference'] ?? '';
    if (!parseReference(reference)) return notFoundProblem(`There is no submission ${reference}.`);
    const body = jsonBody(event, maxBodyBytes);
    if (!body.ok) return body.response;
    const at = now().toISOString();
    if (event.routeKey.endsWith('/decisions')) {
      const parsed = decisionBody.safeParse(body.value.value);
      if (!parsed.success) return validationProblem(fieldErrors(parsed.error.issues, 'is not a field of a decision'));
      const outcome = await recordDecision(
        deps,
        reference,
        { name: parsed.data.decision, value: parsed.data.value, reason: parsed.data.reason, by: access.caller.username, at },
        actor,
      );
      if (outcome.kind === 'not-found') return notFoundProblem(`There is no submission ${reference}.`);
      if (outcome.kind === 'refused') return conflictProblem(outcome.message);
      if (outcome.kind === 'unchanged') return json(200, { reference, changed: false, detail: outcome.message });
      return json(200, {
        reference,
        changed: true,
        status: outcome.submission.status,
        decisions: outcome.submission.decisions,
        circulating: outcome.circulateNow,
      });
    }
    const parsed = withdrawalBody.safeParse(body.value.value);
    if (!parsed.success) return validationProblem(fieldErrors(parsed.error.issues, 'is not a field of a withdrawal'));
    const outcome = await recordWithdrawal(deps, reference, { by: access.caller.username, reason: parsed.data.reason, at }, actor);
    if (outcome.kind === 'not-found') return notFoundProblem(`There is no submission ${reference}.`);
    if (outcome.kind === 'refused') return conflictProblem(outcome.message);
    return json(200, { reference, withdrawn: outcome.submission.withdrawal });
  });

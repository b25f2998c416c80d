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
import { stepFunctions } from '../../aws/clients.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { parseReference } from '../../core/references.ts';
import { fieldErrors } from '../../core/validation.ts';
import { signedInHandler } from '../../intake/api-handler.ts';
import { decisionRequestSchema, withdrawalRequestSchema } from '../../intake/api-schemas.ts';
import { jsonBody, secretariatCaller } from '../../intake/http-request.ts';
import { notFoundProblem, validationProblem } from '../../intake/problems.ts';
import { now } from '../../runtime/clock.ts';
import { type HttpResult, json, problem } from '../../runtime/http.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { type DecisionDependencies, type NotFound, recordDecision, recordWithdrawal } from '../../secretariat/decisions.ts';
import { decideSubmission as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);
const deps: DecisionDependencies = {
  table: tableAccess(env),
  stepFunctions: stepFunctions(),
  circulationStateMachineArn: env.CIRCULATION_STATE_MACHINE_ARN,
  withdrawalStateMachineArn: env.WITHDRAWAL_STATE_MACHINE_ARN,
};
const maxBodyBytes = 8 * 1024;

export const handler = signedInHandler(observability(thisFunction), deps.table, async (event) => {
  const caller = secretariatCaller(event, 'Only the Secretariat decides on a submission.');
  if (!caller.ok) return caller.response;
  const reference = event.pathParameters?.['reference'] ?? '';
  if (!parseReference(reference)) return notFoundProblem(`There is no submission ${reference}.`);
  const body = jsonBody(event, maxBodyBytes);
  if (!body.ok) return body.response;
  const actor = { kind: 'secretariat', id: caller.value.username } as const;
  const at = now().toISOString();
  if (event.routeKey.endsWith('/decisions')) {
    const parsed = decisionRequestSchema.safeParse(body.value.value);
    if (!parsed.success) return validationProblem(fieldErrors(parsed.error.issues, 'is not a field of a decision'));
    const { decision: name, value, reason } = parsed.data;
    const outcome = await recordDecision(deps, reference, { name, value, reason, by: actor.id, at }, actor);
    if (outcome.kind !== 'changed') return refusal(outcome, reference) ?? json(200, { reference, changed: false, detail: outcome.message });
    const { status, decisions } = outcome.submission;
    return json(200, { reference, changed: true, status, decisions, circulating: outcome.circulateNow });
  }
  const parsed = withdrawalRequestSchema.safeParse(body.value.value);
  if (!parsed.success) return validationProblem(fieldErrors(parsed.error.issues, 'is not a field of a withdrawal'));
  const outcome = await recordWithdrawal(deps, reference, { by: actor.id, reason: parsed.data.reason, at }, actor);
  return outcome.kind === 'changed' ? json(200, { reference, withdrawn: outcome.submission.withdrawal }) : refusal(outcome, reference)!;
});

/** 404 for an unknown submission, 409 with the reason where the decision no longer applies. */
function refusal(outcome: NotFound | { readonly kind: string; readonly message?: string }, reference: string): HttpResult | undefined {
  if (outcome.kind === 'not-found') return notFoundProblem(`There is no submission ${reference}.`);
  if (outcome.kind !== 'refused') return undefined;
  return problem({ type: '/problems/decision-no-longer-applies', title: 'The decision no longer applies', status: 409, detail: outcome.message ?? '' });
}

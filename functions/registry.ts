/**
 * The function registry: every Lambda function of the system, described once.
 *
 * The CDK stack reads it to create each function, its trigger and its IAM grants; the local
 * engine reads it to route HTTP requests, inbound mail and workflow tasks to the same handlers.
 * Each entry is in its own module beside its handler (`handlers/<name>/spec.ts`, made with
 * function-spec.ts), so that a handler's bundle carries its own entry alone. Adding a function
 * means adding that module and listing it here; neither engine has a list of its own.
 */
import type { FunctionSpec } from './function-spec.ts';
import { apiDocuments } from './handlers/api-documents/spec.ts';
import { checkObligation } from './handlers/check-obligation/spec.ts';
import { decideSubmission } from './handlers/decide-submission/spec.ts';
import { drafts } from './handlers/drafts/spec.ts';
import { health } from './handlers/health/spec.ts';
import { inboundEmail } from './handlers/inbound-email/spec.ts';
import { manageFocalPoints } from './handlers/manage-focal-points/spec.ts';
import { planCirculation } from './handlers/plan-circulation/spec.ts';
import { planDispatch } from './handlers/plan-dispatch/spec.ts';
import { planWithdrawal } from './handlers/plan-withdrawal/spec.ts';
import { portal } from './handlers/portal/spec.ts';
import { readSubmissions } from './handlers/read-submissions/spec.ts';
import { reconcileIntake } from './handlers/reconcile-intake/spec.ts';
import { reconcileSends } from './handlers/reconcile-sends/spec.ts';
import { recordDispatch } from './handlers/record-dispatch/spec.ts';
import { recordMailEvents } from './handlers/record-mail-events/spec.ts';
import { requestAttachmentUpload } from './handlers/request-attachment-upload/spec.ts';
import { sendNote } from './handlers/send-note/spec.ts';
import { startReminders } from './handlers/start-reminders/spec.ts';
import { submitReport } from './handlers/submit-report/spec.ts';
import { whoami } from './handlers/whoami/spec.ts';

export type { Access, FunctionSpec, HttpMethod, ObjectAccess, Trigger, WorkflowName } from './function-spec.ts';

export const functionRegistry = {
  health,
  whoami,
  inboundEmail,

  // Intake: the upload endpoint (HTTP API, focal points' tokens).
  submitReport,
  readSubmissions,
  requestAttachmentUpload,
  manageFocalPoints,
  decideSubmission,
  apiDocuments,
  drafts,
  portal,

  // Workflows (paragraph 12): tasks of the state machines in workflows/.
  planDispatch,
  sendNote,
  recordDispatch,
  planCirculation,
  planWithdrawal,
  startReminders,
  checkObligation,
  reconcileIntake,
  recordMailEvents,
  reconcileSends,
} as const;

export type FunctionKey = keyof typeof functionRegistry;

export const allFunctions: readonly FunctionSpec[] = Object.values(functionRegistry);

/** `inbound-email` → `InboundEmail`: the stem of the `${...FunctionArn}` workflow placeholders. */
export function pascalName(spec: Pick<FunctionSpec, 'name'>): string {
  return spec.name.replace(/(^|-)([a-z0-9])/g, (_m, _dash: string, c: string) => c.toUpperCase());
}

/** The ASL placeholder for a function's ARN, e.g. `HealthFunctionArn`. */
export function functionArnPlaceholder(spec: Pick<FunctionSpec, 'name'>): string {
  return `${pascalName(spec)}FunctionArn`;
}

/**
 * `definitionSubstitutions` for every workflow: each registry function's ARN under its
 * placeholder name. CDK passes token ARNs; the local engine passes its own local ARNs.
 */
export function functionArnSubstitutions(arnOf: (spec: FunctionSpec) => string): Record<string, string> {
  return Object.fromEntries(allFunctions.map((spec) => [functionArnPlaceholder(spec), arnOf(spec)]));
}

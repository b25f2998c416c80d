/**
 * The function registry: every Lambda function of the system, described once.
 *
 * The CDK stack reads it to create each function, its trigger and its IAM grants; the local
 * engine reads it to route HTTP requests, inbound mail and workflow tasks to the same handlers.
 * Adding a function means adding an entry here; neither engine has a list of its own.
 */
import * as z from 'zod/mini';
import { environmentCatalogue, environmentOf } from './runtime/environment.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What invokes a function. */
export type Trigger =
  /** A route of the HTTP API; `jwt` routes require a token from the focal-point user pool. */
  | { readonly kind: 'http'; readonly method: HttpMethod; readonly path: string; readonly auth: 'jwt' | 'none' }
  /** The SES receipt rule for the reporting address, after the raw message is stored in S3. */
  | { readonly kind: 'inbound-email' }
  /** SES sending events (delivery, bounce, complaint) of the configuration set, via EventBridge. */
  | { readonly kind: 'ses-events' }
  /** A schedule (an EventBridge rule on AWS, a timer on the engine clock locally). */
  | { readonly kind: 'schedule'; readonly everyMinutes: number }
  /** A Task state of a workflow (`${<Name>FunctionArn}` in the ASL definitions). */
  | { readonly kind: 'workflow-task' };

/** The state machines, by the stem of their `workflows/<name>.asl.json` file. */
export type WorkflowName = 'circular-dispatch' | 'circulation' | 'reminder' | 'withdrawal' | 'resend';

/**
 * What a function may do with the objects of a bucket: `read` is GetObject (HeadObject included)
 * and ListBucket (so that a missing key answers 404, not 403), `write` is PutObject. Nothing
 * deletes, unlocks or places a hold on evidence: no function is granted s3:DeleteObject*,
 * s3:PutObjectRetention or s3:PutObjectLegalHold (test/infra/iam.test.ts).
 */
export type ObjectAccess = 'read' | 'write' | 'readwrite';

/** What a function may touch: the CDK stack grants exactly this and nothing more. */
export interface Access {
  readonly table?: 'read' | 'readwrite';
  readonly evidenceBucket?: ObjectAccess;
  /** The raw messages SES stores (data-design.ts, `inboundMail`); only read by functions. */
  readonly inboundMail?: 'read';
  /** Send through SES v2 (from the sender identity, with the configuration set). */
  readonly sendEmail?: boolean;
  /** Start executions of these state machines. */
  readonly startWorkflows?: readonly WorkflowName[];
  /** Administer the focal points' user pool (create, disable, list users; group membership). */
  readonly userPool?: 'admin';
}

export interface FunctionSpec<E extends z.ZodMiniObject = z.ZodMiniObject> {
  /** Short kebab-case name; the deployed function is `<stack>-<name>`. */
  readonly name: string;
  /** Handler module, relative to the repository root (`functions/handlers/<name>/handler.ts`); it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** Schema of the environment; the handler parses it at start, the engines must supply it. */
  readonly environment: E;
  readonly triggers: readonly Trigger[];
  readonly access: Access;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
  /**
   * A file the function serves, built beside its handler rather than at its cold start (the
   * portal's browser script, the OpenAPI document): `builder` (a module relative to the
   * repository root, runnable as `node <builder> <outfile>`, exporting `buildServedFile(outfile)`:
   * handlers/served-file.ts) writes `file` next to the handler's module. The CDK stack builds it
   * into the function's asset, the local engine before it starts serving.
   */
  readonly servedFile?: { readonly builder: string; readonly file: string };
}

/**
 * Every entry point lives at `functions/handlers/<name>/handler.ts`, so the path is the name's.
 * A function answering HTTP routes also receives the origin secret (runtime/origin-check.ts).
 * The triggers keep their literal types, so that a handler's route table is checked against
 * them (runtime/routes.ts).
 */
function defineFunction<E extends z.ZodMiniObject, const T extends readonly Trigger[]>(
  spec: Omit<FunctionSpec<E>, 'entry' | 'triggers'> & { readonly triggers: T },
): FunctionSpec<E> & { readonly triggers: T } {
  const entry = `functions/handlers/${spec.name}/handler.ts`;
  if (!spec.triggers.some((trigger) => trigger.kind === 'http')) return { ...spec, entry };
  return { ...spec, entry, environment: z.extend(spec.environment, { ORIGIN_VERIFY: environmentCatalogue.ORIGIN_VERIFY }) as unknown as E };
}

export const functionRegistry = {
  health: defineFunction({
    name: 'health',
    description: 'Checks that the table and the evidence bucket answer; a pre-flight step for workflows.',
    environment: environmentOf('TABLE_NAME', 'EVIDENCE_BUCKET', 'S3_FORCE_PATH_STYLE'),
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/health', auth: 'none' }, { kind: 'workflow-task' }],
    access: { table: 'read', evidenceBucket: 'read' },
  }),
  whoami: defineFunction({
    name: 'whoami',
    description: 'Tells a signed-in focal point which State and roles its token carries.',
    environment: environmentOf(),
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/whoami', auth: 'jwt' }],
    access: {},
  }),
  inboundEmail: defineFunction({
    name: 'inbound-email',
    description: 'Accepts a report e-mailed by a registered mission mailbox, or quarantines it with the reason.',
    environment: environmentOf(
      'TABLE_NAME',
      'EVIDENCE_BUCKET',
      'INBOUND_EMAIL_BUCKET',
      'INBOUND_EMAIL_PREFIX',
      'S3_FORCE_PATH_STYLE',
      'CIRCULATION_STATE_MACHINE_ARN',
      'SENDER_ADDRESS',
      'REPORTING_ADDRESS',
      'SES_CONFIGURATION_SET',
    ),
    // Also every five minutes: messages whose every attempt failed are handled again from their record.
    triggers: [{ kind: 'inbound-email' }, { kind: 'schedule', everyMinutes: 5 }],
    // Writes each accepted attachment beside the raw message; parses messages of up to ~36 MB in memory.
    access: { table: 'readwrite', evidenceBucket: 'readwrite', inboundMail: 'read', sendEmail: true, startWorkflows: ['circulation'] },
    memoryMb: 1024,
    timeoutSeconds: 60,
  }),

  // Intake: the upload endpoint (HTTP API, focal points' tokens).
  submitReport: defineFunction({
    name: 'submit-report',
    description: 'POST /v1/submissions: records a State’s report, answers with its receipt and starts its circulation.',
    environment: environmentOf(
      'TABLE_NAME',
      'EVIDENCE_BUCKET',
      'S3_FORCE_PATH_STYLE',
      'CIRCULATION_STATE_MACHINE_ARN',
      'SENDER_ADDRESS',
      'SES_CONFIGURATION_SET',
    ),
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/submissions', auth: 'jwt' }],
    access: { table: 'readwrite', evidenceBucket: 'readwrite', startWorkflows: ['circulation'], sendEmail: true },
    timeoutSeconds: 30,
  }),
  readSubmissions: defineFunction({
    name: 'read-submissions',
    description: 'A State’s own submissions and receipts, what was sent about them, links to their files, and what it owes now.',
    environment: environmentOf('TABLE_NAME', 'EVIDENCE_BUCKET', 'S3_FORCE_PATH_STYLE'),
    triggers: [
      { kind: 'http', method: 'GET', path: '/v1/submissions', auth: 'jwt' },
      { kind: 'http', method: 'GET', path: '/v1/submissions/{reference}', auth: 'jwt' },
      { kind: 'http', method: 'GET', path: '/v1/obligations', auth: 'jwt' },
    ],
    // Signs short-lived GetObject links, each to a file the caller's own submission cites.
    access: { table: 'read', evidenceBucket: 'read' },
  }),
  requestAttachmentUpload: defineFunction({
    name: 'request-attachment-upload',
    description: 'POST /v1/attachments: a presigned upload, under the State’s own prefix, of one attachment of checked type, size and checksum.',
    environment: environmentOf('TABLE_NAME', 'EVIDENCE_BUCKET', 'S3_FORCE_PATH_STYLE'),
    triggers: [{ kind: 'http', method: 'POST', path: '/v1/attachments', auth: 'jwt' }],
    // Reads the table for its caller's revocation record only; signs a PutObject, reads nothing.
    access: { table: 'read', evidenceBucket: 'write' },
  }),
  manageFocalPoints: defineFunction({
    name: 'manage-focal-points',
    description: 'A mission administrator lists, adds, disables and removes its own State’s focal points.',
    environment: environmentOf('USER_POOL_ID', 'TABLE_NAME'),
    triggers: [
      { kind: 'http', method: 'GET', path: '/v1/focal-points', auth: 'jwt' },
      { kind: 'http', method: 'POST', path: '/v1/focal-points', auth: 'jwt' },
      { kind: 'http', method: 'PATCH', path: '/v1/focal-points/{username}', auth: 'jwt' },
      { kind: 'http', method: 'DELETE', path: '/v1/focal-points/{username}', auth: 'jwt' },
    ],
    access: { userPool: 'admin', table: 'readwrite' },
  }),
  decideSubmission: defineFunction({
    name: 'decide-submission',
    description: 'The Secretariat’s decisions on a submission (circulate, publish, summarize) and its withdrawal: audited, refused where they no longer apply.',
    environment: environmentOf('TABLE_NAME', 'CIRCULATION_STATE_MACHINE_ARN', 'WITHDRAWAL_STATE_MACHINE_ARN'),
    triggers: [
      { kind: 'http', method: 'POST', path: '/v1/submissions/{reference}/decisions', auth: 'jwt' },
      { kind: 'http', method: 'POST', path: '/v1/submissions/{reference}/withdrawal', auth: 'jwt' },
    ],
    access: { table: 'readwrite', startWorkflows: ['circulation', 'withdrawal'] },
  }),
  apiDocuments: defineFunction({
    name: 'api-documents',
    description: 'The OpenAPI document of the API and the submission form for focal points.',
    // The bucket, S3 settings and DNS suffix name the origins of the form's Content-Security-Policy; nothing is read or written.
    environment: environmentOf('EVIDENCE_BUCKET', 'S3_FORCE_PATH_STYLE', 'DNS_SUFFIX'),
    triggers: [
      { kind: 'http', method: 'GET', path: '/v1/openapi.json', auth: 'none' },
      { kind: 'http', method: 'GET', path: '/v1/form', auth: 'none' },
    ],
    access: {},
    servedFile: { builder: 'functions/handlers/api-documents/build-document.ts', file: 'openapi.json' },
  }),
  drafts: defineFunction({
    name: 'drafts',
    description: 'A State’s drafts of reports: saved, listed, read back and deleted by its own focal points only.',
    environment: environmentOf('TABLE_NAME'),
    triggers: [
      { kind: 'http', method: 'GET', path: '/v1/drafts', auth: 'jwt' },
      { kind: 'http', method: 'POST', path: '/v1/drafts', auth: 'jwt' },
      { kind: 'http', method: 'GET', path: '/v1/drafts/{id}', auth: 'jwt' },
      { kind: 'http', method: 'PUT', path: '/v1/drafts/{id}', auth: 'jwt' },
      { kind: 'http', method: 'DELETE', path: '/v1/drafts/{id}', auth: 'jwt' },
    ],
    access: { table: 'readwrite' },
  }),
  portal: defineFunction({
    name: 'portal',
    description: 'The missions’ portal: its page, its one script and the names of States, for focal points to sign in, report and follow their reports.',
    environment: environmentOf('TABLE_NAME', 'EVIDENCE_BUCKET', 'S3_FORCE_PATH_STYLE', 'DNS_SUFFIX', 'USER_POOL_ID', 'USER_POOL_CLIENT_ID', 'COGNITO_ENDPOINT'),
    triggers: [
      { kind: 'http', method: 'GET', path: '/portal', auth: 'none' },
      { kind: 'http', method: 'GET', path: '/portal/{asset}', auth: 'none' },
    ],
    // The States registry, for the names of States in the page's lists.
    access: { table: 'read' },
    servedFile: { builder: 'functions/handlers/portal/bundle.ts', file: 'portal-app.js' },
  }),

  // Workflows (paragraph 12): tasks of the state machines in workflows/.
  planDispatch: defineFunction({
    name: 'plan-dispatch',
    description: 'The addressees of a circular note or pre-deadline reminder, and how many to send to at once.',
    environment: environmentOf('TABLE_NAME', 'DISPATCH_CONCURRENCY'),
    triggers: [{ kind: 'workflow-task' }],
    access: { table: 'read' },
  }),
  sendNote: defineFunction({
    name: 'send-note',
    description: 'Renders one note verbale for one State and sends it once to each of its healthy mailboxes.',
    environment: environmentOf(
      'TABLE_NAME',
      'EVIDENCE_BUCKET',
      'S3_FORCE_PATH_STYLE',
      'SENDER_ADDRESS',
      'REPORTING_ADDRESS',
      'SUBMISSION_FORM_URL',
      'SES_CONFIGURATION_SET',
      'SES_MAX_SEND_RATE',
      'DISPATCH_CONCURRENCY',
    ),
    triggers: [{ kind: 'workflow-task' }],
    access: { table: 'readwrite', evidenceBucket: 'read', sendEmail: true },
    memoryMb: 512,
    timeoutSeconds: 30,
  }),
  recordDispatch: defineFunction({
    name: 'record-dispatch',
    description: 'Totals a dispatch (sent, already sent, unreached), records it and tells the Secretariat of unreached States.',
    environment: environmentOf('TABLE_NAME', 'SENDER_ADDRESS', 'SECRETARIAT_ADDRESS', 'SES_CONFIGURATION_SET'),
    triggers: [{ kind: 'workflow-task' }],
    access: { table: 'readwrite', sendEmail: true },
  }),
  planCirculation: defineFunction({
    name: 'plan-circulation',
    description: 'Decides how a received submission is circulated: to all States, or (at the State’s request) to the Secretariat only.',
    environment: environmentOf('TABLE_NAME', 'SENDER_ADDRESS', 'SECRETARIAT_ADDRESS', 'SES_CONFIGURATION_SET', 'DISPATCH_CONCURRENCY'),
    triggers: [{ kind: 'workflow-task' }],
    access: { table: 'readwrite', sendEmail: true },
  }),
  planWithdrawal: defineFunction({
    name: 'plan-withdrawal',
    description: 'The States to tell of a withdrawn report: those sent its circulation or an attention note about it.',
    environment: environmentOf('TABLE_NAME', 'DISPATCH_CONCURRENCY'),
    triggers: [{ kind: 'workflow-task' }],
    access: { table: 'read' },
  }),
  startReminders: defineFunction({
    name: 'start-reminders',
    description: 'Starts one reminder workflow per obligation an incident gives rise to (deterministic names: a second start is harmless).',
    environment: environmentOf('TABLE_NAME', 'REMINDER_STATE_MACHINE_ARN'),
    triggers: [{ kind: 'workflow-task' }],
    access: { table: 'read', startWorkflows: ['reminder'] },
  }),
  checkObligation: defineFunction({
    name: 'check-obligation',
    description: 'Re-reads an obligation: still owed (and the next reminder date), discharged, or overdue past its last reminder.',
    environment: environmentOf('TABLE_NAME'),
    triggers: [{ kind: 'workflow-task' }],
    access: { table: 'readwrite' },
  }),
  reconcileIntake: defineFunction({
    name: 'reconcile-intake',
    description: 'Starts the circulation of any submission recorded without one (an intake that failed after storing it).',
    environment: environmentOf('TABLE_NAME', 'CIRCULATION_STATE_MACHINE_ARN'),
    triggers: [{ kind: 'schedule', everyMinutes: 5 }],
    access: { table: 'readwrite', startWorkflows: ['circulation'] },
    timeoutSeconds: 60,
  }),
  recordMailEvents: defineFunction({
    name: 'record-mail-events',
    description: 'Marks a mailbox unhealthy when mail to it hard-bounces or is reported as spam, and settles uncertain sends SES reports as sent.',
    environment: environmentOf('TABLE_NAME'),
    triggers: [{ kind: 'ses-events' }],
    access: { table: 'readwrite' },
  }),
  reconcileSends: defineFunction({
    name: 'reconcile-sends',
    description: 'Releases, audited, the sends of any note left uncertain past the window with no SES sending event, and starts their resend.',
    environment: environmentOf('TABLE_NAME', 'UNSETTLED_SEND_WINDOW_MINUTES', 'RESEND_STATE_MACHINE_ARN'),
    triggers: [{ kind: 'schedule', everyMinutes: 15 }],
    access: { table: 'readwrite', startWorkflows: ['resend'] },
    timeoutSeconds: 60,
  }),
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

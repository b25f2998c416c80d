/**
 * The function registry: every Lambda function of the system, described once.
 *
 * The CDK stack reads it to create each function, its trigger and its IAM grants; the local
 * engine reads it to route HTTP requests, inbound mail and workflow tasks to the same handlers.
 * Adding a function means adding an entry here; neither engine has a list of its own.
 */
import type { z } from 'zod';
import { environmentOf } from './runtime/environment.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What invokes a function. */
export type Trigger =
  /** A route of the HTTP API; `jwt` routes require a token from the focal-point user pool. */
  | { readonly kind: 'http'; readonly method: HttpMethod; readonly path: string; readonly auth: 'jwt' | 'none' }
  /** The SES receipt rule for the reporting address, after the raw message is stored in S3. */
  | { readonly kind: 'inbound-email' }
  /** A Task state of a workflow (`${<Name>FunctionArn}` in the ASL definitions). */
  | { readonly kind: 'workflow-task' };

/** What a function may touch: the CDK stack grants exactly this and nothing more. */
export interface Access {
  readonly table?: 'read' | 'readwrite';
  readonly evidenceBucket?: 'read' | 'readwrite';
}

export interface FunctionSpec<E extends z.ZodObject = z.ZodObject> {
  /** Short kebab-case name; the deployed function is `<stack>-<name>`. */
  readonly name: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** Schema of the environment; the handler parses it at start, the engines must supply it. */
  readonly environment: E;
  readonly triggers: readonly Trigger[];
  readonly access: Access;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
}

function defineFunction<E extends z.ZodObject>(spec: FunctionSpec<E>): FunctionSpec<E> {
  return spec;
}

export const functionRegistry = {
  health: defineFunction({
    name: 'health',
    entry: 'functions/health/handler.ts',
    description: 'Checks that the table and the evidence bucket answer; a pre-flight step for workflows.',
    environment: environmentOf('TABLE_NAME', 'EVIDENCE_BUCKET', 'S3_FORCE_PATH_STYLE'),
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/health', auth: 'none' }, { kind: 'workflow-task' }],
    access: { table: 'read', evidenceBucket: 'read' },
  }),
  whoami: defineFunction({
    name: 'whoami',
    entry: 'functions/whoami/handler.ts',
    description: 'Tells a signed-in focal point which State and roles its token carries.',
    environment: environmentOf(),
    triggers: [{ kind: 'http', method: 'GET', path: '/v1/whoami', auth: 'jwt' }],
    access: {},
  }),
  inboundEmail: defineFunction({
    name: 'inbound-email',
    entry: 'functions/inbound-email/handler.ts',
    description: 'Records a message received at the reporting address, from its raw MIME in the evidence bucket.',
    environment: environmentOf('TABLE_NAME', 'EVIDENCE_BUCKET', 'INBOUND_EMAIL_PREFIX', 'S3_FORCE_PATH_STYLE'),
    triggers: [{ kind: 'inbound-email' }],
    access: { table: 'readwrite', evidenceBucket: 'read' },
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

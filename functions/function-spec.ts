/**
 * What the registry (functions/registry.ts) says of each Lambda function, and how an entry is
 * made. Each function's entry is in its own module beside its handler
 * (`functions/handlers/<name>/spec.ts`): the handler imports that module alone, so that its bundle
 * carries no other function's entry; the registry lists them all for the CDK stack and the local
 * engine.
 */
import type { EnvironmentSpec, EnvironmentVariable } from './runtime/environment.ts';

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

export interface FunctionSpec<K extends EnvironmentVariable = EnvironmentVariable> {
  /** Short kebab-case name; the deployed function is `<stack>-<name>`. */
  readonly name: string;
  /** Handler module, relative to the repository root (`functions/handlers/<name>/handler.ts`); it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** The variables of its environment: the handler checks them at start, the engines supply them. */
  readonly environment: EnvironmentSpec<K>;
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
export function defineFunction<K extends EnvironmentVariable, const T extends readonly Trigger[]>(
  spec: Omit<FunctionSpec<K>, 'entry' | 'triggers'> & { readonly triggers: T },
): FunctionSpec<WithOriginSecret<K, T>> & { readonly triggers: T } {
  const entry = `functions/handlers/${spec.name}/handler.ts`;
  const variables: readonly EnvironmentVariable[] = spec.triggers.some((trigger) => trigger.kind === 'http')
    ? [...spec.environment.variables, 'ORIGIN_VERIFY']
    : spec.environment.variables;
  return { ...spec, entry, environment: { variables: variables as readonly WithOriginSecret<K, T>[] } };
}

/** The variables of a function with these triggers: with the origin secret if one is an HTTP route. */
type WithOriginSecret<K extends EnvironmentVariable, T extends readonly Trigger[]> = [Extract<T[number], { kind: 'http' }>] extends [never]
  ? K
  : K | 'ORIGIN_VERIFY';

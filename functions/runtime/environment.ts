/**
 * Every environment variable a function may read, declared once with its rule.
 *
 * A function's environment (in the registry) is a pick of this catalogue; the CDK stack and the
 * local engine both produce values for the whole catalogue (typed as `EnvironmentValues`), so a
 * variable that a function needs and an engine forgets is a compile error, not a cold-start crash.
 *
 * The rules are plain tests, not schemas: every function checks its environment at load, and
 * doing it with zod cost a function that uses zod for nothing else about 10 ms of its cold start
 * (docs/benchmarks.md, "The environment without a schema library").
 */

/** What a variable's value must be: `expected` says it in an error, `accepts` tests it. */
export interface VariableRule<V extends string = string> {
  readonly expected: string;
  readonly accepts: (value: string) => value is V;
  /** The value of a variable left unset; without one, an unset variable is an error. */
  readonly fallback?: V;
}

const atLeast = (characters: number): VariableRule => ({
  expected: characters === 1 ? 'a non-empty string' : `at least ${characters} characters`,
  accepts: (value): value is string => value.length >= characters,
});
const matching = (pattern: RegExp, expected: string): VariableRule => ({ expected, accepts: (value): value is string => pattern.test(value) });
const oneOf = <const V extends string>(choices: readonly V[], fallback: V): VariableRule<V> => ({
  expected: `one of ${choices.join(', ')}`,
  accepts: (value): value is V => (choices as readonly string[]).includes(value),
  fallback,
});
const anyString: VariableRule = { expected: 'a string', accepts: (_value): _value is string => true };
const arn: VariableRule = { expected: 'an ARN (arn:…)', accepts: (value): value is string => value.startsWith('arn:') };
/**
 * zod's `z.email()` pattern, which the request schemas check addresses with, so that both accept
 * the same addresses (test/unit/environment.test.ts compares them). Written out because importing
 * it from zod brings every pattern zod has.
 */
// eslint-disable-next-line no-useless-escape -- zod's source, character for character
export const emailAddressPattern = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
const emailAddress = matching(emailAddressPattern, 'an e-mail address');
const httpUrl: VariableRule = {
  expected: 'an http or https URL',
  accepts: (value): value is string => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol),
};

export const environmentCatalogue = {
  /** Name of the single DynamoDB table that holds every entity. */
  TABLE_NAME: atLeast(3),
  /** Bucket for raw submissions (MIME, uploads) and attachments kept as evidence. */
  EVIDENCE_BUCKET: atLeast(3),
  /** Bucket where the SES receipt rule stores raw inbound messages (no default retention: see data-design.ts). */
  INBOUND_EMAIL_BUCKET: atLeast(3),
  /** Key prefix under which the SES receipt rule stores raw inbound messages. */
  INBOUND_EMAIL_PREFIX: matching(/^[a-z0-9/-]*\/$/, 'a key prefix ending in /'),
  /**
   * Whether S3 must be addressed path-style (bucket in the path, not the host name). AWS needs
   * no such setting; S3 stand-ins that serve one host name do.
   */
  S3_FORCE_PATH_STYLE: oneOf(['true', 'false'], 'false'),
  /**
   * The DNS suffix of the partition's endpoints (AWS::URLSuffix: `amazonaws.com`,
   * `amazonaws.com.cn`...), with which a function names an endpoint without loading the SDK.
   */
  DNS_SUFFIX: matching(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a DNS suffix such as amazonaws.com'),
  /** The circulation-on-receipt state machine, started by intake for every submission. */
  CIRCULATION_STATE_MACHINE_ARN: arn,
  /** The reasonable-period reminder state machine, started once per obligation. */
  REMINDER_STATE_MACHINE_ARN: arn,
  /** The state machine that tells the States that received a report of its withdrawal. */
  WITHDRAWAL_STATE_MACHINE_ARN: arn,
  /** The state machine that sends a released send again (aws/resend.ts), started by the sweep of uncertain sends. */
  RESEND_STATE_MACHINE_ARN: arn,
  /** The address notes and acknowledgements are sent from (a verified SES identity). */
  SENDER_ADDRESS: emailAddress,
  /** The address States send reports to (the SES receipt rule's recipient). */
  REPORTING_ADDRESS: emailAddress,
  /** The web form through which focal points submit (printed in notes as a reply channel). */
  SUBMISSION_FORM_URL: httpUrl,
  /** The Secretariat's own mailbox: notices that a report is not circulated, unreached States. */
  SECRETARIAT_ADDRESS: emailAddress,
  /** SES configuration set whose events (delivery, bounce, complaint) feed mailbox health. */
  SES_CONFIGURATION_SET: atLeast(1),
  /** The account's SES maximum send rate, messages per second; sends are paced to stay under it. */
  SES_MAX_SEND_RATE: matching(/^\d+(\.\d+)?$/, 'messages per second'),
  /**
   * How many States a dispatch sends to at once (the Map state's MaxConcurrency): each send is
   * paced to take DISPATCH_CONCURRENCY / SES_MAX_SEND_RATE seconds, so together they keep the rate.
   */
  DISPATCH_CONCURRENCY: matching(/^[1-9]\d*$/, 'a whole number of parallel sends'),
  /**
   * Minutes a send may stay claimed and unmarked with no SES sending event for it before the
   * sweep releases it for the note's next run (note-sender.ts, `SendReconciler`).
   */
  UNSETTLED_SEND_WINDOW_MINUTES: matching(/^\d+(\.\d+)?$/, 'minutes'),
  /** The focal points' user pool, administered by mission administrators for their own State. */
  USER_POOL_ID: atLeast(1),
  /** The user pool's app client the portal signs people in with (SRP, no secret). */
  USER_POOL_CLIENT_ID: atLeast(1),
  /** The Cognito user pools API the portal's page calls to sign in (the region's, or the engine's stand-in). */
  COGNITO_ENDPOINT: httpUrl,
  /**
   * The secret CloudFront adds to each request it forwards to the API (origin-check.ts); every
   * HTTP function receives it. Empty, requests are not checked (the local engine by default).
   */
  ORIGIN_VERIFY: anyString,
} as const satisfies Record<string, VariableRule>;

export type EnvironmentVariable = keyof typeof environmentCatalogue;

/** Values for the whole catalogue, as an engine (CDK or local) must provide them. */
export type EnvironmentValues = Record<EnvironmentVariable, string>;

/** A function's environment: the catalogue variables it reads. */
export interface EnvironmentSpec<K extends EnvironmentVariable = EnvironmentVariable> {
  readonly variables: readonly K[];
}

type ValueOf<R> = R extends VariableRule<infer V> ? V : never;

/** The values a function with this environment reads, once checked. */
export type Environment<K extends EnvironmentVariable> = { readonly [P in K]: ValueOf<(typeof environmentCatalogue)[P]> };

/** The environment made of the named catalogue variables. */
export function environmentOf<K extends EnvironmentVariable>(...variables: K[]): EnvironmentSpec<K> {
  return { variables };
}

/** The subset of `values` that a function with this environment receives. */
export function environmentFor(spec: EnvironmentSpec, values: EnvironmentValues): Record<string, string> {
  return Object.fromEntries(spec.variables.map((name) => [name, values[name]]));
}

/**
 * Checks `source` against the rules of the spec's variables: the values (with their fallbacks),
 * or every problem, one per variable. A problem names the variable and what it must be, never
 * its value (ORIGIN_VERIFY is a secret).
 */
export function checkEnvironment<K extends EnvironmentVariable>(
  spec: EnvironmentSpec<K>,
  source: Readonly<Record<string, string | undefined>>,
): { readonly values: Environment<K>; readonly problems: readonly string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const name of spec.variables) {
    const rule: VariableRule = environmentCatalogue[name];
    const value = source[name] ?? rule.fallback;
    if (value === undefined) problems.push(`${name}: missing (expected ${rule.expected})`);
    else if (!rule.accepts(value)) problems.push(`${name}: expected ${rule.expected}`);
    else values[name] = value;
  }
  return { values: values as Environment<K>, problems };
}

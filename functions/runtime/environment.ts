/**
 * Every environment variable a function may read, declared once with its schema.
 *
 * A function's environment (in the registry) is a pick of this catalogue; the CDK stack and the
 * local engine both produce values for the whole catalogue (typed as `EnvironmentValues`), so a
 * variable that a function needs and an engine forgets is a compile error, not a cold-start crash.
 *
 * Written with `zod/mini`: every function loads this catalogue and the registry, and the small API
 * costs about 19 KB of a bundle where the full one costs 83 KB or more (docs/benchmarks.md).
 */
import * as z from 'zod/mini';
// The English messages the full API gives, so that a bad variable reads the same.
import '../core/zod-messages.ts';

export const environmentCatalogue = {
  /** Name of the single DynamoDB table that holds every entity. */
  TABLE_NAME: z.string().check(z.minLength(3)),
  /** Bucket for raw submissions (MIME, uploads) and attachments kept as evidence. */
  EVIDENCE_BUCKET: z.string().check(z.minLength(3)),
  /** Bucket where the SES receipt rule stores raw inbound messages (no default retention: see data-design.ts). */
  INBOUND_EMAIL_BUCKET: z.string().check(z.minLength(3)),
  /** Key prefix under which the SES receipt rule stores raw inbound messages. */
  INBOUND_EMAIL_PREFIX: z.string().check(z.regex(/^[a-z0-9/-]*\/$/, 'a key prefix ending in /')),
  /**
   * Whether S3 must be addressed path-style (bucket in the path, not the host name). AWS needs
   * no such setting; S3 stand-ins that serve one host name do.
   */
  S3_FORCE_PATH_STYLE: z._default(z.enum(['true', 'false']), 'false'),
  /**
   * The DNS suffix of the partition's endpoints (AWS::URLSuffix: `amazonaws.com`,
   * `amazonaws.com.cn`...), with which a function names an endpoint without loading the SDK.
   */
  DNS_SUFFIX: z.string().check(z.regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a DNS suffix such as amazonaws.com')),
  /** The circulation-on-receipt state machine, started by intake for every submission. */
  CIRCULATION_STATE_MACHINE_ARN: z.string().check(z.startsWith('arn:')),
  /** The reasonable-period reminder state machine, started once per obligation. */
  REMINDER_STATE_MACHINE_ARN: z.string().check(z.startsWith('arn:')),
  /** The state machine that tells the States that received a report of its withdrawal. */
  WITHDRAWAL_STATE_MACHINE_ARN: z.string().check(z.startsWith('arn:')),
  /** The state machine that sends a released send again (aws/resend.ts), started by the sweep of uncertain sends. */
  RESEND_STATE_MACHINE_ARN: z.string().check(z.startsWith('arn:')),
  /** The address notes and acknowledgements are sent from (a verified SES identity). */
  SENDER_ADDRESS: z.email(),
  /** The address States send reports to (the SES receipt rule's recipient). */
  REPORTING_ADDRESS: z.email(),
  /** The web form through which focal points submit (printed in notes as a reply channel). */
  SUBMISSION_FORM_URL: z.url({ protocol: /^https?$/ }),
  /** The Secretariat's own mailbox: notices that a report is not circulated, unreached States. */
  SECRETARIAT_ADDRESS: z.email(),
  /** SES configuration set whose events (delivery, bounce, complaint) feed mailbox health. */
  SES_CONFIGURATION_SET: z.string().check(z.minLength(1)),
  /** The account's SES maximum send rate, messages per second; sends are paced to stay under it. */
  SES_MAX_SEND_RATE: z.string().check(z.regex(/^\d+(\.\d+)?$/, 'messages per second')),
  /**
   * How many States a dispatch sends to at once (the Map state's MaxConcurrency): each send is
   * paced to take DISPATCH_CONCURRENCY / SES_MAX_SEND_RATE seconds, so together they keep the rate.
   */
  DISPATCH_CONCURRENCY: z.string().check(z.regex(/^[1-9]\d*$/, 'a whole number of parallel sends')),
  /**
   * Minutes a send may stay claimed and unmarked with no SES sending event for it before the
   * sweep releases it for the note's next run (note-sender.ts, `SendReconciler`).
   */
  UNSETTLED_SEND_WINDOW_MINUTES: z.string().check(z.regex(/^\d+(\.\d+)?$/, 'minutes')),
  /** The focal points' user pool, administered by mission administrators for their own State. */
  USER_POOL_ID: z.string().check(z.minLength(1)),
  /** The user pool's app client the portal signs people in with (SRP, no secret). */
  USER_POOL_CLIENT_ID: z.string().check(z.minLength(1)),
  /** The Cognito user pools API the portal's page calls to sign in (the region's, or the engine's stand-in). */
  COGNITO_ENDPOINT: z.url({ protocol: /^https?$/ }),
  /**
   * The secret CloudFront adds to each request it forwards to the API (origin-check.ts); every
   * HTTP function receives it. Empty, requests are not checked (the local engine by default).
   */
  ORIGIN_VERIFY: z.string(),
} as const;

export type EnvironmentVariable = keyof typeof environmentCatalogue;

/** Values for the whole catalogue, as an engine (CDK or local) must provide them. */
export type EnvironmentValues = Record<EnvironmentVariable, string>;

type Picked<K extends EnvironmentVariable> = z.ZodMiniObject<{ [P in K]: (typeof environmentCatalogue)[P] }>;

/** The schema of a function environment made of the named catalogue variables. */
export function environmentOf<K extends EnvironmentVariable>(...names: K[]): Picked<K> {
  const shape = Object.fromEntries(names.map((name) => [name, environmentCatalogue[name]]));
  return z.object(shape) as unknown as Picked<K>;
}

/** The subset of `values` that a function with this environment schema receives. */
export function environmentFor(schema: z.ZodMiniObject, values: EnvironmentValues): Record<string, string> {
  return Object.fromEntries(Object.keys(schema.shape).map((name) => [name, values[name as EnvironmentVariable]]));
}

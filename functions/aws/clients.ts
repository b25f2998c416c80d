/**
 * AWS SDK clients, built the same way for every function and every engine.
 *
 * Endpoints are never chosen here: on AWS the SDK's defaults apply, and the local engine points
 * each client at its stand-in through the SDK's standard `AWS_ENDPOINT_URL_<SERVICE>` variables.
 * Clients are created once per container and reused across invocations.
 *
 * Every client retries as the SDK's standard strategy does, its back-off divided by
 * `retryBackoffScale` (1 on AWS; the local engine's clock scale, functions/runtime/clock.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_MAX_ATTEMPTS, MAXIMUM_RETRY_DELAY, StandardRetryStrategy } from '@smithy/core/retry';
import { retryBackoffScale } from '../runtime/clock.ts';

let documentClient: DynamoDBDocumentClient | undefined;
let s3Client: S3Client | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({ retryStrategy: standardRetries() }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
}

export function s3(settings: { S3_FORCE_PATH_STYLE: 'true' | 'false' }): S3Client {
  s3Client ??= new S3Client({ retryStrategy: standardRetries(), forcePathStyle: settings.S3_FORCE_PATH_STYLE === 'true' });
  return s3Client;
}

let sesClient: SESv2Client | undefined;
let sfnClient: SFNClient | undefined;

export function sesv2(): SESv2Client {
  sesClient ??= new SESv2Client({ retryStrategy: retryOnlyAnsweredErrors });
  return sesClient;
}

type RetryStrategy = Extract<NonNullable<SESv2ClientConfig['retryStrategy']>, { refreshRetryTokenForRetry: unknown }>;
type RetryToken = Awaited<ReturnType<RetryStrategy['acquireInitialRetryToken']>>;
type RetryErrorInfo = Parameters<RetryStrategy['refreshRetryTokenForRetry']>[1];

const sesMaxAttempts = 3;
const sesBaseDelayMs = 100;

/**
 * SES takes no idempotency token, so a send is retried only when SES answered with an error
 * (throttling, 5xx): the message was then refused and sending it again cannot duplicate it. When
 * the connection failed or timed out with no answer, SES may have accepted the message; the error
 * goes to the caller, which keeps the send as uncertain instead of sending a note twice.
 */
const retryOnlyAnsweredErrors: RetryStrategy = {
  acquireInitialRetryToken: () => Promise.resolve(retryToken(0, 0)),
  refreshRetryTokenForRetry: async (token: RetryToken, info: RetryErrorInfo) => {
    const answered = typeof info.error?.$metadata?.httpStatusCode === 'number';
    const retryable = info.errorType === 'THROTTLING' || info.errorType === 'SERVER_ERROR' || info.errorType === 'TRANSIENT';
    const attempt = token.getRetryCount() + 1;
    if (!answered || !retryable || attempt >= sesMaxAttempts) throw info.error ?? new Error('SES request failed');
    // Full jitter, as the SDK's standard strategy. SES's sending rate is enforced in real time
    // (by SES, and by the engine's stand-in), so a throttled send waits in real time.
    const delayMs = Math.random() * sesBaseDelayMs * 2 ** attempt;
    return retryToken(attempt, Math.round(info.errorType === 'THROTTLING' ? delayMs : delayMs / retryBackoffScale()));
  },
  recordSuccess: () => undefined,
};

/**
 * The SDK's standard strategy (its attempts, its retry quota, its base delays for throttling and
 * for other errors) with its own full-jitter back-off, divided by `retryBackoffScale`.
 */
function standardRetries(): StandardRetryStrategy {
  let base = 0;
  return new StandardRetryStrategy({
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    backoff: {
      setDelayBase: (delayMs: number) => {
        base = delayMs;
      },
      computeNextBackoffDelay: (retries: number) => Math.floor((Math.random() * Math.min(base * 2 ** retries, MAXIMUM_RETRY_DELAY)) / retryBackoffScale()),
    },
  });
}

function retryToken(count: number, delayMs: number): RetryToken {
  return { getRetryCount: () => count, getRetryDelay: () => delayMs };
}

export function stepFunctions(): SFNClient {
  sfnClient ??= new SFNClient({ retryStrategy: standardRetries() });
  return sfnClient;
}

/**
 * AWS SDK clients, built the same way for every function and every engine.
 *
 * Endpoints are never chosen here: on AWS the SDK's defaults apply, and the local engine points
 * each client at its stand-in through the SDK's standard `AWS_ENDPOINT_URL_<SERVICE>` variables.
 * Clients are created once per container and reused across invocations.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let documentClient: DynamoDBDocumentClient | undefined;
let s3Client: S3Client | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
}

export function s3(settings: { S3_FORCE_PATH_STYLE: 'true' | 'false' }): S3Client {
  s3Client ??= new S3Client({ forcePathStyle: settings.S3_FORCE_PATH_STYLE === 'true' });
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
    // Full jitter, as the SDK's standard strategy.
    return retryToken(attempt, Math.round(Math.random() * sesBaseDelayMs * 2 ** attempt));
  },
  recordSuccess: () => undefined,
};

function retryToken(count: number, delayMs: number): RetryToken {
  return { getRetryCount: () => count, getRetryDelay: () => delayMs };
}

export function stepFunctions(): SFNClient {
  sfnClient ??= new SFNClient({});
  return sfnClient;
}

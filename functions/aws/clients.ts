/**
 * AWS SDK clients, built the same way for every function and every engine.
 *
 * Endpoints are never chosen here: on AWS the SDK's defaults apply, and the local engine points
 * each client at its stand-in through the SDK's standard `AWS_ENDPOINT_URL_<SERVICE>` variables.
 * Clients are created once per container and reused across invocations.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';

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
  sesClient ??= new SESv2Client({});
  return sesClient;
}

export function stepFunctions(): SFNClient {
  sfnClient ??= new SFNClient({});
  return sfnClient;
}

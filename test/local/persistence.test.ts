/**
 * MPR_DATA_DIR: what one run of the engine stored is there in the next.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localClientConfig } from '../../local/aws-config.ts';
import { startEngine } from '../../local/engine.ts';

const allFree = { api: 0, dynamodb: 0, s3: 0, ses: 0, cognito: 0, stepfunctions: 0, smtp: 0 };

describe('local engine with a data directory', () => {
  it('keeps the table, the evidence bucket and the users between runs', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mpr-data-'));
    try {
      const first = await startEngine({ ports: allFree, dataDir, seed: true });
      const userPoolId = first.resources.userPoolId;
      await DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(first.endpoints.dynamodb))).send(
        new PutCommand({ TableName: first.resources.tableName, Item: { pk: 'KEEP', sk: 'ME', value: 42 } }),
      );
      await new S3Client({ ...localClientConfig(first.endpoints.s3), forcePathStyle: true }).send(
        new PutObjectCommand({ Bucket: first.resources.evidenceBucket, Key: 'kept.txt', Body: 'kept' }),
      );
      await first.stop();

      const second = await startEngine({ ports: allFree, dataDir, seed: true });
      try {
        const { Item } = await DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(second.endpoints.dynamodb))).send(
          new GetCommand({ TableName: second.resources.tableName, Key: { pk: 'KEEP', sk: 'ME' } }),
        );
        expect(Item).toEqual({ pk: 'KEEP', sk: 'ME', value: 42 });
        const object = await new S3Client({ ...localClientConfig(second.endpoints.s3), forcePathStyle: true }).send(
          new GetObjectCommand({ Bucket: second.resources.evidenceBucket, Key: 'kept.txt' }),
        );
        expect(await object.Body!.transformToString()).toBe('kept');
        expect(second.resources.userPoolId).toBe(userPoolId);
        const token = await second.cognito.tokenFor({ username: 'focal.fra' });
        expect(JSON.parse(Buffer.from(token.idToken.split('.')[1]!, 'base64url').toString())).toMatchObject({ 'custom:state': 'FRA' });
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

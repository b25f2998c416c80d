/**
 * A table for repository tests: the local engine's DynamoDB stand-in on a free port, with the
 * table created from the data design, and a document client configured as the functions' is.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { localClientConfig } from '../../local/aws-config.ts';
import { startDynamoDb } from '../../local/dynamodb.ts';

export interface TestTable {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  stop(): Promise<void>;
}

export async function startTestTable(tableName = 'mpr-test'): Promise<TestTable> {
  const dynamodb = await startDynamoDb({ port: 0, tableName });
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ ...localClientConfig(dynamodb.url), maxAttempts: 10 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    client,
    tableName,
    stop: async () => {
      client.destroy();
      await dynamodb.stop();
    },
  };
}

/** One table for the test file: started before its tests, stopped after them. */
export function useTestTable(): () => TestTable {
  let table: TestTable | undefined;
  beforeAll(async () => {
    table = await startTestTable();
  });
  afterAll(() => table?.stop());
  return () => {
    if (!table) throw new Error('the test table is not started yet');
    return table;
  };
}

/**
 * DynamoDB on dynalite, with the table created from the same design the CDK data construct uses.
 */

import { type AttributeDefinition, CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { type TableDesign, tableDesign } from '../functions/aws/data-design.ts';
import { localClientConfig } from './aws-config.ts';
import { close, listen } from './net.ts';

export interface LocalDynamoDb {
  readonly url: string;
  stop(): Promise<void>;
}

export function createTableInput(tableName: string, design: TableDesign = tableDesign) {
  const attributes = new Map<string, AttributeDefinition>();
  const keyAttributes = [design.partitionKey, design.sortKey, ...design.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey])];
  for (const key of keyAttributes) attributes.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes.values()],
    KeySchema: [
      { AttributeName: design.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: design.sortKey.name, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: design.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}

export async function startDynamoDb(options: { port: number; tableName: string; dataDir?: string }): Promise<LocalDynamoDb> {
  const server = dynalite({ ...(options.dataDir ? { path: options.dataDir } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const url = await listen(server, options.port);
  const client = new DynamoDBClient(localClientConfig(url));
  try {
    await client.send(new CreateTableCommand(createTableInput(options.tableName)));
  } catch (error) {
    // A persisted data directory already has the table from an earlier run.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await client.send(new DescribeTableCommand({ TableName: options.tableName }));
  client.destroy();
  return { url, stop: () => close(server) };
}

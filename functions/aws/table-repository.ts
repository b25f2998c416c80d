/** What every repository holds: the document client and the name of the table. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface TableAccess {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

export abstract class TableRepository {
  protected readonly client: DynamoDBDocumentClient;
  protected readonly tableName: string;

  constructor(access: TableAccess) {
    this.client = access.client;
    this.tableName = access.tableName;
  }
}

/** What every repository holds: the document client and the name of the table. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface TableAccess {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

export abstract class TableRepository {
  /** The access the repository was made with, for the helpers that take one (counters, batch writes). */
  protected readonly access: TableAccess;
  protected readonly client: DynamoDBDocumentClient;
  protected readonly tableName: string;

  constructor(access: TableAccess) {
    this.access = access;
    this.client = access.client;
    this.tableName = access.tableName;
  }
}

/** Bulk puts, for imports that write a whole new version of a registry or status table. */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TableAccess } from './table-repository.ts';

/** BatchWriteItem takes at most 25 requests. */
const batchSize = 25;
const maxBatchAttempts = 8;

/** Puts items with BatchWriteItem, 25 at a time, retrying what DynamoDB leaves unprocessed with back-off. */
export async function writeInBatches(access: TableAccess, items: readonly Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < items.length; start += batchSize) {
    let requests = items.slice(start, start + batchSize).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt === maxBatchAttempts) throw new Error(`${requests.length} items could not be written after ${maxBatchAttempts} attempts`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 25));
      const result = await access.client.send(new BatchWriteCommand({ RequestItems: { [access.tableName]: requests } }));
      requests = (result.UnprocessedItems?.[access.tableName] ?? []).map((request) => ({ PutRequest: { Item: request.PutRequest!.Item! } }));
    }
  }
}

/**
 * Reference numbers (`MPR-<year>-<seq>`) from a per-year atomic counter: DynamoDB applies each
 * `ADD` in turn, so concurrent allocations never receive the same number, with no retries.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

export interface AllocatedSequence {
  readonly year: number;
  readonly sequence: number;
}

export class ReferenceAllocator extends TableRepository {
  /** The next number of `year`, starting at 1. */
  async next(year: number): Promise<AllocatedSequence> {
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.referenceCounter(year),
        UpdateExpression: 'ADD #sequence :one',
        ExpressionAttributeNames: { '#sequence': 'sequence' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const sequence = result.Attributes?.['sequence'];
    if (typeof sequence !== 'number') throw new Error(`reference counter for ${year} returned no sequence`);
    return { year, sequence };
  }
}

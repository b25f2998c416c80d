/**
 * Numbers that count up once a year: reference numbers of submissions (`MPR-<year>-<seq>`) and
 * symbols of notes verbales. Each comes from a per-year atomic counter: DynamoDB applies each
 * `ADD` in turn, so concurrent allocations never receive the same number, with no retries.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys, type ItemKey } from './keys.ts';
import { TableRepository, type TableAccess } from './table-repository.ts';

export interface AllocatedSequence {
  readonly year: number;
  readonly sequence: number;
}

export class YearlyCounter extends TableRepository {
  private readonly counterKey: (year: number) => ItemKey;

  constructor(access: TableAccess, counterKey: (year: number) => ItemKey) {
    super(access);
    this.counterKey = counterKey;
  }

  /** The next number of `year`, starting at 1. */
  async next(year: number): Promise<AllocatedSequence> {
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.counterKey(year),
        UpdateExpression: 'ADD #sequence :one',
        ExpressionAttributeNames: { '#sequence': 'sequence' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const sequence = result.Attributes?.['sequence'];
    if (typeof sequence !== 'number') throw new Error(`counter ${JSON.stringify(this.counterKey(year))} returned no sequence`);
    return { year, sequence };
  }
}

/** Sequence numbers of submissions' reference numbers. */
export class ReferenceAllocator extends YearlyCounter {
  constructor(access: TableAccess) {
    super(access, keys.referenceCounter);
  }
}

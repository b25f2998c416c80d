/** Reporting cycles in the table, one item each, changed by optimistic update. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type Cycle, cycleSchema } from '../core/cycles.ts';
import { keys } from './keys.ts';
import { queryAll, withoutKeys } from './query.ts';
import { TableRepository } from './table-repository.ts';
import { writeVersioned } from './versioned-write.ts';

export interface StoredCycle {
  readonly cycle: Cycle;
  readonly version: number;
}

export class CyclesRepository extends TableRepository {
  async get(cycleId: string): Promise<StoredCycle | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.cycle(cycleId), ConsistentRead: true }));
    return Item ? toStored(Item) : undefined;
  }

  /** Every cycle, the most recently adopted resolution first. */
  async list(): Promise<StoredCycle[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.cyclesIndex() },
      ScanIndexForward: false,
    });
    return items.map(toStored);
  }

  /** Creates the cycle (`expectedVersion` absent) or replaces the version that was read. */
  async save(cycle: Cycle, expectedVersion?: number): Promise<StoredCycle> {
    cycleSchema.parse(cycle);
    const version = await writeVersioned({
      ...this.access,
      key: keys.cycle(cycle.id),
      attributes: { ...cycle, gsi1pk: keys.cyclesIndex(), gsi1sk: `${cycle.resolution.adoptedOn}#${cycle.id}` },
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
      description: `cycle ${cycle.id}`,
    });
    return { cycle, version };
  }
}

function toStored(item: Record<string, unknown>): StoredCycle {
  const { version, ...cycle } = withoutKeys(item);
  return { cycle: cycleSchema.parse(cycle), version: version as number };
}

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { VersionConflictError } from '../../functions/aws/errors.ts';
import { InstrumentsRepository } from '../../functions/aws/instruments-repository.ts';
import { keys } from '../../functions/aws/keys.ts';
import type { ParticipantStatus } from '../../functions/core/instruments.ts';
import { useTestTable } from '../support/table.ts';

const testTable = useTestTable();

const first: ParticipantStatus[] = [
  { participant: 'FRA', signature: '1961-04-18', consent: { date: '1970-12-31', kind: 'ratification' } },
  { participant: 'KEN', consent: { date: '1965-07-01', kind: 'accession' } },
];
const second: ParticipantStatus[] = [...first, { participant: 'PLW', consent: { date: '2023-01-10', kind: 'accession' } }];

describe('InstrumentsRepository', () => {
  it('has no table before the first import', async () => {
    const repository = new InstrumentsRepository(testTable());
    expect(await repository.table('III-3')).toBeUndefined();
    expect(await repository.currentAll()).toEqual([]);
  });

  it('makes each import a new version, read whole, keeping every earlier import readable and listed', async () => {
    const repository = new InstrumentsRepository(testTable());
    const v1 = await repository.replace('III-3', first, { source: 'III-3.sample.csv', by: 'officer', at: '2024-06-01T10:00:00.000Z' });
    expect(v1).toMatchObject({ version: 1, count: 2, source: 'III-3.sample.csv', by: 'officer' });
    const v2 = await repository.replace('III-3', second, { source: 'III-3.csv', by: 'officer' });
    expect(v2.version).toBe(2);
    await repository.replace('III-6', first, { source: 'III-6.csv', by: 'officer' });

    const current = await repository.table('III-3');
    expect(current?.participants).toEqual(second);
    expect(current?.pointer).toMatchObject({ instrumentId: 'III-3', version: 2, importId: v2.importId, count: 3 });
    expect(current?.pointer.history).toEqual([v1, v2]);
    expect(await repository.participants('III-3', v1.importId)).toEqual(first);
    expect((await repository.currentAll()).map((pointer) => [pointer.instrumentId, pointer.version])).toEqual([
      ['III-3', 2],
      ['III-6', 1],
    ]);
  });

  it('refuses an import that lost the race to another, leaving the winner current', async () => {
    const repository = new InstrumentsRepository(testTable());
    const racing = new InstrumentsRepository(testTable());
    const [a, b] = await Promise.allSettled([
      repository.replace('III-8', first, { source: 'a.csv', by: 'a' }),
      racing.replace('III-8', second, { source: 'b.csv', by: 'b' }),
    ]);
    const outcomes = [a, b].map((outcome) => outcome.status);
    expect(outcomes.sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = [a, b].find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(VersionConflictError);
    const winner = (await repository.table('III-8'))!;
    expect(winner.pointer.version).toBe(1);
    expect(winner.participants).toEqual(winner.pointer.source === 'a.csv' ? first : second);
  });

  it('reads a pointer with its schema: one the table holds in another shape is an error naming the field, not a cast', async () => {
    const { client, tableName } = testTable();
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.instrumentPointer('III-9'),
          instrumentId: 'III-9',
          version: '2',
          importId: 'v2-x',
          importedAt: '2024-06-01T10:00:00.000Z',
          source: 'x.csv',
          by: 'officer',
          count: 1,
        },
      }),
    );
    const reading = new InstrumentsRepository(testTable()).current('III-9');
    await expect(reading).rejects.toThrow(/version[\s\S]*number|history/);
  });
});

import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { keys } from '../../functions/aws/keys.ts';
import { newClaimant, ReferenceAllocator, recentClaimantsKept, YearlyCounter } from '../../functions/aws/reference-allocator.ts';
import { useTestTable } from '../support/table.ts';

const testTable = useTestTable();

const sorted = (numbers: readonly number[]) => [...numbers].sort((a, b) => a - b);
const oneTo = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

/**
 * Makes a share of the counter writes take effect and then lose their answer, as a connection
 * reset after DynamoDB applied the write does. The middleware sits below the SDK's retries, so the
 * SDK sends the same write again, as it does in production; the repeat's answer is not lost.
 */
const lostAnswerMiddleware = 'lose-answers-of-counter-writes';
function loseAnswers(share: number): { lost: () => number } {
  let lost = 0;
  const sentBefore = new Set<string>();
  testTable().client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const body = String((args.request as { body?: unknown }).body);
      const first = !sentBefore.has(body);
      sentBefore.add(body);
      // At most 25: the SDK's retry quota is 500 tokens, 14 a retry, given back on success.
      if (context.commandName === 'UpdateItemCommand' && first && lost < 25 && Math.random() < share) {
        lost += 1;
        throw Object.assign(new Error('socket hang up after the write was applied'), { code: 'ECONNRESET', $metadata: {} });
      }
      return result;
    },
    { step: 'deserialize', name: lostAnswerMiddleware },
  );
  return { lost: () => lost };
}

afterEach(() => {
  testTable().client.middlewareStack.remove(lostAnswerMiddleware);
});

async function counterOf(year: number): Promise<Record<string, unknown> | undefined> {
  const { client, tableName } = testTable();
  return (await client.send(new GetCommand({ TableName: tableName, Key: keys.referenceCounter(year), ConsistentRead: true }))).Item;
}

describe('ReferenceAllocator', () => {
  it('gives 300 concurrent claimants the numbers 1 to 300, one each', async () => {
    const allocator = new ReferenceAllocator(testTable());
    const claimants = Array.from({ length: 300 }, () => newClaimant());
    const allocated = await Promise.all(claimants.map((claimant) => allocator.allocate(2024, claimant)));
    expect(sorted(allocated.map((entry) => entry.sequence))).toEqual(oneTo(300));
    expect(await counterOf(2024)).toMatchObject({ sequence: 300 });
  });

  it('gives a claimant the number it already holds, however often it asks', async () => {
    const allocator = new ReferenceAllocator(testTable());
    const claimant = newClaimant();
    const first = await allocator.allocate(2023, claimant);
    expect(first).toEqual({ year: 2023, sequence: 1 });
    expect(await allocator.allocate(2023, claimant)).toEqual(first);
    // Still after others took the next numbers, and when it asks several times at once.
    await Promise.all(Array.from({ length: 20 }, () => allocator.allocate(2023, newClaimant())));
    expect(await Promise.all(Array.from({ length: 5 }, () => allocator.allocate(2023, claimant)))).toEqual(Array.from({ length: 5 }, () => first));
    expect(await counterOf(2023)).toMatchObject({ sequence: 21 });
  });

  it('takes no second number when the answer of its write is lost and the SDK sends it again', async () => {
    const allocator = new ReferenceAllocator(testTable());
    expect(await allocator.allocate(2022, newClaimant())).toEqual({ year: 2022, sequence: 1 });
    const faults = loseAnswers(1);
    // The write is applied, its answer lost; the repeat fails its condition; the read finds the claim.
    expect(await allocator.allocate(2022, newClaimant())).toEqual({ year: 2022, sequence: 2 });
    expect(faults.lost()).toBe(1);
    testTable().client.middlewareStack.remove(lostAnswerMiddleware);
    expect(await allocator.allocate(2022, newClaimant())).toEqual({ year: 2022, sequence: 3 });
  });

  it('leaves no gap when many of 200 concurrent claimants lose the answers of their writes', async () => {
    const allocator = new ReferenceAllocator(testTable());
    const faults = loseAnswers(1 / 3);
    const claimants = Array.from({ length: 200 }, () => newClaimant());
    const allocated = await Promise.all(claimants.map((claimant) => allocator.allocate(2021, claimant)));
    expect(faults.lost()).toBeGreaterThan(10);
    expect(sorted(allocated.map((entry) => entry.sequence))).toEqual(oneTo(200));
    expect(await counterOf(2021)).toMatchObject({ sequence: 200 });
  });

  it(`keeps the claims of the last ${recentClaimantsKept} numbers at least, of twice as many at most`, async () => {
    const allocator = new ReferenceAllocator(testTable());
    const early = newClaimant();
    await allocator.allocate(2020, early);
    const claimants = [];
    for (let index = 0; index < 2 * recentClaimantsKept; index += 1) {
      claimants.push(newClaimant());
      await allocator.allocate(2020, claimants.at(-1)!);
      const claims = Object.values((await counterOf(2020))?.['claims'] as Record<string, number>);
      expect(claims.length).toBeGreaterThanOrEqual(Math.min(index + 2, recentClaimantsKept));
      expect(claims.length).toBeLessThan(2 * recentClaimantsKept);
    }
    // Still recognised: one of the last numbers.
    expect(await allocator.allocate(2020, claimants.at(-recentClaimantsKept)!)).toEqual({ year: 2020, sequence: recentClaimantsKept + 2 });
    // Forgotten: the one case in which a claimant takes a second number.
    expect(await allocator.allocate(2020, early)).toEqual({ year: 2020, sequence: 2 * recentClaimantsKept + 2 });
  });

  it('counts each year on its own, and carries on from a counter written by ADD before claims existed', async () => {
    const { client, tableName } = testTable();
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.referenceCounter(2019),
        UpdateExpression: 'ADD #sequence :seven',
        ExpressionAttributeNames: { '#sequence': 'sequence' },
        ExpressionAttributeValues: { ':seven': 7 },
      }),
    );
    const allocator = new ReferenceAllocator(testTable());
    expect(await allocator.allocate(2019, newClaimant())).toEqual({ year: 2019, sequence: 8 });
    expect(await allocator.allocate(2025, newClaimant())).toEqual({ year: 2025, sequence: 1 });
    expect(await allocator.allocate(2024, newClaimant())).toEqual({ year: 2024, sequence: 301 });
  });

  it('refuses an empty claimant id', async () => {
    const allocator = new ReferenceAllocator(testTable());
    await expect(allocator.allocate(2024, '')).rejects.toBeInstanceOf(RangeError);
  });
});

describe('YearlyCounter (note symbols)', () => {
  it('allocates 500 numbers at once by ADD without a collision or a gap', async () => {
    const counter = new YearlyCounter(testTable(), keys.noteCounter);
    const allocated = await Promise.all(Array.from({ length: 500 }, () => counter.next(2024)));
    expect(sorted(allocated.map((entry) => entry.sequence))).toEqual(oneTo(500));
    expect(await counter.next(2025)).toEqual({ year: 2025, sequence: 1 });
  });
});

/**
 * Numbers that count up once a year: reference numbers of submissions (`MPR-<year>-<seq>`) and
 * symbols of notes verbales, each from a per-year counter item.
 *
 * Reference numbers must have no gap, so each is allocated to a claimant (a recording attempt, or
 * the idempotency key it claimed), idempotently: the counter item keeps, beside `sequence`, the
 * number each of its last claimants took (`claims`, a map). One conditional update raises the
 * sequence and records the claim, unless the claimant holds a number already; DynamoDB applies
 * updates of one item one at a time, so concurrent claimants take consecutive numbers without
 * retrying. A write whose answer was lost (the SDK sends it again, and the repeat fails its
 * condition), or a later retry by the same claimant, reads the number it already took instead of
 * taking a second one, as long as its claim is still kept: the claims of at least the last
 * `recentClaimantsKept` numbers are (every that-many-th allocation forgets the older ones).
 *
 * Note symbols stay on the plain `ADD` of `next` (one write): a symbol lost to a crash or to a
 * concurrent first use is a gap the Secretariat tolerates. A counter item is used one way only.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './errors.ts';
import { type ItemKey, keys } from './keys.ts';
import { type TableAccess, TableRepository } from './table-repository.ts';

export interface AllocatedSequence {
  readonly year: number;
  readonly sequence: number;
}

/**
 * The claims of at least this many last numbers are kept (of at most twice as many): the
 * allocations that may happen between a claimant's write and its retry before the retry no longer
 * recognises its number. Up to about 6 kB with claimant ids of 16 characters.
 */
export const recentClaimantsKept = 100;

/** A new claimant id: 96 random bits, URL-safe. */
export function newClaimant(): string {
  return randomBytes(12).toString('base64url');
}

export class YearlyCounter extends TableRepository {
  private readonly counterKey: (year: number) => ItemKey;

  constructor(access: TableAccess, counterKey: (year: number) => ItemKey) {
    super(access);
    this.counterKey = counterKey;
  }

  /**
   * The next number of `year`, starting at 1, by an atomic `ADD`: concurrent calls never receive
   * the same number, but a call whose answer is lost, or whose caller dies, leaves a gap.
   */
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

interface CounterState {
  readonly sequence: number | undefined;
  /** The numbers taken by the last claimants, by claimant; absent on a counter not yet set up. */
  readonly claims: Readonly<Record<string, number>> | undefined;
}

/**
 * Sequence numbers of submissions' reference numbers, allocated once per claimant and without
 * gaps. Not a YearlyCounter: an `ADD` on its counter would take a number no claimant holds.
 */
export class ReferenceAllocator extends TableRepository {
  /**
   * The number of `year` that `claimant` holds: the one it took before, if it is among the last
   * `recentClaimantsKept` claimants, or the next one. Numbers are taken one at a time, each by one
   * claimant, so the numbers of a year are 1 to the counter's `sequence` with none skipped.
   */
  async allocate(year: number, claimant: string): Promise<AllocatedSequence> {
    if (claimant === '') throw new RangeError('a claimant id must not be empty');
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { Attributes } = await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.referenceCounter(year),
            // Both sides read the item as it was: the claim holds the new sequence.
            UpdateExpression: 'SET #sequence = #sequence + :one, #claims.#claimant = #sequence + :one',
            ConditionExpression: 'attribute_exists(#sequence) AND attribute_exists(#claims) AND attribute_not_exists(#claims.#claimant)',
            ExpressionAttributeNames: { '#sequence': 'sequence', '#claims': 'claims', '#claimant': claimant },
            ExpressionAttributeValues: { ':one': 1 },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        const sequence = Attributes?.['sequence'];
        if (typeof sequence !== 'number') throw new Error(`reference counter of ${year} returned no sequence`);
        if (sequence % recentClaimantsKept === 0) {
          // The number is taken whatever happens here: a failed clean-up is left to the next one.
          await this.forgetClaimsUpTo(year, sequence - recentClaimantsKept).catch(() => undefined);
        }
        return { year, sequence };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // This claimant holds a number already (perhaps from this very write, sent again after its
        // answer was lost), or the counter is not set up yet.
        const current = await this.read(year);
        const held = current.claims?.[claimant];
        if (held !== undefined) return { year, sequence: held };
        if (attempt >= 3) throw new Error(`reference counter of ${year} refused ${claimant} for no reason it can tell`, { cause: error });
        await this.setUp(year);
      }
    }
  }

  /** Gives the counter of `year` its sequence (0) and its claims, keeping what it has. */
  private async setUp(year: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.referenceCounter(year),
        UpdateExpression: 'SET #sequence = if_not_exists(#sequence, :zero), #claims = if_not_exists(#claims, :none)',
        ExpressionAttributeNames: { '#sequence': 'sequence', '#claims': 'claims' },
        ExpressionAttributeValues: { ':zero': 0, ':none': {} },
      }),
    );
  }

  /**
   * Removes the claims of numbers up to `last`, so that the counter holds the claims of between
   * `recentClaimantsKept` and twice as many numbers. Claims of others are kept as they are.
   */
  private async forgetClaimsUpTo(year: number, last: number): Promise<void> {
    const { claims = {} } = await this.read(year);
    // At most 200 names in one expression; a clean-up left behind is finished by the next ones.
    const forgotten = Object.entries(claims)
      .filter(([, sequence]) => sequence <= last)
      .slice(0, 2 * recentClaimantsKept);
    if (forgotten.length === 0) return;
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.referenceCounter(year),
        UpdateExpression: `REMOVE ${forgotten.map((_, index) => `#claims.#c${index}`).join(', ')}`,
        ExpressionAttributeNames: { '#claims': 'claims', ...Object.fromEntries(forgotten.map(([claimant], index) => [`#c${index}`, claimant])) },
      }),
    );
  }

  private async read(year: number): Promise<CounterState> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.referenceCounter(year), ConsistentRead: true }));
    const sequence = Item?.['sequence'];
    const claims = Item?.['claims'];
    if (sequence !== undefined && typeof sequence !== 'number') throw new Error(`reference counter of ${year} holds no number: ${JSON.stringify(sequence)}`);
    return { sequence, claims: typeof claims === 'object' && claims !== null ? (claims as Record<string, number>) : undefined };
  }
}

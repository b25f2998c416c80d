/**
 * Submissions in the table: stored once under their reference number, listed per State and per
 * cycle, changed by optimistic update; and the idempotency keys that make a retried upload
 * return the first receipt: claimed first, then naming the reference allocated to the claim.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StateCode } from '../core/codes.ts';
import { type Submission, submissionSchema } from '../core/submissions.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';
import { queryAll, withoutKeys } from './query.ts';
import { TableRepository } from './table-repository.ts';
import { writeVersioned } from './versioned-write.ts';

/** A State's idempotency key, claimed by one recording attempt. */
export interface IdempotencyClaim {
  /** Who allocates the key's reference number: the first attempt, or a retry in its place. */
  readonly claimant: string;
  /** When the claiming attempt received its submission. */
  readonly at: string;
  /** The reference allocated to the key, once written. */
  readonly reference?: string;
}

export class SubmissionsRepository extends TableRepository {
  /** Stores a new submission (version 1); AlreadyExistsError if its reference is taken. */
  async create(submission: Submission): Promise<void> {
    await this.write(submissionSchema.parse({ ...submission, version: 1 }));
  }

  /** Replaces the submission whose version was read; VersionConflictError if it changed since. */
  async update(submission: Submission): Promise<Submission> {
    const next = submissionSchema.parse({ ...submission, version: submission.version + 1 });
    await this.write(next, submission.version);
    return next;
  }

  async get(reference: string): Promise<Submission | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.submission(reference), ConsistentRead: true }));
    return Item ? submissionSchema.parse(withoutKeys(Item)) : undefined;
  }

  /** A State's submissions, the most recent first. */
  async listByState(code: StateCode): Promise<Submission[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.submissionsOfState(code) },
      ScanIndexForward: false,
    });
    return items.map((item) => submissionSchema.parse(withoutKeys(item)));
  }

  /** A cycle's submissions received in [from, to) (instants), oldest first. */
  async listByCycle(cycleId: string, period: { from?: string; to?: string } = {}): Promise<Submission[]> {
    const from = period.from ?? '';
    // '~' sorts after every character of an instant or a reference: the end of the partition.
    const to = period.to ?? '~';
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.submissionsOfCycle(cycleId), ':from': from, ':to': to },
    });
    return items.map((item) => submissionSchema.parse(withoutKeys(item))).filter((submission) => submission.receivedAt < to);
  }

  /**
   * Claims a State's idempotency key for `claimant`, create-if-absent, before any reference
   * number is allocated: of requests racing with one key, one claims it and only that one takes a
   * number. Returns the claim found when another claimant was first; a claim found with this
   * claimant is this call's own write, whose answer was lost and sent again.
   */
  async claimIdempotencyKey(
    code: StateCode,
    key: string,
    claimant: string,
    at: string,
  ): Promise<{ claimed: true } | { claimed: false; claim: IdempotencyClaim }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.idempotencyKey(code, key), claimant, at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const claim = await this.idempotencyClaim(code, key);
      if (!claim) throw new Error(`idempotency key of ${code} refused as claimed, then not found`, { cause: error });
      return claim.claimant === claimant ? { claimed: true } : { claimed: false, claim };
    }
  }

  /**
   * Writes the reference allocated to a claimed key into its claim, unless the claim names one
   * already. Returns the reference the claim names: `reference`, or the one written first.
   */
  async nameReference(code: StateCode, key: string, reference: string): Promise<string> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.idempotencyKey(code, key),
          UpdateExpression: 'SET #reference = :reference',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#reference) OR #reference = :reference)',
          ExpressionAttributeNames: { '#reference': 'reference' },
          ExpressionAttributeValues: { ':reference': reference },
        }),
      );
      return reference;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const named = (await this.idempotencyClaim(code, key))?.reference;
      if (named === undefined) throw new Error(`idempotency key of ${code} has no claim to name ${reference} in`, { cause: error });
      return named;
    }
  }

  /** The claim of a State's idempotency key, if any (consistent read). */
  async idempotencyClaim(code: StateCode, key: string): Promise<IdempotencyClaim | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.idempotencyKey(code, key), ConsistentRead: true }));
    if (!Item) return undefined;
    return {
      // Claims written before claimants existed named their reference at once.
      claimant: typeof Item['claimant'] === 'string' ? Item['claimant'] : '',
      at: String(Item['at']),
      ...(typeof Item['reference'] === 'string' ? { reference: Item['reference'] } : {}),
    };
  }

  private async write(submission: Submission, expectedVersion?: number): Promise<void> {
    const { version: _version, ...attributes } = submission;
    const sortKey = `${submission.receivedAt}#${submission.reference}`;
    await writeVersioned({
      ...this.access,
      key: keys.submission(submission.reference),
      attributes: {
        ...attributes,
        gsi1pk: keys.submissionsOfState(submission.reportingState),
        gsi1sk: sortKey,
        gsi2pk: keys.submissionsOfCycle(submission.cycleId),
        gsi2sk: sortKey,
      },
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
      description: `submission ${submission.reference}`,
    });
  }
}

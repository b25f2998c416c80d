/**
 * Submissions in the table: stored once under their reference number, listed per State and per
 * cycle, changed by optimistic update; and the idempotency keys that make a retried upload
 * return the first receipt.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StateCode } from '../core/codes.ts';
import { submissionSchema, type Submission } from '../core/reports.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';
import { TableRepository } from './table-repository.ts';
import { queryAll, withoutKeys } from './query.ts';
import { writeVersioned } from './versioned-write.ts';

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
   * Records that a State's idempotency key produced `reference`. Returns the reference the key
   * already names when it was claimed before (the retry then answers with that receipt).
   */
  async claimIdempotencyKey(code: StateCode, key: string, reference: string, at: string): Promise<{ claimed: true } | { claimed: false; reference: string }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.idempotencyKey(code, key), reference, at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.idempotencyKey(code, key), ConsistentRead: true }));
      return { claimed: false, reference: String(Item?.['reference']) };
    }
  }

  private async write(submission: Submission, expectedVersion?: number): Promise<void> {
    const { version: _version, ...attributes } = submission;
    const sortKey = `${submission.receivedAt}#${submission.reference}`;
    await writeVersioned({
      client: this.client,
      tableName: this.tableName,
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

/**
 * A per-State limit on submissions: a counter item per State and UTC minute, raised by one
 * conditional update while it is under the limit. No counter is ever reset or read first: the key
 * of the next minute is a new item, and the condition makes the check and the count one write.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../aws/errors.ts';
import { keys } from '../aws/keys.ts';
import { TableRepository } from '../aws/table-repository.ts';
import type { StateCode } from '../core/codes.ts';

/** Far above what a mission sends (a few reports a year), low enough to stop a runaway client. */
export const submissionsPerStatePerMinute = 30;

export type Admission = { readonly admitted: true } | { readonly admitted: false; readonly retryAfterSeconds: number };

export class SubmissionRateLimiter extends TableRepository {
  async admit(state: StateCode, at: Date): Promise<Admission> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.submissionRate(state, at.toISOString().slice(0, 16)),
          UpdateExpression: 'ADD #count :one',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':limit': submissionsPerStatePerMinute },
        }),
      );
      return { admitted: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { admitted: false, retryAfterSeconds: 60 - at.getUTCSeconds() };
    }
  }
}

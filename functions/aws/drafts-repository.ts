/** The drafts of a State (see core/drafts.ts): one partition per State, one item per draft. */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StateCode } from '../core/codes.ts';
import type { Draft } from '../core/drafts.ts';
import { keys } from './keys.ts';
import { queryAll, withoutKeys } from './query.ts';
import { TableRepository } from './table-repository.ts';

export class DraftsRepository extends TableRepository {
  /** The State's drafts, most recently saved first. */
  async list(state: StateCode): Promise<Draft[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.draftsOfState(state) },
    });
    return items.map((item) => withoutKeys(item) as unknown as Draft).sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  async get(state: StateCode, id: string): Promise<Draft | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.draft(state, id), ConsistentRead: true }));
    return Item ? (withoutKeys(Item) as unknown as Draft) : undefined;
  }

  /** Writes the draft; with `mustExist`, only over a draft of that State that is there (no resurrection of a deleted one). */
  async save(state: StateCode, draft: Draft, options: { mustExist: boolean }): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.draft(state, draft.id), ...draft },
          ConditionExpression: options.mustExist ? 'attribute_exists(pk)' : 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async delete(state: StateCode, id: string): Promise<boolean> {
    try {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: keys.draft(state, id), ConditionExpression: 'attribute_exists(pk)' }));
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}

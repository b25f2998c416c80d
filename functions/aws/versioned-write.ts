/**
 * Create-if-absent and optimistic update, the two conditional writes every versioned record uses.
 * A record's `version` counts its writes: creation writes 1, each update names the version it
 * read and writes the next, so of two writers that read the same version only one succeeds.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { AlreadyExistsError, onConditionFailure, VersionConflictError } from './errors.ts';
import type { ItemKey } from './keys.ts';
import type { TableAccess } from './table-repository.ts';

export interface VersionedWrite extends TableAccess {
  readonly key: ItemKey;
  /** Attributes besides the key and `version` (index keys included). */
  readonly attributes: Record<string, unknown>;
  /** The version read before the change; absent to create the record. */
  readonly expectedVersion?: number;
  /** Names the record in error messages, e.g. `submission MPR-2024-0042`. */
  readonly description: string;
}

/** Writes the record and returns the version it now has. */
export async function writeVersioned(write: VersionedWrite): Promise<number> {
  const creating = write.expectedVersion === undefined;
  const version = creating ? 1 : write.expectedVersion! + 1;
  await onConditionFailure(
    () =>
      write.client.send(
        new PutCommand({
          TableName: write.tableName,
          Item: { ...write.attributes, ...write.key, version },
          ConditionExpression: creating ? 'attribute_not_exists(pk)' : '#version = :expected',
          ...(creating ? {} : { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': write.expectedVersion } }),
        }),
      ),
    () =>
      creating
        ? new AlreadyExistsError(`${write.description} already exists`)
        : new VersionConflictError(`${write.description} changed since version ${write.expectedVersion} was read`),
  );
  return version;
}

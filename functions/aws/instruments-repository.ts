/**
 * The status tables of the instruments in the table, versioned as the States registry is: an
 * import writes the whole table into a partition of its own, then one conditional write of the
 * instrument's pointer makes it current. Readers follow the pointer, so they see the old table or
 * the new one, never half of each, and every earlier import stays readable. The pointer also
 * keeps the list of imports, written with the flip itself, so the history needs no second write
 * that could be lost.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { type ParticipantStatus, participantStatusSchema } from '../core/instruments.ts';
import { writeInBatches } from './batch-write.ts';
import { onConditionFailure, VersionConflictError } from './errors.ts';
import { keys } from './keys.ts';
import { queryAll, withoutKeys } from './query.ts';
import { TableRepository } from './table-repository.ts';

/** One import of an instrument's status table. */
const tableImportSchema = z.object({
  version: z.int().check(z.gte(1)),
  importId: z.string().check(z.minLength(1)),
  /** Instant of the import. */
  importedAt: z.string(),
  /** The file it came from, as given to the import. */
  source: z.string(),
  /** Who imported it. */
  by: z.string(),
  count: z.int().check(z.gte(0)),
});
export type TableImport = z.output<typeof tableImportSchema>;

/** The import in use for an instrument, and every import before it, oldest first. */
const instrumentPointerSchema = z.extend(tableImportSchema, { instrumentId: z.string().check(z.minLength(1)), history: z.array(tableImportSchema) });
export type InstrumentPointer = z.output<typeof instrumentPointerSchema>;

export class InstrumentsRepository extends TableRepository {
  /** The pointer of an instrument, undefined before its first import. */
  async current(instrumentId: string): Promise<InstrumentPointer | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.instrumentPointer(instrumentId), ConsistentRead: true }));
    return Item ? instrumentPointerSchema.parse(withoutKeys(Item)) : undefined;
  }

  /** The pointers of every instrument with an imported table. */
  async currentAll(): Promise<InstrumentPointer[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.instrumentPointers() },
    });
    return items.map((item) => instrumentPointerSchema.parse(withoutKeys(item)));
  }

  /** The participants of one import (the current one, or any earlier one of the history), in code order. */
  async participants(instrumentId: string, importId: string): Promise<ParticipantStatus[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.instrumentImportPartition(instrumentId, importId) },
    });
    return items.map((item) => participantStatusSchema.parse(withoutKeys(item)));
  }

  /** The current table of an instrument with its import, undefined before the first import. */
  async table(instrumentId: string): Promise<{ pointer: InstrumentPointer; participants: ParticipantStatus[] } | undefined> {
    const pointer = await this.current(instrumentId);
    return pointer ? { pointer, participants: await this.participants(instrumentId, pointer.importId) } : undefined;
  }

  /**
   * Makes `participants` (already validated) the instrument's table, as a new version. A
   * concurrent import that flipped the pointer first makes this one fail with
   * VersionConflictError; the rows it wrote stay in a partition no pointer names.
   */
  async replace(instrumentId: string, participants: readonly ParticipantStatus[], origin: { source: string; by: string; at?: string }): Promise<TableImport> {
    const previous = await this.current(instrumentId);
    const version = (previous?.version ?? 0) + 1;
    const importedAt = origin.at ?? new Date().toISOString();
    const entry: TableImport = {
      version,
      importId: `v${version}-${randomUUID()}`,
      importedAt,
      source: origin.source,
      by: origin.by,
      count: participants.length,
    };
    await writeInBatches(
      this.access,
      participants.map((row) => ({ ...keys.instrumentParticipant(instrumentId, entry.importId, row.participant), ...row })),
    );
    const pointer: InstrumentPointer = { instrumentId, ...entry, history: [...(previous?.history ?? []), entry] };
    await onConditionFailure(
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.instrumentPointer(instrumentId), ...pointer },
            ConditionExpression: previous ? 'version = :previous' : 'attribute_not_exists(pk)',
            ...(previous ? { ExpressionAttributeValues: { ':previous': previous.version } } : {}),
          }),
        ),
      () => new VersionConflictError(`the status table of ${instrumentId} changed during the import (it was at version ${previous?.version ?? 0})`),
    );
    return entry;
  }
}

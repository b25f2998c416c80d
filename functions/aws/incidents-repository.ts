/**
 * Incidents in the table. The incident item is the record; beside it in its partition are index
 * items — one per State concerned, one per report — written after it, so that "a State's
 * incidents" and "the incidents of a submission" are each one Query.
 * Obligations are not stored: the pure core derives them from the incident whenever they are
 * needed, so there is one answer to "who owes what", never a stored copy that could disagree.
 *
 * The index items carry the incident version they were written for and are never overwritten
 * from an older version; `syncIndexes` can be run again at any time (after a crash between the
 * writes, say) and converges.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StateCode } from '../core/codes.ts';
import { addDays } from '../core/cycles.ts';
import { type Incident, incidentSchema } from '../core/incidents.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';
import { queryAll, withoutKeys } from './query.ts';
import { TableRepository } from './table-repository.ts';
import { writeVersioned } from './versioned-write.ts';

export interface StoredIncident {
  readonly incident: Incident;
  readonly version: number;
}

export class IncidentsRepository extends TableRepository {
  /**
   * Creates the incident (`expectedVersion` absent) or replaces the version that was read, then
   * writes its per-State items. Conflicts raise AlreadyExistsError / VersionConflictError.
   */
  async save(incident: Incident, expectedVersion?: number): Promise<StoredIncident> {
    const parsed = incidentSchema.parse(incident);
    const version = await writeVersioned({
      ...this.access,
      key: keys.incident(parsed.id),
      attributes: { ...parsed, gsi2pk: keys.incidentsInTerritory(parsed.statesConcerned.territorial), gsi2sk: `${parsed.incidentDate}#${parsed.id}` },
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
      description: `incident ${parsed.id}`,
    });
    await this.syncIndexes(parsed, version);
    return { incident: parsed, version };
  }

  async get(incidentId: string): Promise<StoredIncident | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.incident(incidentId), ConsistentRead: true }));
    if (!Item) return undefined;
    const { version, ...incident } = withoutKeys(Item);
    return { incident: incidentSchema.parse(incident), version: version as number };
  }

  /** Incidents in a State's territory whose date is within `toleranceDays` of `date`: the candidates for matching. */
  async inTerritoryAround(code: StateCode, date: string, toleranceDays: number): Promise<Incident[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.incidentsInTerritory(code), ':from': addDays(date, -toleranceDays), ':to': `${addDays(date, toleranceDays)}#~` },
    });
    return items.map(incidentOf);
  }

  /** Every incident in a State's territory, by date: with one Query per State, all incidents, each once (it has one territorial State). */
  async inTerritory(code: StateCode): Promise<Incident[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.incidentsInTerritory(code) },
    });
    return items.map(incidentOf);
  }

  /** Ids of the incidents a State is concerned by, the most recent first. */
  async idsConcerning(code: StateCode): Promise<string[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.incidentsConcerning(code) },
      ScanIndexForward: false,
    });
    return items.map((item) => String(item['incidentId']));
  }

  /** The incidents a submission's reports belong to (opened or joined), in item order. */
  async idsOfSubmission(reference: string): Promise<string[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.incidentsOfSubmission(reference) },
    });
    return [...new Set(items.map((item) => String(item['incidentId'])))];
  }

  /**
   * Writes the index items of version `version` of the incident — one per State concerned, one
   * per report — skipping any already written for a newer version.
   */
  async syncIndexes(incident: Incident, version: number): Promise<void> {
    const { affected, territorial, offenderPresentIn } = incident.statesConcerned;
    const concerned = [...new Set([affected, territorial, ...offenderPresentIn])];
    const items = [
      ...concerned.map((code) => ({
        ...keys.incidentConcerning(incident.id, code),
        gsi1pk: keys.incidentsConcerning(code),
        gsi1sk: `${incident.incidentDate}#${incident.id}`,
        incidentId: incident.id,
        cycleId: incident.cycleId,
        state: code,
      })),
      ...incident.reports.map((report) => ({
        ...keys.incidentReport(incident.id, report.reference, report.itemIndex),
        gsi1pk: keys.incidentsOfSubmission(report.reference),
        gsi1sk: `${report.itemIndex}#${incident.id}`,
        incidentId: incident.id,
      })),
    ];
    for (const item of items) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...item, incidentVersion: version },
            ConditionExpression: 'attribute_not_exists(pk) OR incidentVersion <= :version',
            ExpressionAttributeValues: { ':version': version },
          }),
        );
      } catch (error) {
        // An item written for a newer version of the incident is already there: it stands.
        if (!isConditionFailure(error)) throw error;
      }
    }
  }
}

/** An incident item of the territory index, without its keys and version. */
function incidentOf(item: Record<string, unknown>): Incident {
  const { version: _version, ...incident } = withoutKeys(item);
  return incidentSchema.parse(incident);
}

/**
 * Incidents in the table. The incident item is the record; beside it in its partition are one
 * item per State concerned and one per obligation, derived from it by the pure core and written
 * after it, so that "a State's incidents" and "what a State owes" are each one Query.
 *
 * Derived items carry the incident version they were derived from and are never overwritten by
 * a derivation from an older version; `syncDerived` can be run again at any time (after a crash
 * between the two writes, say) and converges.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StateCode } from '../core/codes.ts';
import type { Cycle } from '../core/cycles.ts';
import { addDays } from '../core/cycles.ts';
import { incidentSchema, type Incident } from '../core/incidents.ts';
import { deriveObligations, type Obligation } from '../core/obligations.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';
import { TableRepository } from './table-repository.ts';
import { queryAll, withoutKeys } from './query.ts';
import { writeVersioned } from './versioned-write.ts';

export interface StoredIncident {
  readonly incident: Incident;
  readonly version: number;
  readonly obligations: readonly Obligation[];
}

export class IncidentsRepository extends TableRepository {
  /**
   * Creates the incident (`expectedVersion` absent) or replaces the version that was read, then
   * writes its derived items. Conflicts raise AlreadyExistsError / VersionConflictError.
   */
  async save(incident: Incident, cycle: Cycle, expectedVersion?: number): Promise<StoredIncident> {
    const parsed = incidentSchema.parse(incident);
    const version = await writeVersioned({
      client: this.client,
      tableName: this.tableName,
      key: keys.incident(parsed.id),
      attributes: { ...parsed, gsi2pk: keys.incidentsInTerritory(parsed.statesConcerned.territorial), gsi2sk: `${parsed.incidentDate}#${parsed.id}` },
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
      description: `incident ${parsed.id}`,
    });
    const obligations = deriveObligations(parsed, cycle).sort(byId);
    await this.syncDerived(parsed, version, obligations);
    return { incident: parsed, version, obligations };
  }

  /** The incident with the obligations last derived from it, in id order. */
  async get(incidentId: string): Promise<StoredIncident | undefined> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.incidentPartition(incidentId) },
      ConsistentRead: true,
    });
    const record = items.find((item) => item['sk'] === 'INCIDENT');
    if (!record) return undefined;
    const { version, ...incident } = withoutKeys(record);
    const obligations = items.filter((item) => String(item['sk']).startsWith('OBLIGATION#')).map((item) => item['obligation'] as Obligation);
    return { incident: incidentSchema.parse(incident), version: version as number, obligations };
  }

  /** Incidents in a State's territory whose date is within `toleranceDays` of `date`: the candidates for matching. */
  async inTerritoryAround(code: StateCode, date: string, toleranceDays: number): Promise<Incident[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.incidentsInTerritory(code), ':from': addDays(date, -toleranceDays), ':to': `${addDays(date, toleranceDays)}#~` },
    });
    return items.map((item) => {
      const { version: _version, ...incident } = withoutKeys(item);
      return incidentSchema.parse(incident);
    });
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

  /** The obligations a State still owes, earliest due date first (invitations without one last). */
  async owedBy(code: StateCode): Promise<Obligation[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :owed)',
      ExpressionAttributeValues: { ':pk': keys.obligationsOfState(code), ':owed': 'owed#' },
    });
    return items.map((item) => item['obligation'] as Obligation);
  }

  /** Writes the items derived from version `version` of the incident, skipping any already newer. */
  async syncDerived(incident: Incident, version: number, obligations: readonly Obligation[]): Promise<void> {
    const { affected, territorial, offenderPresentIn } = incident.statesConcerned;
    const concerned = [...new Set([affected, territorial, ...offenderPresentIn])];
    const derived = [
      ...concerned.map((code) => ({
        ...keys.incidentConcerning(incident.id, code),
        gsi1pk: keys.incidentsConcerning(code),
        gsi1sk: `${incident.incidentDate}#${incident.id}`,
        incidentId: incident.id,
        state: code,
      })),
      ...obligations.map((obligation) => ({
        ...keys.obligation(incident.id, obligation.id),
        gsi1pk: keys.obligationsOfState(obligation.owingState),
        // `~` after every date: invitations without a due date sort last.
        gsi1sk: `${obligation.status}#${obligation.dueDate ?? '~'}#${obligation.id}`,
        obligation,
      })),
    ];
    for (const item of derived) {
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
        // A derivation from a newer version of the incident is already there: it stands.
        if (!isConditionFailure(error)) throw error;
      }
    }
  }
}


function byId(a: Obligation, b: Obligation): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

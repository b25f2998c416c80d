import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { CyclesRepository } from '../../functions/aws/cycles-repository.ts';
import { AlreadyExistsError, VersionConflictError } from '../../functions/aws/errors.ts';
import { IncidentsRepository } from '../../functions/aws/incidents-repository.ts';
import { keys } from '../../functions/aws/keys.ts';
import { obligationsOwedNow } from '../../functions/aws/obligations-query.ts';
import { attachReport, linkedReportOf, openIncident } from '../../functions/core/incidents.ts';
import { seededCycle } from '../support/seed.ts';
import { followUpItem, submission, violationItem } from '../support/submissions.ts';
import { useTestTable } from '../support/table.ts';

const testTable = useTestTable();

describe('IncidentsRepository', () => {
  const byFrance = submission(42, 'FRA', '2024-03-02T09:00:00.000Z', [violationItem({ allegedOffender: { known: true, presentIn: 'MEX' } })]);
  const incident = openIncident(byFrance, 0);
  const repositories = () => ({ incidents: new IncidentsRepository(testTable()), cycles: new CyclesRepository(testTable()) });
  const owedKinds = async (state: string, now: string) =>
    (await obligationsOwedNow(state, repositories(), new Date(now))).map((obligation) => [obligation.kind, obligation.dueDate, obligation.overdue]);

  it('stores an incident once, findable by every State concerned', async () => {
    const { incidents, cycles } = repositories();
    await cycles.save(seededCycle());
    expect((await incidents.save(incident)).version).toBe(1);
    await expect(incidents.save(incident)).rejects.toBeInstanceOf(AlreadyExistsError);
    expect(await incidents.get(incident.id)).toEqual({ incident, version: 1 });
    for (const code of ['FRA', 'KEN', 'MEX']) expect(await incidents.idsConcerning(code)).toEqual([incident.id]);
    expect(await incidents.idsConcerning('USA')).toEqual([]);
    expect(await incidents.idsOfSubmission(byFrance.reference)).toEqual([incident.id]);
  });

  it('answers what each State owes now through the core rule', async () => {
    expect(await owedKinds('KEN', '2024-05-10T00:00:00Z')).toEqual([
      ['violation-report', '2024-05-01', true],
      ['follow-up', '2024-05-31', false],
    ]);
    expect(await owedKinds('MEX', '2024-05-10T00:00:00Z')).toEqual([['follow-up-where-possible', null, false]]);
    expect(await owedKinds('FRA', '2024-05-10T00:00:00Z')).toEqual([]);
  });

  it('finds the incidents around a date in a territory, for matching', async () => {
    const { incidents } = repositories();
    expect((await incidents.inTerritoryAround('KEN', '2024-03-04', 3)).map((found) => found.id)).toEqual([incident.id]);
    expect(await incidents.inTerritoryAround('KEN', '2024-03-05', 3)).toEqual([]);
    expect(await incidents.inTerritoryAround('UGA', '2024-03-01', 3)).toEqual([]);
  });

  it('discharges an obligation when the report arrives, and refuses a stale update', async () => {
    const { incidents } = repositories();
    const read = (await incidents.get(incident.id))!;
    const followUp = submission(43, 'KEN', '2024-04-01T09:00:00.000Z', [followUpItem(byFrance.reference)]);
    const updated = attachReport(read.incident, linkedReportOf(followUp, 0));
    expect((await incidents.save(updated, read.version)).version).toBe(2);
    await expect(incidents.save(updated, read.version)).rejects.toBeInstanceOf(VersionConflictError);
    expect(await incidents.idsOfSubmission(followUp.reference)).toEqual([incident.id]);
    // Kenya's follow-up discharges its follow-up and its own account of the event (11(a)).
    expect(await owedKinds('KEN', '2024-05-10T00:00:00Z')).toEqual([['follow-up-outcome', '2025-04-01', false]]);
  });

  it('never lets the per-State items of an older version overwrite a newer one', async () => {
    const { incidents } = repositories();
    const key = keys.incidentConcerning(incident.id, 'KEN');
    const before = (await testTable().client.send(new GetCommand({ TableName: testTable().tableName, Key: key }))).Item;
    expect(before).toMatchObject({ incidentVersion: 2, gsi1sk: `2024-03-01#${incident.id}` });
    // A replay of version 1 with another date (as after a crash and a late retry) changes nothing.
    await incidents.syncIndexes({ ...incident, incidentDate: '2024-02-01' }, 1);
    expect((await testTable().client.send(new GetCommand({ TableName: testTable().tableName, Key: key }))).Item).toEqual(before);
  });
});

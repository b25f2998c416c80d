import { describe, expect, it } from 'vitest';
import { IncidentsRepository } from '../../functions/aws/incidents-repository.ts';
import { AlreadyExistsError, VersionConflictError } from '../../functions/aws/errors.ts';
import { attachReport, linkedReportOf, openIncident } from '../../functions/core/incidents.ts';
import { useTestTable } from '../support/table.ts';
import { seededCycle } from '../support/seed.ts';
import { followUpItem, submission, violationItem } from '../support/submissions.ts';

const testTable = useTestTable();
const cycle = seededCycle();

describe('IncidentsRepository', () => {
  const byFrance = submission(42, 'FRA', '2024-03-02T09:00:00.000Z', [violationItem({ allegedOffender: { known: true, presentIn: 'MEX' } })]);
  const incident = openIncident(byFrance, 0);

  it('stores an incident with the States concerned and what each owes', async () => {
    const incidents = new IncidentsRepository(testTable());
    const saved = await incidents.save(incident, cycle);
    expect(saved.version).toBe(1);
    await expect(incidents.save(incident, cycle)).rejects.toBeInstanceOf(AlreadyExistsError);

    const read = await incidents.get(incident.id);
    expect(read?.incident).toEqual(incident);
    expect(read?.obligations).toEqual(saved.obligations);
    for (const code of ['FRA', 'KEN', 'MEX']) expect(await incidents.idsConcerning(code)).toEqual([incident.id]);
    expect(await incidents.idsConcerning('USA')).toEqual([]);

    const kenyaOwes = await incidents.owedBy('KEN');
    expect(kenyaOwes.map((obligation) => [obligation.kind, obligation.dueDate])).toEqual([
      ['violation-report', '2024-05-01'],
      ['follow-up', '2024-05-31'],
    ]);
    expect((await incidents.owedBy('MEX')).map((obligation) => [obligation.kind, obligation.dueDate])).toEqual([['follow-up-where-possible', null]]);
    expect(await incidents.owedBy('FRA')).toEqual([]);
  });

  it('finds the incidents around a date in a territory, for matching', async () => {
    const incidents = new IncidentsRepository(testTable());
    expect((await incidents.inTerritoryAround('KEN', '2024-03-04', 3)).map((found) => found.id)).toEqual([incident.id]);
    expect(await incidents.inTerritoryAround('KEN', '2024-03-05', 3)).toEqual([]);
    expect(await incidents.inTerritoryAround('UGA', '2024-03-01', 3)).toEqual([]);
  });

  it('discharges an obligation when the report arrives, and refuses a stale update', async () => {
    const incidents = new IncidentsRepository(testTable());
    const read = (await incidents.get(incident.id))!;
    const followUp = submission(43, 'KEN', '2024-04-01T09:00:00.000Z', [followUpItem(byFrance.reference)]);
    const updated = attachReport(read.incident, linkedReportOf(followUp, 0));
    expect((await incidents.save(updated, cycle, read.version)).version).toBe(2);
    await expect(incidents.save(updated, cycle, read.version)).rejects.toBeInstanceOf(VersionConflictError);
    // Kenya's follow-up discharges its follow-up and its own account of the event (11(a)).
    expect((await incidents.owedBy('KEN')).map((obligation) => obligation.kind)).toEqual(['follow-up-outcome']);
  });

  it('never lets a derivation from an older version overwrite a newer one', async () => {
    const incidents = new IncidentsRepository(testTable());
    const current = (await incidents.get(incident.id))!;
    await incidents.syncDerived(incident, 1, (await import('../../functions/core/obligations.ts')).deriveObligations(incident, cycle));
    expect((await incidents.owedBy('KEN')).map((obligation) => obligation.kind)).toEqual(['follow-up-outcome']);
    expect((await incidents.get(incident.id))?.obligations).toEqual(current.obligations);
  });
});

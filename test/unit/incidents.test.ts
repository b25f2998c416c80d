import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attachReport,
  type Incident,
  incidentIdFor,
  incidentSchema,
  incidentsAnswered,
  type LinkedReport,
  linkedReportOf,
  matchIncident,
  openIncident,
} from '../../functions/core/incidents.ts';
import { formatReference } from '../../functions/core/references.ts';
import { type Submission, type ViolationItem } from '../../functions/core/submissions.ts';
import { followUpItem, submission, violationItem } from '../support/submissions.ts';

function violationOf(submitted: Submission, itemIndex = 0): ViolationItem {
  const item = submitted.items[itemIndex];
  if (item?.kind !== 'violation') throw new Error('not a violation report');
  return item;
}

const byFrance = submission(42, 'FRA', '2024-03-02T09:00:00Z', [violationItem({ allegedOffender: { known: true, presentIn: 'MEX' } })]);

describe('openIncident', () => {
  it('opens an incident named after the first report and its item number', () => {
    const incident = openIncident(byFrance, 0);
    expect(incident).toEqual({
      schemaVersion: 1,
      id: 'INC-MPR-2024-0042-1',
      cycleId: '77/108',
      statesConcerned: { affected: 'FRA', territorial: 'KEN', offenderPresentIn: ['MEX'] },
      incidentDate: '2024-03-01',
      city: 'Nairobi',
      reports: [
        { kind: 'violation', reference: 'MPR-2024-0042', itemIndex: 0, reportingState: 'FRA', receivedAt: '2024-03-02T09:00:00Z', offenderPresentIn: 'MEX' },
      ],
    });
    expect(incidentSchema.parse(incident)).toEqual(incident);
  });

  it('counts items from 1 in the id', () => {
    expect(incidentIdFor('MPR-2024-0042', 2)).toBe('INC-MPR-2024-0042-3');
    expect(incidentIdFor('MPR-2024-12345', 0)).toBe('INC-MPR-2024-12345-1');
  });

  it('refuses an item that is not a violation report', () => {
    const views = submission(43, 'FRA', '2024-03-02T09:00:00Z', [{ kind: 'views', text: 'Views.' }]);
    expect(() => openIncident(views, 0)).toThrow(/not a violation report/);
    expect(() => openIncident(byFrance, 1)).toThrow(/not a violation report/);
    expect(() => linkedReportOf(views, 0)).toThrow(/not a violation or follow-up report/);
  });
});

describe('attachReport', () => {
  const fromKenya = submission(50, 'KEN', '2024-03-05T10:00:00Z', [violationItem(), followUpItem('INC-MPR-2024-0042-1', { final: false })]);

  it('adds a report and keeps reports in the order received', () => {
    const incident = attachReport(attachReport(openIncident(byFrance, 0), linkedReportOf(fromKenya, 1)), linkedReportOf(fromKenya, 0));
    expect(incident.reports.map((report) => [report.reference, report.itemIndex, report.kind])).toEqual([
      ['MPR-2024-0042', 0, 'violation'],
      ['MPR-2024-0050', 0, 'violation'],
      ['MPR-2024-0050', 1, 'follow-up'],
    ]);
    expect(incident.reports[2]).toMatchObject({ finalOutcome: false });
  });

  it('changes nothing when the same report item is attached twice', () => {
    const once = attachReport(openIncident(byFrance, 0), linkedReportOf(fromKenya, 1));
    expect(attachReport(once, linkedReportOf(fromKenya, 1))).toBe(once);
    expect(attachReport(openIncident(byFrance, 0), linkedReportOf(byFrance, 0))).toEqual(openIncident(byFrance, 0));
  });

  it('adds the States where reports say the offender is present, never the territorial State', () => {
    const byItaly = submission(51, 'ITA', '2024-03-06T10:00:00Z', [violationItem({ allegedOffender: { known: true, presentIn: 'BRA' } })]);
    const incident = attachReport(openIncident(byFrance, 0), linkedReportOf(byItaly, 0));
    expect(incident.statesConcerned.offenderPresentIn).toEqual(['BRA', 'MEX']);
    const withTerritorial = attachReport(incident, {
      kind: 'violation',
      reference: 'MPR-2024-0052',
      itemIndex: 0,
      reportingState: 'USA',
      receivedAt: '2024-03-07T00:00:00Z',
      offenderPresentIn: 'KEN',
    });
    expect(withTerritorial.statesConcerned.offenderPresentIn).toEqual(['BRA', 'MEX']);
  });

  it('gives the same incident whatever order the reports are attached in', () => {
    const state = fc.constantFrom('FRA', 'KEN', 'MEX', 'BRA', 'ITA');
    const report = fc.record({
      kind: fc.constantFrom('violation' as const, 'follow-up' as const),
      reportingState: state,
      minute: fc.integer({ min: 0, max: 200_000 }),
      presentIn: fc.option(state, { nil: undefined }),
      finalOutcome: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(report, { maxLength: 8 }), fc.infiniteStream(fc.nat()), (drawn, randomness) => {
        const linked: LinkedReport[] = drawn.map((entry, index) => {
          const common = {
            reference: formatReference(2024, 100 + index),
            itemIndex: 0,
            reportingState: entry.reportingState,
            receivedAt: new Date(Date.UTC(2024, 2, 2) + entry.minute * 60_000).toISOString(),
          };
          return entry.kind === 'violation'
            ? { kind: 'violation', ...common, ...(entry.presentIn === undefined ? {} : { offenderPresentIn: entry.presentIn }) }
            : { kind: 'follow-up', ...common, finalOutcome: entry.finalOutcome };
        });
        const shuffled = shuffle(linked, randomness);
        const opened = openIncident(byFrance, 0);
        const inOrder = linked.reduce(attachReport, opened);
        const inAnotherOrder = [...shuffled, ...shuffled].reduce(attachReport, opened);
        expect(inAnotherOrder).toEqual(inOrder);
      }),
    );
  });
});

function shuffle<T>(items: readonly T[], randomness: Iterable<number>): T[] {
  const result = [...items];
  const numbers = randomness[Symbol.iterator]();
  for (let index = result.length - 1; index > 0; index -= 1) {
    const other = (numbers.next().value as number) % (index + 1);
    [result[index], result[other]] = [result[other] as T, result[index] as T];
  }
  return result;
}

describe('matchIncident', () => {
  const existing = openIncident(byFrance, 0);

  // The Kenyan report of the same event, with one detail changed per row.
  it.each<[string, Record<string, unknown>, string, boolean]>([
    ['the territorial State reporting the same event', {}, 'KEN', true],
    ['a third State reporting the same event', {}, 'USA', true],
    ['a date 3 days apart', { incidentDate: '2024-03-04' }, 'KEN', true],
    ['a date 3 days earlier', { incidentDate: '2024-02-27' }, 'KEN', true],
    ['a date 4 days apart', { incidentDate: '2024-03-05' }, 'KEN', false],
    ['another territorial State', { occurredIn: 'TZA' }, 'KEN', false],
    ["another State's mission", { affected: { kinds: ['embassy'], missionState: 'DEU' } }, 'KEN', false],
    ['another city', { city: 'Mombasa' }, 'KEN', false],
    ['the same city written otherwise', { city: '  NAIROBI ' }, 'KEN', true],
    ['the same city without its accents', { city: 'Nairobí' }, 'KEN', true],
    ['no city in the new report', { city: undefined }, 'KEN', true],
    ['the same State reporting again: another event', {}, 'FRA', false],
  ])('%s: match is %s', (_name, change, reportingState, matches) => {
    const report = submission(60, reportingState, '2024-03-05T10:00:00Z', [violationItem(change)]);
    expect(matchIncident([existing], violationOf(report), reportingState)?.id).toBe(matches ? existing.id : undefined);
  });

  it('matches an incident opened without a city on the date and States alone', () => {
    const withoutCity = openIncident(submission(61, 'FRA', '2024-03-02T09:00:00Z', [violationItem({ city: undefined })]), 0);
    const report = submission(62, 'KEN', '2024-03-05T10:00:00Z', [violationItem({ city: 'Mombasa' })]);
    expect(matchIncident([withoutCity], violationOf(report), 'KEN')?.id).toBe(withoutCity.id);
  });

  it('prefers the closest date, then the incident opened first', () => {
    const later = openIncident(submission(70, 'FRA', '2024-03-04T09:00:00Z', [violationItem({ incidentDate: '2024-03-03' })]), 0);
    const twin = openIncident(submission(71, 'FRA', '2024-03-04T09:00:00Z', [violationItem({ incidentDate: '2024-03-03' })]), 0);
    const report = submission(72, 'KEN', '2024-03-05T10:00:00Z', [violationItem({ incidentDate: '2024-03-03' })]);
    expect(matchIncident([existing, twin, later], violationOf(report), 'KEN')?.id).toBe(later.id);
    expect(matchIncident([existing], violationOf(report), 'KEN', 1)).toBeUndefined();
  });

  it('matches nothing among no candidates', () => {
    expect(matchIncident([], violationOf(byFrance), 'KEN')).toBeUndefined();
  });
});

describe('incidentsAnswered', () => {
  const twoEvents = submission(80, 'FRA', '2024-03-02T09:00:00Z', [violationItem(), violationItem({ occurredIn: 'TZA', city: 'Dodoma' })]);
  const incidents: Incident[] = [openIncident(twoEvents, 0), openIncident(twoEvents, 1), openIncident(byFrance, 0)];

  it('finds an incident by its id', () => {
    expect(incidentsAnswered(incidents, 'INC-MPR-2024-0080-2').map((incident) => incident.id)).toEqual(['INC-MPR-2024-0080-2']);
  });

  it('finds every incident a violation report covered by its reference', () => {
    expect(incidentsAnswered(incidents, 'MPR-2024-0080').map((incident) => incident.id)).toEqual(['INC-MPR-2024-0080-1', 'INC-MPR-2024-0080-2']);
  });

  it('finds an incident by the reference of a later violation report attached to it', () => {
    const byKenya = submission(81, 'KEN', '2024-03-05T10:00:00Z', [violationItem()]);
    const linked = [attachReport(openIncident(byFrance, 0), linkedReportOf(byKenya, 0))];
    expect(incidentsAnswered(linked, 'MPR-2024-0081').map((incident) => incident.id)).toEqual(['INC-MPR-2024-0042-1']);
  });

  it('finds nothing for an unknown id or reference', () => {
    expect(incidentsAnswered(incidents, 'INC-MPR-2024-0099-1')).toEqual([]);
    expect(incidentsAnswered(incidents, 'MPR-2024-0099')).toEqual([]);
  });
});

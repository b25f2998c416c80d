import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cycle } from '../../functions/core/cycles.ts';
import { attachReport, type Incident, incidentIdFor, type LinkedReport } from '../../functions/core/incidents.ts';
import { deriveObligations, type Obligation, type ObligationKind, owedBy } from '../../functions/core/obligations.ts';
import { formatReference } from '../../functions/core/references.ts';
import { seededCycle } from '../support/seed.ts';

// Seeded periods: 11(a) due after 60 days (reminders 60, 120); follow-up after 90 (90, 180);
// outcome after 365 (365).
const cycle = seededCycle();

const violation = (sequence: number, reportingState: string, receivedAt: string, offenderPresentIn?: string): LinkedReport => ({
  kind: 'violation',
  reference: formatReference(2024, sequence),
  itemIndex: 0,
  reportingState,
  receivedAt,
  ...(offenderPresentIn === undefined ? {} : { offenderPresentIn }),
});

const followUp = (sequence: number, reportingState: string, receivedAt: string, finalOutcome = false): LinkedReport => ({
  kind: 'follow-up',
  reference: formatReference(2024, sequence),
  itemIndex: 0,
  reportingState,
  receivedAt,
  finalOutcome,
});

/** An incident opened by the first report given, with the others attached in the order given. */
function incident(states: { affected: string; territorial: string }, reports: readonly LinkedReport[]): Incident {
  const [first] = reports;
  if (first === undefined) throw new Error('an incident needs a report');
  const opened: Incident = {
    schemaVersion: 1,
    id: incidentIdFor(first.reference, first.itemIndex),
    cycleId: cycle.id,
    statesConcerned: { ...states, offenderPresentIn: [] },
    incidentDate: '2024-02-28',
    reports: [],
  };
  return reports.reduce(attachReport, opened);
}

/** France's embassy attacked in Kenya; Mexico where the offender fled; the United States a third State. */
const embassyInKenya = { affected: 'FRA', territorial: 'KEN' };

type Row = readonly [ObligationKind, string, 'owed' | 'discharged', string | null, string | null];
const rows = (obligations: readonly Obligation[]): Row[] =>
  obligations.map((obligation) => [
    obligation.kind,
    obligation.owingState,
    obligation.status,
    obligation.dueDate,
    obligation.status === 'discharged' ? obligation.dischargedBy.reference : null,
  ]);

describe('deriveObligations', () => {
  it.each<[string, { affected: string; territorial: string }, LinkedReport[], Row[]]>([
    [
      'reported by the affected State only: the territorial State owes its report and a follow-up',
      embassyInKenya,
      [violation(1, 'FRA', '2024-03-01T10:00:00Z')],
      [
        ['violation-report', 'KEN', 'owed', '2024-04-30', null],
        ['follow-up', 'KEN', 'owed', '2024-05-30', null],
      ],
    ],
    [
      'reported by the territorial State only: it owes a follow-up, not a second report',
      embassyInKenya,
      [violation(1, 'KEN', '2024-03-01T10:00:00Z')],
      [['follow-up', 'KEN', 'owed', '2024-05-30', null]],
    ],
    [
      'reported by the affected State, then the territorial State: its report discharges 11(a)',
      embassyInKenya,
      [violation(1, 'FRA', '2024-03-01T10:00:00Z'), violation(2, 'KEN', '2024-03-10T10:00:00Z')],
      [
        ['violation-report', 'KEN', 'discharged', '2024-04-30', 'MPR-2024-0002'],
        ['follow-up', 'KEN', 'owed', '2024-05-30', null],
      ],
    ],
    [
      'reported by the territorial State, then the affected State: 11(a) is on record as already discharged',
      embassyInKenya,
      [violation(1, 'KEN', '2024-03-01T10:00:00Z'), violation(2, 'FRA', '2024-03-10T10:00:00Z')],
      [
        ['violation-report', 'KEN', 'discharged', '2024-05-09', 'MPR-2024-0001'],
        ['follow-up', 'KEN', 'owed', '2024-05-30', null],
      ],
    ],
    [
      'a follow-up before the due date, outcome pending: follow-up (and 11(a)) discharged, the outcome owed',
      embassyInKenya,
      [violation(1, 'FRA', '2024-03-01T10:00:00Z'), followUp(2, 'KEN', '2024-04-02T10:00:00Z')],
      [
        ['violation-report', 'KEN', 'discharged', '2024-04-30', 'MPR-2024-0002'],
        ['follow-up', 'KEN', 'discharged', '2024-05-30', 'MPR-2024-0002'],
        ['follow-up-outcome', 'KEN', 'owed', '2025-04-02', null],
      ],
    ],
    [
      'a late follow-up with the final outcome: discharges all, however late',
      embassyInKenya,
      [violation(1, 'FRA', '2024-03-01T10:00:00Z'), followUp(2, 'KEN', '2024-09-15T10:00:00Z', true)],
      [
        ['violation-report', 'KEN', 'discharged', '2024-04-30', 'MPR-2024-0002'],
        ['follow-up', 'KEN', 'discharged', '2024-05-30', 'MPR-2024-0002'],
      ],
    ],
    [
      'the final outcome in a later follow-up discharges the outcome',
      embassyInKenya,
      [violation(1, 'KEN', '2024-03-01T10:00:00Z'), followUp(2, 'KEN', '2024-04-02T10:00:00Z'), followUp(3, 'KEN', '2025-01-10T10:00:00Z', true)],
      [
        ['follow-up', 'KEN', 'discharged', '2024-05-30', 'MPR-2024-0002'],
        ['follow-up-outcome', 'KEN', 'discharged', '2025-04-02', 'MPR-2024-0003'],
      ],
    ],
    [
      'the offender in a third State: that State is invited, with no due date',
      embassyInKenya,
      [violation(1, 'FRA', '2024-03-01T10:00:00Z', 'MEX')],
      [
        ['violation-report', 'KEN', 'owed', '2024-04-30', null],
        ['follow-up', 'KEN', 'owed', '2024-05-30', null],
        ['follow-up-where-possible', 'MEX', 'owed', null, null],
      ],
    ],
    [
      "the offender's State answers: its follow-up discharges the invitation, not the territorial State's",
      embassyInKenya,
      [violation(1, 'FRA', '2024-03-01T10:00:00Z', 'MEX'), followUp(2, 'MEX', '2024-04-20T10:00:00Z', true)],
      [
        ['violation-report', 'KEN', 'owed', '2024-04-30', null],
        ['follow-up', 'KEN', 'owed', '2024-05-30', null],
        ['follow-up-where-possible', 'MEX', 'discharged', null, 'MPR-2024-0002'],
      ],
    ],
    [
      "a later report naming the offender's State: the invitation runs from that report",
      embassyInKenya,
      [violation(1, 'FRA', '2024-03-01T10:00:00Z'), violation(2, 'KEN', '2024-03-20T10:00:00Z', 'MEX')],
      [
        ['violation-report', 'KEN', 'discharged', '2024-04-30', 'MPR-2024-0002'],
        ['follow-up', 'KEN', 'owed', '2024-05-30', null],
        ['follow-up-where-possible', 'MEX', 'owed', null, null],
      ],
    ],
    [
      'the territorial State is the affected State (its own mission at home), reporting itself',
      { affected: 'KEN', territorial: 'KEN' },
      [violation(1, 'KEN', '2024-03-01T10:00:00Z')],
      [['follow-up', 'KEN', 'owed', '2024-05-30', null]],
    ],
    [
      'the territorial State is the affected State, and a third State reports the event',
      { affected: 'KEN', territorial: 'KEN' },
      [violation(1, 'USA', '2024-03-01T10:00:00Z')],
      [
        ['violation-report', 'KEN', 'owed', '2024-04-30', null],
        ['follow-up', 'KEN', 'owed', '2024-05-30', null],
      ],
    ],
    [
      'a third State reports: the reporter owes nothing, the territorial State owes both',
      embassyInKenya,
      [violation(1, 'USA', '2024-03-01T10:00:00Z'), violation(2, 'FRA', '2024-03-02T10:00:00Z')],
      [
        ['violation-report', 'KEN', 'owed', '2024-04-30', null],
        ['follow-up', 'KEN', 'owed', '2024-05-30', null],
      ],
    ],
    [
      "a follow-up from the affected State does not discharge the territorial State's",
      embassyInKenya,
      [violation(1, 'FRA', '2024-03-01T10:00:00Z'), followUp(2, 'FRA', '2024-04-02T10:00:00Z', true)],
      [
        ['violation-report', 'KEN', 'owed', '2024-04-30', null],
        ['follow-up', 'KEN', 'owed', '2024-05-30', null],
      ],
    ],
    [
      'periods count from the UTC date of receipt',
      embassyInKenya,
      [violation(1, 'FRA', '2024-03-01T23:30:00-05:00')],
      [
        ['violation-report', 'KEN', 'owed', '2024-05-01', null],
        ['follow-up', 'KEN', 'owed', '2024-05-31', null],
      ],
    ],
  ])('%s', (_name, states, reports, expected) => {
    expect(rows(deriveObligations(incident(states, reports), cycle))).toEqual(expected);
  });

  it('describes each obligation fully', () => {
    const [owed] = deriveObligations(incident(embassyInKenya, [violation(42, 'FRA', '2024-03-01T10:00:00Z')]), cycle);
    expect(owed).toEqual({
      id: 'INC-MPR-2024-0042-1/violation-report/KEN',
      incidentId: 'INC-MPR-2024-0042-1',
      owingState: 'KEN',
      kind: 'violation-report',
      basis: { paragraph: 11, subparagraph: 'a' },
      triggeredBy: { reference: 'MPR-2024-0042', itemIndex: 0, receivedAt: '2024-03-01T10:00:00Z' },
      dueDate: '2024-04-30',
      reminderDates: ['2024-04-30', '2024-06-29'],
      status: 'owed',
    });
  });

  it('never owes anything to a State where the offender is said to be when that is the territorial State', () => {
    const listed = { ...incident(embassyInKenya, [violation(1, 'FRA', '2024-03-01T10:00:00Z')]) };
    const withTerritorial: Incident = { ...listed, statesConcerned: { ...listed.statesConcerned, offenderPresentIn: ['KEN'] } };
    expect(rows(deriveObligations(withTerritorial, cycle)).map(([kind]) => kind)).toEqual(['violation-report', 'follow-up']);
  });

  it('takes paragraph numbers and periods from the cycle', () => {
    const earlier: Cycle = {
      ...cycle,
      paragraphs: { reporting: 10, circularNote: 11, views: 12, reportRequest: 13 },
      periods: { ...cycle.periods, followUp: { dueAfterDays: 30, remindAfterDays: [30] }, followUpOutcome: { dueAfterDays: null, remindAfterDays: [] } },
    };
    const obligations = deriveObligations(
      incident(embassyInKenya, [violation(1, 'KEN', '2024-03-01T10:00:00Z'), followUp(2, 'KEN', '2024-03-20T10:00:00Z')]),
      earlier,
    );
    expect(obligations.map((obligation) => [obligation.kind, obligation.basis, obligation.dueDate, obligation.reminderDates])).toEqual([
      ['follow-up', { paragraph: 10, subparagraph: 'b' }, '2024-03-31', ['2024-03-31']],
      ['follow-up-outcome', { paragraph: 10, subparagraph: 'b' }, null, []],
    ]);
  });

  it('gives invitations no reminders: para 12(d) reminds only the States where violations occurred', () => {
    const obligations = deriveObligations(incident(embassyInKenya, [violation(1, 'FRA', '2024-03-01T10:00:00Z', 'MEX')]), cycle);
    expect(obligations.find((obligation) => obligation.owingState === 'MEX')?.reminderDates).toEqual([]);
  });
});

describe('owedBy', () => {
  const first = incident(embassyInKenya, [violation(1, 'FRA', '2024-03-01T10:00:00Z', 'MEX')]);
  const second = incident({ affected: 'DEU', territorial: 'KEN' }, [violation(5, 'DEU', '2024-02-01T10:00:00Z'), followUp(6, 'KEN', '2024-02-20T10:00:00Z')]);
  const summary = (state: string, now: string) => owedBy(state, [first, second], cycle, new Date(now)).map((owed) => [owed.id, owed.dueDate, owed.overdue]);

  it('lists what a State still owes, earliest due first, with what is overdue', () => {
    expect(summary('KEN', '2024-04-30T23:59:59Z')).toEqual([
      ['INC-MPR-2024-0001-1/violation-report/KEN', '2024-04-30', false],
      ['INC-MPR-2024-0001-1/follow-up/KEN', '2024-05-30', false],
      ['INC-MPR-2024-0005-1/follow-up-outcome/KEN', '2025-02-19', false],
    ]);
    expect(summary('KEN', '2024-05-01T00:00:00Z').map(([, , overdue]) => overdue)).toEqual([true, false, false]);
  });

  it('lists invitations last and never as overdue', () => {
    expect(summary('MEX', '2030-01-01T00:00:00Z')).toEqual([['INC-MPR-2024-0001-1/follow-up-where-possible/MEX', null, false]]);
  });

  it('lists nothing for a State that owes nothing', () => {
    expect(summary('FRA', '2024-06-01T00:00:00Z')).toEqual([]);
    expect(summary('DEU', '2024-06-01T00:00:00Z')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over generated incidents

const pool = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'] as const;
const state = fc.constantFrom(...pool);
// Mostly spread over a year; sometimes within the same few minutes, so that ties are exercised.
const minutes = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 60 * 24 * 400 }));
const receivedAt = (offset: number) => new Date(Date.UTC(2024, 0, 1) + offset * 60_000).toISOString();

const generatedIncident = fc
  .record({
    affected: state,
    territorial: state,
    opening: fc.record({ reportingState: state, minutes, presentIn: fc.option(state, { nil: undefined }) }),
    others: fc.array(
      fc.record({
        kind: fc.constantFrom('violation' as const, 'follow-up' as const),
        reportingState: state,
        minutes,
        presentIn: fc.option(state, { nil: undefined }),
        finalOutcome: fc.boolean(),
        itemIndex: fc.integer({ min: 0, max: 3 }),
      }),
      { maxLength: 10 },
    ),
  })
  .map(({ affected, territorial, opening, others }) => {
    const presentIn = (candidate: string | undefined) => (candidate === territorial ? undefined : candidate);
    const reports = [
      violation(1, opening.reportingState, receivedAt(opening.minutes), presentIn(opening.presentIn)),
      ...others.map((other, index): LinkedReport => {
        const common = {
          reference: formatReference(2024, index + 2),
          itemIndex: other.itemIndex,
          reportingState: other.reportingState,
          receivedAt: receivedAt(other.minutes),
        };
        const offenderState = presentIn(other.presentIn);
        return other.kind === 'violation'
          ? { kind: 'violation', ...common, ...(offenderState === undefined ? {} : { offenderPresentIn: offenderState }) }
          : { kind: 'follow-up', ...common, finalOutcome: other.finalOutcome };
      }),
    ];
    return incident({ affected, territorial }, reports);
  });

/** The rule, restated: which reports discharge an obligation of this kind owed by this State. */
function discharges(obligation: Obligation, report: LinkedReport): boolean {
  if (report.reportingState !== obligation.owingState) return false;
  switch (obligation.kind) {
    case 'violation-report':
      return true;
    case 'follow-up':
    case 'follow-up-where-possible':
      return report.kind === 'follow-up';
    case 'follow-up-outcome':
      return report.kind === 'follow-up' && report.finalOutcome;
  }
}

/** A report that discharges the obligation, received after everything else. */
function matchingReport(obligation: Obligation, sequence: number): LinkedReport {
  const late = '2030-01-01T00:00:00.000Z';
  return obligation.kind === 'violation-report' ? violation(sequence, obligation.owingState, late) : followUp(sequence, obligation.owingState, late, true);
}

const latestReceipt = (subject: Incident) => subject.reports.reduce((latest, report) => Math.max(latest, Date.parse(report.receivedAt)), 0);

describe('deriveObligations, for any incident', () => {
  it('owes each kind of report at most once per State, under a unique id', () => {
    fc.assert(
      fc.property(generatedIncident, (subject) => {
        const obligations = deriveObligations(subject, cycle);
        expect(new Set(obligations.map((obligation) => obligation.id)).size).toBe(obligations.length);
        expect(new Set(obligations.map((obligation) => `${obligation.kind} ${obligation.owingState}`)).size).toBe(obligations.length);
      }),
    );
  });

  it('always owes the territorial State a follow-up', () => {
    fc.assert(
      fc.property(generatedIncident, (subject) => {
        const followUps = deriveObligations(subject, cycle).filter((obligation) => obligation.kind === 'follow-up');
        expect(followUps.map((obligation) => obligation.owingState)).toEqual([subject.statesConcerned.territorial]);
      }),
    );
  });

  it('is never owed by a State outside the States concerned, nor by a mere reporter', () => {
    fc.assert(
      fc.property(generatedIncident, (subject) => {
        const { territorial, offenderPresentIn } = subject.statesConcerned;
        for (const obligation of deriveObligations(subject, cycle)) {
          expect([territorial, ...offenderPresentIn]).toContain(obligation.owingState);
        }
      }),
    );
  });

  it('is due, and reminded, never before the report that triggered it, which is one of the incident', () => {
    fc.assert(
      fc.property(generatedIncident, (subject) => {
        for (const obligation of deriveObligations(subject, cycle)) {
          const triggerDate = obligation.triggeredBy.receivedAt.slice(0, 10);
          expect(
            subject.reports.some((report) => report.reference === obligation.triggeredBy.reference && report.itemIndex === obligation.triggeredBy.itemIndex),
          ).toBe(true);
          if (obligation.dueDate !== null) expect(obligation.dueDate > triggerDate).toBe(true);
          for (const reminder of obligation.reminderDates) expect(reminder >= (obligation.dueDate ?? triggerDate)).toBe(true);
        }
      }),
    );
  });

  it('is discharged exactly when a matching report is there, by the first one', () => {
    fc.assert(
      fc.property(generatedIncident, (subject) => {
        for (const obligation of deriveObligations(subject, cycle)) {
          const matching = subject.reports.filter((report) => discharges(obligation, report));
          if (obligation.status === 'owed') {
            expect(matching).toEqual([]);
          } else {
            expect(matching[0]).toMatchObject(obligation.dischargedBy);
          }
        }
      }),
    );
  });

  it('is discharged by the matching report when it arrives', () => {
    fc.assert(
      fc.property(generatedIncident, (subject) => {
        for (const obligation of deriveObligations(subject, cycle).filter((candidate) => candidate.status === 'owed')) {
          const report = matchingReport(obligation, 9000);
          const after = deriveObligations(attachReport(subject, report), cycle).find((candidate) => candidate.id === obligation.id);
          expect(after).toMatchObject({ status: 'discharged', dischargedBy: { reference: report.reference, itemIndex: 0 } });
        }
      }),
    );
  });

  it('does not change when a State that owes nothing sends a follow-up', () => {
    fc.assert(
      fc.property(generatedIncident, fc.constantFrom(...pool, 'ZZZ'), minutes, (subject, sender, offset) => {
        const { territorial, offenderPresentIn } = subject.statesConcerned;
        fc.pre(sender !== territorial && !offenderPresentIn.includes(sender));
        const unrelated = followUp(9000, sender, receivedAt(offset), true);
        expect(deriveObligations(attachReport(subject, unrelated), cycle)).toEqual(deriveObligations(subject, cycle));
      }),
    );
  });

  it('does not change when another State sends a further account of an event already reported by others', () => {
    fc.assert(
      fc.property(generatedIncident, fc.constantFrom(...pool, 'ZZZ'), (subject, sender) => {
        const { territorial } = subject.statesConcerned;
        fc.pre(sender !== territorial && subject.reports.some((report) => report.kind === 'violation' && report.reportingState !== territorial));
        const further = violation(9000, sender, new Date(latestReceipt(subject) + 60_000).toISOString());
        expect(deriveObligations(attachReport(subject, further), cycle)).toEqual(deriveObligations(subject, cycle));
      }),
    );
  });

  it('does not depend on the order the reports are listed in', () => {
    fc.assert(
      fc.property(
        generatedIncident.chain((subject) =>
          fc.tuple(fc.constant(subject), fc.shuffledSubarray(subject.reports, { minLength: subject.reports.length, maxLength: subject.reports.length })),
        ),
        ([subject, reordered]) => {
          expect(deriveObligations({ ...subject, reports: reordered }, cycle)).toEqual(deriveObligations(subject, cycle));
        },
      ),
    );
  });
});

describe('owedBy, for any incidents', () => {
  it('lists exactly the owed obligations of the State, overdue once their due date has passed', () => {
    fc.assert(
      fc.property(fc.array(generatedIncident, { maxLength: 4 }), state, minutes, (generated, owing, offset) => {
        const incidents = generated.map((subject, index) => ({ ...subject, id: `${subject.id.slice(0, -1)}${index + 1}` }));
        const now = new Date(receivedAt(offset));
        const today = now.toISOString().slice(0, 10);
        const owed = owedBy(owing, incidents, cycle, now);
        const expected = incidents
          .flatMap((subject) => deriveObligations(subject, cycle))
          .filter((obligation) => obligation.status === 'owed' && obligation.owingState === owing);
        expect(owed.map((obligation) => obligation.id).sort()).toEqual(expected.map((obligation) => obligation.id).sort());
        for (const obligation of owed) expect(obligation.overdue).toBe(obligation.dueDate !== null && obligation.dueDate < today);
      }),
    );
  });
});

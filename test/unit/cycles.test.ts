import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, applyCycleChanges, type Cycle, cycleSchema, deadlineOf, parseCycle, reminderDates } from '../../functions/core/cycles.ts';

const seededText = readFileSync(new URL('../../data/cycles/77-108.json', import.meta.url), 'utf8');

function seeded(): Cycle {
  const result = parseCycle(seededText);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

function errorsOf(result: ReturnType<typeof parseCycle>) {
  return result.ok ? [] : result.errors;
}

describe('the seeded 77/108 cycle', () => {
  it('parses with the schema', () => {
    expect(cycleSchema.safeParse(JSON.parse(seededText)).success).toBe(true);
    expect(parseCycle(seededText).ok).toBe(true);
  });

  it('holds the resolution and its paragraphs', () => {
    const cycle = seeded();
    expect(cycle).toMatchObject({
      id: '77/108',
      resolution: { symbol: 'A/RES/77/108', adoptedOn: '2022-12-07' },
      paragraphs: { reporting: 11, circularNote: 12, views: 13, reportRequest: 14 },
      report: { session: 79 },
    });
    expect(Object.keys(cycle.operativeParagraphs).sort()).toEqual(['11', '12', '13', '14']);
  });

  it('marks as unconfirmed what no official source confirmed', () => {
    expect(seeded().unconfirmed).toEqual(expect.arrayContaining(['/operativeParagraphs', '/replyDeadline', '/noteReferenceSeries', '/periods']));
  });

  it('has its reply deadline on 15 May 2024, with reminders 12 and 2 weeks before', () => {
    const cycle = seeded();
    expect(deadlineOf(cycle)).toBe('2024-05-15');
    expect(reminderDates(cycle)).toEqual(['2024-02-21', '2024-05-01']);
  });
});

describe('parseCycle', () => {
  it('names the JSON error of text that is not JSON', () => {
    expect(errorsOf(parseCycle('{ "id": '))).toEqual([{ path: '', message: expect.stringMatching(/^is not valid JSON: /) }]);
  });

  const spoilt: [string, (cycle: Record<string, unknown> & Cycle) => void, string, string | RegExp][] = [
    [
      'a future schema version',
      (cycle) => {
        (cycle as Record<string, unknown>)['schemaVersion'] = 2;
      },
      '/schemaVersion',
      'must be 1',
    ],
    [
      'an id that is not session/number',
      (cycle) => {
        cycle.id = 'A/RES/77/108';
      },
      '/id',
      'must be a resolution number as session/number, e.g. 77/108',
    ],
    [
      'a symbol of another resolution',
      (cycle) => {
        cycle.resolution.symbol = 'A/RES/75/139';
      },
      '/resolution/symbol',
      'must be A/RES/77/108 for cycle 77/108',
    ],
    [
      'two parts of the procedure in one paragraph',
      (cycle) => {
        cycle.paragraphs.views = 12;
      },
      '/paragraphs',
      'must give each part of the procedure its own paragraph',
    ],
    [
      'no text for a paragraph it uses',
      (cycle) => {
        delete cycle.operativeParagraphs['13'];
      },
      '/operativeParagraphs',
      'must include the text of paragraph 13 (views)',
    ],
    [
      'a deadline before the resolution',
      (cycle) => {
        cycle.replyDeadline = '2022-01-01';
      },
      '/replyDeadline',
      'must be after the adoption of the resolution (2022-12-07)',
    ],
    [
      'a report to the session that adopted the resolution',
      (cycle) => {
        cycle.report.session = 77;
      },
      '/report/session',
      /^must be a later session/,
    ],
    [
      'a reminder before the report is due',
      (cycle) => {
        cycle.periods.followUp.remindAfterDays = [30, 180];
      },
      '/periods/followUp/remindAfterDays/0',
      'must be no earlier than dueAfterDays (90)',
    ],
    [
      'reminders out of order',
      (cycle) => {
        cycle.periods.followUp.remindAfterDays = [180, 90];
      },
      '/periods/followUp/remindAfterDays/1',
      'must be later than the reminder before it',
    ],
    [
      'a reminder for an untimed outcome',
      (cycle) => {
        cycle.periods.followUpOutcome = { dueAfterDays: null, remindAfterDays: [365] };
      },
      '/periods/followUpOutcome/remindAfterDays',
      'must be empty when the outcome has no due date',
    ],
    [
      'a period of no days',
      (cycle) => {
        cycle.periods.violationReport.dueAfterDays = 0;
      },
      '/periods/violationReport/dueAfterDays',
      'must be at least 1',
    ],
    [
      'the same pre-deadline reminder twice',
      (cycle) => {
        cycle.periods.beforeDeadlineReminderDays = [14, 14];
      },
      '/periods/beforeDeadlineReminderDays',
      'must not list the same day twice',
    ],
    [
      'a note series outside the Codification Division',
      (cycle) => {
        cycle.noteReferenceSeries = 'OLA/72';
      },
      '/noteReferenceSeries',
      'must be a reference such as LA/COD/72',
    ],
    [
      'an unconfirmed field that does not exist',
      (cycle) => {
        cycle.unconfirmed = ['/replyDeadlines'];
      },
      '/unconfirmed/0',
      'names /replyDeadlines, which the cycle does not have',
    ],
    [
      'a setting the schema does not know',
      (cycle) => {
        (cycle as Record<string, unknown>)['deadline'] = '2024-05-15';
      },
      '/deadline',
      'is not a cycle setting',
    ],
    [
      'no circulation addressees',
      (cycle) => {
        delete (cycle as Record<string, unknown>)['circulation'];
      },
      '/circulation',
      'is required',
    ],
  ];

  it.each(spoilt)('refuses %s', (_name, spoil, path, message) => {
    const cycle = structuredClone(seeded()) as Record<string, unknown> & Cycle;
    spoil(cycle);
    const errors = errorsOf(parseCycle(cycle));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe(path);
    if (typeof message === 'string') expect(errors[0]?.message).toBe(message);
    else expect(errors[0]?.message).toMatch(message);
  });

  it('takes the paragraph numbers of an earlier resolution (67/94: 10, 11, 12, 13)', () => {
    const cycle = seeded();
    const earlier = {
      ...cycle,
      id: '67/94',
      resolution: { ...cycle.resolution, symbol: 'A/RES/67/94', adoptedOn: '2012-12-14' },
      paragraphs: { reporting: 10, circularNote: 11, views: 12, reportRequest: 13 },
      operativeParagraphs: { '10': 'reporting', '11': 'circular note', '12': 'views', '13': 'report' },
      report: { session: 69 },
      replyDeadline: '2014-05-15',
      unconfirmed: [],
    };
    const result = parseCycle(earlier);
    expect(result.ok && result.value.paragraphs.reporting).toBe(10);
  });
});

describe('applyCycleChanges', () => {
  it('changes settings and leaves the given cycle as it was', () => {
    const cycle = seeded();
    const before = structuredClone(cycle);
    const result = applyCycleChanges(cycle, {
      replyDeadline: '2024-05-31',
      'periods.followUp.dueAfterDays': 120,
      'periods.followUp.remindAfterDays': [120, 240],
      'report.previous.symbol': 'A/77/186',
      'report.previous.date': '2022-07-15',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.replyDeadline).toBe('2024-05-31');
    expect(result.value.periods.followUp).toEqual({ dueAfterDays: 120, remindAfterDays: [120, 240] });
    expect(result.value.report.previous).toEqual({ symbol: 'A/77/186', date: '2022-07-15' });
    expect(reminderDates(result.value)).toEqual(['2024-03-08', '2024-05-17']);
    expect(cycle).toEqual(before);
  });

  it('removes an optional setting given null', () => {
    const result = applyCycleChanges(seeded(), { 'report.agendaItem': null, unconfirmed: ['/replyDeadline'] });
    expect(result.ok && result.value.report.agendaItem).toBeUndefined();
  });

  it('replaces the text of one paragraph', () => {
    const result = applyCycleChanges(seeded(), { 'operativeParagraphs.13': 'Requests the Secretary-General to invite States ...' });
    expect(result.ok && result.value.operativeParagraphs['13']).toBe('Requests the Secretary-General to invite States ...');
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['the id', { id: '79/1' }, '/id', 'cannot be changed: it identifies the cycle'],
    ['the schema version', { schemaVersion: 2 }, '/schemaVersion', 'cannot be changed: it identifies the cycle'],
    ['an unknown setting', { 'periods.violationReports.dueAfterDays': 30 }, '/periods/violationReports', 'is not a cycle setting'],
    ['a path into a scalar', { 'replyDeadline.year': 2025 }, '/replyDeadline/year', 'is not a cycle setting'],
    ['one entry of a list', { 'periods.followUp.remindAfterDays.0': 100 }, '/periods/followUp/remindAfterDays/0', 'is inside a list: set the whole list'],
    ['the prototype', { '__proto__.polluted': true }, '/__proto__/polluted', 'is not a cycle setting'],
    ['a bad value', { replyDeadline: '15 May 2024' }, '/replyDeadline', 'must be a date as YYYY-MM-DD that exists'],
    ['a number given as text', { 'report.session': '80' }, '/report/session', 'must be a number'],
    ['a required setting removed', { replyDeadline: null, unconfirmed: [] }, '/replyDeadline', 'is required'],
    [
      'a removed setting still listed as unconfirmed',
      { 'report.agendaItem': null },
      '/unconfirmed/1',
      'names /report/agendaItem, which the cycle does not have',
    ],
  ])('refuses to change %s', (_name, changes, path, message) => {
    // The rule a refusal names, for a client that words it itself, is not what this test is about.
    expect(errorsOf(applyCycleChanges(seeded(), changes)).map(({ path, message }) => ({ path, message }))).toEqual([{ path, message }]);
  });

  it('never pollutes the prototype of objects', () => {
    applyCycleChanges(seeded(), { '__proto__.polluted': true, 'constructor.prototype.polluted': true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('addDays', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2024-05-15', -84, '2024-02-21'],
    ['2024-03-01', 90, '2024-05-30'],
  ])('%s + %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('undoes itself', () => {
    const date = fc.date({ min: new Date('1980-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: -3650, max: 3650 }), (day, days) => {
        expect(addDays(addDays(day, days), -days)).toBe(day);
      }),
    );
  });
});

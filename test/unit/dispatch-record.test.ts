import { describe, expect, it } from 'vitest';
import {
  type DispatchRun,
  dispatchAuditEvents,
  dispatchDescription,
  dispatchRecordOf,
  dispatchRunSchema,
  unreachedNotice,
} from '../../functions/core/dispatch-record.ts';

const at = '2026-12-06T10:00:00.000Z';
const reached = (state: string, sent = 1) => ({ state, sent, alreadySent: 0, uncertain: 0, unreached: false });
const missed = (state: string) => ({ state, sent: 0, alreadySent: 0, uncertain: 0, unreached: true, error: 'no healthy mailbox' });

function run(overrides: Partial<DispatchRun>): DispatchRun {
  return dispatchRunSchema.parse({
    kind: 'circular',
    noteId: 'circular:77-108',
    cycleId: '77/108',
    reference: null,
    executionName: 'circular-77-108',
    results: [reached('FRA', 2), reached('AZE'), missed('ZWE')],
    now: at,
    ...overrides,
  });
}

describe('the record of a dispatch run', () => {
  it('keeps the totals and the attention totals, not the per-State results', () => {
    const record = dispatchRecordOf(run({ kind: 'circulation', cycleId: null, reference: 'MPR-2026-7', attention: [reached('IRN'), missed('AZE')] }));
    expect(record).not.toHaveProperty('results');
    expect(record).not.toHaveProperty('attention');
    expect(record.totals).toEqual({ states: 3, sent: 3, alreadySent: 0, uncertain: 0, unreached: ['ZWE'] });
    expect(record.attentionTotals).toEqual({ states: 2, sent: 1, alreadySent: 0, uncertain: 0, unreached: ['AZE'] });
    expect(record.recordedAt).toBe(at);
  });

  it('refuses a run whose result names no State code', () => {
    expect(dispatchRunSchema.safeParse({ ...run({}), results: [{ ...reached('FRA'), state: 'france' }] }).success).toBe(false);
  });
});

describe('the audit events of a dispatch run', () => {
  it('a circulation: the submission circulated, and attention drawn for each State the note reached, once each', () => {
    const circulation = run({
      kind: 'circulation',
      noteId: 'circulation:MPR-2026-7',
      cycleId: null,
      reference: 'MPR-2026-7',
      attention: [reached('IRN'), missed('AZE')],
    });
    const events = dispatchAuditEvents(circulation, dispatchRecordOf(circulation).totals);
    expect(events.map((event) => [event.action, event.state ?? null, event.occurrence])).toEqual([
      ['circulated', null, 'circulation:MPR-2026-7'],
      ['attention-drawn', 'IRN', 'circulation:MPR-2026-7:attention:IRN'],
    ]);
    expect(events.every((event) => event.subject.kind === 'submission' && event.subject.id === 'MPR-2026-7')).toBe(true);
  });

  it('a withdrawal: the submission withdrawn', () => {
    const withdrawal = run({ kind: 'withdrawal', noteId: 'withdrawal:MPR-2026-7', cycleId: null, reference: 'MPR-2026-7' });
    expect(dispatchAuditEvents(withdrawal, dispatchRecordOf(withdrawal).totals).map((event) => event.action)).toEqual(['withdrawn']);
  });

  it('the attention notes of a report not circulated: each State not reached, by the circulation workflow, once per execution', () => {
    const attention = run({
      kind: 'attention',
      noteId: 'circulation:MPR-2026-7',
      cycleId: '77/108',
      reference: 'MPR-2026-7',
      executionName: 'circulation-MPR-2026-7',
      results: [reached('UGA'), missed('ZWE')],
    });
    const totals = dispatchRecordOf(attention).totals;
    expect(totals.unreached).toEqual(['ZWE']);
    expect(dispatchAuditEvents(attention, totals)).toEqual([
      {
        actor: { kind: 'system', id: 'circulation-workflow' },
        action: 'skipped',
        subject: { kind: 'submission', id: 'MPR-2026-7' },
        state: 'ZWE',
        details: { kind: 'attention', noteId: 'circulation:MPR-2026-7', reason: 'attention note not sent: no healthy mailbox, or every send failed' },
        occurrence: 'circulation:MPR-2026-7:attention-unreached:ZWE:circulation-MPR-2026-7',
      },
    ]);
    expect(dispatchDescription(attention)).toBe('the attention notes (12 (c)) of report MPR-2026-7, not circulated');
  });

  it("a cycle's note: sent, or skipped with its reason, once per execution", () => {
    const sent = dispatchAuditEvents(run({}), dispatchRecordOf(run({})).totals);
    expect(sent).toMatchObject([{ action: 'circulated', subject: { kind: 'cycle', id: '77/108' }, occurrence: 'circular:77-108:circular-77-108' }]);
    const skipped = run({ kind: 'pre-deadline-reminder', skipped: 'its day, 2026-02-21, had passed', results: [] });
    expect(dispatchAuditEvents(skipped, dispatchRecordOf(skipped).totals)).toMatchObject([
      { action: 'skipped', details: { kind: 'pre-deadline-reminder', reason: 'its day, 2026-02-21, had passed' } },
    ]);
  });

  it('names the dispatch in the notice of unreached States', () => {
    const circular = run({});
    const notice = unreachedNotice(dispatchRecordOf(circular).totals, dispatchDescription(circular));
    expect(notice.subject).toBe('1 State(s) not reached: the circular note of cycle 77/108');
    expect(notice.text).toContain('reached 2 of 3 States');
    expect(notice.text).toContain('Not reached (no healthy mailbox, or every send failed): ZWE.');
  });
});

import { describe, expect, it } from 'vitest';
import type { Obligation } from '../../functions/core/obligations.ts';
import { reminderStep } from '../../functions/core/reminders.ts';

const owed: Obligation = {
  id: 'INC-MPR-2024-0001-1/follow-up/KEN',
  incidentId: 'INC-MPR-2024-0001-1',
  owingState: 'KEN',
  kind: 'follow-up',
  basis: { paragraph: 11, subparagraph: 'b' },
  triggeredBy: { reference: 'MPR-2024-0001', itemIndex: 0, receivedAt: '2024-03-02T09:00:00.000Z' },
  dueDate: '2024-05-31',
  reminderDates: ['2024-05-31', '2024-08-29'],
  status: 'owed',
};

describe('reminderStep', () => {
  it.each([
    ['before the first reminder day', '2024-05-30T23:59:59Z', [], { action: 'wait', until: '2024-05-31T00:00:00.000Z' }],
    ['on the first reminder day', '2024-05-31T00:00:00Z', [], { action: 'send', reminderNumber: 1, of: 2 }],
    ['after the first reminder was sent', '2024-06-15T00:00:00Z', [1], { action: 'wait', until: '2024-08-29T00:00:00.000Z' }],
    ['on the second reminder day', '2024-08-29T10:00:00Z', [1], { action: 'send', reminderNumber: 2, of: 2 }],
    ['after the last reminder', '2024-08-30T00:00:00Z', [1, 2], { action: 'overdue', remindersSent: 2 }],
    ['late start: only the latest reminder is sent', '2024-09-30T00:00:00Z', [], { action: 'send', reminderNumber: 2, of: 2 }],
    ['late start, latest sent: overdue', '2024-09-30T00:00:00Z', [2], { action: 'overdue', remindersSent: 1 }],
  ] as const)('%s', (_name, now, sent, expected) => {
    expect(reminderStep(owed, new Date(now), new Set(sent))).toEqual(expected);
  });

  it('stops once the report has arrived, whatever the date', () => {
    const discharged: Obligation = {
      ...owed,
      status: 'discharged',
      dischargedBy: { reference: 'MPR-2024-0009', itemIndex: 0, receivedAt: '2024-05-30T23:59:59.000Z' },
    };
    for (const now of ['2024-05-01T00:00:00Z', '2024-05-31T00:00:00Z', '2025-01-01T00:00:00Z']) {
      expect(reminderStep(discharged, new Date(now), new Set())).toEqual({ action: 'stop', reason: 'discharged' });
    }
  });

  it('stops for an invitation without reminders', () => {
    expect(reminderStep({ ...owed, kind: 'follow-up-where-possible', dueDate: null, reminderDates: [] }, new Date('2024-06-01T00:00:00Z'), new Set())).toEqual({
      action: 'stop',
      reason: 'no-reminders',
    });
  });
});

/** The State's own three choices on a submission, and what its acknowledgement tells it back. */
import { describe, expect, it } from 'vitest';
import { acknowledgement } from '../../functions/core/acknowledgement.ts';
import { defaultDecisions } from '../../functions/core/decisions.ts';
import { ownIncidentFollowUpDue } from '../../functions/core/obligations.ts';
import { validateSubmissionBody } from '../../functions/core/submissions.ts';
import { seededCycle } from '../support/seed.ts';
import { submission, violationItem } from '../support/submissions.ts';

const now = new Date('2024-06-30T12:00:00Z');

describe("the State's choices", () => {
  it('are expressible in the form and become the default decisions', () => {
    const body = validateSubmissionBody(
      {
        formVersion: 1,
        language: 'en',
        note: { date: '2024-04-01' },
        items: [violationItem()],
        requests: { circulate: true, publishFullText: false, summarize: false },
      },
      now,
    );
    expect(body.ok).toBe(true);
    if (!body.ok) return;
    const decisions = defaultDecisions(body.value, '2024-04-01T10:00:00.000Z');
    expect([decisions.circulate.value, decisions.publishFullText.value, decisions.summarize.value]).toEqual([true, false, false]);
    const held = validateSubmissionBody(
      { formVersion: 1, language: 'en', note: { date: '2024-04-01' }, items: [violationItem()], requests: { circulate: false } },
      now,
    );
    expect(held.ok && defaultDecisions(held.value, '2024-04-01T10:00:00.000Z').circulate.value).toBe(false);
    const wrong = validateSubmissionBody(
      { formVersion: 1, language: 'en', note: { date: '2024-04-01' }, items: [violationItem()], requests: { circulate: 'no' } },
      now,
    );
    expect(wrong.ok ? [] : wrong.errors.map((error) => error.path)).toEqual(['/requests/circulate']);
  });

  it('are shown back on the acknowledgement, with the follow-up a territorial State owes for its own incident', () => {
    const own = submission(5, 'KEN', '2024-04-01T10:00:00.000Z', [violationItem({ occurredIn: 'KEN', affected: { kinds: ['embassy'], missionState: 'FRA' } })]);
    const due = ownIncidentFollowUpDue(own, seededCycle());
    expect(due).toBe('2024-06-30'); // 90 days, the seeded follow-up period
    const english = acknowledgement({ outcome: 'recorded', language: 'en', submission: own, subject: null, followUpDue: due! }).text;
    expect(english).toContain('circulation to all States: yes; publication of the full text: yes; summary in the report of the Secretary-General: yes');
    expect(english).toContain('took place in your territory');
    expect(english).toContain('expected by 30 June 2024');
    const french = acknowledgement({ outcome: 'recorded', language: 'fr', submission: own, subject: null, followUpDue: due! }).text;
    expect(french).toContain('attendu pour le 30 juin 2024');
    // Another State's incident: nothing owed by the reporter.
    expect(ownIncidentFollowUpDue(submission(6, 'FRA', '2024-04-01T10:00:00.000Z', [violationItem()]), seededCycle())).toBeUndefined();
  });
});

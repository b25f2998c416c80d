import { describe, expect, it } from 'vitest';
import {
  affectedPhrase,
  englishDate,
  englishList,
  englishPeriod,
  placePhrase,
  submissionSummary,
  submissionText,
  violationKindsPhrase,
} from '../../functions/core/submission-text.ts';
import { violationItemSchema } from '../../functions/core/submissions.ts';
import { followUpItem, submission, violationItem } from '../support/submissions.ts';

const names: Record<string, string> = { FRA: 'France', KEN: 'Kenya', MEX: 'Mexico' };
const name = (code: string) => names[code] ?? code;

describe('report text', () => {
  it('writes dates as United Nations documents do', () => {
    expect(englishDate('2024-03-01')).toBe('1 March 2024');
    expect(englishDate('2024-12-31')).toBe('31 December 2024');
  });

  it('writes a period with its year once when both ends share it, as the addenda do', () => {
    expect(englishPeriod('2012-05-16', '2012-09-28')).toBe('16 May to 28 September 2012');
    expect(englishPeriod('2024-05-03', '2024-05-09')).toBe('3 to 9 May 2024');
    expect(englishPeriod('2023-12-01', '2024-01-15')).toBe('1 December 2023 to 15 January 2024');
  });

  it("joins words as English lists and names a violation's parts", () => {
    expect([[], ['a'], ['a', 'b'], ['a', 'b', 'c']].map(englishList)).toEqual(['', 'a', 'a and b', 'a, b and c']);
    const item = violationItemSchema.parse(
      violationItem({ city: undefined, violationKinds: ['technical-interference', 'threat'], affected: { kinds: ['consular-officer'], missionState: 'MEX' } }),
    );
    expect(violationKindsPhrase(item)).toBe('technical interference and threat');
    expect(affectedPhrase(item, name)).toBe('the consular officer of Mexico');
    expect(placePhrase(item, name)).toBe('Kenya');
  });

  it('summarizes each item in one sentence', () => {
    const submitted = submission(7, 'FRA', '2024-03-02T09:00:00.000Z', [
      violationItem({ violationKinds: ['attack', 'arson'], affected: { kinds: ['embassy', 'vehicle'], missionState: 'FRA' } }),
      followUpItem('MPR-2024-0001', { final: true }),
      { kind: 'views', text: 'Guards should be posted.' },
    ]);
    expect(submissionSummary(submitted, name)).toEqual([
      'Attack and arson affecting the embassy and vehicle of France in Nairobi, Kenya on 1 March 2024.',
      'Follow-up to MPR-2024-0001: measures to bring the offender to justice (investigation) and the final outcome of the proceedings.',
      'Views on measures to enhance the protection of diplomatic and consular missions.',
    ]);
  });

  it('renders the whole submission as the enclosure, field by field', () => {
    const submitted = submission(8, 'FRA', '2024-03-02T09:00:00.000Z', [
      violationItem({ allegedOffender: { known: true, detained: false, presentIn: 'MEX' } }),
    ]);
    const text = submissionText(submitted, name);
    expect(text).toContain('Communication from France');
    expect(text).toContain('Reference: MPR-2024-0008');
    expect(text).toContain('1. Report of a serious violation');
    expect(text).toContain('Place: Nairobi, Kenya');
    expect(text).toContain('Facts: The chancery was attacked.');
    expect(text).toContain('Alleged offender: known, not detained, present in Mexico');
  });
});

/** The Secretary-General as the notes name the office-holder: a setting of the cycle, with its dates of effect. */
import { describe, expect, it } from 'vitest';
import { applyCycleChanges, type Cycle } from '../../functions/core/cycles.ts';
import { renderNote } from '../../functions/core/notes/index.ts';
import type { NoteLanguage } from '../../functions/core/notes/types.ts';
import { seededCycle } from '../support/seed.ts';

function circular(cycle: Cycle, date: string, language: NoteLanguage) {
  return renderNote({
    kind: 'circular',
    language,
    reference: 'LA/COD/72/2027/1',
    date,
    addressee: { code: 'FRA', nameEn: 'France', nameFr: 'France', status: 'member' },
    cycle,
    replyChannels: { email: 'reports@un.example.org', uploadUrl: 'https://reports.un.example.org/v1/form' },
  });
}

describe('the Secretary-General in the notes', () => {
  it('follows the pronoun in effect on the date of the note', () => {
    const changed = applyCycleChanges(seededCycle(), {
      secretaryGeneral: [
        { from: '2017-01-01', pronoun: 'he' },
        { from: '2027-01-01', pronoun: 'she' },
      ],
    });
    if (!changed.ok) throw new Error(JSON.stringify(changed.errors));
    expect(circular(changed.value, '2026-12-31', 'en').text).toContain('presents his compliments');
    const after = circular(changed.value, '2027-01-04', 'en');
    expect(after.text).toContain('presents her compliments');
    expect(after.text).toContain('to inform her of their views');
    expect(after.text).not.toMatch(/\b(?:his|him|he)\b/);
    const french = circular(changed.value, '2027-01-04', 'fr').text;
    expect(french).toContain("La Secrétaire générale de l'Organisation des Nations Unies présente ses compliments");
    expect(french).not.toContain('Secrétaire général ');
    expect(french).not.toContain('celui-ci');
  });

  it('assumes no one when the holder from a date is not known, and says so', () => {
    // The seeded cycle: a new Secretary-General takes office on 1 January 2027, not yet known.
    const note = circular(seededCycle(), '2027-01-04', 'en');
    expect(note.text).toContain('presents his or her compliments');
    expect(note.warnings.join('\n')).toContain('does not say who holds the office of Secretary-General on 2027-01-04');
    // The warning names the exact command that records the term that starts on 1 January 2027.
    expect(note.warnings.join('\n')).toContain('set it with mpr cycles secretary-general --cycle 77/108 --from 2027-01-01 --pronoun he|she');
    expect(circular(seededCycle(), '2026-06-01', 'en').warnings).toEqual([]);
  });
});

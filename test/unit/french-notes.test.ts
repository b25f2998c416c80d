/**
 * A note in French is in French throughout: State names from the registry's French names, kinds
 * of violation and of what was affected translated, and the State's own words (here a city
 * written in English) quoted, with the language of the original.
 */
import { describe, expect, it } from 'vitest';
import { renderNote } from '../../functions/core/notes/index.ts';
import { reportSummaryIn } from '../../functions/core/notes/report-summary.ts';
import type { NoteLanguage } from '../../functions/core/notes/types.ts';
import { seededCycle, seedStates } from '../support/seed.ts';
import { submission, violationItem } from '../support/submissions.ts';

const states = seedStates();
const names = (code: string) => {
  const state = states.find((candidate) => candidate.code === code)!;
  return { nameEn: state.nameEn, nameFr: state.nameFr };
};

// An English report of an attack and arson on the embassy of Iran's neighbour in Tehran.
const report = submission(7, 'GBR', '2024-04-01T10:00:00.000Z', [
  violationItem({
    occurredIn: 'IRN',
    city: 'Tehran',
    violationKinds: ['attack', 'arson'],
    affected: { kinds: ['embassy', 'vehicle'], missionState: 'GBR' },
    facts: 'The embassy was stormed and set on fire.',
  }),
]);

function attentionNote(language: NoteLanguage) {
  return renderNote({
    kind: 'attention',
    language,
    reference: 'LA/COD/72/2024/17',
    date: '2024-04-03',
    addressee: { ...names('IRN'), code: 'IRN', status: 'member' },
    cycle: seededCycle(),
    report: { reference: report.reference, reportingState: names('GBR'), noteDate: report.note.date, summary: reportSummaryIn(language, report, names) },
    concernedAs: 'territorial',
    replyChannels: { email: 'reports@un.example.org', uploadUrl: 'https://reports.un.example.org/v1/form' },
  });
}

/** Words that are English and not French, as the old notes let through ("Attack and arson affecting…", "Iran (Islamic Republic of)"). */
const englishWords = /\b(?:the|of|and|affecting|attack|arson|embassy|vehicle|Islamic|Republic|Kingdom|United|Great|Britain|Northern|Ireland|Place|on|in)\b/;

describe('a French note', () => {
  it('has no English words outside the State’s quoted words', () => {
    const note = attentionNote('fr');
    const outsideQuotes = `${note.subject}\n${note.text}`.replace(/«[^»]*»/g, '«»').replace(/“[^”]*”/g, '“”');
    // The resolution's English title is known in French; the channels are addresses, not words.
    const words = outsideQuotes.replace(/\S+@\S+|https?:\/\/\S+/g, '');
    expect(words).not.toMatch(englishWords);
    expect(note.text).toContain("Lieu\u00a0: « Tehran » (anglais dans l'original), Iran (République islamique d')");
    expect(note.text).toContain("Attaque et incendie criminel visant l'ambassade et un véhicule du Royaume-Uni");
  });

  it('quotes nothing in an English note of an English report', () => {
    const note = attentionNote('en');
    expect(note.text).toContain('Place: Tehran, Iran (Islamic Republic of)');
    expect(note.text).toContain('Attack and arson affecting the embassy and vehicle of the United Kingdom');
  });
});

/**
 * Issue 18 §4: a right-to-left override in a State's text went unchanged into the circulation
 * note, the published site and the report. Each output now strips every bidirectional control
 * through functions/core/bidi.ts.
 */
import { describe, expect, it } from 'vitest';
import { bidiControls, withoutBidiControls, withoutBidiControlsIn } from '../../functions/core/bidi.ts';
import { type NoteInput, renderNote } from '../../functions/core/notes/index.ts';
import { renderNotePdf } from '../../functions/core/notes/render-pdf.ts';
import { buildSite } from '../../functions/core/publication/site.ts';
import { compileReport } from '../../functions/core/report/compile.ts';
import { renderHtml } from '../../functions/core/report/html.ts';
import { renderMarkdown } from '../../functions/core/report/markdown.ts';
import type { Submission } from '../../functions/core/submissions.ts';
import { seededCycle, seedStates } from '../support/seed.ts';
import { submission, violationItem } from '../support/submissions.ts';

const everyControl = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
/** "Nairobi" with a right-to-left override: a reader would see "Nai" then "ibor" reversed. */
const spoofedCity = 'Nai\u202Erobi\u202C';
const hasBidi = (text: string) => new RegExp(bidiControls.source).test(text);

const cycle = seededCycle();
const states = seedStates();

describe('withoutBidiControls', () => {
  it('strips each bidirectional control and nothing else', () => {
    for (const control of everyControl) expect(withoutBidiControls(`a${control}b`)).toBe('ab');
    const arabic = 'السفارة في نيروبي — Москва 北京 café';
    expect(withoutBidiControls(arabic)).toBe(arabic);
  });

  it('strips them at any depth of a value, keeping dates and the value given', () => {
    const at = new Date('2024-01-01');
    const given = { city: spoofedCity, items: [{ text: `x\u2067y` }], at, count: 3, none: null };
    expect(withoutBidiControlsIn(given)).toEqual({ city: 'Nairobi', items: [{ text: 'xy' }], at, count: 3, none: null });
    expect(given.city).toBe(spoofedCity);
  });
});

describe('a bidirectional override in a State’s text', () => {
  const report = {
    reference: 'MPR-2024-0042',
    reportingState: { nameEn: 'France', nameFr: 'France' },
    noteDate: '2024-03-04',
    summary: { place: spoofedCity, incidentDate: '2024-02-28', description: `Demonstrators forced the gate\u202E of the embassy.` },
    attachmentFileName: 'MPR-2024-0042.pdf',
  };
  const circulation: NoteInput = {
    language: 'en',
    reference: 'LA/COD/72/2024/17',
    date: '2024-06-03',
    addressee: { code: 'KEN', nameEn: 'Kenya', nameFr: 'Kenya', status: 'member' },
    cycle,
    kind: 'circulation',
    report,
  };

  it('is stripped from the circulation note’s subject, text and HTML', () => {
    const note = renderNote(circulation);
    expect(note.text).toContain('Nairobi');
    for (const output of [note.subject, note.text, note.html]) expect(hasBidi(output)).toBe(false);
  });

  it('is stripped from the note’s PDF: the same bytes as without it', async () => {
    const clean: NoteInput = { ...circulation, report: withoutBidiControlsIn(report) };
    expect(Buffer.from(renderNotePdf(circulation)).equals(Buffer.from(renderNotePdf(clean)))).toBe(true);
  });

  const published = (): Submission => {
    const base = submission(1, 'FRA', '2024-03-05T10:00:00.000Z', [violationItem({ city: spoofedCity, facts: 'The chancery was \u202Eattacked.' })]);
    return { ...base, decisions: { ...base.decisions, publishFullText: { value: true, decidedBy: 'secretariat', at: '2024-03-05T11:00:00.000Z' } } };
  };

  it('is stripped from every page of the published site', () => {
    const pages = buildSite({ cycle, states, submissions: [published()], generatedAt: '2024-07-01T08:00:00.000Z' }).flatMap((file) =>
      file.kind === 'page' ? [file.content] : [],
    );
    const all = pages.join('\n');
    expect(all).toContain('Nairobi');
    expect(hasBidi(all)).toBe(false);
  });

  it('is stripped from the Secretary-General’s report, in every rendering', () => {
    const { document, counts } = compileReport({
      cycle,
      states,
      submissions: [published(), submission(2, 'KEN', '2024-03-06T10:00:00.000Z', [{ kind: 'views', text: 'Guards \u2066should\u2069 be posted.' }])],
      instruments: [],
      asOf: '2024-07-01',
      mode: { kind: 'report' },
    });
    expect(counts).toBeDefined();
    const rendered = [JSON.stringify(document), renderHtml(document), renderMarkdown(document)];
    expect(rendered[0]).toContain('Nairobi');
    for (const output of rendered) expect(hasBidi(output)).toBe(false);
  });
});

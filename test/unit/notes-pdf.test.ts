import fc from 'fast-check';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { type NoteInput, type NoteKind, type NoteLanguage, noteKinds, noteLanguages, renderNote } from '../../functions/core/notes/index.ts';
import { wrap } from '../../functions/core/notes/pdf.ts';
import { timesBold, timesRoman, widthOfText, winAnsiCharacterSet } from '../../functions/core/notes/pdf-file.ts';
import { renderNotePdf } from '../../functions/core/notes/render-pdf.ts';
import { winAnsiText } from '../../functions/core/notes/winansi.ts';
import { seededCycle } from '../support/seed.ts';

const cycle = seededCycle();
const kenya = { code: 'KEN', nameEn: 'Kenya', nameFr: 'Kenya', status: 'member' as const };
const secretariat = {
  code: 'OLA',
  nameEn: 'Codification Division, Office of Legal Affairs',
  nameFr: 'Division de la codification, Bureau des affaires juridiques',
};
const replyChannels = { email: 'protection-reports@un.example.org', uploadUrl: 'https://reports.un.example.org/submit' };
const report = {
  reference: 'MPR-2024-0042',
  reportingState: { nameEn: 'France', nameFr: 'France' },
  noteDate: '2024-03-04',
  summary: { place: 'Nairobi', incidentDate: '2024-02-28', description: 'Demonstrators forced the gate of the embassy.' },
  attachmentFileName: 'MPR-2024-0042.pdf',
};

function inputOf(kind: NoteKind, language: NoteLanguage, addressee: NoteInput['addressee'] = kenya): NoteInput {
  const common = { language, reference: 'LA/COD/72/2024/17', date: '2024-06-03', addressee, cycle };
  switch (kind) {
    case 'circular':
    case 'pre-deadline-reminder':
      return { ...common, kind, replyChannels };
    case 'circulation':
      return { ...common, kind, report };
    case 'attention':
      return { ...common, kind, report, concernedAs: 'territorial', replyChannels };
    case 'reminder':
      return {
        ...common,
        kind,
        replyChannels,
        obligation: {
          kind: 'follow-up',
          dueDate: '2024-06-02',
          incidentDate: '2024-02-28',
          place: 'Nairobi',
          triggeringReference: 'MPR-2024-0042',
          reminderNumber: 1,
        },
      };
    case 'not-circulated-notice':
      return { ...common, kind, report, addressee: addressee === kenya ? secretariat : addressee };
    case 'withdrawal':
      return { ...common, kind, reportReference: report.reference };
  }
}

/** The bytes 0x80-0x9F of WinAnsi, which are not Latin-1. */
const winAnsiHigh: Readonly<Record<number, string>> = {
  0x80: '€',
  0x82: '‚',
  0x83: 'ƒ',
  0x84: '„',
  0x85: '…',
  0x86: '†',
  0x87: '‡',
  0x88: 'ˆ',
  0x89: '‰',
  0x8a: 'Š',
  0x8b: '‹',
  0x8c: 'Œ',
  0x8e: 'Ž',
  0x91: '‘',
  0x92: '’',
  0x93: '“',
  0x94: '”',
  0x95: '•',
  0x96: '–',
  0x97: '—',
  0x98: '˜',
  0x99: '™',
  0x9a: 'š',
  0x9b: '›',
  0x9c: 'œ',
  0x9e: 'ž',
  0x9f: 'Ÿ',
};

/** The decoded content stream operators of each page. */
async function pagesOperators(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams = (contents instanceof PDFArray ? contents.asArray() : [contents]).map((entry) => doc.context.lookup(entry));
    return streams
      .map((stream) => {
        if (!(stream instanceof PDFRawStream)) throw new Error('expected a raw content stream');
        return Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      })
      .join('\n');
  });
}

/**
 * The text a PDF shows, page by page: pdf-lib writes each line as a hex string shown with Tj,
 * in the font's WinAnsi encoding, inside a compressed content stream. Lines are joined by
 * spaces, and no-break spaces read as spaces, so that a phrase is found across a line break.
 */
async function pagesText(bytes: Uint8Array): Promise<string[]> {
  return (await pagesOperators(bytes)).map((operators) =>
    [...operators.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)]
      .map(([, hex]) => (hex?.match(/../g) ?? []).map((pair) => winAnsiHigh[parseInt(pair, 16)] ?? String.fromCharCode(parseInt(pair, 16))).join(''))
      .join(' ')
      .replaceAll('\u00a0', ' '),
  );
}

/** Where each text line starts: [x, y] from its text matrix. */
async function lineOrigins(bytes: Uint8Array): Promise<[number, number][]> {
  return (await pagesOperators(bytes)).flatMap((operators) =>
    [...operators.matchAll(/1 0 0 1 ([\d.-]+) ([\d.-]+) Tm/g)].map(([, x, y]) => [Number(x), Number(y)] as [number, number]),
  );
}

const cases = noteKinds.flatMap((kind) => noteLanguages.map((language) => [kind, language] as const));

describe('renderNotePdf', () => {
  it.each(cases)('%s in %s is an A4 page with the reference, the State and the text of the note', async (kind, language) => {
    const input = inputOf(kind, language);
    const bytes = renderNotePdf(input);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);

    const [shown = ''] = await pagesText(bytes);
    const note = renderNote(input);
    expect(shown.startsWith('UNITED NATIONS  NATIONS UNIES LA/COD/72/2024/17 ')).toBe(true);
    expect(shown).toContain(
      kind === 'not-circulated-notice' ? (language === 'en' ? 'To: Codification Division' : 'Destinataire : Division de la codification') : 'Kenya',
    );
    expect(shown).toContain(note.dateLine.replaceAll('\u00a0', ' '));
    for (const paragraph of note.paragraphs) expect(shown).toContain(paragraph.text.replaceAll('\u00a0', ' '));
    expect(shown.endsWith(note.enclosure ?? note.dateLine.replaceAll('\u00a0', ' '))).toBe(true);

    expect(doc.getTitle()).toBe(`LA/COD/72/2024/17 — ${note.heading}`);
    expect(doc.getSubject()).toBe(note.subject);
    expect(doc.getKeywords()).toContain('LA/COD/72/2024/17');
    expect(doc.getKeywords()).toContain(kind === 'not-circulated-notice' ? 'Codification Division' : 'Kenya');
    expect(doc.getCreationDate()?.toISOString()).toBe('2024-06-03T00:00:00.000Z');
  });

  it.each(noteLanguages)('puts the confidentiality mark (%s) right under the reference', async (language) => {
    const bytes = renderNotePdf({ ...inputOf('reminder', language), confidential: true });
    const [shown = ''] = await pagesText(bytes);
    expect(shown).toContain(`LA/COD/72/2024/17 ${language === 'en' ? 'Confidential' : 'Confidentiel'} `);
    const [letterhead, reference, mark] = await lineOrigins(bytes);
    expect(reference?.[0]).toBe(72);
    expect(mark?.[0]).toBe(72);
    expect((letterhead?.[1] ?? 0) > (reference?.[1] ?? 0) && (reference?.[1] ?? 0) > (mark?.[1] ?? 0)).toBe(true);
  });

  it('keeps every line inside the margins', async () => {
    for (const [x, y] of await lineOrigins(renderNotePdf(inputOf('circular', 'fr')))) {
      expect(x).toBeGreaterThanOrEqual(72);
      expect(x).toBeLessThan(595.28 - 72);
      expect(y).toBeGreaterThanOrEqual(72);
      expect(y).toBeLessThanOrEqual(841.89 - 64);
    }
  });

  it('runs a long note onto numbered pages that repeat the reference', async () => {
    const long = { ...report, summary: { ...report.summary, description: 'The crowd gathered again the next day. '.repeat(400) } };
    const bytes = renderNotePdf({ ...inputOf('circulation', 'en'), kind: 'circulation', report: long });
    const pages = await pagesText(bytes);
    expect(pages.length).toBeGreaterThan(2);
    pages.slice(1).forEach((page, index) => {
      expect(page.startsWith('LA/COD/72/2024/17 ')).toBe(true);
      expect(page.endsWith(` ${index + 2}`)).toBe(true);
    });
    expect(pages.at(-1)).toContain('New York, 3 June 2024 Enclosure');
  });

  it('shows characters the standard fonts lack as their nearest letters, and keeps the exact names in the metadata', async () => {
    const name = 'Őrség‑Țara Łódź “日本” Ⅻ\u202f;\u200b ü œ € 🙂';
    const addressee = { code: 'XXX', nameEn: name, nameFr: name };
    for (const language of noteLanguages) {
      const attention = inputOf('attention', language, addressee);
      if (attention.kind !== 'attention') throw new Error('expected an attention note');
      const bytes = renderNotePdf({
        ...attention,
        report: { ...report, summary: { place: 'Cluj‑Napoca, România ăîșț', description: 'Москва 北京 \ud800' } },
      });
      const [shown = ''] = await pagesText(bytes);
      expect(shown).toContain('Orség-Tara Lódz “??” XII ; ü œ € ?');
      expect(shown).toContain('Cluj-Napoca, România aîst');
      expect(shown).toContain('?????? ?? ?');
      const doc = await PDFDocument.load(bytes);
      expect(doc.getKeywords()).toContain(name);
    }
  });
});

describe('the PDF file', () => {
  it('has a cross-reference table that points at each object, and a trailer that points at the table', () => {
    const bytes = Buffer.from(
      renderNotePdf({
        ...inputOf('circulation', 'en'),
        kind: 'circulation',
        report: { ...report, summary: { ...report.summary, description: 'Again. '.repeat(2000) } },
      }),
    );
    const file = bytes.toString('latin1');
    expect(file.startsWith('%PDF-1.7\n')).toBe(true);
    expect(file.endsWith('%%EOF\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(file)?.[1]);
    expect(file.slice(startxref, startxref + 5)).toBe('xref\n');
    const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(file.slice(startxref)) ?? [];
    expect(first).toBe('0');
    const entries = file
      .slice(startxref)
      .split('\n')
      .slice(2, 2 + Number(count));
    expect(entries[0]).toBe('0000000000 65535 f ');
    entries.slice(1).forEach((entry, index) => {
      expect(entry).toMatch(/^\d{10} 00000 n $/);
      const offset = Number(entry.slice(0, 10));
      expect([offset, file.startsWith(`${index + 1} 0 obj\n`, offset)]).toEqual([offset, true]);
    });
    expect(file).toContain(`/Size ${count} /Root 1 0 R /Info 3 0 R`);
  });

  it('measures and encodes text in Times as pdf-lib does, character by character, in both fonts', async () => {
    const doc = await PDFDocument.create();
    const fonts = [
      [timesRoman, await doc.embedFont(StandardFonts.TimesRoman)],
      [timesBold, await doc.embedFont(StandardFonts.TimesRomanBold)],
    ] as const;
    for (const [ours, theirs] of fonts) {
      expect([...winAnsiCharacterSet].sort((a, b) => a - b)).toEqual([...theirs.getCharacterSet()].sort((a, b) => a - b));
      for (const codePoint of theirs.getCharacterSet()) {
        const character = String.fromCodePoint(codePoint);
        expect([character, widthOfText(character, ours, 1000)]).toEqual([character, theirs.widthOfTextAtSize(character, 1000)]);
      }
    }
    // The codes shown: the note's text read back through pdf-lib's WinAnsi table (winAnsiHigh, above).
    const [shown = ''] = await pagesText(renderNotePdf({ ...inputOf('withdrawal', 'fr'), reference: '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ ÿ' }));
    expect(shown).toContain('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ ÿ');
  });
});

describe('winAnsiText', () => {
  it('never leaves a character the font cannot encode', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.TimesRoman);
    const encodable = winAnsiText(font.getCharacterSet());
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        expect(() => font.widthOfTextAtSize(encodable(text), 12)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});

describe('wrap', () => {
  const widthOf = (line: string) => line.length;

  it('breaks at spaces, never at a no-break space, with a narrower first line', () => {
    expect(wrap('aaa bbb ccc\u00a0ddd eee', widthOf, 4, 8)).toEqual(['aaa', 'bbb', 'ccc\u00a0ddd', 'eee']);
  });

  it('cuts a word wider than a line', () => {
    expect(wrap('https://reports.example.org/x', widthOf, 10, 10)).toEqual(['https://re', 'ports.exam', 'ple.org/x']);
  });

  it('gives one empty line for empty text', () => {
    expect(wrap('', widthOf, 10, 10)).toEqual(['']);
  });
});

describe('property: any user text', () => {
  it('renders a PDF that loads, whatever the names and summaries contain', async () => {
    const userText = fc.string({ unit: 'binary', maxLength: 80 });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...noteKinds),
        fc.constantFrom(...noteLanguages),
        userText,
        userText,
        userText,
        async (kind, language, name, place, reference) => {
          const input = inputOf(kind, language, { code: 'XXX', nameEn: name, nameFr: name });
          const withText: NoteInput =
            input.kind === 'circulation' || input.kind === 'attention' || input.kind === 'not-circulated-notice'
              ? { ...input, reference, report: { ...report, reference, reportingState: { nameEn: name, nameFr: name }, summary: { ...report.summary, place } } }
              : { ...input, reference };
          const doc = await PDFDocument.load(renderNotePdf(withText));
          expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 40 },
    );
  });
});

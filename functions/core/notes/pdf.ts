/**
 * The note as a PDF, laid out as a note verbale: A4, the letterhead line centred, the reference
 * at the top left with the confidentiality mark under it, the body, then the place and date and,
 * when something is attached, "Enclosure". Long notes run onto further pages, which repeat the
 * reference at the top and are numbered.
 *
 * Standard fonts only (Times), so nothing is embedded and nothing is read from disk; see
 * winansi.ts for characters those fonts cannot show. The document's dates are the note's date,
 * not the time of rendering. The file itself is written by pdf-file.ts.
 */
import { dateParts } from './grammar.ts';
import { PdfPage, pdfFile, type StandardFont, timesBold, timesRoman, widthOfText, winAnsiCharacterSet } from './pdf-file.ts';
import type { RenderedNote } from './types.ts';
import { winAnsiText } from './winansi.ts';

/** A4 in points. */
const pageWidth = 595.28;
const pageHeight = 841.89;
const margin = { left: 72, right: 72, top: 64, bottom: 72 };
const textWidth = pageWidth - margin.left - margin.right;

const bodySize = 12;
const leading = 15;
const paragraphGap = 9;
/** First-line indent of a paragraph, and where a list item's dash sits. */
const indent = 36;
/** Where a list item's text starts, so that its further lines hang under it. */
const itemTextIndent = 54;
const headerSize = 11;

export interface PdfMetadata {
  /** Words to find the document by: reference, addressee, kind. Kept exactly, whatever the fonts can show. */
  readonly keywords: readonly string[];
  /** The note's date, `YYYY-MM-DD`, used as the document's creation date. */
  readonly date: string;
}

// Times Roman and Times Bold share the WinAnsi character set.
const encodable = winAnsiText(winAnsiCharacterSet);

export function notePdf(note: RenderedNote, metadata: PdfMetadata): Uint8Array {
  const pages: PdfPage[] = [];
  let page = new PdfPage();
  pages.push(page);
  let y = pageHeight - margin.top;

  const draw = (text: string, x: number, font: StandardFont, size: number) => page.text(text, x, y, font, size);

  const newPage = () => {
    page = new PdfPage();
    pages.push(page);
    y = pageHeight - margin.top;
    draw(encodable(note.reference), margin.left, timesRoman, 9);
    y -= 2 * leading;
  };
  /** Moves down one line, starting a page first when the line would not fit. */
  const nextLine = (height: number) => {
    if (y - height < margin.bottom) newPage();
    y -= height;
  };

  const centred = (text: string, font: StandardFont, size: number) => {
    nextLine(size);
    draw(text, margin.left + (textWidth - widthOfText(text, font, size)) / 2, font, size);
  };

  // Letterhead, rule, reference and mark.
  centred(encodable(note.letterhead), timesBold, headerSize);
  y -= 8;
  page.horizontalRule(margin.left, pageWidth - margin.right, y, 0.5);
  y -= 12;
  nextLine(headerSize + 4);
  draw(encodable(note.reference), margin.left, timesRoman, headerSize);
  if (note.marking !== undefined) {
    nextLine(headerSize + 4);
    draw(encodable(note.marking), margin.left, timesBold, headerSize);
  }
  y -= leading;
  if (note.layout === 'internal-notice') {
    centred(encodable(note.heading), timesBold, bodySize);
    y -= paragraphGap;
    if (note.addresseeLine !== undefined) {
      nextLine(leading);
      draw(encodable(note.addresseeLine), margin.left, timesRoman, bodySize);
    }
    y -= leading;
  }

  // Body.
  for (const paragraph of note.paragraphs) {
    const text = encodable(paragraph.text);
    if (paragraph.kind === 'text') {
      wrap(text, (line) => widthOfText(line, timesRoman, bodySize), textWidth - indent, textWidth).forEach((line, index) => {
        nextLine(leading);
        draw(line, margin.left + (index === 0 ? indent : 0), timesRoman, bodySize);
      });
      y -= paragraphGap;
    } else {
      wrap(text, (line) => widthOfText(line, timesRoman, bodySize), textWidth - itemTextIndent, textWidth - itemTextIndent).forEach((line, index) => {
        nextLine(leading);
        if (index === 0) draw('\u2013', margin.left + indent, timesRoman, bodySize);
        draw(line, margin.left + itemTextIndent, timesRoman, bodySize);
      });
      y -= paragraphGap / 2;
    }
  }

  // Place and date, then the enclosure.
  y -= leading;
  const dateLine = encodable(note.dateLine);
  nextLine(leading);
  draw(dateLine, pageWidth - margin.right - widthOfText(dateLine, timesRoman, bodySize), timesRoman, bodySize);
  if (note.enclosure !== undefined) {
    y -= leading;
    nextLine(leading);
    draw(encodable(note.enclosure), margin.left, timesRoman, bodySize);
  }

  if (pages.length > 1)
    pages.forEach((numbered, index) => {
      const number = String(index + 1);
      numbered.text(number, (pageWidth - widthOfText(number, timesRoman, 10)) / 2, margin.bottom / 2, timesRoman, 10);
    });

  const parts = dateParts(metadata.date);
  return pdfFile(
    pages,
    { width: pageWidth, height: pageHeight },
    {
      title: `${note.reference} — ${note.heading}`,
      subject: note.subject,
      keywords: metadata.keywords,
      author: 'United Nations Secretariat',
      creator: 'mission-protection-reporting',
      language: note.language,
      date: new Date(parts === undefined ? 0 : Date.UTC(parts.year, parts.month - 1, parts.day)),
    },
  );
}

/**
 * Breaks text into lines no wider than the widths given (the first line may be narrower, for an
 * indent). Lines break at spaces only, so a non-breaking space holds "15 mai" or "« titre »"
 * together; a word wider than a whole line (a long address, say) is cut where it must be.
 */
export function wrap(text: string, widthOf: (line: string) => number, firstWidth: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  const limit = () => (lines.length === 0 ? firstWidth : width);
  for (const word of text.split(' ').filter((part) => part !== '')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (widthOf(candidate) <= limit()) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    current = '';
    for (const character of word) {
      if (current !== '' && widthOf(current + character) > limit()) {
        lines.push(current);
        current = '';
      }
      current += character;
    }
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}

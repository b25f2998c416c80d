/**
 * The notes verbales the Secretariat sends under paragraph 12 of the resolution (numbers from
 * the cycle): the circular note (12(a) and 13), reminders before the reply deadline, circulation
 * of a report (12(b)), drawing the attention of the States concerned (12(c)), reminders of
 * overdue reports (12(d)), and the internal notice that a report will not be circulated.
 *
 * Following the Secretariat's practice for notes of the Secretary-General: third person, the
 * opening formula, the request and its deadline, no closing courtesy formula ("avails
 * himself..."), then the place and date, and "Enclosure" when something is attached.
 *
 * Rendering does no I/O: the templates are modules (templates/notes/), bundled with the code.
 * The PDF of a note is `render-pdf.ts`'s, apart, so that only the functions that attach it
 * bundle the PDF library and its fonts.
 */
import { withoutBidiControlsIn } from '../bidi.ts';
import { composeNote } from './compose.ts';
import { html, plainText } from './formats.ts';
import type { NoteInput, RenderedNote } from './types.ts';

export { noteLanguages } from './languages.ts';
export type * from './types.ts';
export { noteKinds } from './types.ts';

/**
 * The symbol of a note: the series of the item (the cycle's `noteReferenceSeries`, e.g.
 * `LA/COD/72`), the year and the note's number in that year: `LA/COD/72/2024/17`.
 */
export function noteSymbol(series: string, year: number, sequence: number): string {
  if (!/^LA\/COD\/[0-9A-Za-z.-]+(?:\/[0-9A-Za-z.-]+)*$/.test(series)) throw new RangeError(`not a Codification Division reference series: ${series}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year must have four digits: ${year}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`sequence must be a whole number from 1: ${sequence}`);
  return `${series}/${year}/${sequence}`;
}

/** The note's subject, text, HTML and structured paragraphs. Never throws on the text it is given. */
export function renderNote(input: NoteInput): RenderedNote {
  // State-provided text may carry bidirectional controls: none reaches the text, HTML or PDF.
  const note = composeNote(withoutBidiControlsIn(input));
  return { ...note, text: plainText(note), html: html(note) };
}

/**
 * The PDF of a note verbale: a module of its own, so that the PDF writer and the fonts' metrics
 * are bundled only into the functions that attach the PDF (send-note), not into every function
 * that renders a note's text.
 */
import { renderNote } from './index.ts';
import { notePdf } from './pdf.ts';
import type { NoteInput } from './types.ts';

/** The note as an A4 PDF, in the layout of a note verbale. */
export function renderNotePdf(input: NoteInput): Uint8Array {
  const note = renderNote(input);
  const keywords = [note.reference, input.addressee.code, input.addressee.nameEn, input.addressee.nameFr, input.kind];
  return notePdf(note, { keywords, date: input.date });
}

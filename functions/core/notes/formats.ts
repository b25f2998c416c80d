/**
 * The note as the e-mail carries it: plain text, and a small HTML document with the same text.
 */
import type { NoteContent } from './compose.ts';
import type { NoteParagraph } from './types.ts';

/** Paragraphs, with consecutive list items grouped into one list. */
function blocks(paragraphs: readonly NoteParagraph[]): ({ kind: 'text'; text: string } | { kind: 'list'; items: string[] })[] {
  const grouped: ({ kind: 'text'; text: string } | { kind: 'list'; items: string[] })[] = [];
  for (const paragraph of paragraphs) {
    const last = grouped[grouped.length - 1];
    if (paragraph.kind === 'text') grouped.push({ kind: 'text', text: paragraph.text });
    else if (last?.kind === 'list') last.items.push(paragraph.text);
    else grouped.push({ kind: 'list', items: [paragraph.text] });
  }
  return grouped;
}

export function plainText(note: NoteContent): string {
  const head = [note.reference, ...(note.marking === undefined ? [] : [note.marking])].join('\n');
  const body = blocks(note.paragraphs).map((block) => (block.kind === 'text' ? block.text : block.items.map((item) => `- ${item}`).join('\n')));
  return (
    [
      head,
      ...(note.addresseeLine === undefined ? [] : [note.addresseeLine]),
      ...body,
      note.dateLine,
      ...(note.enclosure === undefined ? [] : [note.enclosure]),
    ].join('\n\n') + '\n'
  );
}

const entities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => entities[character] ?? character);
}

/**
 * A self-contained document: no scripts, no external resources, styles inline only (mail
 * clients drop style sheets). Every text, template and value alike, is escaped.
 */
export function html(note: NoteContent): string {
  const paragraph = (text: string, style?: string) => `<p${style === undefined ? '' : ` style="${style}"`}>${escapeHtml(text)}</p>`;
  const body = blocks(note.paragraphs).map((block) =>
    block.kind === 'text'
      ? paragraph(block.text, 'text-indent: 2.5em;')
      : `<ul>\n${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('\n')}\n</ul>`,
  );
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(note.language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(note.subject)}</title>`,
    '</head>',
    '<body style="margin: 0; background: #ffffff; color: #000000;">',
    '<main style="max-width: 42em; margin: 0 auto; padding: 1.5em; font-family: \'Times New Roman\', Times, serif; font-size: 1rem; line-height: 1.5;">',
    '<header>',
    paragraph(note.letterhead, 'text-align: center; font-weight: bold; white-space: pre-wrap;'),
    `<h1 style="font-size: 1.25em; text-align: center;">${escapeHtml(note.heading)}</h1>`,
    paragraph(note.reference),
    ...(note.marking === undefined ? [] : [`<p><strong>${escapeHtml(note.marking)}</strong></p>`]),
    ...(note.addresseeLine === undefined ? [] : [paragraph(note.addresseeLine)]),
    '</header>',
    ...body,
    '<footer>',
    paragraph(note.dateLine, 'text-align: right;'),
    ...(note.enclosure === undefined ? [] : [paragraph(note.enclosure)]),
    '</footer>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

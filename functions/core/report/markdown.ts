/**
 * The report as Markdown (CommonMark with pipe tables), for review in a pull request or a text
 * editor. Every character of text that Markdown could read as markup is escaped, so a State's
 * text can never become a link, an image, emphasis or a table cell boundary.
 */
import type { Block, ReportDocument, Text } from './document.ts';

/** ASCII punctuation that starts or ends inline markup, and `&` (entities); `|` would split a table cell. */
const inlineMarkup = /[\\`*_[\]<>|~&!]/g;

/** Escapes text for a Markdown paragraph, including what would open a block at the start of a line (a heading, a list, a quotation). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(inlineMarkup, '\\$&')
    .replace(/^(\s*)(#|[-+=]|\d+(?=[.)]))/, (_match, space: string, marker: string) => (/^\d+$/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`));
}

function inline(text: Text): string {
  // Passages for the drafter in bold, so they stand out in any viewer.
  return text.map((part) => (part.draft ? `**${escapeMarkdown(part.text)}**` : escapeMarkdown(part.text))).join('');
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => escapeMarkdown(cell) || ' ').join(' | ')} |`;
}

export function renderMarkdown(document: ReportDocument): string {
  const { masthead } = document;
  const out: string[] = [];
  if (document.draftingNotes.length > 0) {
    out.push('> **Notes to the drafter (delete before issue)**', '>', ...document.draftingNotes.map((note) => `> - ${inline(note)}`), '');
  }
  // Two trailing spaces: a line break within the masthead's paragraph.
  const lines = (values: readonly string[]) => values.map((value, index) => `${value}${index < values.length - 1 ? '  ' : ''}`);
  out.push(
    ...lines([
      `**${escapeMarkdown(masthead.symbol)}**`,
      `**${escapeMarkdown(masthead.organ)}**`,
      escapeMarkdown(masthead.distribution),
      escapeMarkdown(masthead.date),
      escapeMarkdown(masthead.original),
    ]),
    '',
  );
  out.push(...lines([escapeMarkdown(masthead.session), inline(masthead.agendaItem), `**${escapeMarkdown(masthead.itemTitle)}**`]), '');
  out.push(`# ${escapeMarkdown(masthead.title)}`, '');
  if (masthead.subtitle) out.push(`**${escapeMarkdown(masthead.subtitle)}**`, '');
  if (document.summary) out.push('## Summary', '', inline(document.summary), '');
  let number = 0;
  const block = (entry: Block): string[] => {
    switch (entry.kind) {
      case 'paragraph':
        number += 1;
        return [`${number}. ${inline(entry.text)}`, ''];
      case 'quote':
        return [`> ${inline(entry.text)}`, ''];
      case 'subheading':
        return [`### ${escapeMarkdown(entry.text)}`, ''];
      case 'table':
        return [
          `*${escapeMarkdown(entry.caption)}*`,
          '',
          tableRow(entry.columns),
          `|${entry.columns.map(() => ' --- |').join('')}`,
          ...entry.rows.map(tableRow),
          '',
        ];
    }
  };
  for (const section of document.sections) {
    out.push(`## ${escapeMarkdown(section.heading)}`, '');
    for (const entry of section.blocks) out.push(...block(entry));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * The report as one HTML page: headings in order, numbered paragraphs as ordered lists that carry
 * the document's numbers, tables with captions and header cells, the drafter's passages marked.
 * Every text is escaped, so nothing a State wrote can become markup.
 */

import { escapeHtml } from '../html.ts';
import type { Block, ReportDocument, Text } from './document.ts';

export { escapeHtml };

function inline(text: Text): string {
  return text.map((part) => (part.draft ? `<mark>${escapeHtml(part.text)}</mark>` : escapeHtml(part.text))).join('');
}

const style = `body { font: 1rem/1.5 "Times New Roman", Times, serif; color: #1b1b1b; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
.masthead { display: flex; justify-content: space-between; gap: 1rem; border-bottom: 2px solid #1b1b1b; }
.masthead p { margin: 0.15rem 0; }
.symbol, .organ, .item-title { font-weight: bold; }
h1 { font-size: 1.25rem; } h2 { font-size: 1.1rem; } h3 { font-size: 1rem; }
ol.paragraphs > li { margin-bottom: 0.75rem; }
blockquote { margin: 0.5rem 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
caption { text-align: left; font-style: italic; }
th, td { border: 1px solid #767676; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
mark { background: #ffef5c; color: inherit; }
.drafting { border: 2px dashed #767676; padding: 0 1rem; margin-bottom: 1.5rem; }`;

export function renderHtml(document: ReportDocument): string {
  const { masthead } = document;
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${masthead.symbol}: ${masthead.itemTitle}. ${masthead.title}`)}</title>`,
    `<style>\n${style}\n</style>`,
    '</head>',
    '<body>',
  ];
  if (document.draftingNotes.length > 0) {
    out.push(
      '<aside class="drafting" aria-labelledby="drafting-notes">',
      '<h2 id="drafting-notes">Notes to the drafter (delete before issue)</h2>',
      '<ul>',
      ...document.draftingNotes.map((note) => `<li>${inline(note)}</li>`),
      '</ul>',
      '</aside>',
    );
  }
  out.push(
    '<header class="masthead">',
    `<div><p class="organ">${escapeHtml(masthead.organ)}</p></div>`,
    `<div><p class="symbol">${escapeHtml(masthead.symbol)}</p><p>${escapeHtml(masthead.distribution)}</p><p>${escapeHtml(masthead.date)}</p><p>${escapeHtml(masthead.original)}</p></div>`,
    '</header>',
    '<main>',
    `<p>${escapeHtml(masthead.session)}<br>${inline(masthead.agendaItem)}<br><span class="item-title">${escapeHtml(masthead.itemTitle)}</span></p>`,
    `<h1>${escapeHtml(masthead.title)}${masthead.subtitle ? `<br>${escapeHtml(masthead.subtitle)}` : ''}</h1>`,
  );
  if (document.summary) out.push('<section aria-labelledby="summary">', '<h2 id="summary">Summary</h2>', `<p>${inline(document.summary)}</p>`, '</section>');

  let number = 0;
  document.sections.forEach((section, index) => {
    out.push(`<section aria-labelledby="section-${index + 1}">`, `<h2 id="section-${index + 1}">${escapeHtml(section.heading)}</h2>`);
    // Consecutive paragraphs share one list, which starts at the document's running number.
    let list: string[] = [];
    const closeList = () => {
      if (list.length > 0) out.push(`<ol class="paragraphs" start="${number - list.length + 1}">`, ...list, '</ol>');
      list = [];
    };
    for (const block of section.blocks) {
      if (block.kind === 'paragraph') {
        number += 1;
        list.push(`<li>${inline(block.text)}</li>`);
        continue;
      }
      closeList();
      out.push(renderBlock(block));
    }
    closeList();
    out.push('</section>');
  });
  out.push('</main>', '</body>', '</html>');
  return `${out.join('\n')}\n`;
}

/** Any block but a paragraph, which goes in its section's numbered list. */
function renderBlock(block: Exclude<Block, { kind: 'paragraph' }>): string {
  switch (block.kind) {
    case 'quote':
      return `<blockquote><p>${inline(block.text)}</p></blockquote>`;
    case 'subheading':
      return `<h3>${escapeHtml(block.text)}</h3>`;
    case 'table':
      return [
        '<table>',
        `<caption>${escapeHtml(block.caption)}</caption>`,
        `<thead><tr>${block.columns.map((column) => `<th scope="col">${escapeHtml(column)}</th>`).join('')}</tr></thead>`,
        '<tbody>',
        ...block.rows.map(
          ([first = '', ...rest]) => `<tr><th scope="row">${escapeHtml(first)}</th>${rest.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`,
        ),
        '</tbody>',
        '</table>',
      ].join('\n');
  }
}

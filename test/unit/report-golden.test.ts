/**
 * The golden report: a fixed set of replies (test/report/golden-replies.ts) compiled as at 1 July
 * 2024, its Markdown checked line by line against test/report/golden/report.md and
 * addendum.md, and the same text in the Word document (word/document.xml) and the HTML page,
 * which are rendered from the same document model. Run with MPR_UPDATE_GOLDEN=1 to rewrite the
 * golden files after a deliberate change, then read the diff.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileReport } from '../../functions/core/report/compile.ts';
import { plainText, type ReportDocument } from '../../functions/core/report/document.ts';
import { renderDocx } from '../../functions/core/report/docx.ts';
import { renderHtml } from '../../functions/core/report/html.ts';
import { renderMarkdown } from '../../functions/core/report/markdown.ts';
import { docxParagraphs, docxParts } from '../report/docx.ts';
import { goldenRequest } from '../report/golden-replies.ts';

const goldenDirectory = join(import.meta.dirname, '..', 'report', 'golden');
const update = process.env['MPR_UPDATE_GOLDEN'] === '1';

function checkLines(file: string, actual: string): void {
  const path = join(goldenDirectory, file);
  if (update) writeFileSync(path, actual);
  const expected = readFileSync(path, 'utf8').split('\n');
  const lines = actual.split('\n');
  for (let index = 0; index < Math.max(expected.length, lines.length); index += 1) {
    expect(lines[index], `${file}, line ${index + 1}`).toBe(expected[index]);
  }
}

/** Every paragraph of text the document holds, in order, as plain text: what each format must carry. */
function documentTexts(document: ReportDocument): string[] {
  const { masthead } = document;
  return [
    ...document.draftingNotes.map(plainText),
    masthead.symbol,
    plainText(masthead.agendaItem),
    ...(document.summary ? [plainText(document.summary)] : []),
    ...document.sections.flatMap((section) => [
      section.heading,
      ...section.blocks.flatMap((block) =>
        block.kind === 'paragraph' || block.kind === 'quote' ? [plainText(block.text)] : block.kind === 'subheading' ? [block.text] : [],
      ),
    ]),
  ];
}

const decodeHtml = (text: string) =>
  text.replace(/<[^>]+>/g, '').replace(/&(lt|gt|amp|quot|#39);/g, (_entity, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" })[name]!);

describe.each([
  ['report', { kind: 'report' } as const],
  ['addendum', { kind: 'addendum', from: '2024-05-16' } as const],
])('the golden %s', (name, mode) => {
  const { document, counts } = compileReport(goldenRequest(mode));

  it('is the Markdown of the golden file, line by line', () => {
    checkLines(`${name}.md`, renderMarkdown(document));
  });

  it('has the same text in the Word document, paragraph by paragraph, numbered as in Markdown', async () => {
    const xml = docxParts(await renderDocx(document)).get('word/document.xml')!;
    const paragraphs = docxParagraphs(xml).map((paragraph) => paragraph.text);
    let from = 0;
    for (const text of documentTexts(document)) {
      const at = paragraphs.indexOf(text, from);
      expect(at, text).toBeGreaterThanOrEqual(from);
      from = at + 1;
    }
    const markdownNumbered = [...renderMarkdown(document).matchAll(/^\d+\. /gm)].length;
    expect(docxParagraphs(xml).filter((paragraph) => paragraph.numbered)).toHaveLength(markdownNumbered);
  });

  it('has the same text in the HTML page', () => {
    const html = renderHtml(document);
    const lines = html.split('\n').map(decodeHtml);
    let from = 0;
    for (const text of documentTexts(document)) {
      const at = lines.findIndex((line, index) => index >= from && line.includes(text));
      expect(at, text).toBeGreaterThanOrEqual(0);
      from = at;
    }
  });

  if (name === 'report') {
    it('counts what the Summary says', () => {
      expect(counts).toMatchObject({ reportingStates: 8, viewsStates: 5, summarized: 12, afterDeadline: 1, newParticipants: undefined });
      expect(counts.notSummarized).toHaveLength(1);
    });
  }
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { Instrument } from '../../functions/core/instruments.ts';
import { compileReport, type ReportRequest } from '../../functions/core/report/compile.ts';
import { renderDocx } from '../../functions/core/report/docx.ts';
import { escapeHtml, renderHtml } from '../../functions/core/report/html.ts';
import { escapeMarkdown, renderMarkdown } from '../../functions/core/report/markdown.ts';
import { docxParagraphs, docxParts } from '../report/docx.ts';
import { seededCycle, seedStates } from '../support/seed.ts';
import { storedWithRawText, submission, violationItem } from '../support/submissions.ts';

const hostile = 'We say: <script>alert("x")</script> & *stars* _under_ [link](https://evil.example) | pipe `code` \u0001';
const seeded = seededCycle();
const vcdr: Instrument = { id: 'III-3', title: 'Vienna Convention on Diplomatic Relations', year: 1961, included: true };

const request: ReportRequest = {
  cycle: { ...seeded, report: { ...seeded.report, previous: { symbol: 'A/77/186', date: '2022-07-20' } } },
  states: seedStates(),
  submissions: [
    submission(1, 'FRA', '2024-03-02T09:00:00.000Z', [violationItem({ city: 'Nairobi <b>&amp;</b>' })]),
    storedWithRawText(2, 'KEN', '2024-04-02T09:00:00.000Z', [{ kind: 'views', text: hostile }]),
    { ...submission(3, 'CIV', '2024-04-03T09:00:00.000Z', [violationItem({ violationKinds: ['other'] })]), language: 'fr' as const },
  ],
  instruments: [
    {
      instrument: vcdr,
      table: {
        participants: [
          { participant: 'TUR', consent: { date: '1985-03-06', kind: 'accession' } },
          { participant: 'PLW', consent: { date: '2023-01-10', kind: 'accession' } },
        ],
        version: 1,
        importedAt: '2024-06-01T00:00:00Z',
        source: 'III-3.csv',
      },
    },
  ],
  asOf: '2024-07-01',
  mode: { kind: 'report' },
};
const { document } = compileReport(request);
const numbered = document.sections.flatMap((section) => section.blocks).filter((block) => block.kind === 'paragraph').length;

describe('Markdown', () => {
  const markdown = renderMarkdown(document);

  it('escapes everything Markdown could read as markup', () => {
    expect(escapeMarkdown('*a* _b_ [c](d) <e> | `f` & ~g~ !h')).toBe('\\*a\\* \\_b\\_ \\[c\\](d) \\<e\\> \\| \\`f\\` \\& \\~g\\~ \\!h');
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdown('11. not a list')).toBe('11\\. not a list');
    expect(markdown).toContain('\\<script\\>alert("x")\\</script\\> \\& \\*stars\\* \\_under\\_ \\[link\\](https://evil.example) \\| pipe \\`code\\`');
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('\u0001');
  });

  it('numbers paragraphs on from section to section, and makes headings, quotations, tables and drafting passages', () => {
    const numbers = [...markdown.matchAll(/^(\d+)\. /gm)].map((match) => Number(match[1]));
    expect(numbers).toEqual(Array.from({ length: numbered }, (_, index) => index + 1));
    expect(markdown).toMatch(/^## I\. Introduction$/m);
    expect(markdown).toMatch(/^## IV\. Status of participation in the instruments$/m);
    expect(markdown).toMatch(/^> 11\\\. /m);
    expect(markdown).toContain('| Participant | Signature | Ratification, accession (a), succession (d), acceptance (A), approval (AA) |');
    expect(markdown).toContain('| Türkiye |   | 6 March 1985 a |');
    expect(markdown).toContain('**\\[What happened to be summarized from the French original (MPR-2024-0003, item 1): “The chancery was attacked.”\\]**');
  });
});

describe('HTML', () => {
  const html = renderHtml(document);

  it('escapes every text', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; *stars*');
    expect(html).toContain('Nairobi &lt;b&gt;&amp;amp;&lt;/b&gt;');
    expect(html).not.toMatch(/<script|<b>/);
  });

  it('is an accessible page: language, headings in order, numbered lists that carry the numbers on, captioned tables with header cells', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    const headings = [...html.matchAll(/<h(\d)[^>]*>/g)].map((match) => Number(match[1]));
    expect(headings[0]).toBe(2);
    expect(headings.slice(1)).toEqual([1, 2, 2, 2, 2, 2, 3]);
    const starts = [...html.matchAll(/<ol class="paragraphs" start="(\d+)">([\s\S]*?)<\/ol>/g)].map((match) => [
      Number(match[1]),
      match[2]!.split('<li>').length - 1,
    ]);
    let next = 1;
    for (const [start, items] of starts) {
      expect(start).toBe(next);
      next += items!;
    }
    expect(next - 1).toBe(numbered);
    expect(html).toContain('<caption>Status of the Vienna Convention on Diplomatic Relations, 1961 as at 1 July 2024</caption>');
    expect(html).toContain('<th scope="col">Participant</th>');
    expect(html).toContain('<tr><th scope="row">Palau</th><td></td><td>10 January 2023 a</td></tr>');
    expect(html).toContain('<mark>[address of the web page to be inserted]</mark>');
  });
});

describe('DOCX', () => {
  let bytes: Buffer;
  let parts: Map<string, string>;
  let xml: string;
  let paragraphs: ReturnType<typeof docxParagraphs>;
  beforeAll(async () => {
    bytes = await renderDocx(document);
    parts = docxParts(bytes);
    xml = parts.get('word/document.xml')!;
    paragraphs = docxParagraphs(xml);
  });

  it('is a Word package with its parts', () => {
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    for (const part of ['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'word/numbering.xml']) expect(parts.has(part), part).toBe(true);
  });

  it('uses Word heading styles for the title, the summary and the sections, and Heading 2 for the instruments', () => {
    const styled = (style: string) => paragraphs.filter((paragraph) => paragraph.style === style).map((paragraph) => paragraph.text);
    expect(styled('Title')).toEqual(['Report of the Secretary-General']);
    expect(styled('Heading1')).toEqual([
      'Summary',
      'I. Introduction',
      'II. Reports received from States',
      'III. Views received from States',
      'IV. Status of participation in the instruments',
    ]);
    expect(styled('Heading2')).toEqual(['A. Vienna Convention on Diplomatic Relations, 1961']);
  });

  it('numbers paragraphs with Word numbering, one list through the document, not typed numbers', () => {
    const numberedParagraphs = paragraphs.filter((paragraph) => paragraph.numbered);
    expect(numberedParagraphs).toHaveLength(numbered);
    expect(numberedParagraphs.every((paragraph) => !/^\d+\./.test(paragraph.text))).toBe(true);
    expect(new Set([...xml.matchAll(/<w:numId w:val="(\d+)"\/>/g)].map((match) => match[1])).size).toBe(1);
    expect(parts.get('word/numbering.xml')).toMatch(/<w:numFmt w:val="decimal"\/>[\s\S]*<w:lvlText w:val="%1\."\/>/);
    expect(numberedParagraphs[0]!.text).toMatch(/^The present report is submitted pursuant to General Assembly resolution 77\/108/);
  });

  it('has real tables with a repeating header row', () => {
    expect(xml.match(/<w:tbl>/g)).toHaveLength(1);
    expect(xml).toContain('<w:tblHeader/>');
    expect(paragraphs.map((paragraph) => paragraph.text)).toEqual(
      expect.arrayContaining(['Participant', 'Palau', '10 January 2023 a', 'Türkiye', '6 March 1985 a']),
    );
  });

  it('carries State text as escaped text runs only, and highlights the passages for the drafter', () => {
    expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; *stars*');
    expect(xml).not.toMatch(/<script|<b>/);
    expect(xml).not.toContain('\u0001');
    expect(
      paragraphs.some((paragraph) =>
        paragraph.text.includes('We say: <script>alert("x")</script> & *stars* _under_ [link](https://evil.example) | pipe `code`'),
      ),
    ).toBe(true);
    expect(xml).toMatch(/<w:highlight w:val="yellow"\/><\/w:rPr><w:t xml:space="preserve">\[What happened to be summarized/);
  });
});

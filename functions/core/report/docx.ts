/**
 * The report as a Word document a drafter can open and edit: Word's own heading styles (so the
 * navigation pane and a table of contents work), paragraph numbers from Word numbering (so a
 * paragraph added or removed renumbers the rest), real tables with a repeating header row, and
 * the drafter's passages highlighted. Text goes in as text runs only, which the docx package
 * escapes; no XML is ever written from text.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Block, ReportDocument, Text } from './document.ts';

/** The one list every numbered paragraph belongs to: numbers run on from section to section. */
const paragraphNumbering = 'report-paragraphs';

function runs(text: Text, options: { bold?: boolean } = {}): ParagraphChild[] {
  return text.map((part) => new TextRun({ text: part.text, ...(part.draft ? { highlight: 'yellow' } : {}), ...(options.bold ? { bold: true } : {}) }));
}

function line(text: string, options: { bold?: boolean; size?: number; alignment?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}): Paragraph {
  return new Paragraph({
    ...(options.alignment ? { alignment: options.alignment } : {}),
    children: [new TextRun({ text, ...(options.bold ? { bold: true } : {}), ...(options.size ? { size: options.size } : {}) })],
  });
}

function cell(text: string, header: boolean): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, ...(header ? { bold: true } : {}) })] })] });
}

function block(entry: Block): (Paragraph | Table)[] {
  switch (entry.kind) {
    case 'paragraph':
      return [new Paragraph({ numbering: { reference: paragraphNumbering, level: 0 }, style: 'BodyText', children: runs(entry.text) })];
    case 'quote':
      return [new Paragraph({ style: 'Quote', children: runs(entry.text) })];
    case 'subheading':
      return [new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(entry.text)] })];
    case 'table':
      return [
        new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun(entry.caption)] }),
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: entry.columns.map((column) => cell(column, true)) }),
            ...entry.rows.map((row) => new TableRow({ cantSplit: true, children: row.map((value) => cell(value, false)) })),
          ],
        }),
      ];
  }
}

/** The Word document of the report. */
function reportDocx(document: ReportDocument): Document {
  const { masthead } = document;
  const children: (Paragraph | Table)[] = [];
  if (document.draftingNotes.length > 0) {
    const box = { style: BorderStyle.DASHED, size: 6, color: '767676', space: 4 };
    const border = { top: box, bottom: box, left: box, right: box };
    children.push(
      new Paragraph({ border, children: [new TextRun({ text: 'Notes to the drafter (delete before issue)', bold: true })] }),
      ...document.draftingNotes.map((note) => new Paragraph({ border, children: runs(note) })),
      new Paragraph({}),
    );
  }
  children.push(
    line(masthead.symbol, { bold: true, alignment: AlignmentType.RIGHT }),
    line(masthead.organ, { bold: true, size: 28 }),
    line(masthead.distribution, { alignment: AlignmentType.RIGHT }),
    line(masthead.date, { alignment: AlignmentType.RIGHT }),
    line(masthead.original, { alignment: AlignmentType.RIGHT }),
    new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: '000000', space: 1 } }, children: [] }),
    line(masthead.session),
    new Paragraph({ children: runs(masthead.agendaItem) }),
    line(masthead.itemTitle, { bold: true }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(masthead.title)] }),
  );
  if (masthead.subtitle) children.push(line(masthead.subtitle, { bold: true }));
  if (document.summary)
    children.push(
      new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Summary')] }),
      new Paragraph({ style: 'BodyText', children: runs(document.summary) }),
    );
  for (const section of document.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(section.heading)] }));
    for (const entry of section.blocks) children.push(...block(entry));
  }

  return new Document({
    title: `${masthead.symbol} ${masthead.title}`,
    description: masthead.itemTitle,
    styles: {
      default: {
        document: { run: { font: 'Times New Roman', size: 20 } },
        heading1: {
          run: { font: 'Times New Roman', size: 24, bold: true, color: '000000' },
          paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
        },
        heading2: {
          run: { font: 'Times New Roman', size: 20, bold: true, color: '000000' },
          paragraph: { spacing: { before: 200, after: 120 }, keepNext: true },
        },
        title: { run: { font: 'Times New Roman', size: 28, bold: true, color: '000000' }, paragraph: { spacing: { before: 240, after: 240 } } },
      },
      paragraphStyles: [
        { id: 'BodyText', name: 'Body Text', basedOn: 'Normal', quickFormat: true, paragraph: { spacing: { after: 120 }, alignment: AlignmentType.JUSTIFIED } },
        { id: 'Quote', name: 'Quote', basedOn: 'Normal', quickFormat: true, paragraph: { indent: { left: 1134, right: 567 }, spacing: { after: 120 } } },
        { id: 'Caption', name: 'caption', basedOn: 'Normal', quickFormat: true, run: { italics: true }, paragraph: { spacing: { before: 120, after: 60 } } },
      ],
    },
    numbering: {
      config: [
        {
          reference: paragraphNumbering,
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 567, hanging: 567 } } },
            },
          ],
        },
      ],
    },
    sections: [{ children }],
  });
}

/** The .docx file's bytes. */
export function renderDocx(document: ReportDocument): Promise<Buffer> {
  return Packer.toBuffer(reportDocx(document));
}

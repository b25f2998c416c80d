/**
 * A PDF file of text pages in the two standard Times fonts, written directly (PDF 1.7, ISO
 * 32000-1): a note verbale needs nothing else, and a general PDF library with its font programs
 * weighed about 430 KB in the function that sends notes, for these few hundred lines of output.
 *
 * The file: a catalogue (with the document's language, and its title shown in the window), the
 * page tree, one resource entry per font (standard fonts are named, never embedded), each page
 * with its content stream compressed (FlateDecode), the document information, and a classic
 * cross-reference table. Text is shown in WinAnsi codes, as hex strings.
 */
import { deflateSync } from 'node:zlib';
import { timesBoldWidths, timesRomanWidths, winAnsiHighCodes } from './times-metrics.ts';

export interface StandardFont {
  /** Its name in every page's resources. */
  readonly resource: string;
  readonly baseFont: string;
  readonly widths: readonly number[];
}

export const timesRoman: StandardFont = { resource: 'F1', baseFont: 'Times-Roman', widths: timesRomanWidths };
export const timesBold: StandardFont = { resource: 'F2', baseFont: 'Times-Bold', widths: timesBoldWidths };
const fonts = [timesRoman, timesBold];

/** The WinAnsi code of each character the fonts have a glyph for (both fonts have the same). */
const winAnsiCodes: ReadonlyMap<number, number> = new Map(
  timesRomanWidths.flatMap((width, index) => {
    const code = index + 0x20;
    const codePoint = code >= 0x80 && code <= 0x9f ? winAnsiHighCodes[code] : code;
    return width > 0 && codePoint !== undefined ? [[codePoint, code] as const] : [];
  }),
);

/** The code points the fonts can show; anything else must be replaced first (winansi.ts). */
export const winAnsiCharacterSet: readonly number[] = [...winAnsiCodes.keys()];

function codesOf(text: string): number[] {
  return [...text].map((character) => {
    const code = winAnsiCodes.get(character.codePointAt(0) ?? -1);
    if (code === undefined) throw new RangeError(`the standard fonts cannot show ${JSON.stringify(character)}`);
    return code;
  });
}

/** The width of `text` at `size` points (no kerning: the text is shown unkerned). */
export function widthOfText(text: string, font: StandardFont, size: number): number {
  return (codesOf(text).reduce((sum, code) => sum + (font.widths[code - 0x20] ?? 0), 0) * size) / 1000;
}

/** A number as a PDF content stream writes it: at most four decimals, never an exponent. */
function numeral(value: number): string {
  const fixed = Number(value.toFixed(4));
  return Object.is(fixed, -0) ? '0' : String(fixed);
}

/** The drawing operators of one page. */
export class PdfPage {
  readonly operators: string[] = [];

  text(text: string, x: number, y: number, font: StandardFont, size: number): void {
    const hex = codesOf(text)
      .map((code) => code.toString(16).toUpperCase().padStart(2, '0'))
      .join('');
    this.operators.push(`BT /${font.resource} ${numeral(size)} Tf 1 0 0 1 ${numeral(x)} ${numeral(y)} Tm <${hex}> Tj ET`);
  }

  horizontalRule(fromX: number, toX: number, y: number, thickness: number): void {
    this.operators.push(`${numeral(thickness)} w ${numeral(fromX)} ${numeral(y)} m ${numeral(toX)} ${numeral(y)} l S`);
  }
}

export interface PdfInformation {
  readonly title: string;
  readonly subject: string;
  readonly keywords: readonly string[];
  readonly author: string;
  readonly creator: string;
  /** BCP 47, e.g. `en`. */
  readonly language: string;
  /** The creation and modification date. */
  readonly date: Date;
}

/** A text string of the document information: UTF-16BE with its byte order mark, any text kept exactly. */
function textString(text: string): string {
  let hex = 'FEFF';
  for (let index = 0; index < text.length; index += 1) hex += text.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

/** `D:YYYYMMDDHHmmSSZ`, in UTC. */
function pdfDate(date: Date): string {
  const iso = date.toISOString();
  return `(D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z)`;
}

/** The file of these pages (each `width` × `height` points). */
export function pdfFile(pages: readonly PdfPage[], size: { readonly width: number; readonly height: number }, information: PdfInformation): Uint8Array {
  // Object numbers: 1 catalogue, 2 page tree, 3 information, then the fonts, then each page and its contents.
  const fontObject = (index: number) => 4 + index;
  const pageObject = (index: number) => 4 + fonts.length + 2 * index;
  const bodies: (string | Buffer)[] = [
    `<< /Type /Catalog /Pages 2 0 R /Lang ${textString(information.language)} /ViewerPreferences << /DisplayDocTitle true >> >>`,
    `<< /Type /Pages /Kids [${pages.map((_, index) => `${pageObject(index)} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    [
      `<< /Title ${textString(information.title)}`,
      `/Subject ${textString(information.subject)}`,
      `/Keywords ${textString(information.keywords.join(' '))}`,
      `/Author ${textString(information.author)}`,
      `/Creator ${textString(information.creator)}`,
      `/Producer ${textString(information.creator)}`,
      `/CreationDate ${pdfDate(information.date)}`,
      `/ModDate ${pdfDate(information.date)} >>`,
    ].join(' '),
    ...fonts.map((font) => `<< /Type /Font /Subtype /Type1 /BaseFont /${font.baseFont} /Encoding /WinAnsiEncoding >>`),
  ];
  const fontResources = fonts.map((font, index) => `/${font.resource} ${fontObject(index)} 0 R`).join(' ');
  pages.forEach((page, index) => {
    bodies.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${numeral(size.width)} ${numeral(size.height)}] /Resources << /Font << ${fontResources} >> >> /Contents ${pageObject(index) + 1} 0 R >>`,
    );
    const contents = deflateSync(Buffer.from(page.operators.join('\n'), 'latin1'));
    bodies.push(
      Buffer.concat([Buffer.from(`<< /Length ${contents.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), contents, Buffer.from('\nendstream', 'latin1')]),
    );
  });

  // The binary comment line tells readers the file holds 8-bit data.
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1')];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  bodies.forEach((body, index) => {
    offsets.push(offset);
    const chunk = Buffer.concat([
      Buffer.from(`${index + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    chunks.push(chunk);
    offset += chunk.length;
  });
  // Each cross-reference entry is exactly 20 bytes, its end of line included.
  const xref = [`xref\n0 ${bodies.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`)].join('');
  chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R /Info 3 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(chunks));
}

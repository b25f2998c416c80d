/**
 * Reads the parts of a .docx (a zip file) from its central directory, with node's zlib: enough to
 * check what Word will find in word/document.xml without a zip library.
 */
import { inflateRawSync } from 'node:zlib';

const endOfCentralDirectory = 0x06054b50;
const centralHeader = 0x02014b50;
const localHeader = 0x04034b50;

export function docxParts(zip: Buffer): Map<string, string> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== endOfCentralDirectory) end -= 1;
  if (end < 0) throw new Error('not a zip file: no end of central directory');
  const entries = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const parts = new Map<string, string>();
  for (let index = 0; index < entries; index += 1) {
    if (zip.readUInt32LE(offset) !== centralHeader) throw new Error(`bad central directory entry at ${offset}`);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (zip.readUInt32LE(local) !== localHeader) throw new Error(`bad local header for ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressedSize);
    if (method !== 0 && method !== 8) throw new Error(`${name}: compression method ${method} is not stored or deflate`);
    parts.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return parts;
}

/** The text of each paragraph of word/document.xml, with its style and whether Word numbers it. */
export function docxParagraphs(documentXml: string): { style: string | undefined; numbered: boolean; text: string }[] {
  return [...documentXml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((match) => {
    const body = match[1] ?? match[2] ?? '';
    const text = [...body.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((run) => decodeXml(run[1]!)).join('');
    return { style: /<w:pStyle w:val="([^"]+)"\/>/.exec(body)?.[1], numbered: body.includes('<w:numPr>'), text };
  });
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_entity, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name]!);
}

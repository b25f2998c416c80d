/**
 * The form's attachment rules applied to a message's files: accepted types, names that go with
 * them, content that is what its type says, and the count and size limits.
 */
import { withIndefiniteArticle } from '../articles.ts';
import { attachmentTypes, submissionLimits } from '../submissions.ts';
import type { Refusal } from './limits.ts';

/** A MIME part to be kept as an attachment, as the parser found it. */
export interface MimeAttachment {
  readonly filename: string | null;
  readonly contentType: string;
  readonly content: Uint8Array;
}

export type AttachmentContentType = keyof typeof attachmentTypes;

/** An attachment that passed the rules, named and typed as the form requires. */
export interface CheckedAttachment {
  readonly fileName: string;
  readonly contentType: AttachmentContentType;
  readonly content: Uint8Array;
}

/** Types a mail client gives a file it did not recognize; the file name then says what it is. */
const genericTypes = new Set(['application/octet-stream', 'application/x-download', 'binary/octet-stream']);

const startsWith = (content: Uint8Array, bytes: readonly number[], offset = 0) => bytes.every((byte, index) => content[offset + index] === byte);
const zipSignature = [0x50, 0x4b, 0x03, 0x04];

/**
 * What the first bytes of each accepted type look like, so that a program renamed `.pdf` is
 * refused. Word processing formats are checked as their containers (ZIP, OLE2).
 */
const contentSignatures: Record<AttachmentContentType, (content: Uint8Array) => boolean> = {
  // The PDF header may follow up to 1 KiB of other bytes.
  'application/pdf': (content) => Buffer.from(content.subarray(0, 1024)).includes('%PDF-'),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (content) => startsWith(content, zipSignature),
  'application/vnd.oasis.opendocument.text': (content) => startsWith(content, zipSignature),
  'application/msword': (content) => startsWith(content, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  'image/jpeg': (content) => startsWith(content, [0xff, 0xd8, 0xff]),
  'image/png': (content) => startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'text/plain': (content) => !content.subarray(0, 8192).includes(0),
};

function isAcceptedType(type: string): type is AttachmentContentType {
  return Object.hasOwn(attachmentTypes, type);
}

/** The file name without folders (some clients send `C:\...`) or control characters, at most 255 characters. */
function cleanFileName(filename: string | null): string {
  const base = (filename ?? '').split(/[/\\]/).at(-1)!;
  return [...base]
    .filter((character) => character.charCodeAt(0) >= 0x20 && character.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(-255);
}

function typeFromName(fileName: string): AttachmentContentType | undefined {
  const lower = fileName.toLowerCase();
  return (Object.keys(attachmentTypes) as AttachmentContentType[]).find((type) => attachmentTypes[type].some((ending) => lower.endsWith(ending)));
}

/**
 * Applies the form's attachment rules to a message's attachments: accepted types only (a
 * generic type is read from the file name), the name ending that goes with the type, content
 * that is what its type says, and the form's count and size limits. A part without a name is
 * named `attachment-<n>` with its type's ending. The first failure refuses the whole message.
 */
export function checkEmailAttachments(
  parts: readonly MimeAttachment[],
): { readonly ok: true; readonly attachments: CheckedAttachment[] } | (Refusal & { readonly ok: false }) {
  if (parts.length > submissionLimits.attachmentsPerSubmission) {
    return {
      ok: false,
      reason: 'too-many-attachments',
      detail: `${parts.length} attachments; a submission carries at most ${submissionLimits.attachmentsPerSubmission}`,
    };
  }
  const attachments: CheckedAttachment[] = [];
  let total = 0;
  for (const [index, part] of parts.entries()) {
    const named = cleanFileName(part.filename);
    const declared = part.contentType.toLowerCase();
    const contentType = isAcceptedType(declared) ? declared : genericTypes.has(declared) ? typeFromName(named) : undefined;
    const shownName = named || `attachment ${index + 1}`;
    if (contentType === undefined) {
      return { ok: false, reason: 'disallowed-attachment', detail: `${shownName} is of type ${declared}, which the form does not accept` };
    }
    const endings: readonly string[] = attachmentTypes[contentType];
    const fileName = named || `attachment-${index + 1}${endings[0]}`;
    if (!endings.some((ending) => fileName.toLowerCase().endsWith(ending))) {
      return { ok: false, reason: 'disallowed-attachment', detail: `${fileName} is declared ${contentType}, whose files end in ${endings.join(' or ')}` };
    }
    if (!contentSignatures[contentType](part.content)) {
      return {
        ok: false,
        reason: 'disallowed-attachment',
        detail: `${fileName} does not contain what ${withIndefiniteArticle(`${contentType} file`)} contains`,
      };
    }
    if (part.content.byteLength > submissionLimits.attachmentBytes) {
      return {
        ok: false,
        reason: 'oversized',
        detail: `${fileName} has ${part.content.byteLength} bytes; an attachment may have ${submissionLimits.attachmentBytes}`,
      };
    }
    total += part.content.byteLength;
    if (part.content.byteLength > 0) attachments.push({ fileName, contentType, content: part.content });
  }
  if (total > submissionLimits.submissionAttachmentBytes) {
    return {
      ok: false,
      reason: 'oversized',
      detail: `the attachments have ${total} bytes in all; a submission may carry ${submissionLimits.submissionAttachmentBytes}`,
    };
  }
  return { ok: true, attachments };
}

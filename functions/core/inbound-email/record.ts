/**
 * What the system records of a message received at the reporting address, from SES's receipt
 * data and the parsed MIME. Deciding whether it is accepted as a State's submission (registered
 * sender, passing verdicts) builds on this record.
 */
import { createHash } from 'node:crypto';

export type VerdictStatus = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';

export interface ReceiptVerdicts {
  readonly spf: VerdictStatus;
  readonly dkim: VerdictStatus;
  readonly dmarc: VerdictStatus;
  readonly virus: VerdictStatus;
  readonly spam: VerdictStatus;
}

export interface ParsedMessage {
  readonly fromAddress?: string;
  readonly fromName?: string;
  readonly subject?: string;
  readonly messageIdHeader?: string;
  readonly date?: string;
  readonly textLength: number;
  readonly attachments: readonly { readonly filename: string | null; readonly contentType: string; readonly size: number }[];
}

export interface InboundEmailRecord {
  /** The key that makes a redelivered message a no-op: its Message-ID header, else SES's id. */
  readonly dedupeKey: string;
  readonly sesMessageId: string;
  readonly envelopeSender: string;
  readonly fromAddress: string | null;
  readonly fromName: string | null;
  readonly subject: string | null;
  readonly sentAt: string | null;
  readonly receivedAt: string;
  readonly verdicts: ReceiptVerdicts;
  readonly evidence: { readonly bucket: string; readonly key: string; readonly size: number };
  readonly attachments: ParsedMessage['attachments'];
  readonly status: 'received';
}

/**
 * The Message-ID as the dedupe key holds it: without its angle brackets, in lower case, and as
 * its SHA-256 digest when longer than any mail system writes one, since the key goes into the
 * table's partition keys (at most 2048 bytes) and a header may be folded to hundreds of KB.
 */
const maxMessageIdBytes = 250;
function dedupeId(header: string | undefined): string | undefined {
  const id = header?.trim().replace(/^<|>$/g, '').toLowerCase();
  if (id === undefined || Buffer.byteLength(id) <= maxMessageIdBytes) return id;
  return `sha256-${createHash('sha256').update(id).digest('hex')}`;
}

export function inboundEmailRecord(input: {
  readonly sesMessageId: string;
  readonly envelopeSender: string;
  readonly receivedAt: string;
  readonly verdicts: ReceiptVerdicts;
  readonly evidence: InboundEmailRecord['evidence'];
  readonly message: ParsedMessage;
}): InboundEmailRecord {
  const { message } = input;
  const messageId = dedupeId(message.messageIdHeader);
  const sentAt = message.date !== undefined && !Number.isNaN(Date.parse(message.date)) ? new Date(message.date).toISOString() : null;
  return {
    dedupeKey: messageId !== undefined && messageId.length > 0 ? `message-id:${messageId}` : `ses:${input.sesMessageId}`,
    sesMessageId: input.sesMessageId,
    envelopeSender: input.envelopeSender.toLowerCase(),
    fromAddress: message.fromAddress?.toLowerCase() ?? null,
    fromName: message.fromName ?? null,
    subject: message.subject ?? null,
    sentAt,
    receivedAt: input.receivedAt,
    verdicts: input.verdicts,
    evidence: input.evidence,
    attachments: message.attachments,
    status: 'received',
  };
}

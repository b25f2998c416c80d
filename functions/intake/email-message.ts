/**
 * An inbound message as the e-mail intake reads it: from the evidence bucket within the limits (a
 * message too large is not even read, one crafted to exhaust the parser is refused by it),
 * described for the e-mail record and for the inbound decision, and its attachments kept next to it.
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SESMail } from 'aws-lambda';
import PostalMime, { type Address, addressParser, type Email } from 'postal-mime';
import type { MimeAttachment } from '../core/inbound-email/attachment-rules.ts';
import type { AttachmentToStore, MessageContent } from '../core/inbound-email/decision.ts';
import { htmlToText } from '../core/inbound-email/html-text.ts';
import { boundedHeaderField, inboundLimits, type Refusal } from '../core/inbound-email/limits.ts';
import type { ParsedMessage } from '../core/inbound-email/record.ts';
import { isAutomaticMessage } from '../core/inbound-email/sender-rules.ts';

export type ReadMessage =
  | { readonly ok: true; readonly size: number; readonly email: Email }
  | { readonly ok: false; readonly size: number; readonly refusal: Refusal };

export async function readMessage(client: S3Client, bucket: string, key: string): Promise<ReadMessage> {
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  const size = head.ContentLength ?? 0;
  if (size > inboundLimits.messageBytes) {
    return {
      ok: false,
      size,
      refusal: { reason: 'oversized', detail: `the message has ${size} bytes; the largest a submission needs is ${inboundLimits.messageBytes}` },
    };
  }
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const raw = await object.Body!.transformToByteArray();
  try {
    const email = await PostalMime.parse(raw, {
      attachmentEncoding: 'arraybuffer',
      maxNestingDepth: inboundLimits.mimeNestingDepth,
      maxHeadersSize: inboundLimits.headerBytes,
      // A message attached to the message is an attachment (of a type the form refuses), not
      // parts of this one: its files and text are someone else's.
      maxRfc822NestingDepth: 0,
    });
    return { ok: true, size: raw.byteLength, email };
  } catch (error) {
    return {
      ok: false,
      size: raw.byteLength,
      refusal: { reason: 'malformed', detail: `the message could not be read: ${error instanceof Error ? error.message : String(error)}` },
    };
  }
}

function mailboxes(addresses: readonly Address[] | undefined): { name: string; address: string }[] {
  return (addresses ?? []).flatMap((address) => (address.address !== undefined ? [address] : address.group));
}

/** The From mailbox: one address, not a group. */
function fromOf(email: Email): { name: string; address: string } | undefined {
  return email.from?.address !== undefined ? email.from : undefined;
}

function replyToOf(email: Email): string[] {
  return mailboxes(email.replyTo).map((mailbox) => mailbox.address);
}

/** The text the form is read from: the plain-text part, or the HTML part's text when there is none. */
function textOf(email: Email): string {
  return email.text ?? (email.html ? htmlToText(email.html) : '');
}

function size(content: Email['attachments'][number]['content']): number {
  return typeof content === 'string' ? content.length : content.byteLength;
}

/**
 * The message's attachments: the parts a reader sees as attached files. Images the HTML body
 * shows inline (signature logos) are part of the body, kept in the raw message only.
 */
function attachmentsOf(email: Email): MimeAttachment[] {
  return email.attachments
    .filter((attachment) => !attachment.related)
    .map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.mimeType,
      content: typeof attachment.content === 'string' ? new TextEncoder().encode(attachment.content) : new Uint8Array(attachment.content),
    }));
}

/** What the e-mail record keeps of a parsed message; header fields cut to their limit (see `boundedHeaderField`). */
export function parsedMessage(email: Email): ParsedMessage {
  const from = fromOf(email);
  return {
    fromAddress: boundedHeaderField(from?.address),
    fromName: boundedHeaderField(from?.name || undefined),
    subject: boundedHeaderField(email.subject),
    messageIdHeader: email.messageId,
    date: email.date,
    textLength: email.text?.length ?? 0,
    attachments: email.attachments.map((attachment) => ({ filename: attachment.filename, contentType: attachment.mimeType, size: size(attachment.content) })),
  };
}

/** What the e-mail record keeps of a message that was not parsed: SES's reading of its headers. */
export function unparsedMessage(mail: SESMail): ParsedMessage {
  const [from] = mailboxes(addressParser(mail.commonHeaders.from?.[0] ?? ''));
  return {
    fromAddress: boundedHeaderField(from?.address),
    fromName: boundedHeaderField(from?.name || undefined),
    subject: boundedHeaderField(mail.commonHeaders.subject),
    messageIdHeader: mail.commonHeaders.messageId,
    date: mail.commonHeaders.date,
    textLength: 0,
    attachments: [],
  };
}

/**
 * Stores each attachment where the inbound decision placed it, next to the message, with its
 * digest. The keys are the same on every delivery, so a retry rewrites the same objects.
 */
export async function storeAttachments(client: S3Client, bucket: string, attachments: readonly AttachmentToStore[]): Promise<void> {
  await Promise.all(
    attachments.map(({ record, content }) =>
      client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: record.key,
          Body: content,
          ContentType: record.contentType,
          ChecksumSHA256: Buffer.from(record.sha256, 'hex').toString('base64'),
        }),
      ),
    ),
  );
}

/** What the inbound decision reads of a message: its text, Reply-To, attachments, whether a program sent it, and its Message-ID. */
export function messageContent(read: ReadMessage): MessageContent {
  if (!read.ok) return { ok: false, refusal: read.refusal };
  const { email } = read;
  return {
    ok: true,
    text: textOf(email),
    replyTo: replyToOf(email),
    attachments: attachmentsOf(email),
    automatic: isAutomaticMessage(email.headers),
    messageId: email.messageId,
  };
}

/**
 * An inbound message as the inbound-email function handles it: read from the evidence bucket
 * within the limits (a message too large is not even read, one crafted to exhaust the parser is
 * refused by it), described for the e-mail record, and its attachments kept next to it.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SESMail } from 'aws-lambda';
import PostalMime, { addressParser, type Address, type Email } from 'postal-mime';
import { boundedHeaderField, htmlToText, inboundLimits, type CheckedAttachment, type EmailAttachmentRecord, type MimeAttachment, type Refusal } from '../../core/email-intake.ts';
import type { ParsedMessage } from '../../core/inbound-email.ts';

export type ReadMessage = { readonly ok: true; readonly size: number; readonly email: Email } | { readonly ok: false; readonly size: number; readonly refusal: Refusal };

export async function readMessage(client: S3Client, bucket: string, key: string): Promise<ReadMessage> {
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  const size = head.ContentLength ?? 0;
  if (size > inboundLimits.messageBytes) {
    return { ok: false, size, refusal: { reason: 'oversized', detail: `the message has ${size} bytes; the largest a submission needs is ${inboundLimits.messageBytes}` } };
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
    return { ok: false, size: raw.byteLength, refusal: { reason: 'malformed', detail: `the message could not be read: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

function mailboxes(addresses: readonly Address[] | undefined): { name: string; address: string }[] {
  return (addresses ?? []).flatMap((address) => (address.address !== undefined ? [address] : address.group));
}

/** The From mailbox: one address, not a group. */
function fromOf(email: Email): { name: string; address: string } | undefined {
  return email.from?.address !== undefined ? email.from : undefined;
}

export function replyToOf(email: Email): string[] {
  return mailboxes(email.replyTo).map((mailbox) => mailbox.address);
}

/** The text the form is read from: the plain-text part, or the HTML part's text when there is none. */
export function textOf(email: Email): string {
  return email.text ?? (email.html ? htmlToText(email.html) : '');
}

function size(content: Email['attachments'][number]['content']): number {
  return typeof content === 'string' ? content.length : content.byteLength;
}

/**
 * The message's attachments: the parts a reader sees as attached files. Images the HTML body
 * shows inline (signature logos) are part of the body, kept in the raw message only.
 */
export function attachmentsOf(email: Email): MimeAttachment[] {
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
 * Stores each attachment next to the message (`<message key>/attachments/<n>/<file name>`),
 * with its digest. The keys are the same on every delivery, so a retry rewrites the same objects.
 */
export async function storeAttachments(client: S3Client, bucket: string, messageKey: string, attachments: readonly CheckedAttachment[]): Promise<EmailAttachmentRecord[]> {
  return Promise.all(
    attachments.map(async (attachment, index) => {
      const key = `${messageKey}/attachments/${index + 1}/${attachment.fileName}`;
      const sha256 = createHash('sha256').update(attachment.content).digest();
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: attachment.content, ContentType: attachment.contentType, ChecksumSHA256: sha256.toString('base64') }),
      );
      return { fileName: attachment.fileName, contentType: attachment.contentType, size: attachment.content.byteLength, sha256: sha256.toString('hex'), key };
    }),
  );
}

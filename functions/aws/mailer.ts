/**
 * Sending one e-mail through SES v2: plain text and HTML, headers of our own, attachments (a
 * note verbale's PDF, a report's documents), the configuration set whose events feed mailbox
 * health, and tags that say what the message was (note kind, State), visible in those events.
 *
 * SES composes the message, attachments included (the `Simple` content's `Attachments`), so no
 * function bundles a MIME composer of its own.
 */
import { type Attachment, type MessageTag, type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

export interface OutgoingAttachment {
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

export interface OutgoingEmail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly replyTo?: string;
  /** Headers of our own (e.g. `X-MPR-Note`, `Auto-Submitted`), so that a reply or a bounce can be traced. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly configurationSet: string;
  /** SES tags: letters, digits, `_` and `-` only. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly attachments?: readonly OutgoingAttachment[];
}

function sesTags(tags: Readonly<Record<string, string>> | undefined): MessageTag[] {
  return Object.entries(tags ?? {}).map(([Name, Value]) => ({ Name, Value: Value.replace(/[^A-Za-z0-9_-]/g, '_') }));
}

/** Sends the message (SES composes it, attachments included); resolves with SES's message id. */
export async function sendEmail(client: SESv2Client, email: OutgoingEmail): Promise<string> {
  const result = await client.send(
    new SendEmailCommand({
      FromEmailAddress: email.from,
      ConfigurationSetName: email.configurationSet,
      EmailTags: sesTags(email.tags),
      Destination: { ToAddresses: [...email.to] },
      ...(email.replyTo ? { ReplyToAddresses: [email.replyTo] } : {}),
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: email.text, Charset: 'UTF-8' }, ...(email.html ? { Html: { Data: email.html, Charset: 'UTF-8' } } : {}) },
          ...(email.headers ? { Headers: Object.entries(email.headers).map(([Name, Value]) => ({ Name, Value })) } : {}),
          ...(email.attachments?.length ? { Attachments: email.attachments.map(sesAttachment) } : {}),
        },
      },
    }),
  );
  if (!result.MessageId) throw new Error('SES accepted the message without a message id');
  return result.MessageId;
}

function sesAttachment(attachment: OutgoingAttachment): Attachment {
  return {
    FileName: attachment.fileName,
    ContentType: attachment.contentType,
    ContentDisposition: 'ATTACHMENT',
    // SES's default is 7-bit, which a PDF or an image is not.
    ContentTransferEncoding: 'BASE64',
    RawContent: attachment.content,
  };
}

/**
 * Whether SES answered the request (an HTTP status), so that a failed send certainly did not
 * leave. A connection lost or timed out has no status: the message may have left.
 */
export function sesAnswered(error: unknown): boolean {
  return typeof httpStatusOf(error) === 'number';
}

/** SES answered with a server error (5xx), after the client's own retries. */
export function sesServerError(error: unknown): boolean {
  return (httpStatusOf(error) ?? 0) >= 500;
}

function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

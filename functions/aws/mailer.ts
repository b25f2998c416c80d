/**
 * Sending one e-mail through SES v2: plain text and HTML, optional attachments (the message is
 * then composed as raw MIME), the configuration set whose events feed mailbox health, and tags
 * that say what the message was (note kind, State), visible in those events.
 */
import { SendEmailCommand, type MessageTag, type SESv2Client } from '@aws-sdk/client-sesv2';
import { createTransport } from 'nodemailer';

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
  readonly attachments?: readonly OutgoingAttachment[];
  readonly replyTo?: string;
  /** Headers of our own (e.g. `X-MPR-Note`), so that a reply or a bounce can be traced. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly configurationSet: string;
  /** SES tags: letters, digits, `_` and `-` only. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Composes raw MIME without any network: nodemailer's stream transport only builds the message. */
const composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

async function rawMessage(email: OutgoingEmail): Promise<Uint8Array> {
  const info = await composer.sendMail({
    from: email.from,
    to: [...email.to],
    subject: email.subject,
    text: email.text,
    ...(email.html ? { html: email.html } : {}),
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    ...(email.headers ? { headers: { ...email.headers } } : {}),
    attachments: (email.attachments ?? []).map((attachment) => ({
      filename: attachment.fileName,
      contentType: attachment.contentType,
      content: Buffer.from(attachment.content),
    })),
  });
  return new Uint8Array(info.message as Buffer);
}

function sesTags(tags: Readonly<Record<string, string>> | undefined): MessageTag[] {
  return Object.entries(tags ?? {}).map(([Name, Value]) => ({ Name, Value: Value.replace(/[^A-Za-z0-9_-]/g, '_') }));
}

/** Sends the message; resolves with SES's message id. */
export async function sendEmail(client: SESv2Client, email: OutgoingEmail): Promise<string> {
  const common = { FromEmailAddress: email.from, ConfigurationSetName: email.configurationSet, EmailTags: sesTags(email.tags) };
  const needsRaw = (email.attachments?.length ?? 0) > 0 || email.headers !== undefined;
  const result = await client.send(
    new SendEmailCommand(
      needsRaw
        ? { ...common, Destination: { ToAddresses: [...email.to] }, Content: { Raw: { Data: await rawMessage(email) } } }
        : {
            ...common,
            Destination: { ToAddresses: [...email.to] },
            ...(email.replyTo ? { ReplyToAddresses: [email.replyTo] } : {}),
            Content: {
              Simple: {
                Subject: { Data: email.subject, Charset: 'UTF-8' },
                Body: { Text: { Data: email.text, Charset: 'UTF-8' }, ...(email.html ? { Html: { Data: email.html, Charset: 'UTF-8' } } : {}) },
              },
            },
          },
    ),
  );
  if (!result.MessageId) throw new Error('SES accepted the message without a message id');
  return result.MessageId;
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

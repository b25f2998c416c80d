/**
 * Sending an e-mail with attachments (a note verbale's PDF, a report's documents): composed as
 * raw MIME by nodemailer's stream transport, which only builds the message, then sent by SES v2.
 */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { createTransport } from 'nodemailer';
import { type OutgoingEmail, sendCommand, sendEnvelope } from './mailer.ts';

export interface OutgoingAttachment {
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

const composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

async function rawMessage(email: OutgoingEmail, attachments: readonly OutgoingAttachment[]): Promise<Uint8Array> {
  const info = await composer.sendMail({
    from: email.from,
    to: [...email.to],
    subject: email.subject,
    text: email.text,
    ...(email.html ? { html: email.html } : {}),
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    ...(email.headers ? { headers: { ...email.headers } } : {}),
    attachments: attachments.map((attachment) => ({
      filename: attachment.fileName,
      contentType: attachment.contentType,
      content: Buffer.from(attachment.content),
    })),
  });
  return new Uint8Array(info.message as Buffer);
}

/** Sends the message with its attachments; resolves with SES's message id. */
export async function sendEmailWithAttachments(client: SESv2Client, email: OutgoingEmail, attachments: readonly OutgoingAttachment[]): Promise<string> {
  return sendCommand(client, new SendEmailCommand({ ...sendEnvelope(email), Content: { Raw: { Data: await rawMessage(email, attachments) } } }));
}

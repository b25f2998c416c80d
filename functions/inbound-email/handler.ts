/**
 * The SES receipt rule's Lambda action for the reporting address. SES has already stored the
 * raw message in the evidence bucket (S3 action); this reads it back, parses it and records it
 * once, whatever the number of deliveries.
 */
import middy from '@middy/core';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../aws/errors.ts';
import { keys } from '../aws/keys.ts';
import type { SESEvent, SESReceipt } from 'aws-lambda';
import PostalMime from 'postal-mime';
import { functionRegistry } from '../registry.ts';
import { loadEnvironment } from '../runtime/load-environment.ts';
import { dynamoDocumentClient, s3 } from '../aws/clients.ts';
import { inboundEmailRecord, type ParsedMessage, type ReceiptVerdicts, type VerdictStatus } from '../core/inbound-email.ts';

const env = loadEnvironment(functionRegistry.inboundEmail);

function verdicts(receipt: SESReceipt): ReceiptVerdicts {
  const status = (verdict: { status: string } | undefined): VerdictStatus => (verdict?.status ?? 'PROCESSING_FAILED') as VerdictStatus;
  return {
    spf: status(receipt.spfVerdict),
    dkim: status(receipt.dkimVerdict),
    dmarc: status(receipt.dmarcVerdict),
    virus: status(receipt.virusVerdict),
    spam: status(receipt.spamVerdict),
  };
}

async function parse(raw: Uint8Array): Promise<ParsedMessage> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 50 });
  const from = email.from?.address !== undefined ? email.from : undefined;
  return {
    fromAddress: from?.address,
    fromName: from?.name || undefined,
    subject: email.subject,
    messageIdHeader: email.messageId,
    date: email.date,
    textLength: email.text?.length ?? 0,
    attachments: email.attachments.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.mimeType,
      size: typeof attachment.content === 'string' ? attachment.content.length : attachment.content.byteLength,
    })),
  };
}

export type InboundOutcome = { readonly sesMessageId: string; readonly dedupeKey: string; readonly outcome: 'recorded' | 'duplicate' };

export const handler = middy<SESEvent, InboundOutcome[]>().handler(async (event) => {
  const outcomes: InboundOutcome[] = [];
  for (const { ses } of event.Records) {
    const key = `${env.INBOUND_EMAIL_PREFIX}${ses.mail.messageId}`;
    const object = await s3(env).send(new GetObjectCommand({ Bucket: env.EVIDENCE_BUCKET, Key: key }));
    const raw = await object.Body!.transformToByteArray();
    const record = inboundEmailRecord({
      sesMessageId: ses.mail.messageId,
      envelopeSender: ses.mail.source,
      receivedAt: ses.mail.timestamp,
      verdicts: verdicts(ses.receipt),
      evidence: { bucket: env.EVIDENCE_BUCKET, key, size: raw.byteLength },
      message: await parse(raw),
    });
    try {
      await dynamoDocumentClient().send(
        new PutCommand({
          TableName: env.TABLE_NAME,
          Item: { ...keys.email(record.dedupeKey), gsi1pk: keys.emailsByDay(record.receivedAt.slice(0, 10)), gsi1sk: record.receivedAt, ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      outcomes.push({ sesMessageId: record.sesMessageId, dedupeKey: record.dedupeKey, outcome: 'recorded' });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      outcomes.push({ sesMessageId: record.sesMessageId, dedupeKey: record.dedupeKey, outcome: 'duplicate' });
    }
  }
  return outcomes;
});

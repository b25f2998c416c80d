/**
 * SES inbound on a local SMTP port: a message to the reporting address is stored raw in the
 * evidence bucket (the receipt rule's S3 action), accepted with 250, and then handed to every
 * registry function with an `inbound-email` trigger as an SES receipt event (the Lambda action,
 * invoked asynchronously with Lambda's two retries).
 *
 * SES computes SPF, DKIM, DMARC, spam and virus verdicts; nothing signs mail on one machine, so
 * the verdicts default to PASS and a message may set SPF, DKIM, spam and virus with an
 * `X-Local-Receipt-Verdicts: spf=FAIL; virus=FAIL` header (honoured by this stand-in only).
 * DMARC is derived from them as SES derives it (`dmarcVerdict`); the header can only make it
 * GRAY or PROCESSING_FAILED, the verdicts of a DMARC check that could not be made.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SESEvent, SESMail, SESReceipt } from 'aws-lambda';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { inboundEmailPrefix } from '../functions/aws/data-design.ts';
import { sameOrganization } from '../functions/core/inbound-email/sender-rules.ts';
import { allFunctions } from '../functions/registry.ts';
import { now } from '../functions/runtime/clock.ts';
import { localClientConfig } from './aws-config.ts';
import type { LocalFunctions } from './functions.ts';
import { loopback } from './net.ts';

/** SES refuses inbound messages over 40 MB; so does this stand-in. */
const maxMessageBytes = 40 * 1024 * 1024;
const asyncRetries = 2;

type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';
const verdictNames = ['spf', 'dkim', 'dmarc', 'spam', 'virus'] as const;

export interface InboundDelivery {
  readonly sesMessageId: string;
  readonly functionName: string;
  readonly outcome: 'success' | 'failed';
  readonly result?: unknown;
  readonly error?: string;
}

export interface LocalSmtpInbound {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** The verdicts the header sets (PASS by default), and the DMARC verdict it asks for, if any. */
function parseVerdicts(header: string | undefined): { verdicts: Record<(typeof verdictNames)[number], Verdict>; dmarc: Verdict | undefined } {
  const verdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' } as Record<(typeof verdictNames)[number], Verdict>;
  let dmarc: Verdict | undefined;
  for (const part of (header ?? '').split(';')) {
    const [name, value] = part.split('=').map((piece) => piece.trim());
    if (
      (verdictNames as readonly string[]).includes(name?.toLowerCase() ?? '') &&
      ['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED'].includes(value?.toUpperCase() ?? '')
    ) {
      verdicts[name!.toLowerCase() as (typeof verdictNames)[number]] = value!.toUpperCase() as Verdict;
      if (name!.toLowerCase() === 'dmarc') dmarc = value!.toUpperCase() as Verdict;
    }
  }
  return { verdicts, dmarc };
}

function domainOf(address: string | undefined): string {
  return (address ?? '').slice((address ?? '').lastIndexOf('@') + 1).toLowerCase();
}

/**
 * DMARC as SES evaluates it: PASS when SPF passed for an envelope sender (MAIL FROM) in the From
 * address's organization, or DKIM passed for a signature of it (relaxed alignment). Nothing signs
 * here, so a DKIM PASS stands for a signature by the From address's own domain.
 */
function dmarcVerdict(
  verdicts: Record<(typeof verdictNames)[number], Verdict>,
  envelopeSender: string,
  fromAddress: string | undefined,
  explicit: Verdict | undefined,
): Verdict {
  if (explicit === 'GRAY' || explicit === 'PROCESSING_FAILED') return explicit;
  const from = domainOf(fromAddress);
  if (from === '') return 'FAIL';
  const spfAligned = verdicts.spf === 'PASS' && envelopeSender.includes('@') && sameOrganization(domainOf(envelopeSender), from);
  return spfAligned || verdicts.dkim === 'PASS' ? 'PASS' : 'FAIL';
}

async function receiptEvent(raw: Buffer, sesMessageId: string, envelope: { from: string; to: string[] }, functionArn: string): Promise<SESEvent> {
  const parsed = await PostalMime.parse(raw);
  const header = (name: string) => parsed.headers.find((candidate) => candidate.key === name)?.value;
  const given = parseVerdicts(header('x-local-receipt-verdicts'));
  const verdicts = { ...given.verdicts, dmarc: dmarcVerdict(given.verdicts, envelope.from, parsed.from?.address, given.dmarc) };
  // SES stamps the message when it receives it; here, on the engine clock, as every receipt.
  const timestamp = now().toISOString();
  const mail: SESMail = {
    timestamp,
    source: envelope.from,
    messageId: sesMessageId,
    destination: envelope.to,
    headersTruncated: false,
    headers: parsed.headers.map((candidate) => ({ name: candidate.originalKey, value: candidate.value })),
    commonHeaders: {
      returnPath: parsed.returnPath ?? envelope.from,
      from: parsed.from?.address ? [parsed.from.name ? `${parsed.from.name} <${parsed.from.address}>` : parsed.from.address] : [],
      to: (parsed.to ?? []).flatMap((address) => (address.address ? [address.address] : [])),
      date: parsed.date ?? timestamp,
      messageId: parsed.messageId ?? sesMessageId,
      subject: parsed.subject ?? '',
    },
  };
  const receipt: SESReceipt = {
    timestamp,
    processingTimeMillis: 1,
    recipients: envelope.to,
    spamVerdict: { status: verdicts.spam },
    virusVerdict: { status: verdicts.virus },
    spfVerdict: { status: verdicts.spf },
    dkimVerdict: { status: verdicts.dkim },
    dmarcVerdict: { status: verdicts.dmarc },
    dmarcPolicy: 'none',
    action: { type: 'Lambda', functionArn, invocationType: 'Event' },
  };
  return { Records: [{ eventSource: 'aws:ses', eventVersion: '1.0', ses: { mail, receipt } }] };
}

export async function startSmtpInbound(options: {
  port: number;
  s3Url: string;
  bucket: string;
  /** Addresses the receipt rule accepts mail for; others are refused at RCPT TO. */
  recipients: readonly string[];
  functions: LocalFunctions;
  onDelivery?: (delivery: InboundDelivery) => void;
}): Promise<LocalSmtpInbound> {
  const s3Client = new S3Client({ ...localClientConfig(options.s3Url), forcePathStyle: true });
  const accepted = new Set(options.recipients.map((address) => address.toLowerCase()));
  const targets = allFunctions.filter((spec) => spec.triggers.some((trigger) => trigger.kind === 'inbound-email'));
  const pending = new Set<Promise<void>>();

  async function deliver(raw: Buffer, sesMessageId: string, envelope: { from: string; to: string[] }): Promise<void> {
    for (const spec of targets) {
      const event = await receiptEvent(raw, sesMessageId, envelope, options.functions.arnOf(spec));
      let lastError: unknown;
      for (let attempt = 0; attempt <= asyncRetries; attempt += 1) {
        try {
          const result = await options.functions.invoke(spec, event);
          options.onDelivery?.({ sesMessageId, functionName: spec.name, outcome: 'success', result });
          lastError = undefined;
          break;
        } catch (error) {
          lastError = error;
        }
      }
      if (lastError !== undefined) {
        options.onDelivery?.({ sesMessageId, functionName: spec.name, outcome: 'failed', error: String(lastError) });
      }
    }
  }

  const server = new SMTPServer({
    name: 'inbound-smtp.local',
    banner: 'mission-protection-reporting local inbound',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxMessageBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (accepted.has(address.address.toLowerCase())) return callback();
      callback(Object.assign(new Error(`Mailbox ${address.address} does not accept mail`), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(Object.assign(new Error('Message exceeds the maximum size'), { responseCode: 552 }));
        const raw = Buffer.concat(chunks);
        // SES message ids are opaque; a hash prefix keeps them unique and sortable enough here.
        const sesMessageId = `${Date.now().toString(36)}${createHash('sha256').update(raw).update(randomBytes(8)).digest('hex').slice(0, 24)}`;
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
        };
        s3Client
          .send(new PutObjectCommand({ Bucket: options.bucket, Key: `${inboundEmailPrefix}${sesMessageId}`, Body: raw, ContentType: 'message/rfc822' }))
          .then(() => {
            callback(null, `Ok ${sesMessageId}`);
            const delivery = deliver(raw, sesMessageId, envelope).finally(() => pending.delete(delivery));
            pending.add(delivery);
          })
          .catch(() => callback(Object.assign(new Error('Temporary failure storing the message'), { responseCode: 451 })));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, loopback, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://${loopback}:${port}`,
    stop: async () => {
      await Promise.allSettled([...pending]);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      s3Client.destroy();
    },
  };
}

/**
 * The SES receipt rule's Lambda action for the reporting address. SES has already scanned the
 * message and stored it raw in the evidence bucket (S3 action); this reads it back and decides:
 *
 * - held (quarantined) when a rule fails (see core/email-intake.ts): recorded for triage with
 *   the reason and audited; nothing is circulated and nothing is sent back, since the sender may
 *   not be who it claims;
 * - from a registered mailbox, in the report form: recorded as the State's submission (which
 *   starts its circulation), then acknowledged with the reference number;
 * - from a registered mailbox, not in the form (or a form that cannot be read): kept for the
 *   Secretariat to classify, and acknowledged as such.
 *
 * Every step is idempotent and keyed by the message (its Message-ID), so SES's redelivery, the
 * same message sent twice, or a retry after a failure half-way records and acknowledges once.
 */
import { followUpDueOf } from '../../intake/acknowledge-upload.ts';
import middy from '@middy/core';
import type { ScheduledEvent, SESEvent, SESMail, SESReceipt } from 'aws-lambda';
import { functionRegistry } from '../../registry.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { s3, sesv2 } from '../../aws/clients.ts';
import { sendEmail, sesAnswered } from '../../aws/mailer.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { AuditRepository } from '../../aws/audit-repository.ts';
import { StatesRepository } from '../../aws/states-repository.ts';
import { InboundEmailsRepository, QuarantineRepository, type EmailDisposition } from '../../aws/quarantine-repository.ts';
import type { Actor } from '../../core/audit.ts';
import { acknowledgement, type AcknowledgementInput } from '../../core/acknowledgement.ts';
import {
  assessInboundEmail,
  checkEmailAttachments,
  emailIdempotencyKey,
  inboundLimits,
  intakeDecision,
  isAutomaticMessage,
  parseStructuredReport,
  storedText,
  triageId,
  type EmailAttachmentRecord,
  type NewTriageItem,
  type QuarantineReason,
  type Refusal,
  type TriageItem,
} from '../../core/email-intake.ts';
import { inboundEmailRecord, type InboundEmailRecord, type ParsedMessage, type ReceiptVerdicts, type VerdictStatus } from '../../core/inbound-email.ts';
import type { State } from '../../core/states.ts';
import { attemptWindowMs, intakeDependencies, recordSubmission, SubmissionRejectedError } from '../../intake/record-submission.ts';
import { attachmentsOf, parsedMessage, readMessage, replyToOf, storeAttachments, textOf, unparsedMessage } from './message.ts';

const env = loadEnvironment(functionRegistry.inboundEmail);
const observed = observability(functionRegistry.inboundEmail);
const access = tableAccess(env);
const emails = new InboundEmailsRepository(access);
const triage = new QuarantineRepository(access);
const audit = new AuditRepository(access);
const states = new StatesRepository(access);
const intake = intakeDependencies(env);

/** Who acts when the function holds or classifies a message on its own. */
const system: Actor = { kind: 'system', id: functionRegistry.inboundEmail.name };

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

export interface InboundOutcome {
  readonly sesMessageId: string;
  readonly dedupeKey: string;
  /** `duplicate`: the message was handled before; nothing was done again. */
  readonly outcome: 'recorded' | 'duplicate';
  readonly disposition: EmailDisposition['disposition'];
  readonly reference?: string;
  readonly triageId?: string;
  readonly reason?: QuarantineReason;
}

/** Holds the message for the Secretariat; the audit event is written by whoever created the item. */
async function hold(item: NewTriageItem, event: { action: 'quarantined' | 'received'; details: Record<string, unknown> }): Promise<TriageItem> {
  const held = await triage.hold(item);
  if (held.created) {
    await audit.append({ actor: system, action: event.action, subject: { kind: 'email', id: item.email.dedupeKey }, ...(item.state ? { state: item.state } : {}), details: { triageId: item.id, ...event.details } });
    if (item.kind === 'quarantined' && item.reason) observed.business.count('emailsQuarantined', item.reason);
  }
  return held.item;
}

/** The Message-ID the acknowledgement answers, unless longer than a header line may be (SES would refuse the reply). */
function threadOf(messageId: string | undefined): string | undefined {
  return messageId !== undefined && messageId.length <= inboundLimits.headerFieldChars ? messageId : undefined;
}

/** Another attempt is sending the acknowledgement now: this one must not record the message as handled before it. */
export class AcknowledgementInProgressError extends Error {
  override readonly name = 'AcknowledgementInProgressError';
}

/**
 * Sends the acknowledgement once: the claim on the e-mail record is given back if SES refuses,
 * for the retry. An attempt that finds another one sending it fails, so that the message is not
 * recorded as handled while that send may still be refused and given back; its retry finds the
 * acknowledgement sent, or free to send. A claim older than any attempt is an uncertain send:
 * it is left, not repeated.
 */
async function acknowledge(record: InboundEmailRecord, inReplyTo: string | undefined, to: string, state: State, content: AcknowledgementInput, subject: { kind: 'submission' | 'email'; id: string }): Promise<void> {
  if (!(await emails.claimAcknowledgement(record.dedupeKey, new Date().toISOString()))) {
    const current = await emails.acknowledgementOf(record.dedupeKey);
    if (current?.status === 'sending' && Date.now() - Date.parse(current.at) < attemptWindowMs) {
      throw new AcknowledgementInProgressError(`the acknowledgement of ${record.dedupeKey} is being sent by another attempt`);
    }
    return;
  }
  const message = acknowledgement(content);
  let sesMessageId: string;
  try {
    sesMessageId = await sendEmail(sesv2(), {
      from: env.SENDER_ADDRESS,
      to: [to],
      replyTo: env.REPORTING_ADDRESS,
      subject: message.subject,
      text: message.text,
      headers: {
        // Tells auto-responders not to answer (RFC 3834), and threads the acknowledgement under the State's message.
        'Auto-Submitted': 'auto-replied',
        ...(inReplyTo ? { 'In-Reply-To': inReplyTo, References: inReplyTo } : {}),
      },
      configurationSet: env.SES_CONFIGURATION_SET,
      tags: { kind: 'acknowledgement', state: state.code },
    });
  } catch (error) {
    // Given back for a retry only when SES answered: with no answer the acknowledgement may have left.
    if (sesAnswered(error)) await emails.releaseAcknowledgement(record.dedupeKey);
    throw error;
  }
  await emails.acknowledged(record.dedupeKey, { to, sesMessageId, at: new Date().toISOString() });
  observed.business.count('notesSent', 'acknowledgement');
  await audit.append({ actor: system, action: 'acknowledged', subject, state: state.code, details: { to, sesMessageId, emailKey: record.dedupeKey } });
}

/** A message as it arrived: from SES's receipt event, or from its record when handled again. */
interface Arrival {
  readonly sesMessageId: string;
  readonly envelopeSender: string;
  readonly receivedAt: string;
  readonly verdicts: ReceiptVerdicts;
  /** What is known of the message when its raw form cannot be parsed. */
  readonly unparsed: () => ParsedMessage;
}

function arrivalFromSes(mail: SESMail, receipt: SESReceipt): Arrival {
  return { sesMessageId: mail.messageId, envelopeSender: mail.source, receivedAt: new Date(mail.timestamp).toISOString(), verdicts: verdicts(receipt), unparsed: () => unparsedMessage(mail) };
}

/** A recorded message handled again: the same dedupe key, the same verdicts, the same date. */
function arrivalFromRecord(record: InboundEmailRecord): Arrival {
  return {
    sesMessageId: record.sesMessageId,
    envelopeSender: record.envelopeSender,
    receivedAt: record.receivedAt,
    verdicts: record.verdicts,
    unparsed: () => ({
      fromAddress: record.fromAddress ?? undefined,
      fromName: record.fromName ?? undefined,
      subject: record.subject ?? undefined,
      messageIdHeader: record.dedupeKey.startsWith('message-id:') ? record.dedupeKey.slice('message-id:'.length) : undefined,
      date: record.sentAt ?? undefined,
      textLength: 0,
      attachments: [],
    }),
  };
}

async function receive(arrival: Arrival): Promise<InboundOutcome> {
  const messageKey = `${env.INBOUND_EMAIL_PREFIX}${arrival.sesMessageId}`;
  const evidence = { bucket: env.EVIDENCE_BUCKET, key: messageKey };
  const read = await readMessage(s3(env), env.EVIDENCE_BUCKET, messageKey);
  let record = inboundEmailRecord({
    sesMessageId: arrival.sesMessageId,
    envelopeSender: arrival.envelopeSender,
    receivedAt: arrival.receivedAt,
    verdicts: arrival.verdicts,
    evidence: { ...evidence, size: read.size },
    message: read.ok ? parsedMessage(read.email) : arrival.unparsed(),
  });

  let claim = await emails.claim(record);
  let reused: Refusal | undefined;
  if (!claim.created && claim.existing.fromAddress !== record.fromAddress) {
    // Not this message again but another one under its Message-ID: kept apart, by SES's id.
    reused = { reason: 'reused-message-id', detail: `${claim.existing.fromAddress ?? 'another sender'} sent a message with this Message-ID before` };
    record = { ...record, dedupeKey: `ses:${arrival.sesMessageId}` };
    claim = await emails.claim(record);
  }
  const done = (outcome: 'recorded' | 'duplicate', disposition: EmailDisposition): InboundOutcome => ({ sesMessageId: arrival.sesMessageId, dedupeKey: record.dedupeKey, outcome, ...disposition });
  if (!claim.created && claim.existing.outcome) return done('duplicate', claim.existing.outcome);
  // A retry after a failure half-way keeps the first attempt's date, which the ids depend on.
  const receivedAt = claim.created ? record.receivedAt : claim.existing.receivedAt;

  const sender = assessInboundEmail({
    envelopeSender: record.envelopeSender,
    fromAddress: record.fromAddress ?? undefined,
    fromName: record.fromName ?? undefined,
    replyTo: read.ok ? replyToOf(read.email) : [],
    verdicts: record.verdicts,
    registry: await states.list(),
  });
  // An infected message is not opened further: its parts are neither read nor stored.
  const email = read.ok && record.verdicts.virus === 'PASS' ? read.email : undefined;
  const checked = email ? checkEmailAttachments(attachmentsOf(email)) : undefined;
  const decision = intakeDecision(sender, {
    ...(read.ok ? {} : { message: read.refusal }),
    ...(reused ? { messageId: reused } : {}),
    ...(checked?.ok === false ? { attachments: checked } : {}),
  });
  // Attachments that passed the rules are kept even when the sender is held, so that a message
  // the Secretariat accepts from triage keeps its files.
  const stored: EmailAttachmentRecord[] = checked?.ok ? await storeAttachments(s3(env), env.EVIDENCE_BUCKET, messageKey, checked.attachments) : [];
  const text = email ? textOf(email) : '';
  const form = parseStructuredReport(text, new Date(receivedAt), stored);

  const held = {
    id: triageId(receivedAt, record.dedupeKey),
    email: {
      dedupeKey: record.dedupeKey,
      sesMessageId: record.sesMessageId,
      envelopeSender: record.envelopeSender,
      fromAddress: record.fromAddress,
      fromName: record.fromName,
      subject: record.subject,
      sentAt: record.sentAt,
    },
    receivedAt,
    evidence,
    ...storedText(text),
    ...(form.form ? { form: form.ok ? { ok: true as const, body: form.body } : { ok: false as const, errors: form.errors } } : {}),
    attachments: form.form && form.ok ? form.attachments : stored.map((attachment) => ({ ...attachment, itemIndex: 0 })),
  };

  if (decision.held) {
    const { reason, detail } = decision.refusal;
    const item = await hold({ ...held, kind: 'quarantined', reason, detail, ...(decision.state ? { state: decision.state } : {}) }, { action: 'quarantined', details: { reason, detail } });
    const disposition: EmailDisposition = { disposition: 'quarantined', triageId: item.id, reason };
    await emails.finish(record.dedupeKey, disposition);
    return done('recorded', disposition);
  }
  const { state } = decision;
  // An accepted sender has a registered From address.
  const from = record.fromAddress!;
  // A message a program sent (an auto-reply, perhaps to an acknowledgement) is not acknowledged.
  const acknowledged = email !== undefined && !isAutomaticMessage(email.headers);

  let formErrors = form.form && !form.ok ? form.errors : undefined;
  if (form.form && form.ok) {
    try {
      const { submission, replay } = await recordSubmission(
        {
          body: form.body,
          reportingState: state.code,
          source: 'email',
          receivedAt,
          evidence,
          attachments: form.attachments,
          actor: { kind: 'state', id: from, state: state.code },
          idempotencyKey: emailIdempotencyKey(record.dedupeKey),
        },
        intake,
      );
      if (!replay) observed.business.count('submissionsReceived', 'email');
      const followUpDue = acknowledged ? await followUpDueOf(submission, { client: intake.documents, tableName: intake.tableName }) : undefined;
      if (acknowledged) await acknowledge(record, threadOf(email.messageId), from, state, { outcome: 'recorded', language: state.language, submission, subject: record.subject, ...(followUpDue ? { followUpDue } : {}) }, { kind: 'submission', id: submission.reference });
      const disposition: EmailDisposition = { disposition: 'submitted', reference: submission.reference };
      await emails.finish(record.dedupeKey, disposition);
      return done('recorded', disposition);
    } catch (error) {
      // The form names a State or an incident the records do not have: the Secretariat sorts it out.
      if (!(error instanceof SubmissionRejectedError)) throw error;
      formErrors = [...error.errors];
    }
  }

  const item = await hold(
    {
      ...held,
      kind: 'free-form',
      detail: formErrors ? 'the report form in the message could not be read' : 'the message does not use the report form',
      state: state.code,
      ...(formErrors ? { form: { ok: false as const, errors: formErrors } } : {}),
    },
    { action: 'received', details: { disposition: 'awaiting-classification' } },
  );
  if (acknowledged) {
    const content = { outcome: 'awaiting-classification', language: state.language, triageId: item.id, receivedAt, subject: record.subject, ...(formErrors ? { formErrors } : {}) } as const;
    await acknowledge(record, threadOf(email.messageId), from, state, content, { kind: 'email', id: record.dedupeKey });
  }
  const disposition: EmailDisposition = { disposition: 'awaiting-classification', triageId: item.id };
  await emails.finish(record.dedupeKey, disposition);
  return done('recorded', disposition);
}

/**
 * Every few minutes: a message whose every attempt failed or died before its handling completed
 * (Lambda retries an asynchronous invocation twice, then gives up) is handled again from its
 * record, once no attempt can still be running. Nothing received is left unread.
 */
async function handleUnfinished(now: Date): Promise<InboundOutcome[]> {
  const notAfter = new Date(now.getTime() - attemptWindowMs).toISOString();
  const days = [new Date(now.getTime() - 86_400_000), now].map((day) => day.toISOString().slice(0, 10));
  const outcomes: InboundOutcome[] = [];
  const failed: string[] = [];
  for (const record of await emails.unfinished(days, notAfter)) {
    try {
      outcomes.push(await receive(arrivalFromRecord(record)));
    } catch (error) {
      // One message that cannot be handled now must not keep the others waiting.
      failed.push(`${record.dedupeKey} (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`);
    }
  }
  // Failing the run makes the function's error alarm fire; the next run tries again.
  if (failed.length > 0) throw new Error(`messages still not handled: ${failed.join(', ')}`);
  return outcomes;
}

function isReceipt(event: SESEvent | ScheduledEvent): event is SESEvent {
  return 'Records' in event;
}

export const handler = middy<SESEvent | ScheduledEvent, InboundOutcome[]>()
  .use(observed.middlewares)
  .handler(async (event) => {
    if (!isReceipt(event)) return handleUnfinished(new Date());
    const outcomes: InboundOutcome[] = [];
    for (const { ses } of event.Records) outcomes.push(await receive(arrivalFromSes(ses.mail, ses.receipt)));
    return outcomes;
  });

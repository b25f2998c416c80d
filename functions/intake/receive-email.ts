/**
 * Receiving an e-mail at the reporting address, beside the upload path (record-submission.ts):
 * claim the message, assess it (core/inbound-email/decision.ts), store its attachments, record
 * what becomes of it — the State's submission, or an item held for the Secretariat — and
 * acknowledge it. SES has already scanned the message and stored it raw in the evidence bucket.
 *
 * Every step is idempotent and keyed by the message (its Message-ID), so SES's redelivery, the
 * same message sent twice, or a retry after a failure half-way records and acknowledges once. A
 * message whose every attempt failed is handled again from its record (`handleUnfinished`).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SESMail, SESReceipt } from 'aws-lambda';
import { AuditRepository } from '../aws/audit-repository.ts';
import { type EmailDisposition, InboundEmailsRepository } from '../aws/inbound-emails-repository.ts';
import { type NoteSender, sendInFlight } from '../aws/note-sender.ts';
import { QuarantineRepository } from '../aws/quarantine-repository.ts';
import { StatesRepository } from '../aws/states-repository.ts';
import { type AcknowledgementInput, acknowledgement } from '../core/acknowledgement.ts';
import type { Actor } from '../core/audit.ts';
import { noteId } from '../core/dispatch.ts';
import { type AcknowledgementRoute, awaitingClassification, type DecisionOutcome, decideInboundEmail } from '../core/inbound-email/decision.ts';
import type { QuarantineReason, Refusal } from '../core/inbound-email/limits.ts';
import { type InboundEmailRecord, inboundEmailRecord, type ParsedMessage, type ReceiptVerdicts, type VerdictStatus } from '../core/inbound-email/record.ts';
import { emailIdempotencyKey, type NewTriageItem, type TriageItem } from '../core/inbound-email/triage.ts';
import type { State } from '../core/states.ts';
import type { BusinessEvents } from '../runtime/observability.ts';
import { followUpDueOf } from './acknowledge-upload.ts';
import { messageContent, parsedMessage, readMessage, storeAttachments, unparsedMessage } from './email-message.ts';
import { attemptWindowMs, type IntakeDependencies, recordSubmission, SubmissionRejectedError } from './record-submission.ts';

export interface ReceiveEmailDependencies {
  readonly intake: IntakeDependencies;
  readonly s3: S3Client;
  /** Where accepted attachments are kept, beside the submission's other evidence. */
  readonly evidenceBucket: string;
  /** The bucket SES's S3 action writes raw messages to (no default retention: SES cannot write under one). */
  readonly inboundBucket: string;
  /** Where SES's S3 action stores a message: `<prefix><SES message id>`. */
  readonly inboundPrefix: string;
  /** The reporting address: acknowledgements ask for replies there. */
  readonly reportingAddress: string;
  readonly sender: NoteSender;
  /** Who acts when the intake holds or classifies a message on its own. */
  readonly actor: Actor;
  /** The function's business events (submissions received, e-mails quarantined). */
  readonly business: BusinessEvents;
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

/** Another attempt is sending the acknowledgement now: this one must not record the message as handled before it. */
export class AcknowledgementInProgressError extends Error {
  override readonly name = 'AcknowledgementInProgressError';
}

/** A message as it arrived: from SES's receipt event, or from its record when handled again. */
export interface Arrival {
  readonly sesMessageId: string;
  readonly envelopeSender: string;
  readonly receivedAt: string;
  readonly verdicts: ReceiptVerdicts;
  /** What is known of the message when its raw form cannot be parsed. */
  readonly unparsed: () => ParsedMessage;
}

export function arrivalFromSes(mail: SESMail, receipt: SESReceipt): Arrival {
  const status = (verdict: { status: string } | undefined): VerdictStatus => (verdict?.status ?? 'PROCESSING_FAILED') as VerdictStatus;
  const verdicts = {
    spf: status(receipt.spfVerdict),
    dkim: status(receipt.dkimVerdict),
    dmarc: status(receipt.dmarcVerdict),
    virus: status(receipt.virusVerdict),
    spam: status(receipt.spamVerdict),
  };
  return {
    sesMessageId: mail.messageId,
    envelopeSender: mail.source,
    receivedAt: new Date(mail.timestamp).toISOString(),
    verdicts,
    unparsed: () => unparsedMessage(mail),
  };
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

export class EmailIntake {
  private readonly dependencies: ReceiveEmailDependencies;
  private readonly emails: InboundEmailsRepository;
  private readonly triage: QuarantineRepository;
  private readonly audit: AuditRepository;
  private readonly states: StatesRepository;

  constructor(dependencies: ReceiveEmailDependencies) {
    this.dependencies = dependencies;
    const table = dependencies.intake.table;
    this.emails = new InboundEmailsRepository(table);
    this.triage = new QuarantineRepository(table);
    this.audit = new AuditRepository(table);
    this.states = new StatesRepository(table);
  }

  async receive(arrival: Arrival): Promise<InboundOutcome> {
    const { s3, evidenceBucket, inboundBucket } = this.dependencies;
    const evidence = { bucket: inboundBucket, key: `${this.dependencies.inboundPrefix}${arrival.sesMessageId}` };
    const read = await readMessage(s3, inboundBucket, evidence.key);
    let record = inboundEmailRecord({
      sesMessageId: arrival.sesMessageId,
      envelopeSender: arrival.envelopeSender,
      receivedAt: arrival.receivedAt,
      verdicts: arrival.verdicts,
      evidence: { ...evidence, size: read.size },
      message: read.ok ? parsedMessage(read.email) : arrival.unparsed(),
    });

    let claim = await this.emails.claim(record);
    let reused: Refusal | undefined;
    if (!claim.created && claim.existing.fromAddress !== record.fromAddress) {
      // Not this message again but another one under its Message-ID: kept apart, by SES's id.
      reused = { reason: 'reused-message-id', detail: `${claim.existing.fromAddress ?? 'another sender'} sent a message with this Message-ID before` };
      record = { ...record, dedupeKey: `ses:${arrival.sesMessageId}` };
      claim = await this.emails.claim(record);
    }
    const done = (outcome: 'recorded' | 'duplicate', disposition: EmailDisposition): InboundOutcome => ({
      sesMessageId: arrival.sesMessageId,
      dedupeKey: record.dedupeKey,
      outcome,
      ...disposition,
    });
    if (!claim.created && claim.existing.outcome) return done('duplicate', claim.existing.outcome);

    const decision = decideInboundEmail({
      record,
      // A retry after a failure half-way keeps the first attempt's date, which the ids depend on.
      receivedAt: claim.created ? record.receivedAt : claim.existing.receivedAt,
      content: messageContent(read),
      ...(reused ? { reusedMessageId: reused } : {}),
      registry: await this.states.list(),
      evidence,
    });
    await storeAttachments(s3, evidenceBucket, decision.store);
    const disposition = await this.record(record, decision.outcome);
    await this.emails.finish(record.dedupeKey, disposition);
    return done('recorded', disposition);
  }

  /** Records the decided outcome and acknowledges it; a submission the records refuse is held for classification instead. */
  private async record(record: InboundEmailRecord, outcome: DecisionOutcome): Promise<EmailDisposition> {
    if (outcome.disposition === 'quarantined') {
      const { reason, detail } = outcome.refusal;
      const item = await this.hold(outcome.item, { action: 'quarantined', details: { reason, detail } });
      return { disposition: 'quarantined', triageId: item.id, reason };
    }
    const { state } = outcome;
    if (outcome.disposition === 'submitted') {
      try {
        const { submission, replay } = await recordSubmission(
          {
            body: outcome.body,
            reportingState: state.code,
            source: 'email',
            receivedAt: outcome.held.receivedAt,
            evidence: outcome.held.evidence,
            attachments: outcome.attachments,
            actor: { kind: 'state', id: outcome.from, state: state.code },
            idempotencyKey: outcome.idempotencyKey,
          },
          this.dependencies.intake,
        );
        if (!replay) this.dependencies.business.count('submissionsReceived', 'email');
        // A State reporting a violation on its own territory is told the follow-up it owes, and by when.
        const followUpDue = outcome.acknowledge ? await followUpDueOf(submission, this.dependencies.intake.table) : undefined;
        const content = {
          outcome: 'recorded',
          language: state.language,
          submission,
          subject: record.subject,
          ...(followUpDue ? { followUpDue } : {}),
        } as const;
        await this.acknowledge(record.dedupeKey, outcome.acknowledge, state, content, { kind: 'submission', id: submission.reference });
        return { disposition: 'submitted', reference: submission.reference };
      } catch (error) {
        // The form names a State or an incident the records do not have: the Secretariat sorts it out.
        if (!(error instanceof SubmissionRejectedError)) throw error;
        return this.record(record, awaitingClassification(outcome, error.errors));
      }
    }
    const item = await this.hold(outcome.item, { action: 'received', details: { disposition: 'awaiting-classification' } });
    const content = {
      outcome: 'awaiting-classification',
      language: state.language,
      triageId: item.id,
      receivedAt: item.receivedAt,
      subject: record.subject,
      ...(outcome.formErrors ? { formErrors: outcome.formErrors } : {}),
    } as const;
    await this.acknowledge(record.dedupeKey, outcome.acknowledge, state, content, { kind: 'email', id: record.dedupeKey });
    return { disposition: 'awaiting-classification', triageId: item.id };
  }

  /** Holds the message for the Secretariat; the audit event is written by whoever created the item. */
  private async hold(item: NewTriageItem, event: { action: 'quarantined' | 'received'; details: Record<string, unknown> }): Promise<TriageItem> {
    const held = await this.triage.hold(item);
    if (held.created) {
      await this.audit.append({
        actor: this.dependencies.actor,
        action: event.action,
        subject: { kind: 'email', id: item.email.dedupeKey },
        ...(item.state ? { state: item.state } : {}),
        details: { triageId: item.id, ...event.details },
      });
      if (item.kind === 'quarantined' && item.reason) this.dependencies.business.count('emailsQuarantined', item.reason);
    }
    return held.item;
  }

  /**
   * Sends the acknowledgement once (aws/note-sender.ts). An attempt that finds another one sending
   * it fails, so that the message is not recorded as handled while that send may still be refused
   * and given back; its retry finds the acknowledgement sent, or free to send. A claim older than
   * any attempt is an uncertain send: it is left, not repeated. A refused send fails the attempt,
   * for the retry to send it.
   */
  private async acknowledge(
    dedupeKey: string,
    route: AcknowledgementRoute | undefined,
    state: State,
    content: AcknowledgementInput,
    subject: { kind: 'submission' | 'email'; id: string },
  ): Promise<void> {
    if (!route) return;
    const message = acknowledgement(content);
    const sent = await this.dependencies.sender.sendOnce({
      noteId: noteId('acknowledgement', emailIdempotencyKey(dedupeKey)),
      kind: 'acknowledgement',
      state: state.code,
      address: route.to,
      message: {
        subject: message.subject,
        text: message.text,
        replyTo: this.dependencies.reportingAddress,
        // Tells auto-responders not to answer (RFC 3834), and threads the acknowledgement under the State's message.
        headers: { 'Auto-Submitted': 'auto-replied', ...(route.inReplyTo ? { 'In-Reply-To': route.inReplyTo, References: route.inReplyTo } : {}) },
      },
    });
    if (sendInFlight(sent, attemptWindowMs)) throw new AcknowledgementInProgressError(`the acknowledgement of ${dedupeKey} is being sent by another attempt`);
    if (sent.status === 'refused') throw sent.error;
    if (sent.status === 'sent') {
      await this.audit.append({
        actor: this.dependencies.actor,
        action: 'acknowledged',
        subject,
        state: state.code,
        details: { to: route.to, sesMessageId: sent.messageId, emailKey: dedupeKey },
      });
    }
  }

  /**
   * A message whose every attempt failed or died before its handling completed (Lambda retries an
   * asynchronous invocation twice, then gives up) is handled again from its record, once no
   * attempt can still be running. Nothing received is left unread.
   */
  async handleUnfinished(now: Date): Promise<InboundOutcome[]> {
    const notAfter = new Date(now.getTime() - attemptWindowMs).toISOString();
    const days = [new Date(now.getTime() - 86_400_000), now].map((day) => day.toISOString().slice(0, 10));
    const outcomes: InboundOutcome[] = [];
    const failed: string[] = [];
    for (const record of await this.emails.unfinished(days, notAfter)) {
      try {
        outcomes.push(await this.receive(arrivalFromRecord(record)));
      } catch (error) {
        // One message that cannot be handled now must not keep the others waiting.
        failed.push(`${record.dedupeKey} (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`);
      }
    }
    // Failing the run makes the function's error alarm fire; the next run tries again.
    if (failed.length > 0) throw new Error(`messages still not handled: ${failed.join(', ')}`);
    return outcomes;
  }
}

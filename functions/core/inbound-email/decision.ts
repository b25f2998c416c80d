/**
 * The inbound decision, whole: from a message received at the reporting address (its record,
 * SES's verdicts, what its MIME holds) to what becomes of it — verdicts → sender → attachments →
 * form → outcome. Pure: the service (intake/receive-email.ts) reads the message, stores what
 * this says to store, and records the outcome; the MIME fuzzing calls this same function.
 *
 * - quarantined when a rule fails (the first failure, by precedence): held for triage with the
 *   reason; nothing is circulated and nothing is sent back, since the sender may not be who it
 *   claims;
 * - from a registered mailbox, in the report form: the State's submission, acknowledged with its
 *   reference number;
 * - from a registered mailbox, not in the form (or in a form that cannot be read): kept for the
 *   Secretariat to classify, and acknowledged as such.
 */
import { createHash } from 'node:crypto';
import type { StateCode } from '../codes.ts';
import type { State } from '../states.ts';
import type { SubmissionBody } from '../submissions.ts';
import type { FieldError } from '../validation.ts';
import { checkEmailAttachments, type MimeAttachment } from './attachment-rules.ts';
import { inboundLimits, type Refusal } from './limits.ts';
import type { InboundEmailRecord } from './record.ts';
import { parseStructuredReport } from './report-form.ts';
import { assessInboundEmail, type SenderAssessment } from './sender-rules.ts';
import { type EmailAttachmentRecord, emailIdempotencyKey, type NewTriageItem, storedText, triageId } from './triage.ts';

export type IntakeDecision = { readonly held: true; readonly refusal: Refusal; readonly state?: StateCode } | { readonly held: false; readonly state: State };

/**
 * Whether a message is held, and for which one reason, by precedence: an infected message first
 * (nothing else of it is looked at); then one too large or unreadable; a Message-ID another
 * sender used before; the sender rules; last, the attachment rules. The State whose registered
 * mailbox sent it goes with a held message, for triage.
 */
export function intakeDecision(
  sender: SenderAssessment,
  findings: { readonly message?: Refusal; readonly messageId?: Refusal; readonly attachments?: Refusal },
): IntakeDecision {
  const claimed = sender.accepted ? { state: sender.state.code } : sender.state ? { state: sender.state } : {};
  const hold = ({ reason, detail }: Refusal): IntakeDecision => ({ held: true, refusal: { reason, detail }, ...claimed });
  if (!sender.accepted && sender.reason === 'virus') return hold(sender);
  const unreadable = findings.message ?? findings.messageId;
  if (unreadable) return hold(unreadable);
  if (!sender.accepted) return hold(sender);
  if (findings.attachments) return hold(findings.attachments);
  return { held: false, state: sender.state };
}

/** What the decision needs of a message's MIME, or why it could not be read. */
export type MessageContent =
  | {
      readonly ok: true;
      /** The plain-text part, or the HTML part's text when there is none. */
      readonly text: string;
      readonly replyTo: readonly string[];
      readonly attachments: readonly MimeAttachment[];
      /** A program sent it (an auto-reply): not acknowledged (`isAutomaticMessage`). */
      readonly automatic: boolean;
      /** Its Message-ID header, as written. */
      readonly messageId: string | undefined;
    }
  | { readonly ok: false; readonly refusal: Refusal };

export interface InboundEmail {
  readonly record: InboundEmailRecord;
  /** When the message was first received: a retry keeps the first attempt's date, which the ids depend on. */
  readonly receivedAt: string;
  readonly content: MessageContent;
  /** Set when another sender used this Message-ID before (the record is then keyed by SES's id). */
  readonly reusedMessageId?: Refusal;
  readonly registry: readonly State[];
  /** Where the raw message lies; its attachments are stored beside it. */
  readonly evidence: { readonly bucket: string; readonly key: string };
}

/** An attachment to store beside the message, with the record the submission and triage item keep of it. */
export interface AttachmentToStore {
  readonly record: EmailAttachmentRecord;
  readonly content: Uint8Array;
}

/** How the acknowledgement goes: to the From address, threaded under the State's message. */
export interface AcknowledgementRoute {
  readonly to: string;
  /** The Message-ID it answers, unless longer than a header line may be (SES would refuse the reply). */
  readonly inReplyTo: string | undefined;
}

export type DecisionOutcome =
  | { readonly disposition: 'quarantined'; readonly refusal: Refusal; readonly item: NewTriageItem }
  | {
      readonly disposition: 'submitted';
      readonly state: State;
      readonly from: string;
      readonly body: SubmissionBody;
      readonly attachments: (EmailAttachmentRecord & { readonly itemIndex: number })[];
      readonly idempotencyKey: string;
      /** Absent for a message a program sent. */
      readonly acknowledge?: AcknowledgementRoute;
      /** The triage item the message becomes if the records refuse the submission (`awaitingClassification`). */
      readonly held: HeldMessage;
    }
  | {
      readonly disposition: 'awaiting-classification';
      readonly state: State;
      readonly from: string;
      readonly item: NewTriageItem;
      readonly formErrors?: readonly FieldError[];
      readonly acknowledge?: AcknowledgementRoute;
    };

/** What every triage item of the message holds, whatever its kind. */
type HeldMessage = Omit<NewTriageItem, 'kind' | 'reason' | 'detail' | 'state'>;

export interface InboundDecision {
  /**
   * The attachments that passed the rules, stored before anything is recorded — even for a held
   * message, so that one the Secretariat accepts from triage keeps its files.
   */
  readonly store: readonly AttachmentToStore[];
  readonly outcome: DecisionOutcome;
}

/** Decides what becomes of a message received at the reporting address. */
export function decideInboundEmail(input: InboundEmail): InboundDecision {
  const { record, content } = input;
  const sender = assessInboundEmail({
    envelopeSender: record.envelopeSender,
    fromAddress: record.fromAddress ?? undefined,
    fromName: record.fromName ?? undefined,
    replyTo: content.ok ? content.replyTo : [],
    verdicts: record.verdicts,
    registry: input.registry,
  });
  // An infected message is not opened further: its parts are neither read nor stored.
  const opened = content.ok && record.verdicts.virus === 'PASS' ? content : undefined;
  const checked = opened ? checkEmailAttachments(opened.attachments) : undefined;
  const decision = intakeDecision(sender, {
    ...(content.ok ? {} : { message: content.refusal }),
    ...(input.reusedMessageId ? { messageId: input.reusedMessageId } : {}),
    ...(checked?.ok === false ? { attachments: checked } : {}),
  });
  const store: AttachmentToStore[] = (checked?.ok ? checked.attachments : []).map((attachment, index) => {
    const key = `${input.evidence.key}/attachments/${index + 1}/${attachment.fileName}`;
    const sha256 = createHash('sha256').update(attachment.content).digest('hex');
    return {
      record: { fileName: attachment.fileName, contentType: attachment.contentType, size: attachment.content.byteLength, sha256, key },
      content: attachment.content,
    };
  });
  const stored = store.map((attachment) => attachment.record);
  const text = opened?.text ?? '';
  const form = parseStructuredReport(text, new Date(input.receivedAt), stored);
  const held: HeldMessage = {
    id: triageId(input.receivedAt, record.dedupeKey),
    email: {
      dedupeKey: record.dedupeKey,
      sesMessageId: record.sesMessageId,
      envelopeSender: record.envelopeSender,
      fromAddress: record.fromAddress,
      fromName: record.fromName,
      subject: record.subject,
      sentAt: record.sentAt,
    },
    receivedAt: input.receivedAt,
    evidence: { bucket: input.evidence.bucket, key: input.evidence.key },
    ...storedText(text),
    ...(form.form ? { form: form.ok ? { ok: true as const, body: form.body } : { ok: false as const, errors: form.errors } } : {}),
    attachments: form.form && form.ok ? form.attachments : stored.map((attachment) => ({ ...attachment, itemIndex: 0 })),
  };

  if (decision.held) {
    const { reason, detail } = decision.refusal;
    return {
      store,
      outcome: {
        disposition: 'quarantined',
        refusal: decision.refusal,
        item: { ...held, kind: 'quarantined', reason, detail, ...(decision.state ? { state: decision.state } : {}) },
      },
    };
  }
  // An accepted sender has a registered From address.
  const from = record.fromAddress!;
  // A message a program sent (an auto-reply, perhaps to an acknowledgement) is not acknowledged.
  const acknowledge = opened && !opened.automatic ? { to: from, inReplyTo: threadOf(opened.messageId) } : undefined;
  const accepted = { state: decision.state, from, ...(acknowledge ? { acknowledge } : {}) };
  if (form.form && form.ok) {
    return {
      store,
      outcome: {
        disposition: 'submitted',
        ...accepted,
        body: form.body,
        attachments: form.attachments,
        idempotencyKey: emailIdempotencyKey(record.dedupeKey),
        held,
      },
    };
  }
  return { store, outcome: freeForm(held, accepted, form.form ? form.errors : undefined) };
}

/** A message in the form whose submission the records refuse (a State or incident they do not have): the Secretariat sorts it out. */
export function awaitingClassification(
  submitted: Extract<DecisionOutcome, { disposition: 'submitted' }>,
  errors: readonly FieldError[],
): Extract<DecisionOutcome, { disposition: 'awaiting-classification' }> {
  return freeForm(submitted.held, submitted, errors);
}

function freeForm(
  held: HeldMessage,
  accepted: { readonly state: State; readonly from: string; readonly acknowledge?: AcknowledgementRoute },
  formErrors: readonly FieldError[] | undefined,
): Extract<DecisionOutcome, { disposition: 'awaiting-classification' }> {
  return {
    disposition: 'awaiting-classification',
    state: accepted.state,
    from: accepted.from,
    ...(accepted.acknowledge ? { acknowledge: accepted.acknowledge } : {}),
    ...(formErrors ? { formErrors } : {}),
    item: {
      ...held,
      kind: 'free-form',
      detail: formErrors ? 'the report form in the message could not be read' : 'the message does not use the report form',
      state: accepted.state.code,
      ...(formErrors ? { form: { ok: false as const, errors: [...formErrors] } } : {}),
    },
  };
}

/** The Message-ID an acknowledgement answers, unless longer than a header line may be. */
function threadOf(messageId: string | undefined): string | undefined {
  return messageId !== undefined && messageId.length <= inboundLimits.headerFieldChars ? messageId : undefined;
}

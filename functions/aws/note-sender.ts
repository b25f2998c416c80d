/**
 * The one way a message leaves the system: every note verbale (circular note, reminders,
 * circulation, attention notes, the internal notices) and every acknowledgement is sent to one
 * mailbox at most once, whatever the retries, re-runs and concurrent duplicates:
 *
 * 1. the send of the note to the mailbox is claimed in the notes repository (create-if-absent);
 * 2. SES is called;
 * 3. the send is marked sent with SES's message id.
 *
 * The claim is given back only when SES answered with a refusal (throttled, rejected, a server
 * error after the client's retries): the message certainly did not leave, and a retry may send
 * it. A send SES did not answer (connection lost, timed out) may have left: its claim stays, and
 * the send is uncertain — never repeated, since a second note verbale to a mission is worse than
 * a missing one the Secretariat can follow up (`mpr circular uncertain`).
 *
 * Every message carries the same SES tags, so that SES's sending events (bounces, complaints,
 * deliveries) can be matched to the send record: `note` (the note id), `kind` and `state`; the
 * mailbox is the event's destination.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { StateCode } from '../core/codes.ts';
import type { SentMessageKind } from '../core/dispatch.ts';
import { sesv2 } from './clients.ts';
import { type OutgoingEmail, sendEmail, sesAnswered, sesServerError } from './mailer.ts';
import type { OutgoingAttachment } from './mailer-attachments.ts';
import { NotesRepository } from './notes-repository.ts';
import type { TableAccess } from './table-repository.ts';

/** What goes to the mailbox; `from`, the configuration set and the tags are the sender's. */
export interface NoteMessage {
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly replyTo?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly attachments?: readonly OutgoingAttachment[];
}

export interface NoteDelivery {
  /** The note's identity (`noteId()` of core/dispatch.ts): one per document, shared by its recipients. */
  readonly noteId: string;
  readonly kind: SentMessageKind;
  /** The State the mailbox belongs to, or `secretariatCode` (core/secretariat.ts) for the Secretariat's own mailbox. */
  readonly state: StateCode;
  readonly address: string;
  readonly message: NoteMessage;
}

export type SendOutcome =
  /** Sent by this call. */
  | { readonly status: 'sent'; readonly messageId: string }
  /** Sent before, by an earlier or concurrent call. */
  | { readonly status: 'already-sent' }
  /**
   * Claimed and never marked sent: SES gave this call no answer (`byThisCall`), or another call
   * claimed it at `claimedAt` and is sending it now, or stopped before it learned the answer.
   * Never sent again.
   */
  | { readonly status: 'uncertain'; readonly claimedAt: string; readonly byThisCall: boolean }
  /** SES refused the message: the claim is given back, and a retry may send it. */
  | { readonly status: 'refused'; readonly error: Error; readonly throttled: boolean; readonly serverError: boolean };

/** Sends a composed message with attachments (mailer-attachments.ts), apart so that only a function that attaches files bundles the MIME composer. */
export type AttachmentSender = (client: SESv2Client, email: OutgoingEmail, attachments: readonly OutgoingAttachment[]) => Promise<string>;

export interface NoteSenderSettings {
  readonly notes: NotesRepository;
  readonly ses: SESv2Client;
  readonly senderAddress: string;
  readonly configurationSet: string;
  readonly sendWithAttachments?: AttachmentSender;
  /** Where a send SES did not answer is reported (the function's Powertools Logger). */
  readonly logger?: { error(message: string, ...extra: Record<string, unknown>[]): void };
  /** Called once per message sent (the `notesSent` business metric). */
  readonly onSent?: (kind: SentMessageKind) => void;
  readonly now?: () => Date;
}

const throttlingErrors = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'LimitExceededException']);

/** An SES tag value holds letters, digits, `_` and `-` only, at most 256 characters. */
function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);
}

/** The tags every message carries, so that its sending events name the note, its kind and the State. */
export function noteTags(delivery: Pick<NoteDelivery, 'noteId' | 'kind' | 'state'>): Record<string, string> {
  return { note: tagValue(delivery.noteId), kind: delivery.kind, state: tagValue(delivery.state) };
}

export class NoteSender {
  private readonly settings: NoteSenderSettings;

  constructor(settings: NoteSenderSettings) {
    this.settings = settings;
  }

  /** Sends the note to the mailbox unless it was sent, or may have been, before. */
  async sendOnce(delivery: NoteDelivery): Promise<SendOutcome> {
    const { notes } = this.settings;
    const now = this.settings.now ?? (() => new Date());
    const { noteId, state, address } = delivery;
    const claimedAt = now().toISOString();
    const claim = await notes.claimSend(noteId, state, address, claimedAt);
    if (claim.status === 'already-sent') return { status: 'already-sent' };
    if (claim.status === 'uncertain') return { status: 'uncertain', claimedAt: claim.claimedAt, byThisCall: false };

    let messageId: string;
    try {
      messageId = await this.transmit(delivery);
    } catch (error) {
      const name = (error as Error).name;
      if (!sesAnswered(error)) {
        // No answer: SES may have accepted the message. The claim stays, so that no retry sends it again.
        this.settings.logger?.error('SES gave no answer to a send; it is kept as uncertain, not retried', { noteId, state, address, error: name });
        return { status: 'uncertain', claimedAt, byThisCall: true };
      }
      // SES refused it for certain: given back, so that a retry may send it.
      await notes.releaseSend(noteId, state, address);
      return { status: 'refused', error: error as Error, throttled: throttlingErrors.has(name), serverError: sesServerError(error) };
    }
    // Sent: from here no failure may give the claim back, or a retry would send the message again.
    await notes.markSent(noteId, state, address, messageId, now().toISOString());
    this.settings.onSent?.(delivery.kind);
    return { status: 'sent', messageId };
  }

  private async transmit({ message, address, ...delivery }: NoteDelivery): Promise<string> {
    const { attachments, ...content } = message;
    const email: OutgoingEmail = {
      ...content,
      from: this.settings.senderAddress,
      to: [address],
      configurationSet: this.settings.configurationSet,
      tags: noteTags(delivery),
    };
    if (!attachments?.length) return sendEmail(this.settings.ses, email);
    if (!this.settings.sendWithAttachments) throw new TypeError(`the ${delivery.kind} note has attachments and this sender has no way to attach them`);
    return this.settings.sendWithAttachments(this.settings.ses, email, attachments);
  }
}

/** Whether another call holds the claim now, within `windowMs` of claiming it: it may yet be refused and given back. */
export function sendInFlight(outcome: SendOutcome, windowMs: number, now = new Date()): boolean {
  return outcome.status === 'uncertain' && !outcome.byThisCall && now.getTime() - Date.parse(outcome.claimedAt) < windowMs;
}

/**
 * The sender of a function: the table, the shared SES client and the function's settings; what
 * it cannot send is logged and what it sends counted through the function's observability.
 */
export function functionNoteSender(
  table: TableAccess,
  env: { readonly SENDER_ADDRESS: string; readonly SES_CONFIGURATION_SET: string },
  observed: { readonly logger: NonNullable<NoteSenderSettings['logger']>; readonly business: { count(event: 'notesSent', kind: SentMessageKind): void } },
  sendWithAttachments?: AttachmentSender,
): NoteSender {
  return new NoteSender({
    notes: new NotesRepository(table),
    ses: sesv2(),
    senderAddress: env.SENDER_ADDRESS,
    configurationSet: env.SES_CONFIGURATION_SET,
    logger: observed.logger,
    onSent: (kind) => observed.business.count('notesSent', kind),
    ...(sendWithAttachments ? { sendWithAttachments } : {}),
  });
}

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
 * the send is uncertain — never repeated by the run, since a second note verbale to a mission is
 * worse than a missing one.
 *
 * Every message carries the same SES tags, so that SES's sending events (bounces, complaints,
 * deliveries) can be matched to the send record: `note` (the note id), `kind` and `state`; the
 * mailbox is the event's destination. An uncertain send is reconciled from them
 * (`SendReconciler`, for every kind of note):
 *
 * - a Send, Delivery, DeliveryDelay, Bounce or Complaint event for it settles it: SES accepted the
 *   message, so it left; the send is marked sent with the event's message id;
 * - one with no such event within the window (`UNSETTLED_SEND_WINDOW_MINUTES`, an hour by
 *   default) is released by the scheduled sweep (reconcile-sends), audited and counted for an
 *   alarm, and sent again by a resend (aws/resend.ts): the note's send task for its State, with
 *   the request its claim kept, or, for a message sent outside a task (an acknowledgement, a
 *   notice to the Secretariat), the message itself, kept with the claim. Why release
 *   rather than only report: SES publishes a Send event for every message it accepts within
 *   seconds, and EventBridge and Lambda retry its delivery to record-mail-events, so an hour with
 *   none means SES never took the message, and a note never sent is the failure left. A released send stays recorded as
 *   `released`, so that an event that comes later after all still marks it sent before a run
 *   sends it again (logged and counted). The window is a setting: longer is safer against an
 *   event held up (the function failing for that long), shorter sends a missing note sooner.
 *   `mpr notes uncertain` lists them all, and lets an officer release one sooner (resent the same
 *   way). A send made again after its release is audited (actor `resend`) and kept on the
 *   resent-sends index, for the listing.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import * as z from 'zod/mini';
import type { Actor } from '../core/audit.ts';
import type { StateCode } from '../core/codes.ts';
import type { SentMessageKind } from '../core/dispatch.ts';
import { bareAddress, type SesEvent } from '../core/mail-events.ts';
import { secretariatCode } from '../core/secretariat.ts';
import { AuditRepository } from './audit-repository.ts';
import { sesv2 } from './clients.ts';
import { type OutgoingAttachment, type OutgoingEmail, sendEmail, sesAnswered, sesServerError } from './mailer.ts';
import { NotesRepository, type ResendRequest, type UnsettledSend } from './notes-repository.ts';
import type { Resender } from './resend.ts';
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

/**
 * A message sent outside a note's send task (an acknowledgement, a notice to the Secretariat),
 * kept whole with its claim as `{ kind, keptMessage }`, so that a resend can send the same message
 * to the same mailbox should the send be released (dispatch/send-note.ts, `resendKeptMessage`).
 * One with attachments is not kept: none of these messages has any.
 */
export const keptMessageSchema = z.object({
  subject: z.string(),
  text: z.string(),
  html: z.optional(z.string()),
  replyTo: z.optional(z.string()),
  headers: z.optional(z.record(z.string(), z.string())),
});

function keptMessageRequest(delivery: NoteDelivery): ResendRequest | undefined {
  const { subject, text, html, replyTo, headers, attachments } = delivery.message;
  if (attachments?.length) return undefined;
  const kept: z.infer<typeof keptMessageSchema> = {
    subject,
    text,
    ...(html ? { html } : {}),
    ...(replyTo ? { replyTo } : {}),
    ...(headers ? { headers: { ...headers } } : {}),
  };
  return { kind: delivery.kind, keptMessage: JSON.stringify(kept) };
}

export interface NoteDelivery {
  /** The note's identity (`noteId()` of core/dispatch.ts): one per document, shared by its recipients. */
  readonly noteId: string;
  readonly kind: SentMessageKind;
  /** The State the mailbox belongs to, or `secretariatCode` (core/secretariat.ts) for the Secretariat's own mailbox. */
  readonly state: StateCode;
  readonly address: string;
  readonly message: NoteMessage;
  /**
   * How the note's own task would send it again, kept with the claim for a resend after a release
   * (`ResendRequest`); absent, the message itself is kept (`keptMessageSchema`).
   */
  readonly request?: ResendRequest;
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

export interface NoteSenderSettings {
  readonly notes: NotesRepository;
  readonly ses: SESv2Client;
  readonly senderAddress: string;
  readonly configurationSet: string;
  /** Where a send SES did not answer is reported (the function's logger). */
  readonly logger?: { error(message: string, ...extra: Record<string, unknown>[]): void };
  /** Called once per message sent (the `notesSent` business metric). */
  readonly onSent?: (kind: SentMessageKind) => void;
  /** Where a send that had been released and is now sent again is recorded (the function's table). */
  readonly audit?: AuditRepository;
  readonly now?: () => Date;
}

/** The audit trail's actor of a send made again after its release. */
export const resendActor: Actor = { kind: 'system', id: 'resend' };

const throttlingErrors = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'LimitExceededException']);

/** An SES tag value holds letters, digits, `_` and `-` only, at most 256 characters. */
function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);
}

/**
 * The tags every message carries, so that its sending events name the note, its kind and the
 * State: `note` readable (each character SES does not take written `_`), `note-id` exact (the
 * note id in base64url, whose letters SES takes), for the send record's key; left out when too
 * long for a tag, and the send is then found by the readable one.
 */
export function noteTags(delivery: Pick<NoteDelivery, 'noteId' | 'kind' | 'state'>): Record<string, string> {
  const exact = Buffer.from(delivery.noteId, 'utf8').toString('base64url');
  return { note: tagValue(delivery.noteId), ...(exact.length <= 256 ? { 'note-id': exact } : {}), kind: delivery.kind, state: tagValue(delivery.state) };
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
    const claim = await notes.claimSend(noteId, state, address, claimedAt, delivery.request ?? keptMessageRequest(delivery));
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
    const sentAt = now().toISOString();
    await notes.markSent(noteId, state, address, messageId, sentAt, claim.afterRelease);
    if (claim.afterRelease) await this.auditResend(delivery, messageId, claim.afterRelease.releasedAt, sentAt);
    this.settings.onSent?.(delivery.kind);
    return { status: 'sent', messageId };
  }

  /** A send released (no SES event within the window, or by an officer) has now left: on the mailbox's State's trail, once. */
  private async auditResend({ noteId, kind, state, address }: NoteDelivery, messageId: string, releasedAt: string, sentAt: string): Promise<void> {
    await this.settings.audit?.appendOnce(
      {
        actor: resendActor,
        action: 'changed',
        subject: { kind: 'state', id: state },
        ...(state === secretariatCode ? {} : { state }),
        details: { noteId, kind, resent: address, releasedAt, messageId },
        occurrence: `resent#${noteId}#${address}#${releasedAt}`,
      },
      new Date(sentAt),
    );
  }

  private async transmit({ message, address, ...delivery }: NoteDelivery): Promise<string> {
    const email: OutgoingEmail = {
      ...message,
      from: this.settings.senderAddress,
      to: [address],
      configurationSet: this.settings.configurationSet,
      tags: noteTags(delivery),
    };
    return sendEmail(this.settings.ses, email);
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
): NoteSender {
  return new NoteSender({
    notes: new NotesRepository(table),
    ses: sesv2(),
    senderAddress: env.SENDER_ADDRESS,
    configurationSet: env.SES_CONFIGURATION_SET,
    logger: observed.logger,
    onSent: (kind) => observed.business.count('notesSent', kind),
    audit: new AuditRepository(table),
  });
}

/** SES's sending events that say SES accepted the message: it left, whatever became of it after. */
export const settlingEventTypes: ReadonlySet<string> = new Set(['Send', 'Delivery', 'DeliveryDelay', 'Bounce', 'Complaint']);

export interface SettledSend {
  readonly noteId: string;
  readonly state: StateCode;
  readonly address: string;
  readonly messageId: string;
  /** The sweep had released it, and no run had sent it again yet: kept from a resend. */
  readonly afterRelease: boolean;
}

export interface SendReconcilerSettings {
  readonly notes: NotesRepository;
  readonly audit: AuditRepository;
  /** How long a send may stay unsettled with no SES event before the sweep releases it. */
  readonly windowMinutes: number;
  /** Sends a released send again (aws/resend.ts); without it, a released send waits for its note's next run. */
  readonly resend?: Resender;
  readonly logger?: { error(message: string, ...extra: Record<string, unknown>[]): void; info(message: string, ...extra: Record<string, unknown>[]): void };
  readonly now?: () => Date;
}

/** The sweep's actor in the audit trail; an officer's (`mpr notes uncertain --release`) is the CLI's. */
export const sweepActor: Actor = { kind: 'system', id: 'reconcile-sends' };

/** Settles uncertain sends from SES's sending events, and releases those none came for (see the top of this module). */
export class SendReconciler {
  private readonly settings: SendReconcilerSettings;

  constructor(settings: SendReconcilerSettings) {
    this.settings = settings;
  }

  private now(): Date {
    return this.settings.now?.() ?? new Date();
  }

  /**
   * The sends an SES sending event settles: those of the note its tags name, to its destination,
   * claimed and not marked sent (or released). Events of other types, or without the tags, settle nothing.
   */
  async settleFromEvent(event: SesEvent): Promise<SettledSend[]> {
    const { eventType, mail } = event.detail;
    if (!settlingEventTypes.has(eventType)) return [];
    const tag = (name: string) => mail.tags?.[name]?.[0];
    const [note, exactNote, state] = [tag('note'), tag('note-id'), tag('state')];
    if (note === undefined || state === undefined) return [];
    const at = new Date(event.time ?? this.now()).toISOString();
    const settled: SettledSend[] = [];
    for (const destination of new Set(mail.destination ?? [])) {
      // The exact note id gives the send's key; a message tagged before it had one is looked up
      // among the unsettled sends by its readable tag.
      const candidates = exactNote
        ? [{ noteId: Buffer.from(exactNote, 'base64url').toString('utf8'), state, address: destination }]
        : (await this.settings.notes.unsettledSends({ state })).filter(
            (send) => send.address.toLowerCase() === bareAddress(destination) && tagValue(send.noteId) === note,
          );
      for (const send of candidates) {
        const outcome = await this.settings.notes.settleSend(send, mail.messageId, at);
        if (outcome.status !== 'settled') continue;
        if (outcome.late)
          this.settings.logger?.error('a send released after the window had left after all: marked sent, so that no run sends it again', {
            noteId: send.noteId,
            state: send.state,
            address: send.address,
            messageId: mail.messageId,
            eventType,
          });
        settled.push({ noteId: send.noteId, state: send.state, address: send.address, messageId: mail.messageId, afterRelease: outcome.late });
      }
    }
    return settled;
  }

  /** The sends claimed and not marked sent, of every note: in flight, uncertain, or released and not yet sent again. */
  async unsettled(): Promise<UnsettledSend[]> {
    return this.settings.notes.unsettledSends();
  }

  /** Whether a claimed send is past the window, so that no run may still be sending it. */
  pastWindow(send: Pick<UnsettledSend, 'claimedAt'>): boolean {
    return Date.parse(send.claimedAt) <= this.now().getTime() - this.settings.windowMinutes * 60_000;
  }

  /**
   * The sweep: releases every send claimed longer ago than the window and never settled by an SES
   * event, and starts its resend; a send released before and still waiting (its resend's start
   * failed, or an officer released it) has its resend started again, which starts nothing new
   * when it was started before.
   */
  async releaseUnsettled(): Promise<UnsettledSend[]> {
    const before = new Date(this.now().getTime() - this.settings.windowMinutes * 60_000).toISOString();
    const stale = await this.settings.notes.unsettledSends({ claimedBefore: before });
    const released: UnsettledSend[] = [];
    for (const send of stale) {
      if (send.status === 'released') await this.resendAgain(send);
      else if (await this.release(send, sweepActor)) released.push(send);
    }
    if (released.length > 0)
      this.settings.logger?.error('uncertain sends with no SES event within the window were released and are sent again', {
        windowMinutes: this.settings.windowMinutes,
        released: released.map(({ noteId, state, address, claimedAt, request }) => ({ noteId, state, address, claimedAt, resent: request !== undefined })),
      });
    return released;
  }

  /**
   * A send still released after its resend (each sweep sees it): its resend is started again once
   * per window since the release, under the attempt's own name, so that a resend that failed (the
   * State had no healthy mailbox, the task failed after its retries) is tried again on its own,
   * and one still under way is not doubled within a window (a second would find the send claimed
   * anyway). After `resendAttempts` the send stays released, listed and alarmed, for an officer.
   */
  private async resendAgain(send: UnsettledSend): Promise<void> {
    const now = this.now();
    const releasedAt = Date.parse(send.releasedAt ?? send.claimedAt);
    const attempt = Math.floor((now.getTime() - releasedAt) / (this.settings.windowMinutes * 60_000));
    if (attempt >= resendAttempts) return;
    const name = await this.settings.resend?.(send, now, attempt);
    if (name !== undefined && attempt > 0)
      this.settings.logger?.error('a released send is still not sent: its resend is started again', {
        noteId: send.noteId,
        state: send.state,
        address: send.address,
        attempt: attempt + 1,
        execution: name,
      });
  }

  /**
   * Releases one claimed send (audited under the mailbox's State) and starts its resend when its
   * claim says how (the name of the resend's execution); `false` when it was settled or claimed
   * again meanwhile.
   */
  async release(send: UnsettledSend, actor: Actor): Promise<{ readonly resend?: string } | false> {
    const at = this.now();
    if (!(await this.settings.notes.releaseUnsettled(send, at.toISOString()))) return false;
    await this.settings.audit.appendOnce(
      {
        actor,
        action: 'changed',
        subject: { kind: 'state', id: send.state },
        ...(send.state === secretariatCode ? {} : { state: send.state }),
        details: {
          noteId: send.noteId,
          kind: send.kind,
          released: send.address,
          claimedAt: send.claimedAt,
          reason: actor === sweepActor ? 'no SES event within the window' : 'released by an officer',
        },
        occurrence: `release#${send.noteId}#${send.address}#${send.claimedAt}`,
      },
      at,
    );
    const resend = await this.settings.resend?.(send, at);
    return resend === undefined ? {} : { resend };
  }
}

/** The reconciler of a function: the table, the window from its environment, its logger and, for the sweep, its resender. */
export function functionSendReconciler(
  table: TableAccess,
  env: { readonly UNSETTLED_SEND_WINDOW_MINUTES?: string },
  logger?: SendReconcilerSettings['logger'],
  resend?: Resender,
): SendReconciler {
  return new SendReconciler({
    notes: new NotesRepository(table),
    audit: new AuditRepository(table),
    windowMinutes: Number(env.UNSETTLED_SEND_WINDOW_MINUTES ?? defaultWindowMinutes),
    ...(logger ? { logger } : {}),
    ...(resend ? { resend } : {}),
  });
}

/** The window when none is set: an hour. */
export const defaultWindowMinutes = 60;

/** How many resends a released send is given, one window apart, before it is left to an officer. */
export const resendAttempts = 3;

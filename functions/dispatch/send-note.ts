/**
 * Sends one note verbale to one State: rendered in the mission's working language (text, HTML
 * and the PDF of the note), sent once to each of its healthy mailboxes (aws/note-sender.ts), and
 * paced so that all parallel senders together keep under SES's maximum send rate.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { keptMessageSchema, type NoteSender, type SendOutcome } from '../aws/note-sender.ts';
import { NotesRepository, type ResendRequest } from '../aws/notes-repository.ts';
import { StatesRepository } from '../aws/states-repository.ts';
import type { StateCode } from '../core/codes.ts';
import { deliverableMailboxes, type SentMessageKind } from '../core/dispatch.ts';
import { noteReached, type StateDispatchResult } from '../core/dispatch-record.ts';
import { type NoteInput, renderNote } from '../core/notes/index.ts';
import { renderNotePdf } from '../core/notes/render-pdf.ts';
import { recordAttentionDrawnUncirculated } from './attention-drawn.ts';
import { type NoteRequest, type NoteSources, noteContent } from './note-content.ts';

/** Thrown when SES refuses for the send rate: the workflow's Retry backs off and tries again. */
export class SendThrottled extends Error {
  override readonly name = 'SendThrottled';
}

/** SES answered with a server error after its own retries: the workflow's Retry tries the note again later. */
export class SendFailed extends Error {
  override readonly name = 'SendFailed';
}

/** A refusal the workflow's Retry should meet (throttling, a server error) is thrown; another is the caller's to report. */
function throwForRetry(refused: Extract<SendOutcome, { status: 'refused' }>, what: string): void {
  if (refused.throttled) throw new SendThrottled(`SES throttled ${what}: ${refused.error.name}`);
  if (refused.serverError) throw new SendFailed(`SES failed to take ${what}: ${refused.error.name}`);
}

export interface NoteToState extends NoteRequest {
  readonly noteId: string;
  readonly state: StateCode;
  /** The workflow's clock: the note's date. */
  readonly now: string;
}

export interface SendNoteDependencies extends NoteSources {
  readonly sender: NoteSender;
  /** The least time between two sends of this sender (`pacingMillis`). */
  readonly pacingMillis: number;
}

export async function sendNoteToState(task: NoteToState, dependencies: SendNoteDependencies): Promise<StateDispatchResult> {
  const { table, sender } = dependencies;
  const state = await new StatesRepository(table).get(task.state);
  const mailboxes = state ? deliverableMailboxes(state) : [];
  if (!state || mailboxes.length === 0) return { state: task.state, sent: 0, alreadySent: 0, uncertain: 0, unreached: true };

  const composed = await noteContent(task, state, dependencies);
  // Not to be sent (an attention note to a State that owes nothing more): nothing is allocated.
  if (composed === undefined) return { state: task.state, sent: 0, alreadySent: 0, uncertain: 0, unreached: false };
  const record = await new NotesRepository(table).allocate(task.noteId, composed.note.cycle.noteReferenceSeries, task.now.slice(0, 10));
  const note = { ...composed.note, reference: record.symbol, date: record.date } as NoteInput;
  const rendered = renderNote(note);
  const attachments = [{ fileName: rendered.fileName, contentType: 'application/pdf', content: renderNotePdf(note) }, ...composed.enclosures];
  const message = { subject: rendered.subject, text: rendered.text, html: rendered.html, headers: { 'X-MPR-Note': record.symbol }, attachments };

  const result = { sent: 0, alreadySent: 0, uncertain: 0, failed: [] as string[] };
  const request = resendRequest(task);
  for (const address of mailboxes) {
    const started = Date.now();
    const outcome = await sender.sendOnce({ noteId: task.noteId, kind: task.kind, state: state.code, address, message, request });
    if (outcome.status === 'already-sent') result.alreadySent += 1;
    if (outcome.status === 'uncertain') result.uncertain += 1;
    if (outcome.status === 'refused') {
      throwForRetry(outcome, `the note to ${state.code}`);
      result.failed.push(`${address}: ${outcome.error.name}`);
    }
    if (outcome.status !== 'sent') continue;
    result.sent += 1;
    const remaining = dependencies.pacingMillis - (Date.now() - started);
    if (remaining > 0) await sleep(remaining);
  }
  const unreached = !noteReached(result);
  // 12 (c) for a report not circulated: no circulation records the note, so its send does.
  if (composed.uncirculatedReport !== undefined && !unreached) {
    await recordAttentionDrawnUncirculated({ noteId: task.noteId, reference: composed.uncirculatedReport, state: state.code, now: task.now }, table);
  }
  return {
    state: state.code,
    sent: result.sent,
    alreadySent: result.alreadySent,
    uncertain: result.uncertain,
    unreached,
    ...(result.failed.length ? { error: result.failed.join('; ') } : {}),
  };
}

/** A message sent outside a note's task, released: sent again to the mailbox, from what its claim kept (aws/note-sender.ts). */
export interface KeptMessageToMailbox {
  readonly noteId: string;
  readonly kind: SentMessageKind;
  readonly state: string;
  readonly address: string;
  /** The message, as `keptMessageSchema` (JSON). */
  readonly keptMessage: string;
}

export async function resendKeptMessage(task: KeptMessageToMailbox, sender: NoteSender): Promise<StateDispatchResult> {
  const { noteId, kind, state, address, keptMessage } = task;
  const message = keptMessageSchema.parse(JSON.parse(keptMessage));
  const outcome = await sender.sendOnce({ noteId, kind, state, address, message, request: { kind, keptMessage } });
  return sendResult(outcome, state, address);
}

/** One send's outcome as a task's result; a refusal the workflow's Retry should meet is thrown. */
export function sendResult(outcome: SendOutcome, state: string, address: string): StateDispatchResult {
  if (outcome.status === 'refused') throwForRetry(outcome, `the message to ${address}`);
  const counts = {
    sent: outcome.status === 'sent' ? 1 : 0,
    alreadySent: outcome.status === 'already-sent' ? 1 : 0,
    uncertain: outcome.status === 'uncertain' ? 1 : 0,
  };
  return {
    state,
    ...counts,
    unreached: !noteReached(counts),
    ...(outcome.status === 'refused' ? { error: `${address}: ${outcome.error.name}` } : {}),
  };
}

/** What this task needs to send the note to the State again, should a send be released (aws/resend.ts): its input less the State, note and clock. */
function resendRequest(task: NoteToState): ResendRequest {
  const { kind, cycleId, reference, incidentId, obligationId, reminderNumber } = task;
  return {
    kind,
    cycleId,
    reference,
    incidentId,
    ...(obligationId === undefined ? {} : { obligationId }),
    ...(reminderNumber === undefined ? {} : { reminderNumber }),
  };
}

/**
 * The acknowledgement of an uploaded submission: the focal point has its receipt on screen; the
 * mission's mailboxes receive it too, with the reference number, in the mission's working
 * language — as an e-mailed submission is acknowledged. Sent once per mailbox, whatever the
 * number of retries of the upload (aws/note-sender.ts).
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { CyclesRepository } from '../aws/cycles-repository.ts';
import { NoteSender } from '../aws/note-sender.ts';
import { NotesRepository } from '../aws/notes-repository.ts';
import { StatesRepository } from '../aws/states-repository.ts';
import type { TableAccess } from '../aws/table-repository.ts';
import { acknowledgement } from '../core/acknowledgement.ts';
import { deliverableMailboxes, noteId } from '../core/dispatch.ts';
import { ownIncidentFollowUpDue } from '../core/obligations.ts';
import type { Submission } from '../core/submissions.ts';

export interface AcknowledgementSettings {
  readonly ses: SESv2Client;
  /** Where a failed send is reported (the function's logger). */
  readonly logger: { warn(message: string, ...extra: Record<string, unknown>[]): void; error(message: string, ...extra: Record<string, unknown>[]): void };
  readonly senderAddress: string;
  readonly configurationSet: string;
}

/**
 * Resolves with the mailboxes acknowledged by this call. A refused send is logged, not thrown:
 * the submission is recorded and its receipt returned, and the mailbox is acknowledged on a
 * retry; a send SES did not answer stays uncertain and is not repeated.
 */
export async function acknowledgeUpload(submission: Submission, table: TableAccess, settings: AcknowledgementSettings): Promise<string[]> {
  const state = await new StatesRepository(table).get(submission.reportingState);
  if (!state) return [];
  const sender = new NoteSender({
    notes: new NotesRepository(table),
    ses: settings.ses,
    senderAddress: settings.senderAddress,
    configurationSet: settings.configurationSet,
    logger: settings.logger,
  });
  const followUpDue = await followUpDueOf(submission, table);
  const message = acknowledgement({ outcome: 'recorded', language: state.language, submission, subject: null, ...(followUpDue ? { followUpDue } : {}) });
  const acknowledged: string[] = [];
  for (const address of deliverableMailboxes(state)) {
    const sent = await sender.sendOnce({
      noteId: noteId('acknowledgement', submission.reference),
      kind: 'acknowledgement',
      state: state.code,
      address,
      message: { subject: message.subject, text: message.text, headers: { 'Auto-Submitted': 'auto-replied' } },
    });
    if (sent.status === 'sent') acknowledged.push(address);
    if (sent.status === 'refused') settings.logger.warn('acknowledgement not sent', { reference: submission.reference, address, error: sent.error.name });
  }
  return acknowledged;
}

/** The day a State that reported a violation in its own territory owes its follow-up (for its acknowledgement). */
export async function followUpDueOf(submission: Submission, table: TableAccess): Promise<string | undefined> {
  const cycle = await new CyclesRepository(table).get(submission.cycleId);
  return cycle ? ownIncidentFollowUpDue(submission, cycle.cycle) : undefined;
}

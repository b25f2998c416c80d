/**
 * The acknowledgement of an uploaded submission: the focal point has its receipt on screen; the
 * mission's mailboxes receive it too, with the reference number, in the mission's working
 * language — as an e-mailed submission is acknowledged. Sent once per mailbox, whatever the
 * number of retries of the upload.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { sendEmail } from '../aws/mailer.ts';
import { NotesRepository } from '../aws/notes-repository.ts';
import { StatesRepository } from '../aws/states-repository.ts';
import type { TableAccess } from '../aws/table-repository.ts';
import { CyclesRepository } from '../aws/cycles-repository.ts';
import { ownIncidentFollowUpDue } from '../core/obligations.ts';
import { acknowledgement } from '../core/acknowledgement.ts';
import { deliverableMailboxes, noteId } from '../core/dispatch.ts';
import type { Submission } from '../core/submissions.ts';

export interface AcknowledgementSettings {
  readonly ses: SESv2Client;
  /** Where a failed send is reported (the function's Powertools Logger). */
  readonly logger: { warn(message: string, ...extra: Record<string, unknown>[]): void };
  readonly senderAddress: string;
  readonly configurationSet: string;
}

/** Resolves with the mailboxes acknowledged by this call; a failure to send is logged, not thrown. */
export async function acknowledgeUpload(submission: Submission, table: TableAccess, settings: AcknowledgementSettings): Promise<string[]> {
  const state = await new StatesRepository(table).get(submission.reportingState);
  if (!state) return [];
  const notes = new NotesRepository(table);
  const note = noteId('acknowledgement', submission.reference);
  const followUpDue = await followUpDueOf(submission, table);
  const message = acknowledgement({ outcome: 'recorded', language: state.language, submission, subject: null, ...(followUpDue ? { followUpDue } : {}) });
  const acknowledged: string[] = [];
  for (const address of deliverableMailboxes(state)) {
    if ((await notes.claimSend(note, state.code, address, new Date().toISOString())) !== 'claimed') continue;
    try {
      const messageId = await sendEmail(settings.ses, {
        from: settings.senderAddress,
        to: [address],
        subject: message.subject,
        text: message.text,
        headers: { 'Auto-Submitted': 'auto-replied' },
        configurationSet: settings.configurationSet,
        tags: { note: 'acknowledgement', state: state.code },
      });
      await notes.markSent(note, state.code, address, messageId, new Date().toISOString());
      acknowledged.push(address);
    } catch (error) {
      // The submission is recorded and its receipt returned; the mailbox is acknowledged on a retry.
      await notes.releaseSend(note, state.code, address);
      settings.logger.warn('acknowledgement not sent', { reference: submission.reference, address, error: (error as Error).name });
    }
  }
  return acknowledged;
}

/** The day a State that reported a violation in its own territory owes its follow-up (for its acknowledgement). */
export async function followUpDueOf(submission: Submission, table: TableAccess): Promise<string | undefined> {
  const cycle = await new CyclesRepository(table).get(submission.cycleId);
  return cycle ? ownIncidentFollowUpDue(submission, cycle.cycle) : undefined;
}

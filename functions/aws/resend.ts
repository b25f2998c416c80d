/**
 * A released send sent again: one execution of the resend workflow (workflows/resend.asl.json)
 * per release, which runs the note's own send task (dispatch/send-note.ts) for the mailbox's
 * State with the request its claim kept, or, for a message sent outside a note's task, sends the
 * message its claim kept to the mailbox. The task claims each send as every run does, so that
 * the note still reaches each mailbox once: a mailbox that had it is skipped, and a send the
 * released one raced with is found claimed. The execution's name is derived from the release,
 * so that starting it again (a retried sweep, the sweep after an officer's release) starts
 * nothing more.
 */
import { createHash } from 'node:crypto';
import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { UnsettledSend } from './notes-repository.ts';

/**
 * Starts the resend of a released send (its first attempt unless told); the execution's name, or
 * `undefined` when its claim kept neither request nor message (a claim made before they were kept).
 */
export type Resender = (send: UnsettledSend, at: Date, attempt?: number) => Promise<string | undefined>;

/** One name per release of a send and attempt: the note, the mailbox and the claim it released; `-2`, `-3` for the later attempts. */
export function resendExecutionName(send: Pick<UnsettledSend, 'noteId' | 'state' | 'address' | 'claimedAt'>, attempt = 0): string {
  const digest = createHash('sha256').update([send.noteId, send.state, send.address, send.claimedAt].join('\n')).digest('hex').slice(0, 32);
  return `resend-${send.state.replace(/[^A-Za-z0-9_-]/g, '-')}-${digest}${attempt > 0 ? `-${attempt + 1}` : ''}`;
}

/** The resender of a function or the CLI: executions of the resend state machine. */
export function stepFunctionsResender(client: SFNClient, stateMachineArn: string): Resender {
  return async (send, at, attempt = 0) => {
    if (send.request === undefined) return undefined;
    const name = resendExecutionName(send, attempt);
    try {
      await client.send(
        new StartExecutionCommand({
          stateMachineArn,
          name,
          input: JSON.stringify({ ...send.request, noteId: send.noteId, state: send.state, address: send.address, now: at.toISOString() }),
        }),
      );
    } catch (error) {
      // Started before (a retried sweep, or this attempt's window not over): that execution resends it.
      if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) throw error;
    }
    return name;
  };
}

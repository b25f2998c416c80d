/**
 * SES refusing 30% of sends for the send rate (TooManyRequestsException): the dispatch backs
 * off and retries, and still ends with every mailbox sent the note once.
 */

import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { NotesRepository } from '../../functions/aws/notes-repository.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { noteId } from '../../functions/core/dispatch.ts';
import { readOutbox } from '../../local/ses.ts';
import { changeCycle } from '../support/cycles.ts';
import { eventually, useEngine } from '../support/engine.ts';

// Retry intervals follow the engine clock: at ×50 the back-off of a throttled send takes milliseconds.
const testEngine = useEngine({ sesMaxSendRate: 10_000, timeScale: 50, faults: { sesThrottleRate: 0.3 } });

describe('circular-note dispatch under SES throttling', () => {
  it('retries throttled sends until every mailbox has the note once', async () => {
    const { engine, table, sfn } = testEngine();
    await changeCycle(table, '77/108', { replyDeadline: '2099-05-15' });
    const mailboxes = (await new StatesRepository(table).list()).filter((state) => state.addressed).flatMap((state) => state.mailboxes);
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: engine.resources.stateMachines['circular-dispatch'],
        name: 'throttled',
        input: JSON.stringify({ cycleId: '77/108' }),
      }),
    );
    const notes = new NotesRepository(table);
    await eventually(
      async () => ((await notes.sendCounts(noteId('circular', '77/108'))).sent === mailboxes.length ? true : undefined),
      'every mailbox to have the note',
      90_000,
    );
    const sent = (await readOutbox(engine.endpoints.ses)).filter((message) => /15 May 2099|15 mai 2099/.test(message.subject));
    expect(sent).toHaveLength(mailboxes.length);
    expect(new Set(sent.map((message) => message.destination.to[0])).size).toBe(mailboxes.length);
    const throttled = engine.faultsInjected.sesThrottled();
    expect(throttled).toBeGreaterThan(mailboxes.length * 0.2);
    console.log(`throttling: ${throttled} sends refused by SES and retried; ${mailboxes.length} mailboxes each sent the note once`);
  }, 120_000);
});

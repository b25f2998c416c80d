/**
 * The circular-note dispatch (paragraphs 12(a) and 13) on the local engine: every addressee,
 * every healthy mailbox, once — also when a run is stopped half-way and run again, and when a
 * mailbox bounces.
 */

import { DescribeExecutionCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { NotesRepository } from '../../functions/aws/notes-repository.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { noteId } from '../../functions/core/dispatch.ts';
import { readOutbox } from '../../local/ses.ts';
import { changeCycle, copyCycle } from '../support/cycles.ts';
import { eventually, type TestEngine, useEngine } from '../support/engine.ts';
import { seedStates } from '../support/seed.ts';

// Fast sends: pacing is measured by the benchmark, not here.
const testEngine = useEngine({ sesMaxSendRate: 10_000 });

async function start(test: TestEngine, name: string, cycleId: string): Promise<string> {
  const started = await test.sfn.send(
    new StartExecutionCommand({ stateMachineArn: test.engine.resources.stateMachines['circular-dispatch'], name, input: JSON.stringify({ cycleId }) }),
  );
  return started.executionArn!;
}

async function deliverableMailboxes(test: TestEngine): Promise<string[]> {
  const states = await new StatesRepository(test.table).list();
  return states
    .filter((state) => state.addressed)
    .flatMap((state) => state.mailboxes.filter((mailbox) => mailbox.health === 'healthy').map((mailbox) => mailbox.address));
}

describe('circular-note dispatch', () => {
  it('sends the note once to every mailbox of the 195 addressees, and a re-run after a stop sends only the missing ones', async () => {
    const test = testEngine();
    // A deadline far ahead: the execution then waits for its pre-deadline reminders.
    await changeCycle(test.table, '77/108', { replyDeadline: '2099-05-15' });
    const mailboxes = await deliverableMailboxes(test);
    const notes = new NotesRepository(test.table);
    const note = noteId('circular', '77/108');

    const first = await start(test, 'circular-first', '77/108');
    await eventually(async () => ((await notes.sendCounts(note)).sent >= mailboxes.length / 3 ? true : undefined), 'a third of the sends');
    await test.sfn.send(new StopExecutionCommand({ executionArn: first, cause: 'a crash half-way' }));
    const afterStop = (await notes.sendCounts(note)).sent;
    expect(afterStop).toBeLessThan(mailboxes.length);

    const second = await start(test, 'circular-second', '77/108');
    await eventually(async () => ((await notes.sendCounts(note)).sent === mailboxes.length ? true : undefined), 'every mailbox to have the note', 240_000);
    // Let the second run finish its sends and its record, then count what left.
    await eventually(async () => ((await readOutbox(test.engine.endpoints.ses)).length >= mailboxes.length ? true : undefined), 'the outbox');
    const sent = (await readOutbox(test.engine.endpoints.ses)).filter((message) => /15 May 2099|15 mai 2099/.test(message.subject));
    expect(sent).toHaveLength(mailboxes.length);
    expect(new Set(sent.map((message) => message.destination.to[0])).size).toBe(mailboxes.length);
    expect((await notes.sendCounts(note)).statesSent).toBe(195);
    const execution = await test.sfn.send(new DescribeExecutionCommand({ executionArn: second }));
    expect(execution.status, `${execution.error}: ${execution.cause}`).toBe('RUNNING');
    console.log(
      `circular dispatch: ${mailboxes.length} mailboxes of 195 States; ${afterStop} sent before the stop, ${mailboxes.length - afterStop} by the re-run, 0 twice`,
    );
  }, 360_000);

  it('marks a bouncing mailbox unhealthy, skips it afterwards and names a State left unreached', async () => {
    const test = testEngine();
    const states = new StatesRepository(test.table);
    // Iceland's only mailbox and one of Norway's two bounce, as SES's simulator addresses do.
    // Five States addressed: the fan-out to 195 is the test above's.
    const addressed = new Set(['ISL', 'NOR', 'FRA', 'KEN', 'MEX']);
    const registry = seedStates().map((state) => {
      const kept = { ...state, addressed: addressed.has(state.code) };
      if (state.code === 'ISL') return { ...kept, mailboxes: [{ address: 'bounce+isl@simulator.amazonses.com', health: 'healthy' as const }] };
      if (state.code === 'NOR')
        return { ...kept, mailboxes: [...state.mailboxes, { address: 'bounce+nor@simulator.amazonses.com', health: 'healthy' as const }] };
      return kept;
    });
    await states.replaceAll(registry);
    await copyCycle(test.table, '77/108', '78/1', {
      replyDeadline: '2099-06-01',
      'report.session': 80,
      'resolution.symbol': 'A/RES/78/1',
      'resolution.adoptedOn': '2023-12-01',
    });
    const notes = new NotesRepository(test.table);
    await start(test, 'circular-bounce', '78/1');
    const mailboxes = registry.filter((state) => state.addressed).flatMap((state) => state.mailboxes).length;
    await eventually(
      async () => ((await notes.sendCounts(noteId('circular', '78/1'))).sent === mailboxes ? true : undefined),
      'the dispatch of cycle 78/1 to every mailbox',
      // Generous, for a machine busy with other test files (it once ran past 60 s beside a
      // second whole suite).
      120_000,
    );
    await eventually(async () => {
      await test.engine.sesEvents.settle();
      const bouncing = [...(await states.get('ISL'))!.mailboxes, ...(await states.get('NOR'))!.mailboxes].filter((mailbox) => mailbox.health === 'bouncing');
      return bouncing.length === 2 ? true : undefined;
    }, 'both bounces to be recorded');
    const norway = (await states.get('NOR'))!.mailboxes;
    expect(norway.map((mailbox) => mailbox.health)).toEqual([...norway.slice(0, -1).map(() => 'healthy'), 'bouncing']);
    expect((await states.get('ISL'))!.mailboxes.map((mailbox) => mailbox.health)).toEqual(['bouncing']);

    await copyCycle(test.table, '77/108', '78/2', {
      replyDeadline: '2099-07-01',
      'report.session': 80,
      'resolution.symbol': 'A/RES/78/2',
      'resolution.adoptedOn': '2023-12-01',
    });
    const before = (await readOutbox(test.engine.endpoints.ses)).length;
    await start(test, 'circular-after-bounce', '78/2');
    const notice = await eventually(
      async () => (await readOutbox(test.engine.endpoints.ses)).slice(before).find((message) => message.subject.includes('not reached')),
      'the notice of unreached States',
      // Generous, for a machine busy with other test files.
      120_000,
    );
    expect(notice.destination.to).toEqual(['secretariat@mpr.example.org']);
    expect(notice.body.text).toContain('Not reached (no healthy mailbox, or every send failed): ISL.');
    const later = (await readOutbox(test.engine.endpoints.ses)).slice(before);
    expect(later.some((message) => message.destination.to[0]?.startsWith('bounce+'))).toBe(false);
    expect(later.filter((message) => message.destination.to[0]?.endsWith('.nor@missions.example.org'))).toHaveLength(
      (await states.get('NOR'))!.mailboxes.length - 1,
    );
  }, 360_000);
});

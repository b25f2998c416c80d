/**
 * The calendar of a cycle: a circular note whose reply deadline has passed is refused with
 * nothing sent; a pre-deadline reminder whose day has passed when the dispatch reaches it is
 * skipped and recorded, never sent late; a new cycle comes in by `mpr cycles import` and its
 * circular note goes out under it.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { circularCommands } from '../../cli/commands/circular.ts';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { CyclesRepository } from '../../functions/aws/cycles-repository.ts';
import { NotesRepository } from '../../functions/aws/notes-repository.ts';
import { addDays } from '../../functions/core/cycles.ts';
import { noteId } from '../../functions/core/dispatch.ts';
import { readOutbox } from '../../local/ses.ts';
import { type CliTestEngine, mpr, run, useCliEngine } from '../cli/support.ts';
import { changeCycle } from '../support/cycles.ts';
import { eventually } from '../support/engine.ts';
import { addressOnly } from '../support/seed.ts';

const testEngine = useCliEngine({ sesMaxSendRate: 10_000 });

/** Five addressees instead of 195: what is tested is the calendar, not the fan-out. */
async function fewAddressees(test: CliTestEngine): Promise<void> {
  await addressOnly(test.table, ['FRA', 'KEN', 'MEX', 'SEN', 'JPN']);
}

function engineToday(test: CliTestEngine): string {
  return test.engine.clock.now().toISOString().slice(0, 10);
}

describe('the calendar of a cycle', () => {
  it('refuses a circular note whose reply deadline has passed, naming the deadline and the command that moves it, and sends nothing', async () => {
    const test = testEngine();
    await fewAddressees(test);
    const before = (await readOutbox(test.engine.endpoints.ses)).length;
    // The seeded cycle's deadline, 15 May 2024, is past.
    const result = await mpr(test.localDir, 'circular', 'send', '--cycle', '77/108');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('2024-05-15');
    expect(result.stderr).toContain('mpr cycles set --cycle 77/108 replyDeadline=');
    expect(result.stderr).toContain('Nothing was sent');
    const executions = await test.sfn.send(new ListExecutionsCommand({ stateMachineArn: test.engine.resources.stateMachines['circular-dispatch'] }));
    expect(executions.executions ?? []).toHaveLength(0);
    expect((await readOutbox(test.engine.endpoints.ses)).length).toBe(before);
  }, 60_000);

  it('skips, and records as skipped, a pre-deadline reminder whose day had passed when the dispatch started', async () => {
    const test = testEngine();
    await fewAddressees(test);
    const today = engineToday(test);
    // Deadline in 30 days; reminders 40 days before it (ten days ago) and 10 days before it.
    await changeCycle(test.table, '77/108', { replyDeadline: addDays(today, 30), 'periods.beforeDeadlineReminderDays': [40, 10] });
    const passed = addDays(today, -10);
    const ahead = addDays(today, 20);
    const before = (await readOutbox(test.engine.endpoints.ses)).length;
    await run(circularCommands, 'send', '--cycle', '77/108');

    const notes = new NotesRepository(test.table);
    const skippedNote = noteId('pre-deadline-reminder', '77/108', passed);
    const record = await eventually(async () => (await notes.dispatchRecords(skippedNote))[0], 'the skipped reminder recorded');
    expect(String(record['skipped'])).toContain(passed);
    expect((await notes.sendCounts(skippedNote)).sent).toBe(0);
    const trail = await new AuditRepository(test.table).forSubject('cycle', '77/108');
    expect(trail.some((event) => event.action === 'skipped' && event.details?.['noteId'] === skippedNote)).toBe(true);
    // Only the circular note left: one per mailbox of the five States, no reminder.
    const sent = (await readOutbox(test.engine.endpoints.ses)).slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((message) => !/reminder|rappel/i.test(message.subject))).toBe(true);
    expect((await notes.sendCounts(noteId('pre-deadline-reminder', '77/108', ahead))).sent).toBe(0);

    const status = await run(circularCommands, 'status', '--cycle', '77/108');
    expect(status).toContain(`Pre-deadline reminder of ${passed}: skipped, not sent`);
    expect(status).toContain(`Pre-deadline reminder of ${ahead}: not sent yet`);
  }, 60_000);

  it('imports a new cycle (refusing a faulty file by line and field, with nothing written), then sends its circular note', async () => {
    const test = testEngine();
    await fewAddressees(test);
    const seeded = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'data', 'cycles', '77-108.json'), 'utf8')) as Record<string, unknown>;
    const deadline = addDays(engineToday(test), 60);
    const cycle = {
      ...seeded,
      id: '79/999',
      resolution: { ...(seeded['resolution'] as object), symbol: 'A/RES/79/999', adoptedOn: '2024-12-04' },
      report: { session: 81 },
      replyDeadline: deadline,
      unconfirmed: ['/replyDeadline'],
    };
    const file = join(test.localDir, 'cycle-79-999.json');

    await writeFile(file, JSON.stringify({ ...cycle, replyDeadline: '2024-13-01', report: { session: 'eighty-first' } }, null, 2));
    const refused = await mpr(test.localDir, 'cycles', 'import', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/line \d+, \/replyDeadline: /);
    expect(refused.stderr).toMatch(/line \d+, \/report\/session: /);
    expect(await new CyclesRepository(test.table).get('79/999')).toBeUndefined();

    await writeFile(file, JSON.stringify(cycle, null, 2));
    const imported = await mpr(test.localDir, 'cycles', 'import', file);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Cycle 79/999 created');
    await writeFile(file, JSON.stringify({ ...cycle, report: { session: 81, agendaItem: '80' } }, null, 2));
    const again = await mpr(test.localDir, 'cycles', 'import', file);
    expect(again.code, again.stderr).toBe(0);
    expect((await new CyclesRepository(test.table).get('79/999'))?.version).toBe(2);
    const trail = await new AuditRepository(test.table).forSubject('cycle', '79/999');
    expect(trail.filter((event) => event.action === 'imported')).toHaveLength(2);

    const before = (await readOutbox(test.engine.endpoints.ses)).length;
    const sent = await run(circularCommands, 'send', '--cycle', '79/999');
    expect(sent).toContain('Done: ');
    const notes = new NotesRepository(test.table);
    expect((await notes.sendCounts(noteId('circular', '79/999'))).statesSent).toBe(5);
    const messages = (await readOutbox(test.engine.endpoints.ses)).slice(before);
    expect(messages.some((message) => message.body.text?.includes('79/999'))).toBe(true);
  }, 60_000);
});

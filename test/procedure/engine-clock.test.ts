/**
 * One clock for everything the local engine runs: under MPR_TIME_SCALE, a receipt, the workflows
 * that follow it, the dates of the notes and the CLI's "today" are all on the engine clock, so a
 * report's first reminder comes after its reasonable period (not at once), and
 * `mpr obligations list --overdue` says what the reminder workflow recorded.
 */
import { describe, expect, it } from 'vitest';
import { obligationsCommands } from '../../cli/commands/obligations.ts';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { IncidentsRepository } from '../../functions/aws/incidents-repository.ts';
import { NotesRepository } from '../../functions/aws/notes-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { addDays } from '../../functions/core/cycles.ts';
import { noteId } from '../../functions/core/dispatch.ts';
import { run, useCliEngine } from '../cli/support.ts';
import { changeCycle } from '../support/cycles.ts';
import { eventually } from '../support/engine.ts';
import { violationItem } from '../support/submissions.ts';

const testEngine = useCliEngine({ timeScale: 86_400, sesMaxSendRate: 10_000 });

describe('one engine clock at a day a second', () => {
  it('receives on the engine clock, reminds after the period, and the CLI sees the obligation overdue', async () => {
    const test = testEngine();
    const { engine } = test;
    // The territorial State's follow-up is due five days after the report, reminded at 5 and 8.
    await changeCycle(test.table, '77/108', {
      'periods.violationReport': { dueAfterDays: 5, remindAfterDays: [5] },
      'periods.followUp': { dueAfterDays: 5, remindAfterDays: [5, 8] },
    });
    // Not circulated, so that the reminders start within an engine day: circulating to 195 States
    // takes seconds, which are weeks at this scale.
    const token = (await engine.cognito.tokenFor({ username: 'focal.fra' })).idToken;
    const realToday = new Date().toISOString().slice(0, 10);
    const before = engine.clock.now().toISOString();
    const response = await fetch(`${engine.endpoints.api}/v1/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        formVersion: 1,
        language: 'en',
        note: { date: realToday },
        items: [violationItem({ incidentDate: realToday, circulate: false })],
      }),
    });
    const after = engine.clock.now().toISOString();
    expect(response.status, await response.clone().text()).toBe(201);
    const { reference } = (await response.json()) as { reference: string };
    const submission = (await new SubmissionsRepository(test.table).get(reference))!;
    // The receipt is on the engine clock, which runs days ahead of real time by now.
    expect(submission.receivedAt >= before && submission.receivedAt <= after).toBe(true);

    const [incidentId] = await new IncidentsRepository(test.table).idsOfSubmission(reference);
    const obligationId = `${incidentId}/follow-up/KEN`;
    const receiptDay = submission.receivedAt.slice(0, 10);
    const notes = new NotesRepository(test.table);
    const first = noteId('reminder', obligationId, 1);
    const second = noteId('reminder', obligationId, 2);

    // Not at once: while the engine is still before the reminder day, no reminder has gone.
    expect(await notes.wasSentTo(first, 'KEN')).toBe(false);
    await eventually(async () => ((await notes.wasSentTo(first, 'KEN')) ? true : undefined), 'the first reminder', 30_000);
    const firstNote = (await notes.get(first))!;
    // On its day (or, on a busy machine, a day or two after: an engine day is a real second).
    expect(firstNote.date >= addDays(receiptDay, 5) && firstNote.date < addDays(receiptDay, 8)).toBe(true);

    const overdue = await eventually(
      async () => (await new AuditRepository(test.table).forSubject('obligation', obligationId)).find((event) => event.action === 'overdue'),
      'the obligation recorded overdue',
      30_000,
    );
    expect(await notes.wasSentTo(second, 'KEN')).toBe(true);
    expect((await notes.get(second))!.date >= addDays(receiptDay, 8)).toBe(true);
    expect(overdue.at.slice(0, 10) >= addDays(receiptDay, 8)).toBe(true);

    const listed = JSON.parse(await run(obligationsCommands, 'list', '--overdue', '--json')) as { id: string; overdue: boolean }[];
    expect(listed.map((obligation) => obligation.id)).toContain(obligationId);
  }, 90_000);
});

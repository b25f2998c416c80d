/**
 * Circulation on receipt (12(b), 12(c)) and the reasonable-period reminders (12(d)) it starts,
 * on the local engine with the workflow clock at four hours a second: fast enough that a reminder
 * due in days comes in seconds, slow enough that the 195-State circulation, which takes real time
 * on a busy machine, stays well inside the workflow's 30-day limit (30 days = 180 real seconds).
 */

import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { IncidentsRepository } from '../../functions/aws/incidents-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { reminderExecutionName } from '../../functions/core/dispatch.ts';
import { attachReport, linkedReportOf, openIncident } from '../../functions/core/incidents.ts';
import type { Submission } from '../../functions/core/submissions.ts';
import { readOutbox } from '../../local/ses.ts';
import { changeCycle } from '../support/cycles.ts';
import { eventually, runWorkflow, type TestEngine, useEngine } from '../support/engine.ts';
import { addressOnly } from '../support/seed.ts';
import { followUpItem, submission, violationItem } from '../support/submissions.ts';

const testEngine = useEngine({ sesMaxSendRate: 10_000, timeScale: 14_400 });

/** Stores a submission and its incident as intake does, received now by the workflow clock. */
async function received(test: TestEngine, sequence: number, reportingState: string, items: unknown[]): Promise<Submission> {
  const now = test.engine.clock.now();
  const stored = submission(sequence, reportingState, now.toISOString(), items, now);
  await new SubmissionsRepository(test.table).create(stored);
  for (const [index, item] of stored.items.entries()) {
    if (item.kind === 'violation') await new IncidentsRepository(test.table).save(openIncident(stored, index));
  }
  return stored;
}

/** Today by the workflow clock, which runs four hours a second in this file. */
function today(): string {
  return testEngine().engine.clock.now().toISOString().slice(0, 10);
}

describe('circulation on receipt', () => {
  it('circulates a report to every addressee, draws the attention of the States concerned, and starts their reminders', async () => {
    const test = testEngine();
    // Short reasonable periods so that reminders fall within seconds at four hours a second.
    await changeCycle(test.table, '77/108', {
      'periods.violationReport': { dueAfterDays: 1, remindAfterDays: [1, 2] },
      'periods.followUp': { dueAfterDays: 2, remindAfterDays: [2, 3] },
    });
    const report = await received(test, 1, 'FRA', [violationItem({ incidentDate: today(), allegedOffender: { known: true, presentIn: 'MEX' } })]);
    const before = (await readOutbox(test.engine.endpoints.ses)).length;
    const execution = await runWorkflow(test, 'circulation', `circulation-${report.reference}`, { reference: report.reference }, 180_000);
    expect(execution.status, `${execution.error}: ${execution.cause}`).toBe('SUCCEEDED');

    const sent = (await readOutbox(test.engine.endpoints.ses)).slice(before);
    const circulation = sent.filter((message) => message.attachments.some((attachment) => attachment.filename === `${report.reference}.txt`));
    expect(new Set(circulation.map((message) => message.destination.to[0])).size).toBe(circulation.length);
    expect(circulation.length).toBeGreaterThanOrEqual(195);
    const attention = sent.filter((message) => !circulation.includes(message));
    expect(attention.map((message) => message.destination.to[0]!.split('@')[0]!.split('.')[1]).sort()).toEqual(expect.arrayContaining(['ken', 'mex']));
    expect(attention.some((message) => message.destination.to[0]!.includes('.fra@'))).toBe(false);

    expect((await new SubmissionsRepository(test.table).get(report.reference))?.status).toBe('circulated');
    const trail = await new AuditRepository(test.table).forSubject('submission', report.reference);
    expect(trail.map((event) => event.action)).toEqual(expect.arrayContaining(['circulated', 'attention-drawn']));

    const reminders = await test.sfn.send(new ListExecutionsCommand({ stateMachineArn: test.engine.resources.stateMachines['reminder'] }));
    const incidentId = `INC-${report.reference}-1`;
    expect(reminders.executions?.map((entry) => entry.name).sort()).toEqual(
      [reminderExecutionName(`${incidentId}/follow-up/KEN`), reminderExecutionName(`${incidentId}/violation-report/KEN`)].sort(),
    );
  }, 240_000);

  it('reminds the territorial State, a second time more firmly, then records the obligation overdue', async () => {
    const test = testEngine();
    const report = (await new SubmissionsRepository(test.table).get('MPR-2024-0001'))!;
    const incidentId = `INC-${report.reference}-1`;
    const reminder = reminderExecutionName(`${incidentId}/violation-report/KEN`);
    const arn = `${test.engine.resources.stateMachines['reminder']!.replace(':stateMachine:', ':execution:')}:${reminder}`;
    const finished = await eventually(
      async () => {
        const execution = await test.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
        return execution.status === 'RUNNING' ? undefined : execution;
      },
      'the reminder workflow to end',
      120_000,
    );
    expect(finished.status, `${finished.error}: ${finished.cause}`).toBe('SUCCEEDED');
    const reminders = (await readOutbox(test.engine.endpoints.ses)).filter(
      (message) => message.destination.to[0]?.endsWith('.ken@missions.example.org') && /reminder/i.test(message.subject),
    );
    expect(reminders.length).toBeGreaterThanOrEqual(2);
    expect(reminders.some((message) => /second/i.test(message.subject))).toBe(true);
    const overdue = await new AuditRepository(test.table).forSubject('obligation', `${incidentId}/violation-report/KEN`);
    expect(overdue.map((event) => event.action)).toEqual(['overdue']);
  }, 180_000);

  it('sends no reminder once the report arrives while the reminder waits', async () => {
    const test = testEngine();
    // From here on a few States are addressed: the intake's sweep circulates the reports these
    // tests store, and the fan-out to 195 is the first test's.
    await addressOnly(test.table, ['FRA', 'GHA', 'KEN', 'MEX', 'UGA']);
    // The first reminder two days or more ahead: seconds of real time in which the report arrives.
    await changeCycle(test.table, '77/108', { 'periods.followUp': { dueAfterDays: 3, remindAfterDays: [3, 4] } });
    const report = await received(test, 2, 'FRA', [violationItem({ incidentDate: today(), occurredIn: 'GHA', city: 'Accra' })]);
    const incidentId = `INC-${report.reference}-1`;
    const obligationId = `${incidentId}/follow-up/GHA`;
    const { executionArn } = await test.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: test.engine.resources.stateMachines['reminder'],
        name: reminderExecutionName(obligationId),
        input: JSON.stringify({ incidentId, obligationId }),
      }),
    );
    await eventually(async () => {
      const history = await test.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 3 }));
      return history.events?.some((event) => event.type === 'WaitStateEntered') ? true : undefined;
    }, 'the reminder to wait');
    // Ghana answers (a follow-up, which is also its own account of the event) while the workflow waits.
    const incidents = new IncidentsRepository(test.table);
    const stored = (await incidents.get(incidentId))!;
    const answer = submission(3, 'GHA', test.engine.clock.now().toISOString(), [followUpItem(report.reference, { final: true })], test.engine.clock.now());
    await incidents.save(attachReport(stored.incident, linkedReportOf(answer, 0)), stored.version);

    const finished = await eventually(
      async () => {
        const described = await test.sfn.send(new DescribeExecutionCommand({ executionArn }));
        return described.status === 'RUNNING' ? undefined : described;
      },
      'the reminder workflow to end',
      120_000,
    );
    expect(finished.status).toBe('SUCCEEDED');
    const history = await test.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events?.filter((event) => event.type === 'WaitStateExited')).toHaveLength(1);
    const toGhana = (await readOutbox(test.engine.endpoints.ses)).filter(
      (message) => message.destination.to[0]?.endsWith('.gha@missions.example.org') && /remind|rappel/i.test(message.subject),
    );
    expect(toGhana.map((message) => message.subject)).toEqual([]);
  }, 180_000);

  it('does not circulate a report whose State asked otherwise: the Secretariat is told, and the State concerned only of the procedure, without the text', async () => {
    const test = testEngine();
    const report = await received(test, 4, 'KEN', [
      violationItem({ incidentDate: today(), circulate: false, occurredIn: 'UGA', affected: { kinds: ['consulate'], missionState: 'KEN' } }),
    ]);
    const before = (await readOutbox(test.engine.endpoints.ses)).length;
    const execution = await runWorkflow(test, 'circulation', `circulation-${report.reference}`, { reference: report.reference }, 180_000);
    expect(execution.status, `${execution.error}: ${execution.cause}`).toBe('SUCCEEDED');
    // Other reminder workflows of this file may be sending meanwhile: look at what names this report.
    const sent = (await readOutbox(test.engine.endpoints.ses)).slice(before).filter((message) => (message.body.text ?? '').includes(report.reference));
    // 12(c) still applies (docs/procedure.md): Uganda's attention is drawn, without the report's text.
    // Should a note fail, the execution's output names the error its Catch recorded.
    expect(sent.map((message) => message.destination.to[0]).sort(), execution.output).toEqual(['pm.uga@missions.example.org', 'secretariat@mpr.example.org']);
    const attention = sent.find((message) => message.destination.to[0] === 'pm.uga@missions.example.org')!;
    expect(attention.body.text).not.toContain('Description');
    expect(attention.attachments.some((attachment) => attachment.filename === `${report.reference}.txt`)).toBe(false);
    expect((await new SubmissionsRepository(test.table).get(report.reference))?.status).toBe('not-circulated');
    // The attention note is on the report's trail, as a circulated report's is: Uganda's, by the workflow.
    const attentionDrawn = async () =>
      (await new AuditRepository(test.table).forSubject('submission', report.reference)).filter((event) => event.action === 'attention-drawn');
    expect((await attentionDrawn()).map((event) => [event.state, event.actor, event.details['noteId']])).toEqual([
      ['UGA', { kind: 'system', id: 'circulation-workflow' }, `attention:INC-${report.reference}-1:${report.reference}`],
    ]);
    // A second run tells the Secretariat nothing new, and records nothing twice.
    const again = await runWorkflow(test, 'circulation', `circulation-${report.reference}-again`, { reference: report.reference }, 180_000);
    expect(again.status).toBe('SUCCEEDED');
    expect(
      (await readOutbox(test.engine.endpoints.ses)).slice(before).filter((message) => message.destination.to[0] === 'secretariat@mpr.example.org'),
    ).toHaveLength(1);
    expect((await attentionDrawn()).map((event) => event.state)).toEqual(['UGA']);
  }, 300_000);
});

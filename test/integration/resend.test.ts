/**
 * A released send is sent again, once, on its own (functions/aws/resend.ts): a circulation, an
 * attention note and a withdrawal note whose workflows completed with one send left uncertain
 * (a run that died between its claim and SES, as the claim it left shows) are released by the
 * sweep after the window and sent by a resend of the note to the State: one message to the
 * mailbox, the release and the resend on the State's audit trail, and `mpr notes uncertain`
 * listing the send as resent.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { notesCommands } from '../../cli/commands/notes.ts';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { IncidentsRepository } from '../../functions/aws/incidents-repository.ts';
import { keys } from '../../functions/aws/keys.ts';
import { NoteSender, SendReconciler } from '../../functions/aws/note-sender.ts';
import { NotesRepository, type ResendRequest, type ResentSend, type UnsettledSend } from '../../functions/aws/notes-repository.ts';
import { resendExecutionName } from '../../functions/aws/resend.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import type { StateCode } from '../../functions/core/codes.ts';
import { deliverableMailboxes, noteId } from '../../functions/core/dispatch.ts';
import { openIncident } from '../../functions/core/incidents.ts';
import { secretariatCode } from '../../functions/core/secretariat.ts';
import { checkObligation } from '../../functions/dispatch/check-obligation.ts';
import { recordNotCirculated } from '../../functions/dispatch/not-circulated.ts';
import { sendNotCirculatedNotice } from '../../functions/dispatch/not-circulated-notice.ts';
import { acknowledgeUpload } from '../../functions/intake/acknowledge-upload.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import { readOutbox } from '../../local/ses.ts';
import { run, useCliEngine } from '../cli/support.ts';
import { eventually, runWorkflow } from '../support/engine.ts';
import { seedStates } from '../support/seed.ts';
import { submission, violationItem } from '../support/submissions.ts';

/** The sweep runs every second (15 engine minutes at ×900) and releases what is 3 s unsettled. */
const system = useCliEngine({ timeScale: 900, unsettledSendWindowMinutes: 0.05, sesMaxSendRate: 10_000, withoutSampleInstruments: true });

interface Stranded {
  readonly noteId: string;
  readonly state: StateCode;
  readonly address: string;
  readonly claimedAt: string;
}

/** A send claimed by the note's task, which died before SES: the claim and the request the task keeps with it. */
async function strand(id: string, state: StateCode, request: ResendRequest): Promise<Stranded> {
  const test = system();
  const address = deliverableMailboxes((await new StatesRepository(test.table).get(state))!)[0]!;
  const claimedAt = new Date().toISOString();
  expect(await new NotesRepository(test.table).claimSend(id, state, address, claimedAt, request)).toEqual({ status: 'claimed' });
  return { noteId: id, state, address, claimedAt };
}

async function sendRecord(send: Stranded): Promise<Record<string, unknown> | undefined> {
  const { table } = system();
  const key = keys.noteSend(send.noteId, send.state, send.address);
  return (await table.client.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }))).Item;
}

/** Waits until the send is marked sent by its resend; its record. */
async function resent(send: Stranded): Promise<Record<string, unknown>> {
  return eventually(
    async () => {
      const item = await sendRecord(send);
      return item?.['status'] === 'sent' ? item : undefined;
    },
    `the resend of ${send.noteId} to ${send.address}`,
    90_000,
  );
}

async function expectSentOnce(send: Stranded): Promise<void> {
  const test = system();
  const record = await resent(send);
  expect(record['resentAfter']).toEqual(expect.any(String));
  const outbox = await readOutbox(test.engine.endpoints.ses);
  const message = outbox.find((candidate) => candidate.messageId === record['messageId']);
  expect(message?.destination.to).toEqual([send.address]);
  expect(outbox.filter((candidate) => candidate.destination.to.includes(send.address) && candidate.subject === message!.subject)).toHaveLength(1);

  const trail = await eventually(async () => {
    const events = (await new AuditRepository(test.table).forSubject('state', send.state)).filter(
      (event) => event.details['noteId'] === send.noteId && (event.details['released'] ?? event.details['resent']) === send.address,
    );
    return events.some((event) => event.details['resent'] === send.address) ? events : undefined;
  }, `the resend of ${send.noteId} on the audit trail`);
  expect(trail.map((event) => [event.actor.id, event.details['released'] ?? event.details['resent']])).toEqual([
    ['reconcile-sends', send.address],
    ['resend', send.address],
  ]);
  const finished = await eventually(async () => {
    const { executions } = await test.sfn.send(new ListExecutionsCommand({ stateMachineArn: test.engine.resources.stateMachines['resend'] }));
    const execution = executions?.find((candidate) => candidate.name === resendExecutionName(send));
    return execution && execution.status !== 'RUNNING' ? execution : undefined;
  }, `the resend's execution to finish`);
  expect(finished.status).toBe('SUCCEEDED');
}

describe('a released send sent again', () => {
  it('sends once, on its own, the released sends of a completed circulation, attention note and withdrawal note, audited and listed as resent', async () => {
    const test = system();
    await new StatesRepository(test.table).replaceAll(seedStates().filter((state) => ['ALB', 'FRA', 'KEN', 'MEX'].includes(state.code)));
    const now = test.engine.clock.now();
    const report = submission(
      31,
      'FRA',
      now.toISOString(),
      [violationItem({ incidentDate: now.toISOString().slice(0, 10), allegedOffender: { known: true, presentIn: 'MEX' } })],
      now,
    );
    const submissions = new SubmissionsRepository(test.table);
    await submissions.create(report);
    await new IncidentsRepository(test.table).save(openIncident(report, 0));
    const { reference } = report;
    const incidentId = `INC-${reference}-1`;

    const circulation = await strand(noteId('circulation', reference), 'ALB', { kind: 'circulation', cycleId: '77/108', reference, incidentId: null });
    const attention = await strand(noteId('attention', incidentId, reference), 'KEN', { kind: 'attention', cycleId: '77/108', reference, incidentId });
    const circulated = await runWorkflow(test, 'circulation', `circulation-${reference}`, { reference }, 120_000);
    expect(circulated.status, `${circulated.error}: ${circulated.cause}`).toBe('SUCCEEDED');
    await expectSentOnce(circulation);
    await expectSentOnce(attention);

    const withdrawn = await submissions.update({
      ...(await submissions.get(reference))!,
      withdrawal: { at: test.engine.clock.now().toISOString(), by: 'officer.test', reason: 'sent in error' },
    });
    expect(withdrawn.withdrawal).toBeDefined();
    const withdrawal = await strand(noteId('withdrawal', reference), 'MEX', { kind: 'withdrawal', cycleId: '77/108', reference, incidentId: null });
    const told = await runWorkflow(test, 'withdrawal', `withdrawal-${reference}`, { reference }, 120_000);
    expect(told.status, `${told.error}: ${told.cause}`).toBe('SUCCEEDED');
    await expectSentOnce(withdrawal);

    const listed = JSON.parse(await run(notesCommands, 'uncertain', '--json')) as { uncertain: UnsettledSend[]; resent: ResentSend[] };
    const pick = ({ noteId: id, state, address }: { noteId: string; state: string; address: string }) => ({ noteId: id, state, address });
    expect(listed.resent.map(pick)).toEqual(expect.arrayContaining([circulation, attention, withdrawal].map(pick)));
    expect(listed.uncertain.map(pick)).not.toEqual(expect.arrayContaining([pick(circulation)]));
    const table = await run(notesCommands, 'uncertain', '--kind', 'attention');
    expect(table).toContain('Released and sent again:');
    expect(table).toMatch(new RegExp(`attention +${attention.noteId} +KEN +${attention.address.replace(/\./g, '\\.')} +\\S+ +resent \\S+`));
  }, 300_000);

  it('sends again, once, an acknowledgement and a notice to the Secretariat that SES never answered, from the message their claims kept', async () => {
    const test = system();
    await new StatesRepository(test.table).replaceAll(seedStates().filter((state) => ['ALB', 'FRA', 'KEN', 'MEX'].includes(state.code)));
    // SES unreachable (nothing listens on port 1): no answer, so each send stays claimed, uncertain.
    const unreachableSes = new SESv2Client({ ...localClientConfig('http://127.0.0.1:1'), maxAttempts: 1 });
    const logger = { warn: () => undefined, error: () => undefined };
    const now = test.engine.clock.now();
    const report = submission(33, 'MEX', now.toISOString(), [violationItem({ incidentDate: now.toISOString().slice(0, 10), circulate: false })], now);
    await new SubmissionsRepository(test.table).create(report);
    const settings = { ses: unreachableSes, logger, senderAddress: 'notes@mpr.example.org', configurationSet: 'mpr-local' };
    expect(await acknowledgeUpload(report, test.table, settings)).toEqual([]);
    const sender = new NoteSender({ notes: new NotesRepository(test.table), ...settings });
    await recordNotCirculated(report, now.toISOString(), test.table);
    await sendNotCirculatedNotice(report.reference, now.toISOString(), { table: test.table, sender, secretariatAddress: 'secretariat@mpr.example.org' });

    const unsettled = await new NotesRepository(test.table).unsettledSends({ claimedBefore: new Date(Date.now() + 60_000).toISOString() });
    const acknowledgements = unsettled.filter((send) => send.noteId === noteId('acknowledgement', report.reference));
    const notice = unsettled.find((send) => send.noteId === noteId('not-circulated', report.reference))!;
    const mexico = deliverableMailboxes((await new StatesRepository(test.table).get('MEX'))!);
    expect(acknowledgements.map((send) => send.address).sort()).toEqual([...mexico].sort());
    for (const send of acknowledgements) expect(send).toMatchObject({ state: 'MEX', request: { kind: 'acknowledgement' } });
    expect(notice).toMatchObject({ state: secretariatCode, address: 'secretariat@mpr.example.org', request: { kind: 'not-circulated-notice' } });

    for (const send of [...acknowledgements, notice]) await expectSentOnce(send);
    const outbox = await readOutbox(test.engine.endpoints.ses);
    for (const address of mexico) {
      const aboutTheReport = outbox.filter((message) => message.destination.to.includes(address) && message.subject.includes(report.reference));
      expect(
        aboutTheReport.map((message) => message.subject),
        address,
      ).toEqual([`Acknowledgement of receipt: ${report.reference}`]);
    }
    const toSecretariat = outbox.filter(
      (message) => message.destination.to.includes('secretariat@mpr.example.org') && message.body.text?.includes(report.reference),
    );
    expect(toSecretariat).toHaveLength(1);
    unreachableSes.destroy();
  }, 300_000);

  it('starts a resend that failed again, once per window since the release, three attempts in all, then leaves the send to an officer', async () => {
    const test = system();
    const notes = new NotesRepository(test.table);
    // Claimed in 2030, beyond the engine's clock: its own sweep leaves this send alone, and this
    // test's reconciler, whose clock it sets, sweeps it.
    const send = { noteId: noteId('circulation', 'MPR-2024-0077'), state: 'FRA', address: 'retry@missions.example.org', claimedAt: '2030-01-01T00:00:00.000Z' };
    await notes.claimSend(send.noteId, send.state, send.address, send.claimedAt, {
      kind: 'circulation',
      cycleId: '77/108',
      reference: 'MPR-2024-0077',
      incidentId: null,
    });
    let clock = new Date('2030-01-01T01:30:00.000Z');
    const started: string[] = [];
    const reconciler = new SendReconciler({
      notes,
      audit: new AuditRepository(test.table),
      windowMinutes: 60,
      now: () => clock,
      // Each attempt's execution fails (as when the State has no healthy mailbox): the send stays released.
      resend: async (released, _at, attempt = 0) => {
        const name = resendExecutionName(released, attempt);
        started.push(name);
        return name;
      },
    });
    const sweepAt = async (at: string) => {
      clock = new Date(at);
      await reconciler.releaseUnsettled();
    };
    await sweepAt('2030-01-01T01:30:00.000Z');
    await sweepAt('2030-01-01T02:00:00.000Z');
    await sweepAt('2030-01-01T02:31:00.000Z');
    await sweepAt('2030-01-01T03:45:00.000Z');
    await sweepAt('2030-01-01T04:31:00.000Z');
    await sweepAt('2030-01-01T09:00:00.000Z');
    const first = resendExecutionName(send);
    // The release's attempt, the same again within its window (a no-op: the name is taken), then one per window.
    expect(started).toEqual([first, first, `${first}-2`, `${first}-3`]);
    expect(started.every((name) => name.length <= 80 && /^[A-Za-z0-9_-]+$/.test(name))).toBe(true);
    expect(await notes.unsettledSendsOf(send.noteId)).toEqual([expect.objectContaining({ address: send.address, status: 'released' })]);
  });

  it('counts an uncertain reminder as sent, so that the reminder workflow waits for the next one instead of sending it round and round', async () => {
    const test = system();
    const receivedAt = '2024-01-10T12:00:00.000Z';
    const report = submission(32, 'FRA', receivedAt, [violationItem({ incidentDate: '2024-01-05' })], new Date(receivedAt));
    await new SubmissionsRepository(test.table).create(report);
    await new IncidentsRepository(test.table).save(openIncident(report, 0));
    const incidentId = `INC-${report.reference}-1`;
    const check = { incidentId, obligationId: `${incidentId}/violation-report/KEN`, now: '2024-03-15T00:00:00.000Z' };

    const due = await checkObligation(check, test.table);
    expect(due).toMatchObject({ action: 'send', reminderNumber: 1 });
    // The send of that reminder is left uncertain (a run died after its claim), with no request to resend it.
    const stranded = { noteId: due.noteId!, state: 'KEN', address: 'pm.ken@missions.example.org', claimedAt: new Date().toISOString() };
    await new NotesRepository(test.table).claimSend(stranded.noteId, stranded.state, stranded.address, stranded.claimedAt);
    expect(await checkObligation(check, test.table)).toMatchObject({ action: 'wait', until: expect.stringMatching(/^2024-05-/) });

    // Released by the sweep, it has not left: the reminder is due again.
    await eventually(async () => ((await sendRecord(stranded))?.['status'] === 'released' ? true : undefined), 'the sweep to release the reminder');
    expect(await checkObligation(check, test.table)).toMatchObject({ action: 'send', reminderNumber: 1 });
  });
});

/**
 * `mpr notes uncertain`: the uncertain sends of every kind of note, with their kind, note, State,
 * mailbox and claim time; given back by note and mailbox, audited with the officer's name. The
 * window is the default hour, so that the sweep releases nothing while the officer looks.
 */

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../cli/command.ts';
import { circularCommands } from '../../cli/commands/circular.ts';
import { notesCommands } from '../../cli/commands/notes.ts';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { keys } from '../../functions/aws/keys.ts';
import { NotesRepository, type ResentSend, type UnsettledSend } from '../../functions/aws/notes-repository.ts';
import { resendExecutionName } from '../../functions/aws/resend.ts';
import { noteId } from '../../functions/core/dispatch.ts';
import { readOutbox } from '../../local/ses.ts';
import { eventually } from '../support/engine.ts';
import { run, useCliEngine } from './support.ts';

const system = useCliEngine({ withoutSampleInstruments: true });

const circulation = noteId('circulation', 'MPR-2024-0042');
const reminder = noteId('reminder', 'obligation-7', 1);
const circular = noteId('circular', '77/108');

afterEach(() => {
  vi.useRealTimers();
});

/** Claims as runs that stopped mid-send leave them, then looks ten minutes on, when no run can still be sending. */
async function plantUncertainSends(): Promise<void> {
  const notes = new NotesRepository(system().table);
  const at = new Date().toISOString();
  await notes.claimSend(circulation, 'FRA', 'pm.fra@missions.example.org', at);
  await notes.claimSend(reminder, 'KEN', 'pm.ken@missions.example.org', at);
  await notes.claimSend(circular, 'ALB', 'protocol.alb@missions.example.org', at);
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10 * 60_000 });
}

describe('mpr notes uncertain', () => {
  it('lists the uncertain sends of every kind of note, filters them, and releases one by note and mailbox', async () => {
    await plantUncertainSends();
    const all = JSON.parse(await run(notesCommands, 'uncertain', '--json')) as { uncertain: UnsettledSend[] };
    expect(all.uncertain.map(({ kind, noteId: id, state, address, status }) => ({ kind, noteId: id, state, address, status }))).toEqual(
      expect.arrayContaining([
        { kind: 'circulation', noteId: circulation, state: 'FRA', address: 'pm.fra@missions.example.org', status: 'claimed' },
        { kind: 'reminder', noteId: reminder, state: 'KEN', address: 'pm.ken@missions.example.org', status: 'claimed' },
        { kind: 'circular', noteId: circular, state: 'ALB', address: 'protocol.alb@missions.example.org', status: 'claimed' },
      ]),
    );
    const table = await run(notesCommands, 'uncertain', '--kind', 'circulation');
    expect(table.split('\n')[0]).toMatch(/^kind +note +state +mailbox +claimed at +status$/);
    expect(table).toContain('circulation  circulation:MPR-2024-0042  FRA    pm.fra@missions.example.org');
    expect(table).not.toContain('pm.ken@');

    await expect(run(notesCommands, 'uncertain', '--release', 'pm.fra@missions.example.org')).rejects.toThrow(CliError);
    await expect(run(notesCommands, 'uncertain', '--note', circulation, '--release', 'pm.ken@missions.example.org')).rejects.toThrow(
      /not an uncertain send of this note: pm\.ken@missions\.example\.org; nothing was released/,
    );

    const released = await run(notesCommands, 'uncertain', '--note', circulation, '--release', 'pm.fra@missions.example.org');
    expect(released).toContain('Released pm.fra@missions.example.org: the next run of circulation:MPR-2024-0042 sends it the note.');
    expect(released).toMatch(/released \S+, for the next run to send/);
    const [send] = await new NotesRepository(system().table).unsettledSendsOf(circulation);
    expect(send).toMatchObject({ status: 'released', address: 'pm.fra@missions.example.org' });
    const trail = await new AuditRepository(system().table).forSubject('state', 'FRA');
    expect(trail.find((event) => event.details['released'] === 'pm.fra@missions.example.org')).toMatchObject({
      actor: { kind: 'secretariat', id: 'officer.test' },
      details: { noteId: circulation, kind: 'circulation', reason: 'released by an officer' },
    });
    // Released, the send may be claimed again by the note's next run.
    expect(await new NotesRepository(system().table).claimSend(circulation, 'FRA', 'pm.fra@missions.example.org', new Date().toISOString())).toEqual({
      status: 'claimed',
      afterRelease: { claimedAt: send!.claimedAt, releasedAt: send!.releasedAt },
    });
  });

  it('keeps `mpr circular uncertain` for the circular note of a cycle', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10 * 60_000 });
    const listed = JSON.parse(await run(circularCommands, 'uncertain', '--cycle', '77/108', '--json')) as { uncertain: UnsettledSend[] };
    expect(listed.uncertain.map((send) => send.address)).toEqual(['protocol.alb@missions.example.org']);
    const released = await run(circularCommands, 'uncertain', '--cycle', '77/108', '--release', 'protocol.alb@missions.example.org');
    expect(released).toContain('Released protocol.alb@missions.example.org: the next `mpr circular send` sends it the note.');
    expect(released).toContain('No uncertain send.');
  });

  it('sends the note again, once, to a mailbox an officer releases when the claim says how', async () => {
    const notes = new NotesRepository(system().table);
    const address = 'pm.ken@missions.example.org';
    const request = { kind: 'circular', cycleId: '77/108', reference: null, incidentId: null };
    // A dispatch run that died between its claim and SES, as send-note claims.
    const claimedAt = new Date().toISOString();
    await notes.claimSend(circular, 'KEN', address, claimedAt, request);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10 * 60_000 });
    const released = await run(notesCommands, 'uncertain', '--note', circular, '--release', address);
    const execution = resendExecutionName({ noteId: circular, state: 'KEN', address, claimedAt });
    expect(released).toContain(`Released ${address}: the note is sent to it again (execution ${execution}).`);
    vi.useRealTimers();
    const resent = await eventually(async () => {
      const listed = JSON.parse(await run(notesCommands, 'uncertain', '--kind', 'circular', '--json')) as { resent: ResentSend[] };
      return listed.resent.find((send) => send.address === address);
    }, 'the released send to be sent again');
    expect(resent).toMatchObject({ noteId: circular, state: 'KEN', kind: 'circular' });
    const toKenya = (await readOutbox(system().engine.endpoints.ses)).filter((message) => message.destination.to.includes(address));
    expect(toKenya.map((message) => message.messageId)).toEqual([resent.messageId]);
    // The release is dated ten minutes on (the officer's clock above), the resend now: compared whatever their order.
    const trail = await new AuditRepository(system().table).forSubject('state', 'KEN');
    const events = trail
      .filter((event) => event.details['noteId'] === circular)
      .map((event) => [event.actor, event.details['released'] ?? event.details['resent']]);
    expect(events).toHaveLength(2);
    expect(events).toEqual(
      expect.arrayContaining([
        [{ kind: 'secretariat', id: 'officer.test' }, address],
        [{ kind: 'system', id: 'resend' }, address],
      ]),
    );
  }, 60_000);

  it('puts on the index a send claimed before the index existed, so that the sweep and the listing find it', async () => {
    const { table } = system();
    const note = noteId('withdrawal', 'MPR-2023-0003');
    const address = 'pm.mex@missions.example.org';
    const claimedAt = new Date(Date.now() - 60 * 60_000).toISOString();
    // A claim as the system wrote it before it indexed its claims.
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.noteSend(note, 'MEX', address), noteId: note, state: 'MEX', address, status: 'claimed', claimedAt },
      }),
    );
    const notes = new NotesRepository(table);
    expect((await notes.unsettledSends()).filter((send) => send.noteId === note)).toEqual([]);

    expect(JSON.parse(await run(notesCommands, 'backfill-index', '--json'))).toEqual({ indexed: 1 });
    expect(await notes.unsettledSends({ claimedBefore: new Date().toISOString() })).toEqual(
      expect.arrayContaining([expect.objectContaining({ noteId: note, state: 'MEX', address, claimedAt, status: 'claimed', kind: 'withdrawal' })]),
    );
    const listed = JSON.parse(await run(notesCommands, 'uncertain', '--kind', 'withdrawal', '--json')) as { uncertain: UnsettledSend[] };
    expect(listed.uncertain.map((send) => send.address)).toEqual([address]);
    // Once is enough: a second run finds nothing left to index.
    expect((await run(notesCommands, 'backfill-index')).trim()).toBe('Every unsettled send was on the index already.');
  });
});

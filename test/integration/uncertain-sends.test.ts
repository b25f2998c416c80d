/**
 * Uncertain sends reconciled (functions/aws/note-sender.ts, `SendReconciler`), on the engine:
 * a send whose answer was lost after SES accepted it is settled by SES's Send event (the
 * engine publishes one for every message its SES stand-in accepts, with the message's tags);
 * one SES never received gets no event and is released by the scheduled sweep (reconcile-sends)
 * after the window, audited, and the next send sends it once; an event that comes after the
 * release still marks the send sent, so that no later send repeats it. For every kind of note.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { keys } from '../../functions/aws/keys.ts';
import { type NoteDelivery, NoteSender } from '../../functions/aws/note-sender.ts';
import { NotesRepository } from '../../functions/aws/notes-repository.ts';
import type { StateCode } from '../../functions/core/codes.ts';
import { type DispatchedNoteKind, noteId, type SentMessageKind } from '../../functions/core/dispatch.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import { readOutbox } from '../../local/ses.ts';
import { eventually, useEngine } from '../support/engine.ts';

/** The sweep runs every second (15 engine minutes at ×900) and releases what is 3 s unsettled. */
const windowMinutes = 0.05;
const system = useEngine({ timeScale: 900, unsettledSendWindowMinutes: windowMinutes, withoutSampleInstruments: true });

const clients: SESv2Client[] = [];
afterAll(() => {
  for (const client of clients) client.destroy();
});

/** The connection is lost after SES answered: the message was accepted, the sender never learns it. */
function answerLostClient(): SESv2Client {
  const client = new SESv2Client({ ...localClientConfig(system().engine.endpoints.ses), maxAttempts: 1 });
  client.middlewareStack.add(
    (next) => async (args) => {
      await next(args);
      throw Object.assign(new Error('socket hang up after the request was sent'), { name: 'TimeoutError' });
    },
    { step: 'initialize', name: 'loseTheAnswer' },
  );
  clients.push(client);
  return client;
}

/** The connection fails before SES receives anything. */
function unreachableClient(): SESv2Client {
  const client = new SESv2Client({ ...localClientConfig('http://127.0.0.1:9'), maxAttempts: 1 });
  clients.push(client);
  return client;
}

function workingClient(): SESv2Client {
  const client = new SESv2Client({ ...localClientConfig(system().engine.endpoints.ses), maxAttempts: 1 });
  clients.push(client);
  return client;
}

function sender(ses: SESv2Client): NoteSender {
  return new NoteSender({
    notes: new NotesRepository(system().table),
    ses,
    senderAddress: 'codification@mpr.example.org',
    configurationSet: 'mpr-local',
  });
}

/**
 * A note as no task sends it: with its document attached and no request, so that its claim keeps
 * nothing to resend (test/integration/resend.test.ts has the resends), and a released send waits
 * for the next run, which these tests make.
 */
function delivery(kind: DispatchedNoteKind, id: string, state: StateCode, address: string): NoteDelivery {
  return {
    noteId: id,
    kind: kind as SentMessageKind,
    state,
    address,
    message: {
      subject: `Note ${id} to ${address}`,
      text: 'The Secretary-General presents his compliments.',
      attachments: [{ fileName: 'note.txt', contentType: 'text/plain', content: Buffer.from('The note.') }],
    },
  };
}

async function sendRecord(id: string, state: StateCode, address: string): Promise<Record<string, unknown> | undefined> {
  const { table } = system();
  const { Item } = await table.client.send(new GetCommand({ TableName: table.tableName, Key: keys.noteSend(id, state, address), ConsistentRead: true }));
  return Item;
}

async function messagesTo(address: string) {
  return (await readOutbox(system().engine.endpoints.outbox.replace(/\/$/, ''))).filter((message) => message.destination.to.includes(address));
}

const notesOfEveryKind: readonly { kind: DispatchedNoteKind; id: string }[] = [
  { kind: 'circular', id: noteId('circular', '77/108') },
  { kind: 'pre-deadline-reminder', id: noteId('pre-deadline-reminder', '77/108', '2099-05-01') },
  { kind: 'circulation', id: noteId('circulation', 'MPR-2024-0007') },
  { kind: 'attention', id: noteId('attention', 'incident-1', 'MPR-2024-0007') },
  { kind: 'reminder', id: noteId('reminder', 'obligation-1', 2) },
  { kind: 'withdrawal', id: noteId('withdrawal', 'MPR-2024-0007') },
  { kind: 'acknowledgement', id: noteId('acknowledgement', 'MPR-2024-0007') },
];

describe('uncertain sends reconciled', () => {
  it('settles, from SES’s Send event, a send of any kind of note whose answer was lost: marked sent with SES’s message id, never sent again', async () => {
    const lost = sender(answerLostClient());
    const sends = notesOfEveryKind.map(({ kind, id }, index) => delivery(kind, id, 'FRA', `lost-${index}@missions.example.org`));
    for (const send of sends) expect(await lost.sendOnce(send)).toMatchObject({ status: 'uncertain', byThisCall: true });

    for (const send of sends) {
      const record = await eventually(async () => {
        const item = await sendRecord(send.noteId, send.state, send.address);
        return item?.['status'] === 'sent' ? item : undefined;
      }, `the Send event to settle ${send.noteId}`);
      const [message] = await messagesTo(send.address);
      expect(record['messageId']).toBe(message!.messageId);
      expect(record['settledBy']).toBe('ses-event');
      expect(await sender(workingClient()).sendOnce(send)).toEqual({ status: 'already-sent' });
      expect(await messagesTo(send.address)).toHaveLength(1);
    }
    expect(await new NotesRepository(system().table).unsettledSends({ state: 'FRA', address: sends[0]!.address })).toEqual([]);
  });

  it('releases, after the window, a send SES never received (no event), audited; the next send sends it once', async () => {
    const sends = notesOfEveryKind.map(({ kind, id }, index) => delivery(kind, id, 'KEN', `never-${index}@missions.example.org`));
    for (const send of sends) expect(await sender(unreachableClient()).sendOnce(send)).toMatchObject({ status: 'uncertain' });
    const audit = new AuditRepository(system().table);
    for (const send of sends) {
      await eventually(
        async () => ((await sendRecord(send.noteId, send.state, send.address))?.['status'] === 'released' ? true : undefined),
        `the sweep to release ${send.noteId}`,
      );
      // The release is audited right after it is recorded.
      const trail = await eventually(async () => {
        const events = await audit.forSubject('state', 'KEN');
        return events.some((event) => event.details['released'] === send.address) ? events : undefined;
      }, `the release of ${send.noteId} in the audit trail`);
      expect(trail.filter((event) => event.details['released'] === send.address)).toEqual([
        expect.objectContaining({
          actor: { kind: 'system', id: 'reconcile-sends' },
          action: 'changed',
          details: expect.objectContaining({ noteId: send.noteId, reason: 'no SES event within the window' }),
        }),
      ]);
      // Released, it is listed as waiting for a run; the next run sends it, once.
      expect(await new NotesRepository(system().table).unsettledSendsOf(send.noteId)).toEqual([
        expect.objectContaining({ address: send.address, status: 'released', kind: send.noteId.split(':')[0] }),
      ]);
      expect(await sender(workingClient()).sendOnce(send)).toMatchObject({ status: 'sent' });
      expect(await sender(workingClient()).sendOnce(send)).toEqual({ status: 'already-sent' });
      expect(await messagesTo(send.address)).toHaveLength(1);
    }
  });

  it('marks sent a released send whose SES event comes late, so that no later run sends it a second time', async () => {
    const { engine } = system();
    const send = delivery('circulation', noteId('circulation', 'MPR-2024-0099'), 'MEX', 'late@missions.example.org');
    engine.sesEvents.holdAcceptedEvents(true);
    try {
      expect(await sender(answerLostClient()).sendOnce(send)).toMatchObject({ status: 'uncertain' });
      await eventually(
        async () => ((await sendRecord(send.noteId, send.state, send.address))?.['status'] === 'released' ? true : undefined),
        'the sweep to release the send',
      );
    } finally {
      engine.sesEvents.holdAcceptedEvents(false);
    }
    const record = await eventually(async () => {
      const item = await sendRecord(send.noteId, send.state, send.address);
      return item?.['status'] === 'sent' ? item : undefined;
    }, 'the late Send event to settle the released send');
    const [message] = await messagesTo(send.address);
    expect(record['messageId']).toBe(message!.messageId);
    expect(await sender(workingClient()).sendOnce(send)).toEqual({ status: 'already-sent' });
    expect(await messagesTo(send.address)).toHaveLength(1);
  });

  it('settles a send from SES’s Delivery event, and one to a bouncing address from its Bounce event, with no Send event published', async () => {
    const { engine } = system();
    // As a configuration set publishing deliveries, bounces and complaints only.
    engine.sesEvents.publishEventTypes(['Delivery', 'Bounce', 'Complaint']);
    try {
      const delivered = delivery('attention', noteId('attention', 'incident-9', 'MPR-2024-0009'), 'UGA', 'delivered@missions.example.org');
      const bounced = delivery('circulation', noteId('circulation', 'MPR-2024-0009'), 'ISL', 'bounce+settled@simulator.amazonses.com');
      for (const send of [delivered, bounced]) expect(await sender(answerLostClient()).sendOnce(send)).toMatchObject({ status: 'uncertain', byThisCall: true });
      for (const send of [delivered, bounced]) {
        const record = await eventually(async () => {
          const item = await sendRecord(send.noteId, send.state, send.address);
          return item?.['status'] === 'sent' ? item : undefined;
        }, `an event to settle ${send.noteId}`);
        const [message] = await messagesTo(send.address);
        expect(record).toMatchObject({ messageId: message!.messageId, settledBy: 'ses-event' });
        expect(await sender(workingClient()).sendOnce(send)).toEqual({ status: 'already-sent' });
        expect(await messagesTo(send.address)).toHaveLength(1);
      }
    } finally {
      engine.sesEvents.publishEventTypes(['Send', 'Delivery', 'Bounce', 'Complaint']);
    }
  });
});

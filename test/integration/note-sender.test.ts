/**
 * The exactly-once sender (functions/aws/note-sender.ts), the one way every note and
 * acknowledgement leaves, against the engine's DynamoDB and SES stand-ins, each behind the
 * engine's fault proxy (local/faults.ts): a send is claimed, sent, marked; the claim is given back
 * only when SES answered with a refusal; a send SES did not answer stays uncertain and is never
 * repeated; and under random faults on both stand-ins, no mailbox ever receives a note twice.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NoteDelivery, NoteSender, type SendOutcome, sendInFlight } from '../../functions/aws/note-sender.ts';
import { NotesRepository } from '../../functions/aws/notes-repository.ts';
import type { TableAccess } from '../../functions/aws/table-repository.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import { startDynamoDb } from '../../local/dynamodb.ts';
import {
  awsFaults,
  droppedConnection,
  FaultPlan,
  type FaultProxy,
  type InjectedFault,
  type ProxiedRequest,
  sesThrottled,
  startFaultProxy,
} from '../../local/faults.ts';
import { readOutbox, startSes } from '../../local/ses.ts';

/** A fault plan the test sets as it goes: the next faults to inject, then a random rate of them. */
class ScriptedFaults extends FaultPlan {
  queue: InjectedFault[] = [];
  random: FaultPlan | undefined;

  constructor() {
    super({ service: 'scripted', rate: 0, faults: [], seed: 1, counts: {} });
  }

  override draw(): InjectedFault | undefined {
    return this.queue.shift() ?? this.random?.draw();
  }
}

const isSend = (method: string, path: string) => method === 'POST' && path.startsWith('/v2/email/outbound-emails');

let stops: (() => Promise<void>)[] = [];
let table: TableAccess;
let ses: SESv2Client;
let sesUrl: string;
const sesFaults = new ScriptedFaults();
const tableFaults = new ScriptedFaults();
/** The SES tags of every send that reached the stand-in. */
const tagsSent: Record<string, string>[] = [];

beforeAll(async () => {
  const [dynamodb, sesServer] = await Promise.all([startDynamoDb({ port: 0, tableName: 'mpr-sender' }), startSes({ port: 0 })]);
  sesUrl = sesServer.url;
  const recordTags = (request: ProxiedRequest) => {
    if (!isSend(request.method, request.path)) return;
    const { EmailTags = [] } = JSON.parse(request.body.toString('utf8')) as { EmailTags?: { Name: string; Value: string }[] };
    tagsSent.push(Object.fromEntries(EmailTags.map((tag) => [tag.Name, tag.Value])));
  };
  const proxies: FaultProxy[] = await Promise.all([
    startFaultProxy({ target: dynamodb.url, plan: tableFaults }),
    startFaultProxy({ target: sesServer.url, plan: sesFaults, applies: isSend, record: recordTags }),
  ]);
  // The SDK's own retries on the table; none on SES, so that each injected SES fault reaches the sender.
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ ...localClientConfig(proxies[0]!.url), maxAttempts: 4 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  ses = new SESv2Client({ ...localClientConfig(proxies[1]!.url), maxAttempts: 1 });
  table = { client: documents, tableName: 'mpr-sender' };
  stops = [...proxies.map((proxy) => proxy.stop), sesServer.stop, dynamodb.stop, async () => documents.destroy(), async () => ses.destroy()];
}, 60_000);

afterAll(async () => {
  for (const stop of stops) await stop();
});

function sender(): NoteSender {
  return new NoteSender({ notes: new NotesRepository(table), ses, senderAddress: 'codification@mpr.example.org', configurationSet: 'mpr-test' });
}

function delivery(noteId: string, address: string): NoteDelivery {
  return {
    noteId,
    kind: 'circular',
    state: 'FRA',
    address,
    message: { subject: `Note ${noteId} to ${address}`, text: 'The Secretary-General presents his compliments.' },
  };
}

async function received(address: string): Promise<number> {
  return (await readOutbox(sesUrl)).filter((message) => message.destination.to.includes(address)).length;
}

describe('the exactly-once sender', () => {
  it('sends a note to a mailbox once, tagged with the note, its kind and the State; a second call finds it sent', async () => {
    const address = 'once@missions.example.org';
    expect((await sender().sendOnce(delivery('circular:77-108', address))).status).toBe('sent');
    expect(await sender().sendOnce(delivery('circular:77-108', address))).toEqual({ status: 'already-sent' });
    expect(await received(address)).toBe(1);
    expect(tagsSent.at(-1)).toEqual({ note: 'circular_77-108', 'note-id': 'Y2lyY3VsYXI6NzctMTA4', kind: 'circular', state: 'FRA' });
  });

  it('gives the claim back when SES refuses, so that a retry sends it', async () => {
    const address = 'refused@missions.example.org';
    sesFaults.queue.push(sesThrottled);
    const refused = await sender().sendOnce(delivery('refused', address));
    expect(refused).toMatchObject({ status: 'refused', throttled: true, serverError: false });
    expect(await new NotesRepository(table).unmarkedSends('refused')).toEqual([]);
    expect((await sender().sendOnce(delivery('refused', address))).status).toBe('sent');
    expect(await received(address)).toBe(1);
  });

  it('keeps a send SES did not answer as uncertain, and never sends it again', async () => {
    const address = 'unanswered@missions.example.org';
    sesFaults.queue.push(droppedConnection);
    const first = await sender().sendOnce(delivery('unanswered', address));
    expect(first).toMatchObject({ status: 'uncertain', byThisCall: true });
    const again = await sender().sendOnce(delivery('unanswered', address));
    expect(again).toMatchObject({ status: 'uncertain', byThisCall: false });
    // Another attempt sees a fresh claim as in flight, an old one as settled uncertain.
    expect(sendInFlight(again, 60_000)).toBe(true);
    expect(sendInFlight(again, 60_000, new Date(Date.now() + 120_000))).toBe(false);
    expect((await new NotesRepository(table).unmarkedSends('unanswered')).map((send) => send.address)).toEqual([address]);
    expect(await received(address)).toBe(0);
  });

  it('sends once among concurrent calls for the same mailbox', async () => {
    const address = 'concurrent@missions.example.org';
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => sender().sendOnce(delivery('concurrent', address))));
    expect(outcomes.filter((outcome) => outcome.status === 'sent')).toHaveLength(1);
    expect(outcomes.every((outcome) => ['sent', 'already-sent', 'uncertain'].includes(outcome.status))).toBe(true);
    expect(await received(address)).toBe(1);
  });

  it('under a third of the table and SES calls failing (throttled, 5xx, dropped), retried until settled: no mailbox has the note twice, and every one marked sent has it once', async () => {
    const counts = {};
    tableFaults.random = new FaultPlan({ service: 'dynamodb', rate: 0.3, faults: awsFaults.dynamodb, seed: 17, counts });
    sesFaults.random = new FaultPlan({ service: 'ses', rate: 0.3, faults: [...awsFaults.ses, droppedConnection], seed: 18, counts });
    const addresses = Array.from({ length: 40 }, (_, index) => `faulty-${index}@missions.example.org`);
    const settled = new Map<string, SendOutcome['status']>();
    try {
      await Promise.all(
        addresses.map(async (address) => {
          // As a workflow's Retry or Lambda's does: the task again, whatever failed.
          for (let attempt = 0; attempt < 50 && !settled.has(address); attempt += 1) {
            const outcome = await sender()
              .sendOnce(delivery('faulty', address))
              .catch(() => undefined);
            if (outcome && outcome.status !== 'refused') settled.set(address, outcome.status);
          }
        }),
      );
    } finally {
      tableFaults.random = undefined;
      sesFaults.random = undefined;
    }
    expect(settled.size).toBe(addresses.length);
    expect(Object.values(counts).reduce((sum: number, count) => sum + (count as number), 0)).toBeGreaterThan(20);

    const outbox = await readOutbox(sesUrl);
    const copies = (address: string) => outbox.filter((message) => message.destination.to.includes(address)).length;
    expect(addresses.filter((address) => copies(address) > 1)).toEqual([]);
    const unmarked = new Set((await new NotesRepository(table).unmarkedSends('faulty')).map((send) => send.address));
    // Marked sent: delivered once. Left claimed: uncertain, delivered once or not at all, never twice.
    for (const address of addresses.filter((candidate) => !unmarked.has(candidate))) expect(copies(address), address).toBe(1);
    expect((await new NotesRepository(table).sendCounts('faulty')).sent).toBe(addresses.length - unmarked.size);
    console.log(
      `note sender under faults: ${addresses.length} mailboxes, ${addresses.length - unmarked.size} sent once, ${unmarked.size} uncertain; faults injected ${JSON.stringify(counts)}`,
    );
  }, 120_000);
});

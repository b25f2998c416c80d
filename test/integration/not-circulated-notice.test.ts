/**
 * The Secretariat's notice of a report not circulated (functions/dispatch/not-circulated-notice.ts),
 * the circulation workflow's `NotifySecretariat` task: sent once, whatever the retries; a
 * throttled send thrown for the workflow's Retry; and a refusal SES will not reconsider thrown
 * too, so that the workflow fails where an operator sees it, with the claim given back for the
 * next attempt.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, describe, expect, it } from 'vitest';
import { NoteSender } from '../../functions/aws/note-sender.ts';
import { NotesRepository } from '../../functions/aws/notes-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { noteId } from '../../functions/core/dispatch.ts';
import { secretariatCode } from '../../functions/core/secretariat.ts';
import { recordNotCirculated } from '../../functions/dispatch/not-circulated.ts';
import { sendNotCirculatedNotice } from '../../functions/dispatch/not-circulated-notice.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import { readOutbox } from '../../local/ses.ts';
import { useEngine } from '../support/engine.ts';
import { submission, violationItem } from '../support/submissions.ts';

const system = useEngine({ withoutSampleInstruments: true });
const secretariatAddress = 'secretariat@mpr.example.org';

const servers: Server[] = [];
const clients: SESv2Client[] = [];
afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

/** An SES endpoint that answers every request with this status and error type, as SES answers a refusal. */
async function refusingSes(status: number, errorType: string): Promise<SESv2Client> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': errorType });
      response.end(JSON.stringify({ message: `${errorType} (test)` }));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new SESv2Client(localClientConfig(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  clients.push(client);
  return client;
}

function senderOn(ses: SESv2Client): NoteSender {
  return new NoteSender({ notes: new NotesRepository(system().table), ses, senderAddress: 'notes@mpr.example.org', configurationSet: 'mpr-local' });
}

async function heldBack(sequence: number): Promise<string> {
  const test = system();
  const now = test.engine.clock.now();
  const report = submission(sequence, 'MEX', now.toISOString(), [violationItem({ incidentDate: now.toISOString().slice(0, 10), circulate: false })], now);
  await new SubmissionsRepository(test.table).create(report);
  await recordNotCirculated(report, now.toISOString(), test.table);
  return report.reference;
}

describe('the notice of a report not circulated', () => {
  it('is sent to the Secretariat once, however many times its task runs', async () => {
    const test = system();
    const reference = await heldBack(41);
    const ses = new SESv2Client(localClientConfig(test.engine.endpoints.ses));
    clients.push(ses);
    const now = test.engine.clock.now().toISOString();
    const dependencies = { table: test.table, sender: senderOn(ses), secretariatAddress };
    expect(await sendNotCirculatedNotice(reference, now, dependencies)).toMatchObject({ state: secretariatCode, sent: 1, unreached: false });
    expect(await sendNotCirculatedNotice(reference, now, dependencies)).toMatchObject({ sent: 0, alreadySent: 1, unreached: false });
    const notices = (await readOutbox(test.engine.endpoints.ses)).filter((message) => message.body.text?.includes(reference));
    expect(notices.map((message) => message.destination.to)).toEqual([[secretariatAddress]]);
  });

  it('is thrown back for the workflow to retry when SES throttles it', async () => {
    const test = system();
    const reference = await heldBack(42);
    const dependencies = { table: test.table, sender: senderOn(await refusingSes(429, 'TooManyRequestsException')), secretariatAddress };
    await expect(sendNotCirculatedNotice(reference, test.engine.clock.now().toISOString(), dependencies)).rejects.toMatchObject({ name: 'SendThrottled' });
  });

  it('fails its task when SES refuses it for good, and gives its claim back for the next attempt', async () => {
    const test = system();
    const reference = await heldBack(43);
    const dependencies = { table: test.table, sender: senderOn(await refusingSes(400, 'MessageRejected')), secretariatAddress };
    await expect(sendNotCirculatedNotice(reference, test.engine.clock.now().toISOString(), dependencies)).rejects.toThrow(
      new RegExp(`the notice of ${reference} to the Secretariat was refused: ${secretariatAddress}: MessageRejected`),
    );
    expect(await new NotesRepository(test.table).sendCounts(noteId('not-circulated', reference))).toMatchObject({ sent: 0, claimed: 0 });
  });
});

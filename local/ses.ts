/**
 * SES v2 on aws-ses-v2-local. Its web outbox (`/`) shows every message sent, and `/store` lists
 * them as JSON for tests and the CLI.
 */

import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type sesV2LocalModule from 'aws-ses-v2-local';
import type { ProxiedRequest } from './faults.ts';
import { idleConnectionMillis } from './faults.ts';
import { close, loopback } from './net.ts';
import type { AcceptedMessage } from './ses-events.ts';

export interface LocalSes {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startSes(options: { port: number }): Promise<LocalSes> {
  // A CommonJS module compiled from ESM: required, its server function is always `default`
  // (an ESM default import of it differs between Node and bundling test runners).
  const { default: sesV2Local } = createRequire(import.meta.url)('aws-ses-v2-local') as typeof sesV2LocalModule;
  const server = await sesV2Local({ host: loopback, port: options.port });
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  // As an AWS endpoint, not Node's 5 s: a send on a connection the server is just closing would
  // fail unanswered, and an unanswered send is kept as uncertain, never retried.
  server.keepAliveTimeout = idleConnectionMillis;
  const { port } = server.address() as AddressInfo;
  const url = `http://${loopback}:${port}`;
  // The stand-in keeps its outbox in its module, for the process: an engine started after another
  // in the same process (the test files of one worker) starts with an empty one, as on its own.
  const cleared = await fetch(`${url}/clear-store`, { method: 'POST' });
  if (!cleared.ok) throw new Error(`the SES stand-in did not clear its outbox: ${cleared.status}`);
  return { url, stop: () => close(server) };
}

/** One message as the outbox's `/store` lists it. */
export interface OutboxMessage {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: string[]; readonly cc: string[]; readonly bcc: string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  readonly attachments: readonly { readonly filename?: string; readonly contentType?: string; readonly size?: number }[];
  readonly at: number;
}

export async function readOutbox(sesUrl: string, since?: number): Promise<OutboxMessage[]> {
  const response = await fetch(`${sesUrl}/store${since === undefined ? '' : `?since=${since}`}`);
  if (!response.ok) throw new Error(`outbox answered ${response.status}`);
  const store = (await response.json()) as { emails: OutboxMessage[] };
  return store.emails;
}

/**
 * One send as the engine's journal of sent mail keeps it (`<dataDir>/ses/sent.jsonl`): written
 * before the message reaches the SES stand-in, whose outbox lives in memory, so that what was
 * sent before the engine stopped or was killed can still be counted after a restart.
 */
export interface JournalEntry {
  readonly at: string;
  readonly to: readonly string[];
  readonly subject: string;
  /** The `X-MPR-Note` header: the symbol of the note verbale the message carries. */
  readonly note?: string;
  /** The send's SES tags (`note`, `kind`, `state`: functions/aws/note-sender.ts). */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A SendEmail request's JSON body, as far as the engine reads it. */
interface SendRequestBody {
  readonly FromEmailAddress?: string;
  readonly Destination?: { ToAddresses?: string[] };
  readonly EmailTags?: { Name: string; Value: string }[];
  // The functions send only SES-composed (`Simple`) messages (functions/aws/mailer.ts).
  readonly Content?: { Simple?: { Subject?: { Data?: string }; Headers?: { Name: string; Value: string }[] } };
}

function tagsOf(send: SendRequestBody): Record<string, string> {
  return Object.fromEntries((send.EmailTags ?? []).map((tag) => [tag.Name, tag.Value]));
}

/** The sender, recipients and SES tags of a SendEmail request's JSON body. */
export function sendRequestOf(body: Buffer): { readonly from?: string; readonly to: string[]; readonly tags: Record<string, string> } {
  const send = JSON.parse(body.toString('utf8')) as SendRequestBody;
  // SES names the envelope's sender in its events: the address alone, without a display name.
  const from = send.FromEmailAddress?.replace(/^.*<([^>]+)>\s*$/, '$1');
  return { ...(from ? { from } : {}), to: send.Destination?.ToAddresses ?? [], tags: tagsOf(send) };
}

/** Whether a request to the SES stand-in is a send. */
export function isSendRequest(method: string, path: string): boolean {
  return method === 'POST' && path.startsWith('/v2/email/outbound-emails');
}

/** The journal's `record` for the proxy in front of SES: one line per send request, appended synchronously. */
export function sentMailJournal(path: string): (request: ProxiedRequest) => void {
  return (request) => {
    if (!isSendRequest(request.method, request.path)) return;
    const send = JSON.parse(request.body.toString('utf8')) as SendRequestBody;
    const note = send.Content?.Simple?.Headers?.find((entry) => entry.Name.toLowerCase() === 'x-mpr-note')?.Value;
    const entry: JournalEntry = {
      at: new Date().toISOString(),
      to: send.Destination?.ToAddresses ?? [],
      subject: send.Content?.Simple?.Subject?.Data ?? '',
      ...(note ? { note } : {}),
      tags: tagsOf(send),
    };
    appendFileSync(path, `${JSON.stringify(entry)}\n`);
  };
}

/**
 * The journaled sends of notes since an instant, as SES accepted them; their message ids are
 * lost with the stand-in's outbox, so each is named after its place in the journal.
 */
export function journaledSince(path: string, sinceMs: number): AcceptedMessage[] {
  return readSentMailJournal(path).flatMap((entry, index) =>
    entry.tags?.['note'] !== undefined && Date.parse(entry.at) >= sinceMs
      ? [{ messageId: `journal-${index + 1}`, destination: [...entry.to], tags: entry.tags, at: entry.at }]
      : [],
  );
}

export function readSentMailJournal(path: string): JournalEntry[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as JournalEntry);
}

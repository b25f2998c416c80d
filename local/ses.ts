/**
 * SES v2 on aws-ses-v2-local. Its web outbox (`/`) shows every message sent, and `/store` lists
 * them as JSON for tests and the CLI.
 */
import { createRequire } from 'node:module';
import type sesV2LocalModule from 'aws-ses-v2-local';
import { close, loopback } from './net.ts';
import { idleConnectionMillis } from './faults.ts';
import type { AddressInfo } from 'node:net';

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
  return { url: `http://${loopback}:${port}`, stop: () => close(server) };
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

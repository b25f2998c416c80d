/**
 * Test support for the e-mail intake: an engine for the test file, mail sent to it over SMTP
 * (nodemailer), each delivery awaited by the SES message id the SMTP stand-in answers with, and
 * the report form filled in as a mission would fill it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTransport, type SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, vi } from 'vitest';
import type { Command, CommandGroup } from '../../cli/command.ts';
import type { WorkingLanguage } from '../../functions/core/codes.ts';
import { structuredTemplate } from '../../functions/core/inbound-email/report-form.ts';
import type { InboundOutcome } from '../../functions/intake/receive-email.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import type { EndpointsFile } from '../../local/endpoints-file.ts';
import { type Engine, startEngine } from '../../local/engine.ts';
import { type OutboxMessage, readOutbox } from '../../local/ses.ts';
import type { InboundDelivery } from '../../local/smtp-inbound.ts';

const allFree = { api: 0, dynamodb: 0, s3: 0, ses: 0, cognito: 0, stepfunctions: 0, smtp: 0 };

export interface EmailTestEngine {
  readonly engine: Engine;
  readonly documents: DynamoDBDocumentClient;
  readonly access: { readonly client: DynamoDBDocumentClient; readonly tableName: string };
  /** Sends a message to the reporting address and waits for the inbound function's outcome. */
  send(message: SendMailOptions): Promise<InboundOutcome>;
  outbox(): Promise<OutboxMessage[]>;
  /** Executions of the circulation state machine so far. */
  circulations(): Promise<number>;
  runningCirculations(): Promise<number>;
}

/** One seeded engine for the test file; with `endpointsFile`, its endpoints.json in a directory of its own, for the CLI. */
export function useEmailEngine(options: { endpointsFile?: boolean } = {}): () => EmailTestEngine {
  let context: EmailTestEngine | undefined;
  const stops: (() => Promise<void> | void)[] = [];
  const deliveries: InboundDelivery[] = [];
  beforeAll(async () => {
    const engine = await startEngine({ ports: allFree, seed: true });
    stops.push(() => engine.stop());
    engine.onInboundDelivery((delivery) => deliveries.push(delivery));
    if (options.endpointsFile) {
      const localDir = await mkdtemp(join(tmpdir(), 'mpr-email-'));
      stops.push(() => rm(localDir, { recursive: true, force: true }));
      const file: EndpointsFile = { endpoints: engine.endpoints, resources: engine.resources, pid: process.pid, readyMillis: 0 };
      await writeFile(join(localDir, 'endpoints.json'), JSON.stringify(file));
      vi.stubEnv('MPR_LOCAL_DIR', localDir);
      vi.stubEnv('MPR_OPERATOR', 'officer.test');
      stops.push(() => void vi.unstubAllEnvs());
    }
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(engine.endpoints.dynamodb)), {
      marshallOptions: { removeUndefinedValues: true },
    });
    const transport = createTransport({ host: '127.0.0.1', port: Number(new URL(engine.endpoints.smtp).port), secure: false, ignoreTLS: true });
    const sfn = new SFNClient(localClientConfig(engine.endpoints.stepfunctions));
    stops.push(
      () => transport.close(),
      () => sfn.destroy(),
      () => documents.destroy(),
    );
    context = {
      engine,
      documents,
      access: { client: documents, tableName: engine.resources.tableName },
      async send(message) {
        const info = (await transport.sendMail({ to: engine.resources.reportingAddress, ...message })) as { response: string };
        const sesMessageId = /Ok (\S+)/.exec(info.response)![1]!;
        // A generous deadline, not a count of polls: a busy machine may take long over a large message.
        for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
          const delivery = deliveries.find((candidate) => candidate.sesMessageId === sesMessageId);
          if (delivery?.outcome === 'failed') throw new Error(`the inbound function failed: ${delivery.error}`);
          if (delivery) return (delivery.result as InboundOutcome[])[0]!;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error(`no delivery of ${sesMessageId}`);
      },
      outbox: () => readOutbox(engine.endpoints.ses),
      async circulations() {
        const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: engine.resources.stateMachines['circulation']! }));
        return executions.length;
      },
      async runningCirculations() {
        const { executions = [] } = await sfn.send(
          new ListExecutionsCommand({ stateMachineArn: engine.resources.stateMachines['circulation']!, statusFilter: 'RUNNING' }),
        );
        return executions.length;
      },
    };
  }, 60_000);
  // Clients first, the engine last: in reverse order of start. Circulations still running are
  // let finish first, since a workflow task cut off by the engine's stop would write to a closed table.
  afterAll(async () => {
    for (const deadline = Date.now() + 120_000; context && (await context.runningCirculations()) > 0 && Date.now() < deadline; )
      await new Promise((resolve) => setTimeout(resolve, 100));
    for (const stop of stops.reverse()) await stop();
  }, 180_000);
  return () => {
    if (!context) throw new Error('the engine is not started yet');
    return context;
  };
}

/**
 * The report form in `language` with the fields given (by their label in that language) filled
 * in. A label the blocks share (Attachments, Circulate…) is the first block's unless prefixed by
 * the block's kind: `views/Attachments`, `suivi/Diffusion à tous les États`.
 */
export function filledForm(language: WorkingLanguage, values: Readonly<Record<string, string>>, template = structuredTemplate(language)): string {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return Object.entries(values).reduce((form, [key, value]) => {
    const [kind, label] = key.includes('/') ? (key.split('/') as [string, string]) : [undefined, key];
    const from = kind === undefined ? 0 : form.search(new RegExp(`^(Kind|Type) ?: ${escape(kind)}$`, 'm'));
    const line = new RegExp(`^${escape(label)} ?:$`, 'm');
    const at = from < 0 ? -1 : form.slice(from).search(line);
    if (at < 0) throw new Error(`the ${language} form has no empty field ${key}`);
    const start = from + at;
    const end = form.indexOf('\n', start);
    return `${form.slice(0, end)} ${value}${form.slice(end)}`;
  }, template);
}

/** A violation report of France about its embassy in Nairobi, in the French form. */
export function frenchViolationForm(extra: Readonly<Record<string, string>> = {}): string {
  return filledForm('fr', {
    'Date de la note': '2024-04-02',
    'Référence de la note': 'No 123/2024',
    "État où l'incident a eu lieu": 'KEN',
    Ville: 'Nairobi',
    "Date de l'incident": '2024-03-28',
    'Personnes ou locaux visés': 'ambassade',
    'État de la mission': 'FRA',
    'Nature de la violation': 'manifestation, dommages',
    Faits: 'Des manifestants ont lancé des pierres sur la chancellerie.\nDeux fenêtres ont été brisées.',
    'Auteur identifié': 'non',
    ...extra,
  });
}

/** Smallest files of each kind whose first bytes are what their type says. */
export const files = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
};

/** Runs a CLI command in this process, as `mpr <group> <command> …` would; returns what it printed. */
export async function runCli(group: CommandGroup, name: string, args: readonly string[]): Promise<string> {
  const command: Command | undefined = group.commands.find((candidate) => candidate.name === name);
  if (!command) throw new Error(`no command ${group.name} ${name}`);
  let printed = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
  try {
    await command.run(args);
  } finally {
    write.mockRestore();
  }
  return printed;
}

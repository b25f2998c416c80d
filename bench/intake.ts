/**
 * Intake on the local engine, driven from outside as a mission would:
 *
 * 1. Upload latency: POST /v1/submissions with focal points' ID tokens from the Cognito stand-in,
 *    1, 10 and 50 clients at once, each request with its own Idempotency-Key. The reports ask not
 *    to be circulated, so each circulation only tells the Secretariat (no 195-addressee dispatch).
 *    Requests go round-robin over many States, so the per-State limit (30 a minute) is never hit.
 * 2. A burst: 200 uploads sent at once, 20 for each of 10 States (under their limit of 30 a
 *    minute), each with its own Idempotency-Key, as the hostile test of issue 18 sent them. Counts
 *    the answers by status: none may be a 5xx, and every one must be recorded once.
 * 3. E-mail to stored: a filled-in report form sent over SMTP (nodemailer) from a registered
 *    mission mailbox, timed from the start of the SMTP send until the submission is readable in
 *    the table (polled by its reference), one message at a time.
 *
 *   node bench/intake.ts
 *
 * BENCH_INTAKE_REQUESTS per level (default 300), BENCH_INTAKE_BURST uploads at once (default 200),
 * BENCH_INTAKE_MESSAGES e-mails (default 30); BENCH_INTAKE_PARTS picks parts (default
 * `latency,burst,email`).
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createTransport } from 'nodemailer';
import { keys } from '../functions/aws/keys.ts';
import { StatesRepository } from '../functions/aws/states-repository.ts';
import { SubmissionsRepository } from '../functions/aws/submissions-repository.ts';
import { structuredTemplate } from '../functions/core/inbound-email/report-form.ts';
import { formatReference } from '../functions/core/references.ts';
import { submissionsPerStatePerMinute } from '../functions/intake/throttle.ts';
import { localClientConfig } from '../local/aws-config.ts';
import { startEngine } from '../local/engine.ts';
import { machine, median, percentile, table } from './stats.ts';

const requestsPerLevel = Number(process.env['BENCH_INTAKE_REQUESTS'] ?? '300');
const messages = Number(process.env['BENCH_INTAKE_MESSAGES'] ?? '30');
const burst = Number(process.env['BENCH_INTAKE_BURST'] ?? '200');
const burstStates = 10;
const parts = new Set((process.env['BENCH_INTAKE_PARTS'] ?? 'latency,burst,email').split(','));
const levels = [1, 10, 50];
const warmUpRequests = 50;
const uploadStates = 150;
const mailStates = 10;

const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

const engine = await startEngine({ ports: { api: 0, dynamodb: 0, s3: 0, ses: 0, cognito: 0, stepfunctions: 0, smtp: 0 }, seed: true });
const documents = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(engine.endpoints.dynamodb)), {
  marshallOptions: { removeUndefinedValues: true },
});
const access = { client: documents, tableName: engine.resources.tableName };
const sfn = new SFNClient(localClientConfig(engine.endpoints.stepfunctions));
const transport = createTransport({ host: '127.0.0.1', port: Number(new URL(engine.endpoints.smtp).port), secure: false, ignoreTLS: true });

/** Waits until no circulation is running, so that one phase's tail does not weigh on the next. */
async function circulationsSettled(): Promise<void> {
  for (;;) {
    const { executions = [] } = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: engine.resources.stateMachines['circulation']!, statusFilter: 'RUNNING' }),
    );
    if (executions.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

try {
  const registry = (await new StatesRepository(access).list()).filter((state) => state.mailboxes.length > 0);

  // --- Upload latency --------------------------------------------------------------------------
  const clients: { state: string; token: string }[] = [];
  for (const state of registry.slice(0, uploadStates)) {
    const username = `bench.${state.code.toLowerCase()}`;
    await engine.cognito.createFocalPoint({ username, state: state.code, groups: ['focal-point'] });
    clients.push({ state: state.code, token: (await engine.cognito.tokenFor({ username })).idToken });
  }
  let sent = 0;
  /** A report by `state` not to be circulated (each circulation only tells the Secretariat). */
  function reportBody(state: string) {
    return {
      formVersion: 1,
      language: 'en',
      note: { date: day(0), reference: `NV/${sent}` },
      items: [
        {
          kind: 'violation',
          occurredIn: state === 'KEN' ? 'FRA' : 'KEN',
          city: 'Nairobi',
          incidentDate: day(3),
          affected: { kinds: ['embassy'], missionState: state },
          violationKinds: ['attack'],
          facts: 'The chancery was attacked.',
          allegedOffender: { known: false },
          circulate: false,
        },
      ],
    };
  }
  /** One upload by the next State in turn; its latency, from the request to the whole answer read. */
  async function upload(): Promise<number> {
    const { state, token } = clients[sent++ % clients.length]!;
    const body = reportBody(state);
    const started = performance.now();
    const response = await fetch(`${engine.endpoints.api}/v1/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const millis = performance.now() - started;
    if (response.status !== 201) throw new Error(`POST /v1/submissions answered ${response.status}: ${text}`);
    return millis;
  }
  /** `total` uploads by `concurrency` clients, each sending its next request once answered. */
  async function level(concurrency: number, total: number): Promise<{ latencies: number[]; seconds: number }> {
    const latencies: number[] = [];
    let issued = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (issued < total) {
          issued += 1;
          latencies.push(await upload());
        }
      }),
    );
    return { latencies, seconds: (performance.now() - started) / 1000 };
  }

  if (parts.has('latency')) await level(10, warmUpRequests);
  await circulationsSettled();
  const uploadRows: (string | number)[][] = [['clients at once', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'throughput /s']];
  for (const concurrency of parts.has('latency') ? levels : []) {
    const { latencies, seconds } = await level(concurrency, requestsPerLevel);
    uploadRows.push([
      concurrency,
      latencies.length,
      percentile(latencies, 50).toFixed(0),
      percentile(latencies, 95).toFixed(0),
      percentile(latencies, 99).toFixed(0),
      Math.max(...latencies).toFixed(0),
      (latencies.length / seconds).toFixed(1),
    ]);
    // The next level starts once this one's circulations (a note to the Secretariat each) are done.
    await circulationsSettled();
  }
  if (parts.has('latency')) console.log(`\nUpload latency, POST /v1/submissions on the local engine (${machine()})`);
  if (parts.has('latency'))
    console.log(
      `${requestsPerLevel} requests per level after ${warmUpRequests} to warm up; ${clients.length} States in turn (limit ${submissionsPerStatePerMinute} a minute each), a new Idempotency-Key each; reports not to be circulated; latency = request sent → answer read`,
    );
  if (parts.has('latency')) console.log(table(uploadRows));

  // --- A burst of uploads at once ---------------------------------------------------------------
  const burstClients = clients.slice(-burstStates);
  const burstSize = parts.has('burst') ? burst : 0;
  const statuses = new Map<number, number>();
  const burstLatencies: number[] = [];
  const burstStarted = performance.now();
  const answers = await Promise.all(
    Array.from({ length: burstSize }, async (_, index) => {
      const { state, token } = burstClients[index % burstClients.length]!;
      const started = performance.now();
      const response = await fetch(`${engine.endpoints.api}/v1/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(reportBody(state)),
      });
      const answer = (await response.json()) as { reference?: string };
      burstLatencies.push(performance.now() - started);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      return answer.reference;
    }),
  );
  const burstSeconds = (performance.now() - burstStarted) / 1000;
  const serverErrors = [...statuses].filter(([status]) => status >= 500).reduce((total, [, count]) => total + count, 0);
  const recorded = new Set(answers.filter((reference) => reference !== undefined)).size;
  if (burstSize > 0)
    console.log(
      `\nA burst of ${burst} uploads sent at once, ${burst / burstStates} for each of ${burstStates} States, each with its own Idempotency-Key (local engine, ${machine()})`,
    );
  if (burstSize > 0)
    console.log(
      table([
        ['answers by status', '5xx', 'distinct references', 'p50 ms', 'p95 ms', 'max ms', 'all answered in s'],
        [
          [...statuses]
            .sort(([a], [b]) => a - b)
            .map(([status, count]) => `${status}: ${count}`)
            .join(', '),
          serverErrors,
          recorded,
          percentile(burstLatencies, 50).toFixed(0),
          percentile(burstLatencies, 95).toFixed(0),
          Math.max(...burstLatencies).toFixed(0),
          burstSeconds.toFixed(1),
        ],
      ]),
    );
  if (serverErrors > 0) throw new Error(`${serverErrors} of ${burst} uploads were answered 5xx`);
  await circulationsSettled();

  // --- E-mail to stored ------------------------------------------------------------------------
  const submissions = new SubmissionsRepository(access);
  // Mostly English forms, some French, as the registry's working languages go.
  const senders = [
    ...registry.filter((state) => state.language === 'en').slice(0, mailStates - 3),
    ...registry.filter((state) => state.language === 'fr').slice(0, 3),
  ];
  const toStored: number[] = [];
  const accepted: number[] = [];
  const handled: number[] = [];
  const deliveries = new Map<string, number>();
  let failure: string | undefined;
  engine.onInboundDelivery((delivery) => {
    if (delivery.outcome === 'failed') failure = `the inbound function failed: ${delivery.error}`;
    deliveries.set(delivery.sesMessageId, performance.now());
  });
  const counter = async (year: number) => {
    const { Item } = await documents.send(new GetCommand({ TableName: engine.resources.tableName, Key: keys.referenceCounter(year), ConsistentRead: true }));
    return typeof Item?.['sequence'] === 'number' ? Item['sequence'] : 0;
  };
  for (let n = 0; n < (parts.has('email') ? messages + 3 : 0); n += 1) {
    const state = senders[n % senders.length]!;
    const language = state.language === 'fr' ? 'fr' : 'en';
    const year = new Date().getUTCFullYear();
    const reference = formatReference(year, (await counter(year)) + 1);
    const started = performance.now();
    let acceptedAt = 0;
    const sending = transport.sendMail({
      from: `Permanent Mission <${state.mailboxes[0]!.address}>`,
      to: engine.resources.reportingAddress,
      subject: `Report ${n}`,
      messageId: `<bench-${n}-${randomUUID()}@missions.example.org>`,
      text: `${reportForm(language, state.code, n)}\n`,
    }) as Promise<{ response: string }>;
    void sending.then(
      () => (acceptedAt = performance.now()),
      () => undefined,
    );
    let storedAt: number | undefined;
    while (storedAt === undefined) {
      const submission = await submissions.get(reference);
      if (submission) {
        storedAt = performance.now();
        if (submission.source !== 'email' || submission.reportingState !== state.code) throw new Error(`${reference} is not the e-mail of ${state.code}`);
      } else {
        if (failure) throw new Error(failure);
        if (performance.now() - started > 30_000) throw new Error(`${reference} not stored within 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    const info = await sending;
    const sesMessageId = /Ok (\S+)/.exec(info.response)?.[1] ?? '';
    while (!deliveries.has(sesMessageId)) await new Promise((resolve) => setTimeout(resolve, 5));
    // The first three warm up the SMTP connection and the inbound path; they are not counted.
    if (n >= 3) {
      toStored.push(storedAt - started);
      accepted.push(acceptedAt - started);
      handled.push(deliveries.get(sesMessageId)! - started);
    }
    await circulationsSettled();
  }
  if (parts.has('email'))
    console.log(
      `\nE-mail to stored on the local engine: ${messages} report forms (en/fr) from ${senders.length} States' registered mailboxes, one at a time over SMTP`,
    );
  if (parts.has('email'))
    console.log(
      table([
        ['from the start of the SMTP send to', 'median ms', 'p95 ms', 'max ms'],
        [
          'the submission readable in DynamoDB (GetItem by reference, polled every 5 ms)',
          median(toStored).toFixed(0),
          percentile(toStored, 95).toFixed(0),
          Math.max(...toStored).toFixed(0),
        ],
        ['the SMTP reply (250 OK, the message kept)', median(accepted).toFixed(0), percentile(accepted, 95).toFixed(0), Math.max(...accepted).toFixed(0)],
        [
          'the inbound function done (acknowledgement sent, circulation started)',
          median(handled).toFixed(0),
          percentile(handled, 95).toFixed(0),
          Math.max(...handled).toFixed(0),
        ],
      ]),
    );
} finally {
  await circulationsSettled().catch(() => undefined);
  transport.close();
  sfn.destroy();
  documents.destroy();
  await engine.stop();
}

/** The structured form of the State's language with one violation report filled in, not to be circulated. */
function reportForm(language: 'en' | 'fr', code: string, n: number): string {
  const fields: Record<string, string> =
    language === 'fr'
      ? {
          'Date de la note': day(1),
          'Référence de la note': `No ${n}/bench`,
          "État où l'incident a eu lieu": code === 'KEN' ? 'FRA' : 'KEN',
          Ville: 'Nairobi',
          "Date de l'incident": day(4),
          'Personnes ou locaux visés': 'ambassade',
          'État de la mission': code,
          'Nature de la violation': 'manifestation, dommages',
          Faits: 'Des manifestants ont lancé des pierres sur la chancellerie.',
          'Auteur identifié': 'non',
          'Diffusion à tous les États': 'non',
        }
      : {
          'Note date': day(1),
          'Note reference': `No ${n}/bench`,
          'Occurred in': code === 'KEN' ? 'FRA' : 'KEN',
          City: 'Nairobi',
          'Incident date': day(4),
          Affected: 'embassy',
          'Mission State': code,
          Violation: 'demonstration, damage',
          Facts: 'Demonstrators threw stones at the chancery.',
          'Offender known': 'no',
          'Circulate to all States': 'no',
        };
  // Each label's first empty line in the template (the violation block comes first).
  return Object.entries(fields).reduce(
    (form, [label, value]) => form.replace(new RegExp(`^(${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ?:)$`, 'm'), `$1 ${value}`),
    structuredTemplate(language),
  );
}

/**
 * Reliability under faults: with a fifth of the calls to every stand-in failing the way AWS
 * fails (throttling, 5xx, dropped connections), a fifth of the Lambda invocations of the
 * workflows refused, and a fifth of all function invocations crashing after their side effects,
 * a mix of uploads and e-mails, with duplicates and retries, still ends with every submission
 * stored once, every circulable report circulated once to every addressee's mailboxes (and the
 * others not at all), every e-mail acknowledged once, and an audit trail that says exactly that.
 *
 * `MPR_SOAK=1` runs a larger mix; `MPR_FAULT_RATE` and `MPR_FAULT_SEED` change the faults.
 */

import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createTransport } from 'nodemailer';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { type ItemKey, keys } from '../../functions/aws/keys.ts';
import { NotesRepository } from '../../functions/aws/notes-repository.ts';
import { queryAll } from '../../functions/aws/query.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { deliverableMailboxes, noteId } from '../../functions/core/dispatch.ts';
import { emailIdempotencyKey } from '../../functions/core/inbound-email/triage.ts';
import type { Submission } from '../../functions/core/submissions.ts';
import { faultsEverywhere } from '../../local/faults.ts';
import { readOutbox } from '../../local/ses.ts';
import type { InboundDelivery } from '../../local/smtp-inbound.ts';
import { filledForm } from '../email/support.ts';
import { daysAgo, today } from '../intake/support.ts';
import { eventually, useEngine } from '../support/engine.ts';
import { violationItem } from '../support/submissions.ts';

const soak = process.env['MPR_SOAK'] === '1';
const rate = Number(process.env['MPR_FAULT_RATE'] ?? 0.2);
const seed = Number(process.env['MPR_FAULT_SEED'] ?? 20261129);
const mix = soak ? { uploads: 600, emails: 400, circulable: 20 } : { uploads: 50, emails: 30, circulable: 1 };
/** Of the attempts, this fraction repeats an earlier one: the same Idempotency-Key, or the same Message-ID. */
const duplicateShare = 0.2;

// At ×60 the intake's reconciliation runs every 5 s and the workflows' back-off takes milliseconds.
const testEngine = useEngine({ timeScale: 60, sesMaxSendRate: 10_000, faults: faultsEverywhere(rate, seed) });

// Each injected fault that exhausts a function's retries is logged as an error; thousands of them
// would bury the figures this test prints. Handlers read the level when first loaded, after this.
beforeAll(() => {
  process.env['LOG_LEVEL'] = process.env['MPR_FAULT_LOG_LEVEL'] ?? 'SILENT';
});

/** Twenty reporting States, each with a registered mailbox `pm.<code>@missions.example.org`. */
const reporters = ['FRA', 'DEU', 'BRA', 'JPN', 'NGA', 'CAN', 'MEX', 'IND', 'EGY', 'AUS', 'ARG', 'CHL', 'ESP', 'ITA', 'NOR', 'SEN', 'THA', 'PER', 'GHA', 'NZL'];

interface Attempt {
  readonly marker: string;
  readonly state: string;
  /** Reports of violations, circulated or not as the State asks, and views (never circulated, no incident). */
  readonly kind: 'violation' | 'views';
  readonly circulate: boolean;
  readonly channel: 'upload' | 'email';
  readonly key: string;
}

/** The distinct submissions, then the duplicates spread among them; a few of the distinct ones circulable. */
function plan(): { distinct: Attempt[]; attempts: Attempt[] } {
  const make = (channel: 'upload' | 'email', count: number, circulable: number) =>
    Array.from({ length: count }, (_, index): Attempt => {
      const state = reporters[index % reporters.length]!;
      const marker = `${channel === 'upload' ? 'U' : 'E'}${String(index).padStart(4, '0')}`;
      const kind = index < circulable || index % 4 === 1 ? 'violation' : 'views';
      return { marker, state, channel, kind, circulate: index < circulable, key: `reliability-${marker}` };
    });
  const uploads = make('upload', Math.round(mix.uploads * (1 - duplicateShare)), Math.ceil(mix.circulable / 2));
  const emails = make('email', Math.round(mix.emails * (1 - duplicateShare)), Math.floor(mix.circulable / 2));
  const duplicates = (distinct: Attempt[], total: number) =>
    Array.from({ length: total - distinct.length }, (_, index) => distinct[(index * 7) % distinct.length]!);
  const attempts = [...uploads, ...duplicates(uploads, mix.uploads), ...emails, ...duplicates(emails, mix.emails)];
  // Interleaved, so that duplicates race their originals.
  attempts.sort((a, b) => (a.marker + a.channel).localeCompare(b.marker + b.channel));
  return { distinct: [...uploads, ...emails], attempts };
}

/** A different incident per marker (city and date), so that reports do not all join one incident. */
function item(attempt: Attempt) {
  const day = Number(attempt.marker.slice(1)) % 20;
  const occurredIn = attempt.state === 'KEN' ? 'FRA' : 'KEN';
  return violationItem({
    occurredIn,
    city: `City ${attempt.marker}`,
    incidentDate: daysAgo(2 + day),
    affected: { kinds: ['embassy'], missionState: attempt.state },
    facts: `Reliability marker ${attempt.marker}: the chancery was attacked.`,
    circulate: attempt.circulate,
  });
}

const viewsText = (attempt: Attempt) => `Reliability marker ${attempt.marker}: police protection of missions was strengthened.`;

async function upload(api: string, token: string, attempt: Attempt, counters: { retries: number }): Promise<string> {
  const items = attempt.kind === 'violation' ? [item(attempt)] : [{ kind: 'views', text: viewsText(attempt) }];
  const body = { formVersion: 1, language: 'en', note: { date: today, reference: `NV/${attempt.marker}` }, items };
  for (let round = 0; round < 40; round += 1) {
    const response = await fetch(`${api}/v1/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': attempt.key },
      body: JSON.stringify(body),
    }).catch(() => undefined);
    const answer = response ? ((await response.json().catch(() => ({}))) as Record<string, unknown>) : {};
    if (response && (response.status === 200 || response.status === 201)) return String(answer['reference']);
    // A client retries what may succeed later (5xx, 409 key in use, 429) with the same key.
    if (response && ![409, 429].includes(response.status) && response.status < 500)
      throw new Error(`upload ${attempt.marker}: ${response.status} ${JSON.stringify(answer)}`);
    counters.retries += 1;
    await new Promise((resolve) => setTimeout(resolve, 50 + round * 25));
  }
  throw new Error(`upload ${attempt.marker} never succeeded`);
}

function emailText(attempt: Attempt): string {
  if (attempt.kind === 'views')
    return `Dear Sir or Madam,\n\n${filledForm('en', { 'Note date': today, 'Note reference': `NV/${attempt.marker}`, Views: viewsText(attempt) })}\n`;
  const form = filledForm('en', {
    'Note date': today,
    'Note reference': `NV/${attempt.marker}`,
    'Occurred in': item(attempt).occurredIn,
    City: `City ${attempt.marker}`,
    'Incident date': item(attempt).incidentDate,
    Affected: 'embassy',
    'Mission State': attempt.state,
    Violation: 'attack',
    Facts: `Reliability marker ${attempt.marker}: the chancery was attacked.`,
    'Offender known': 'no',
    'Circulate to all States': attempt.circulate ? 'yes' : 'no',
  });
  return `Dear Sir or Madam,\n\n${form}\n`;
}

async function inPool<T>(items: readonly T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

const circulationSubject = /— (?:report|rapport) (MPR-\d{4}-\d+) (?:received|reçu)/;

describe(`reliability with ${Math.round(rate * 100)}% faults on every stand-in and function`, () => {
  it(`stores ${mix.uploads + mix.emails} mixed submissions once each, circulates each circulable one once to every addressee, and audits exactly that`, async () => {
    const { engine, table, sfn } = testEngine();
    const started = Date.now();
    const { distinct, attempts } = plan();
    const tokens = new Map(
      await Promise.all(reporters.map(async (state) => [state, (await engine.cognito.tokenFor({ role: 'focal-point', state })).idToken] as const)),
    );
    const transport = createTransport({
      host: '127.0.0.1',
      port: Number(new URL(engine.endpoints.smtp).port),
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 4,
    });
    const counters = { retries: 0 };
    const deliveries: InboundDelivery[] = [];
    engine.onInboundDelivery((delivery) => deliveries.push(delivery));
    const answered = new Map<string, Set<string>>();
    try {
      await inPool(attempts, 12, async (attempt) => {
        if (attempt.channel === 'upload') {
          const reference = await upload(engine.endpoints.api, tokens.get(attempt.state)!, attempt, counters);
          answered.set(attempt.marker, (answered.get(attempt.marker) ?? new Set()).add(reference));
        } else {
          await transport.sendMail({
            from: `pm.${attempt.state.toLowerCase()}@missions.example.org`,
            to: engine.resources.reportingAddress,
            subject: `Report ${attempt.marker}`,
            messageId: `<${attempt.key}@missions.example.org>`,
            text: emailText(attempt),
          });
        }
      });
    } finally {
      transport.close();
    }
    const sentAt = Date.now();

    // Every distinct submission is stored, whatever the faults (the intake's retries and reconciliation).
    const submissions = new SubmissionsRepository(table);
    const markerOf = (submission: Submission) => /Reliability marker (\w+)/.exec(JSON.stringify(submission.items))?.[1];
    const stored = await eventually(
      async () => {
        const all = (await submissions.listByCycle('77/108')).filter((submission) => markerOf(submission) !== undefined);
        return new Set(all.map(markerOf)).size === distinct.length ? all : undefined;
      },
      'every distinct submission to be stored',
      120_000,
    ).catch(async (error: unknown) => {
      const seen = new Set((await submissions.listByCycle('77/108')).map(markerOf));
      const failedDeliveries = deliveries.filter((delivery) => delivery.outcome === 'failed').map((delivery) => delivery.error);
      throw new Error(
        `${String(error)}; missing: ${distinct
          .filter((attempt) => !seen.has(attempt.marker))
          .map((attempt) => attempt.marker)
          .join(' ')}; failed deliveries: ${failedDeliveries.join(' | ')}`,
      );
    });
    const storedAt = Date.now();

    // …and every circulation has ended, each submission circulated or not.
    const circulationArn = engine.resources.stateMachines['circulation']!;
    await eventually(
      async () => {
        const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: circulationArn, statusFilter: 'RUNNING', maxResults: 1000 }));
        const statuses = await Promise.all(stored.map(async (submission) => (await submissions.get(submission.reference))?.status));
        return executions.length === 0 && statuses.every((status) => status === 'circulated' || status === 'not-circulated') ? true : undefined;
      },
      'every circulation to end',
      240_000,
    );
    // …and every send of a circulation is settled. A send SES did not answer (a fault) stays
    // uncertain after its circulation ended, until SES's event marks it sent or the sweep releases
    // it after the window (an hour of the engine's clock, a minute here) and it is sent again.
    const notes = new NotesRepository(table);
    await eventually(
      async () => ((await notes.unsettledSends()).every((send) => send.kind !== 'circulation') ? true : undefined),
      'every uncertain send of a circulation to be settled or sent again',
      240_000,
    );

    // Stored exactly once, under one reference answered to every attempt.
    const byMarker = new Map<string, Submission[]>();
    for (const submission of stored) byMarker.set(markerOf(submission)!, [...(byMarker.get(markerOf(submission)!) ?? []), submission]);
    expect([...byMarker.values()].filter((list) => list.length !== 1).map((list) => list.map((submission) => submission.reference))).toEqual([]);
    expect(stored).toHaveLength(distinct.length);
    for (const [marker, references] of answered) expect([...references], marker).toEqual([byMarker.get(marker)![0]!.reference]);

    // Circulated exactly once to every mailbox of every addressee, or not at all.
    const registry = await new StatesRepository(table).list();
    const mailboxes = registry.filter((state) => state.addressed).flatMap((state) => deliverableMailboxes(state));
    const outbox = await readOutbox(engine.endpoints.ses);
    const circulationNotes = new Map<string, string[]>();
    for (const message of outbox) {
      const reference = circulationSubject.exec(message.subject)?.[1];
      if (reference) circulationNotes.set(reference, [...(circulationNotes.get(reference) ?? []), ...message.destination.to]);
    }
    const audit = new AuditRepository(table);
    let auditEvents = 0;
    for (const attempt of distinct) {
      const submission = byMarker.get(attempt.marker)![0]!;
      const recipients = circulationNotes.get(submission.reference) ?? [];
      if (attempt.circulate) {
        if (recipients.length !== mailboxes.length) {
          const missing = mailboxes.filter((address) => !recipients.includes(address));
          const claims = await queryAll(table.client, {
            TableName: table.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.notePartition(noteId('circulation', submission.reference)) },
          });
          console.log(
            `${submission.reference}: not sent to ${missing.join(', ')}; their claims: ${JSON.stringify(claims.filter((claim) => missing.includes(String(claim['address']))))}`,
          );
        }
        expect(recipients.length, `${submission.reference} notes`).toBe(mailboxes.length);
        expect(new Set(recipients), `${submission.reference} recipients`).toEqual(new Set(mailboxes));
      } else {
        expect(recipients, `${submission.reference} is not to be circulated`).toEqual([]);
      }
      const trail = await audit.forSubject('submission', submission.reference);
      auditEvents += trail.length;
      const count = (action: string) => trail.filter((event) => event.action === action).length;
      expect({ received: count('received'), circulated: count('circulated'), notCirculated: count('not-circulated') }, submission.reference).toEqual({
        received: 1,
        circulated: attempt.circulate ? 1 : 0,
        notCirculated: attempt.circulate ? 0 : 1,
      });
      const attention = trail.filter((event) => event.action === 'attention-drawn').map((event) => event.state);
      expect(new Set(attention).size, `${submission.reference} attention drawn once per State`).toBe(attention.length);
    }

    // Every e-mail acknowledged once, however often it was delivered: once its handling is
    // complete, which for a message whose every attempt failed after storing it is the scheduled
    // sweep's doing, a minute or more after it arrived.
    const emailed = distinct.filter((attempt) => attempt.channel === 'email');
    // The record the inbound function keeps of a message, under its Message-ID (as the dedupe key
    // holds it, in lower case), and the send of its acknowledgement to the sending mailbox.
    const emailRecordOf = async (attempt: Attempt) => {
      const dedupeKey = `message-id:${attempt.key.toLowerCase()}@missions.example.org`;
      const get = async (key: ItemKey) => (await table.client.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }))).Item;
      const [record, acknowledgement] = await Promise.all([
        get(keys.email(dedupeKey)),
        get(keys.noteSend(noteId('acknowledgement', emailIdempotencyKey(dedupeKey)), attempt.state, `pm.${attempt.state.toLowerCase()}@missions.example.org`)),
      ]);
      return { found: record !== undefined, outcome: record?.['outcome'], acknowledgement: acknowledgement?.['status'] };
    };
    const handled = (state: Awaited<ReturnType<typeof emailRecordOf>>) => state.outcome !== undefined && state.acknowledgement === 'sent';
    await eventually(
      async () => ((await Promise.all(emailed.map((attempt) => emailRecordOf(attempt)))).every(handled) ? true : undefined),
      'every e-mail to be handled and acknowledged',
      150_000,
    ).catch(async (error: unknown) => {
      const unfinished = await Promise.all(
        emailed.map(async (attempt) => {
          const state = await emailRecordOf(attempt);
          return handled(state) ? [] : [`${attempt.marker}: ${JSON.stringify(state)}`];
        }),
      );
      throw new Error(`${String(error)}: ${unfinished.flat().join('; ')}`);
    });
    const acknowledgements = (await readOutbox(engine.endpoints.ses)).filter((message) => /Acknowledgement|Accusé/.test(message.subject));
    for (const attempt of emailed) {
      const reference = byMarker.get(attempt.marker)![0]!.reference;
      const acks = acknowledgements.filter((message) => message.subject.includes(reference) || message.body.text?.includes(reference));
      expect(acks.length, `acknowledgements of ${reference}`).toBe(1);
    }

    const faults = engine.faultsInjected.counts();
    const injected = Object.values(faults).reduce((sum, count) => sum + count, 0);
    console.log(
      [
        `reliability: ${attempts.length} attempts (${mix.uploads} uploads, ${mix.emails} e-mails; ${attempts.length - distinct.length} duplicates; ${counters.retries} client retries)`,
        `${stored.length} submissions stored once each (${distinct.filter((attempt) => attempt.kind === 'violation').length} violation reports, ${distinct.filter((attempt) => attempt.kind === 'views').length} views); ${mix.circulable} circulated to ${mailboxes.length} mailboxes each (${mix.circulable * mailboxes.length} notes, none twice); ${distinct.length - mix.circulable} not circulated, no note`,
        `${emailed.length} e-mails acknowledged once each; ${auditEvents} audit events checked`,
        `${injected} faults injected: ${Object.entries(faults)
          .sort()
          .map(([name, count]) => `${name} ${count}`)
          .join(', ')}`,
        `${((Date.now() - started) / 1000).toFixed(1)} s in all: ${((sentAt - started) / 1000).toFixed(1)} s to submit, ${((storedAt - sentAt) / 1000).toFixed(1)} s more until stored, ${((Date.now() - storedAt) / 1000).toFixed(1)} s more until circulated and checked`,
      ].join('\n  '),
    );
    expect(injected).toBeGreaterThan(100);
  }, 420_000);
});

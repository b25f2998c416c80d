/**
 * Fuzzing through the running local engine: generated bodies POSTed to /v1/submissions with a
 * focal point's real token, and generated raw messages sent to the reporting address over SMTP.
 *
 * Every answer of the API is 2xx, or 4xx problem+json (a validation problem naming its fields),
 * never 5xx; nothing is written for a refused body (the reference counter and the submissions
 * change only on 201). Every message is handled by the inbound function without a failure and
 * recorded exactly once, with a defined disposition.
 */

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { createTransport } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { keys } from '../../functions/aws/keys.ts';
import { QuarantineRepository } from '../../functions/aws/quarantine-repository.ts';
import { quarantineReasons } from '../../functions/core/inbound-email/limits.ts';
import type { InboundOutcome } from '../../functions/intake/receive-email.ts';
import type { InboundDelivery } from '../../local/smtp-inbound.ts';
import { submit, today, useIntakeEngine } from '../intake/support.ts';
import { expectFieldError } from '../support/field-errors.ts';
import { fuzzRuns, fuzzSeed } from './support-fuzz.ts';

const system = useIntakeEngine();
const year = new Date().getUTCFullYear();

/** Valid bodies the engine records cheaply: views, which start no circulation to the States. */
const validBody = fc
  .record({
    text: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((text) => text.trim().length > 0),
    language: fc.constantFrom('ar', 'zh', 'en', 'fr', 'ru', 'es'),
  })
  .map(({ text, language }) => ({
    formVersion: 1,
    language,
    note: { date: today, reference: text.slice(0, 20) },
    items: [{ kind: 'views', text, legislation: [{ title: text, year: 2001 }] }],
  }));

type Json = unknown;
function paths(value: Json, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [at, ...value.flatMap((element, index) => paths(element, [...at, index]))];
  if (typeof value === 'object' && value !== null) return [at, ...Object.entries(value).flatMap(([key, element]) => paths(element, [...at, key]))];
  return [at];
}

/** A valid body with one field dropped, replaced by anything, or one key added (prototype keys among them). */
const mutatedBody = fc
  .tuple(
    validBody,
    fc.nat(),
    fc.constantFrom('drop', 'replace', 'add'),
    fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ unit: 'binary', maxLength: 30 })),
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'reportingState', 'key', 'x'),
  )
  .map(([valid, pick, how, value, key]) => {
    const body = structuredClone(valid) as Json;
    const all = paths(body).filter((path) => path.length > 0);
    const path = all[pick % all.length]!;
    const parent = path.slice(0, -1).reduce<Json>((node, segment) => (node as Record<string, Json>)[segment], body) as Record<string | number, Json> & Json[];
    const last = path.at(-1)!;
    if (how === 'drop') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (how === 'replace') {
      parent[last] = value;
    } else {
      const target = typeof parent[last] === 'object' && parent[last] !== null && !Array.isArray(parent[last]) ? (parent[last] as object) : parent;
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
    }
    return JSON.stringify(body);
  });

const bodies = fc.oneof(
  { weight: 2, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
  { weight: 5, arbitrary: mutatedBody },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: validBody.map((body) => JSON.stringify(body)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      'null',
      '{"__proto__":{"polluted":true},"formVersion":1}',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      // Every text at its limit: fifty reports of twenty thousand characters each.
      JSON.stringify({
        formVersion: 1,
        language: 'en',
        note: { date: today },
        items: Array.from({ length: 50 }, () => ({ kind: 'views', text: 'v'.repeat(20_000) })),
      }),
    ),
  },
);

async function storedSubmissions(): Promise<number> {
  return (await system().submissions.listByState('FRA')).length;
}

describe('POST /v1/submissions, fuzzed through the engine', () => {
  it('answers every body with 2xx or a 4xx problem, and writes only for 2xx', async () => {
    const runs = fuzzRuns(120);
    const samples = fc.sample(bodies, { seed: fuzzSeed, numRuns: runs });
    const token = await system().token('focal.fra');
    const counterBefore = await system().referenceCounter(year);
    const storedBefore = await storedSubmissions();
    const statuses = new Map<number, number>();
    let recorded = 0;
    for (const body of samples) {
      const counter = await system().referenceCounter(year);
      const answer = await submit(system().api, token, body);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const what = `${answer.status} for ${body.slice(0, 300)}: ${JSON.stringify(answer.body).slice(0, 500)}`;
      expect(answer.status, what).toBeLessThan(500);
      if (answer.status === 201) {
        recorded += 1;
        continue;
      }
      expect(answer.headers.get('content-type'), what).toBe('application/problem+json');
      expect(answer.body, what).toMatchObject({ status: answer.status, type: expect.stringMatching(/^\/problems\//), title: expect.any(String) });
      if (answer.body['type'] === '/problems/validation') {
        const errors = answer.body['errors'] as { path: string; message: string }[];
        expect(errors.length, what).toBeGreaterThan(0);
        for (const error of errors) expectFieldError(error, what);
      }
      // Nothing allocated for a refused body: the counter moves with records only.
      expect(await system().referenceCounter(year), what).toBe(counter);
    }
    console.info(`fuzz-engine: seed ${fuzzSeed}\n  api: submissions: ${runs} runs, answers ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(await system().referenceCounter(year)).toBe(counterBefore + recorded);
    expect(await storedSubmissions()).toBe(storedBefore + recorded);
    expect(recorded).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  }, 300_000);
});

describe('the reporting address, fuzzed through the engine', () => {
  const fra = 'pm.fra@missions.example.org';
  const rawMessage = fc
    .record({
      from: fc.constantFrom(
        fra,
        `Permanent Mission of Kenya <${fra}>`,
        'nobody@elsewhere.example.net',
        '',
        'undisclosed-recipients:;',
        `"${'x'.repeat(2_000)}" <${fra}>`,
      ),
      subject: fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((text) => text.replace(/[\r\n]/g, ' ')),
      boundary: fc.constantFrom('b1', '', 'a b', 'x'.repeat(100)),
      closing: fc.boolean(),
      type: fc.constantFrom('text/plain; charset=x-unknown', 'text/html', 'application/pdf', 'application/zip', 'message/rfc822', 'garbage'),
      encoding: fc.constantFrom('base64', 'quoted-printable', '7bit', 'nonsense'),
      body: fc.oneof(fc.string({ unit: 'binary-ascii', maxLength: 200 }), fc.constantFrom('!!!!====', 'JVBERi0xLjQK', '<script'.repeat(500), 'a=ZZ=\r\n')),
      depth: fc.integer({ min: 0, max: 16 }),
    })
    .map(({ from, subject, boundary, closing, type, encoding, body, depth }) => {
      let part = `Content-Type: ${type}\r\nContent-Transfer-Encoding: ${encoding}\r\nContent-Disposition: attachment; filename="f.bin"\r\n\r\n${body}\r\n`;
      for (let level = 0; level < depth; level += 1)
        part = `Content-Type: multipart/mixed; boundary="${boundary}${level}"\r\n\r\n--${boundary}${level}\r\n${part}${closing ? `--${boundary}${level}--\r\n` : ''}`;
      // Each message its own Message-ID, so that each is recorded once and none is taken as a redelivery.
      return (index: number) =>
        `From: ${from}\r\nSubject: ${subject}\r\nMessage-ID: <fuzz-${fuzzSeed}-${index}@missions.example.org>\r\nMIME-Version: 1.0\r\n${part}`;
    });

  it('handles every message without a failure and records each exactly once', async () => {
    const runs = fuzzRuns(40);
    const messages = fc.sample(rawMessage, { seed: fuzzSeed, numRuns: runs }).map((build, index) => build(index));
    const engine = system().engine;
    const deliveries: InboundDelivery[] = [];
    engine.onInboundDelivery((delivery) => deliveries.push(delivery));
    const transport = createTransport({ host: '127.0.0.1', port: Number(new URL(engine.endpoints.smtp).port), secure: false, ignoreTLS: true });
    const dispositions = new Map<string, number>();
    try {
      // Four at a time, as SES would deliver them.
      for (let start = 0; start < messages.length; start += 4) {
        await Promise.all(
          messages.slice(start, start + 4).map(async (raw) => {
            const info = (await transport.sendMail({ envelope: { from: fra, to: engine.resources.reportingAddress }, raw })) as { response: string };
            const sesMessageId = /Ok (\S+)/.exec(info.response)![1]!;
            let delivery: InboundDelivery | undefined;
            for (let attempt = 0; attempt < 400 && !delivery; attempt += 1) {
              delivery = deliveries.find((candidate) => candidate.sesMessageId === sesMessageId);
              if (!delivery) await new Promise((resolve) => setTimeout(resolve, 25));
            }
            expect(delivery, `a delivery of ${raw.slice(0, 200)}`).toBeDefined();
            expect(delivery!.outcome, `${delivery!.error} for ${raw.slice(0, 300)}`).toBe('success');
            const [outcome] = delivery!.result as InboundOutcome[];
            expect(outcome!.outcome).toBe('recorded');
            const named = outcome!.reason ?? outcome!.disposition;
            dispositions.set(named, (dispositions.get(named) ?? 0) + 1);
            if (outcome!.disposition === 'quarantined') expect(quarantineReasons).toContain(outcome!.reason);
            const { Item } = await system().documents.send(
              new GetCommand({ TableName: engine.resources.tableName, Key: keys.email(outcome!.dedupeKey), ConsistentRead: true }),
            );
            expect(Item?.['outcome']).toMatchObject({ disposition: outcome!.disposition });
            if (outcome!.triageId)
              expect(
                await new QuarantineRepository({ client: system().documents, tableName: engine.resources.tableName }).get(outcome!.triageId),
              ).toBeDefined();
            // Exactly one delivery for the message.
            expect(deliveries.filter((candidate) => candidate.sesMessageId === sesMessageId)).toHaveLength(1);
          }),
        );
      }
    } finally {
      transport.close();
    }
    console.info(`fuzz-engine: seed ${fuzzSeed}\n  smtp: messages: ${runs} runs, outcomes ${JSON.stringify(Object.fromEntries(dispositions))}`);
  }, 300_000);
});

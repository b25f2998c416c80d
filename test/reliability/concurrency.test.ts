/**
 * Reference numbers under load, on the real local engine over HTTP: uploads from 20 States at
 * once (50 in flight), each with its own Idempotency-Key, a tenth of them sent twice at the same
 * moment with the same key and body. Every upload is answered with one reference, the duplicate
 * with the same one, and the year's numbers run 1 to N with none skipped and none twice.
 *
 * The reports ask not to be circulated, so no circulation sends a note to every State; each is
 * still acknowledged by e-mail and starts its circulation workflow, which records that it is not
 * circulated. The engine runs every stand-in and every function in this one process: an upload
 * and what follows it (about 45 DynamoDB calls, S3, SES and a workflow execution) cost some
 * 100 ms of CPU, most of it in the SDK clients' middleware, signing and serialization and in
 * dynalite, so one core records about 10 uploads a second, fewer when the machine is shared.
 * 120 uploads keep the file within half a minute; MPR_SOAK=1 runs 1,000 (and 100 duplicates), which
 * takes two minutes or more, during which a State may reach the limit of 30 submissions a minute:
 * its 429s are waited out, as a client does.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CyclesRepository } from '../../functions/aws/cycles-repository.ts';
import { keys } from '../../functions/aws/keys.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { currentCycle } from '../../functions/intake/record-submission.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import { type Engine, startEngine } from '../../local/engine.ts';
import { settle, trackInvocations } from '../intake/support.ts';
import { allFreePorts } from '../support/engine.ts';
import { violationItem } from '../support/submissions.ts';

const soak = process.env['MPR_SOAK'] === '1';
const uploads = soak ? 1000 : 120;
const duplicates = uploads / 10;
const inFlight = 50;
const states = ['KEN', 'MEX', 'DEU', 'BRA', 'IND', 'JPN', 'NGA', 'CAN', 'EGY', 'ARG', 'AUS', 'CHL', 'DZA', 'ESP', 'GHA', 'IDN', 'ITA', 'MAR', 'PER', 'SEN'];

let engine: Engine;
let documents: DynamoDBDocumentClient;
let sfn: SFNClient;
/** Function invocations under way: the engine stops once none is (a task cut off would fail the file). */
let invocationsDone: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  // A fresh engine: the year's numbers are this file's alone. SES at a benchmark's rate: every
  // upload is acknowledged to its mission's mailboxes.
  engine = await startEngine({ ports: allFreePorts, seed: true, sesMaxSendRate: 10_000 });
  documents = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(engine.endpoints.dynamodb)), {
    marshallOptions: { removeUndefinedValues: true },
  });
  sfn = new SFNClient(localClientConfig(engine.endpoints.stepfunctions));
  invocationsDone = trackInvocations(engine);
}, 60_000);

afterAll(async () => {
  // The circulations (each ends at once: nothing is circulated) may still be running.
  await settle(engine, sfn, invocationsDone);
  documents.destroy();
  sfn.destroy();
  await engine.stop();
}, 120_000);

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** Upload `index`: a report by its State of an attack in its own territory, in a city of its own. */
function bodyOf(index: number) {
  const state = states[index % states.length]!;
  return {
    formVersion: 1,
    language: 'en',
    note: { date: daysAgo(0) },
    items: [
      violationItem({
        occurredIn: state,
        city: `City ${index}`,
        incidentDate: daysAgo(2),
        affected: { kinds: ['embassy'], missionState: 'FRA' },
        circulate: false,
      }),
    ],
  };
}

interface Answer {
  readonly status: number;
  readonly reference: string;
  /** The answers before the 2xx: 409 (the other request with the key is still recording), 429, 5xx. */
  readonly retried: readonly number[];
}

/** POSTs the upload until it is answered 2xx, as a client retries with the same key. */
async function upload(token: string, key: string, body: string): Promise<Answer> {
  const retried: number[] = [];
  for (;;) {
    const response = await fetch(`${engine.endpoints.api}/v1/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body,
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.ok) return { status: response.status, reference: String(answer['reference']), retried };
    if (response.status !== 409 && response.status !== 429 && response.status < 500) throw new Error(`${key}: ${response.status} ${JSON.stringify(answer)}`);
    retried.push(response.status);
    if (retried.length > 20) throw new Error(`${key}: still ${response.status} after ${retried.length} attempts: ${JSON.stringify(answer)}`);
    // A 429 is waited out; for a 409 (Retry-After: 2) a little less keeps the test short.
    const retryAfterMs = response.status === 429 ? Number(response.headers.get('retry-after') ?? 1) * 1000 : 250 + Math.random() * 500;
    await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
  }
}

/** Runs `task` for 0..count-1, `limit` at a time. */
async function pool<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe(`${uploads} uploads from ${states.length} States at once, ${duplicates} of them sent twice with the same key`, () => {
  it('records each once, answers the duplicate with the same reference, and numbers the year 1 to N without a gap', {
    timeout: soak ? 900_000 : 240_000,
  }, async () => {
    const tokens = new Map(
      await Promise.all(states.map(async (state) => [state, (await engine.cognito.tokenFor({ role: 'focal-point', state })).idToken] as const)),
    );
    const started = Date.now();

    const answered = await pool(uploads, inFlight, async (index) => {
      const token = tokens.get(states[index % states.length]!)!;
      const key = `concurrency-${index}`;
      const body = JSON.stringify(bodyOf(index));
      // Every tenth upload is sent twice at once, as a client that timed out and sent it again.
      if (index % 10 !== 0) return [await upload(token, key, body)];
      return Promise.all([upload(token, key, body), upload(token, key, body)]);
    });
    const elapsedSeconds = (Date.now() - started) / 1000;

    // Each key: one reference, for the original and the duplicate alike, recorded (201) by one
    // request at most: a request answered 5xx after recording it (its function timed out, say) is
    // answered 200 when retried.
    const referenceOf = answered.map((answers, index) => {
      expect(new Set(answers.map((answer) => answer.reference)).size, `upload ${index}`).toBe(1);
      expect(answers.filter((answer) => answer.status === 201).length, `upload ${index}`).toBeLessThanOrEqual(1);
      return answers[0]!.reference;
    });
    const references = new Set(referenceOf);
    expect(references.size).toBe(uploads);

    // Stored: exactly these, once each.
    const cycle = await currentCycle(new CyclesRepository({ client: documents, tableName: engine.resources.tableName }));
    const stored = await new SubmissionsRepository({ client: documents, tableName: engine.resources.tableName }).listByCycle(cycle.id);
    expect(stored).toHaveLength(uploads);
    expect(new Set(stored.map((submission) => submission.reference))).toEqual(references);
    for (const [index, reference] of referenceOf.entries()) {
      const submission = stored.find((candidate) => candidate.reference === reference);
      expect(submission?.reportingState).toBe(states[index % states.length]);
      expect(submission?.items[0]).toMatchObject({ city: `City ${index}` });
    }

    // The year's numbers: 1 to N, N the count stored in the year and the counter's value.
    const year = new Date(started).getUTCFullYear();
    const ofYear = stored.filter((submission) => submission.reference.startsWith(`MPR-${year}-`));
    const sequences = ofYear.map((submission) => Number(submission.reference.slice(`MPR-${year}-`.length))).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: ofYear.length }, (_, index) => index + 1));
    const { Item: counter } = await documents.send(
      new GetCommand({ TableName: engine.resources.tableName, Key: keys.referenceCounter(year), ConsistentRead: true }),
    );
    expect(counter?.['sequence']).toBe(ofYear.length);

    const statuses = new Map<number, number>();
    for (const answer of answered.flat()) for (const status of [...answer.retried, answer.status]) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const answers = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${count}×${status}`)
      .join(' ');
    console.log(
      `concurrency: ${uploads} uploads + ${duplicates} duplicates from ${states.length} States, ${inFlight} in flight; answers ${answers}; ` +
        `${stored.length} distinct stored; ${year}: ${sequences.length} numbers, MPR-${year}-${String(sequences[0]).padStart(4, '0')} to MPR-${year}-${String(sequences.at(-1)).padStart(4, '0')}, no gap; ${elapsedSeconds.toFixed(1)} s`,
    );
  });
});

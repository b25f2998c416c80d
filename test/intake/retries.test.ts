/**
 * A client that retries is told the truth: a retry of a recorded submission is answered with its
 * receipt (200) whatever the per-State rate limit, which counts new submissions only; a request
 * sent without an Idempotency-Key is keyed by its bytes, so that sending the same bytes again,
 * after an answer lost, records nothing twice.
 */

import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../functions/aws/keys.ts';
import { submissionsPerStatePerMinute } from '../../functions/intake/throttle.ts';
import { submit, today, useIntakeEngine } from './support.ts';

const context = useIntakeEngine();

const viewsBody = (text: string) => ({ formVersion: 1, language: 'en', note: { date: today }, items: [{ kind: 'views', text }] });

/** Fills a State's submission counters, this minute and the next few, to the limit. */
async function atTheLimit(state: string): Promise<void> {
  const { documents, engine } = context();
  for (let minute = 0; minute < 5; minute += 1) {
    const at = new Date(Date.now() + minute * 60_000).toISOString().slice(0, 16);
    await documents.send(
      new PutCommand({ TableName: engine.resources.tableName, Item: { ...keys.submissionRate(state, at), count: submissionsPerStatePerMinute } }),
    );
  }
}

describe('retries at the rate limit', () => {
  it('answers a retry with the same Idempotency-Key with its receipt (200) while new submissions are refused (429)', async () => {
    const { api, engine, submissions } = context();
    const { idToken } = await engine.cognito.tokenFor({ role: 'focal-point', state: 'ITA' });
    const key = randomUUID();
    const first = await submit(api, idToken, viewsBody('Le opinioni dell’Italia.'), { 'idempotency-key': key });
    expect(first.status, JSON.stringify(first.body)).toBe(201);

    await atTheLimit('ITA');
    const fresh = await submit(api, idToken, viewsBody('Another text.'), { 'idempotency-key': randomUUID() });
    expect(fresh.status).toBe(429);
    const retry = await submit(api, idToken, viewsBody('Le opinioni dell’Italia.'), { 'idempotency-key': key });
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(retry.body['reference']).toBe(first.body['reference']);
    expect((await submissions.listByState('ITA')).map((submission) => submission.reference)).toEqual([first.body['reference']]);
  });
});

describe('requests without an Idempotency-Key', () => {
  it('records the same bytes once, answering the second sending with the first receipt, even at the limit', async () => {
    const { api, engine, submissions } = context();
    const { idToken } = await engine.cognito.tokenFor({ role: 'focal-point', state: 'ESP' });
    const body = JSON.stringify(viewsBody('Las opiniones de España.'));
    const first = await submit(api, idToken, body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await submit(api, idToken, body);
    expect(again.status).toBe(200);
    expect(again.body['reference']).toBe(first.body['reference']);
    await atTheLimit('ESP');
    expect((await submit(api, idToken, body)).status).toBe(200);
    // Other bytes are another submission, and count against the limit.
    expect((await submit(api, idToken, JSON.stringify(viewsBody('Otras opiniones.')))).status).toBe(429);
    expect(await submissions.listByState('ESP')).toHaveLength(1);
  });
});

/**
 * The upload endpoint end to end, over HTTP with real tokens: a report recorded, read back,
 * audited, tied to its incident and circulated; attachments uploaded through presigned URLs;
 * incidents joined by a second State and answered by a follow-up; idempotent retries; the
 * per-State rate limit.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { circulationExecutionName } from '../../functions/intake/circulation.ts';
import { submissionsPerStatePerMinute } from '../../functions/intake/throttle.ts';
import { readOutbox } from '../../local/ses.ts';
import { followUpItem, violationItem } from '../support/submissions.ts';
import { daysAgo, get, submit, today, uploadAttachment, useIntakeEngine, violationBody } from './support.ts';

const context = useIntakeEngine();
const circulationDefined = existsSync(join(import.meta.dirname, '..', '..', 'workflows', 'circulation.asl.json'));

interface Receipt {
  reference: string;
  receivedAt: string;
  status: string;
  decisions: { circulate: { value: boolean } };
  links: { self: string };
}

/**
 * France's report, which it asks not to be circulated: circulating it would send a note to every
 * State, which is the circulation workflow's business, not this file's.
 */
const firstBody = violationBody({}, { circulate: false });
/** The status moves on once the circulation workflow has run: compare a receipt without it. */
const anyStatus = (receipt: Receipt) => ({ ...receipt, status: expect.stringMatching(/^(received|not-circulated)$/) });

const viewsBody = (text: string) => ({ formVersion: 1, language: 'fr', note: { date: today }, items: [{ kind: 'views', text }] });

describe('POST /v1/submissions', () => {
  let first: Receipt;

  it('records a violation report and answers 201 with its receipt and location', async () => {
    const { api, token } = context();
    const answer = await submit(api, await token('focal.fra'), firstBody, { 'idempotency-key': 'fra-first-report' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    first = answer.body as unknown as Receipt;
    expect(first.reference).toMatch(/^MPR-\d{4}-\d{4}$/);
    expect(first).toMatchObject({
      status: 'received',
      decisions: { circulate: { value: false }, summarize: { value: true } },
      links: { self: `/v1/submissions/${first.reference}` },
    });
    expect(answer.headers.get('location')).toBe(`/v1/submissions/${first.reference}`);
    expect(Date.now() - Date.parse(first.receivedAt)).toBeLessThan(60_000);
  });

  it('acknowledges the submission to the mission’s mailboxes, in its working language, once', async () => {
    const { api, token, engine } = context();
    const acknowledgements = async () =>
      (await readOutbox(engine.endpoints.ses)).filter(
        (message) => message.subject.includes(first.reference) && message.destination.to[0]?.endsWith('.fra@missions.example.org'),
      );
    // France works in French: « Accusé de réception ».
    expect((await acknowledgements()).map((message) => message.subject)).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^Accusé de réception : ${first.reference}`))]),
    );
    const count = (await acknowledgements()).length;
    expect(count).toBeGreaterThanOrEqual(1);
    const replay = await submit(api, await token('focal.fra'), firstBody, { 'idempotency-key': 'fra-first-report' });
    expect(replay.status).toBe(200);
    expect(await acknowledgements()).toHaveLength(count);
  });

  it('returns the stored submission to its State, which lists it first', async () => {
    const { api, token } = context();
    const fra = await token('focal.fra');
    const one = await get(api, first.links.self, fra);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ ...anyStatus(first), cycleId: '77/108', source: 'upload', language: 'en', note: { reference: 'NV/2024/17' } });
    expect(one.body['items']).toEqual([{ ...violationItem({ incidentDate: daysAgo(3) }), circulate: false, attachments: [] }]);
    const list = await get<{ submissions: Receipt[] }>(api, '/v1/submissions', fra);
    expect(list.body.submissions[0]).toEqual({ ...anyStatus(first), kinds: ['violation'] });
  });

  it('appends the received event to the audit trail, as the focal point who submitted', async () => {
    // The circulation workflow may have appended its own event meanwhile; `received` is there once.
    const trail = (await context().audit.forSubject('submission', first.reference)).filter((event) => event.action === 'received');
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ action: 'received', actor: { kind: 'state', id: 'focal.fra', state: 'FRA' }, state: 'FRA', at: first.receivedAt });
  });

  it('opens an incident, and Kenya, where it happened, owes its account and a follow-up', async () => {
    const { api, incidents, token } = context();
    const [incidentId] = await incidents.idsOfSubmission(first.reference);
    expect(incidentId).toBe(`INC-${first.reference}-1`);
    const stored = await incidents.get(incidentId!);
    expect(stored?.incident.statesConcerned).toEqual({ affected: 'FRA', territorial: 'KEN', offenderPresentIn: [] });
    const owed = await get<{ state: string; obligations: { incidentId: string; kind: string; owingState: string }[] }>(
      api,
      '/v1/obligations',
      await token('focal.ken'),
    );
    expect(owed.status).toBe(200);
    expect(owed.body.state).toBe('KEN');
    expect(owed.body.obligations.filter((obligation) => obligation.incidentId === incidentId).map((obligation) => obligation.kind)).toEqual([
      'violation-report',
      'follow-up',
    ]);
  });

  it.runIf(circulationDefined)('starts the circulation, named after the reference', async () => {
    const { engine, sfn } = context();
    const executionArn = `${engine.resources.stateMachines['circulation']!.replace(':stateMachine:', ':execution:')}:${circulationExecutionName(first.reference)}`;
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(execution.name).toBe(`circulation-${first.reference}`);
    expect(JSON.parse(execution.input!)).toEqual({ reference: first.reference });
  });

  it('answers a retry with the same Idempotency-Key with the first receipt (200), recording nothing more', async () => {
    const { api, submissions, token } = context();
    const before = await submissions.listByState('FRA');
    const retry = await submit(api, await token('focal.fra'), firstBody, { 'idempotency-key': 'fra-first-report' });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(anyStatus(first));
    expect(await submissions.listByState('FRA')).toHaveLength(before.length);
  });

  it('refuses the same Idempotency-Key for a submission with other contents (422)', async () => {
    const { api, token } = context();
    const reused = await submit(api, await token('focal.fra'), violationBody({}, { circulate: false, facts: 'Another event.' }), {
      'idempotency-key': 'fra-first-report',
    });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ type: '/problems/idempotency-key-reused', reference: first.reference });
  });

  it('joins the incident when Kenya reports the same event, and ties Kenya’s follow-up to it', async () => {
    const { api, incidents, token } = context();
    const ken = await token('focal.ken');
    const incidentId = `INC-${first.reference}-1`;
    const account = await submit(api, ken, {
      formVersion: 1,
      language: 'en',
      note: { date: today },
      items: [violationItem({ incidentDate: daysAgo(2), city: 'nairobi', circulate: false })],
    });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    expect(await incidents.idsOfSubmission(String(account.body['reference']))).toEqual([incidentId]);

    const followUp = await submit(api, ken, {
      formVersion: 1,
      language: 'en',
      note: { date: today },
      items: [{ ...followUpItem(first.reference), circulate: false }],
    });
    expect(followUp.status, JSON.stringify(followUp.body)).toBe(201);
    const incident = (await incidents.get(incidentId))!.incident;
    expect(incident.reports.map((report) => [report.kind, report.reportingState])).toEqual([
      ['violation', 'FRA'],
      ['violation', 'KEN'],
      ['follow-up', 'KEN'],
    ]);
    const owed = await get<{ obligations: { incidentId: string; kind: string }[] }>(api, '/v1/obligations', ken);
    expect(owed.body.obligations.filter((obligation) => obligation.incidentId === incidentId).map((obligation) => obligation.kind)).toEqual([
      'follow-up-outcome',
    ]);
  });

  it('rejects a follow-up answering a report that opened no incident, naming the field', async () => {
    const { api, token } = context();
    const answer = await submit(api, await token('focal.ken'), {
      formVersion: 1,
      language: 'en',
      note: { date: today },
      items: [followUpItem('MPR-2019-0001')],
    });
    expect(answer.status).toBe(400);
    expect(answer.body['errors']).toEqual([
      { path: '/items/0/answers', message: expect.stringMatching(/^must name an incident on record that took place in KEN .*\(MPR-2019-0001 is not one\)/) },
    ]);
  });
});

describe('attachments', () => {
  it('records files uploaded through presigned URLs, with the raw body kept as evidence', async () => {
    const { api, engine, s3, submissions, token } = context();
    const fra = await token('focal.fra');
    const note = await uploadAttachment(api, fra, 'Note verbale 17.txt', 'text/plain', 'The Permanent Mission of France presents its compliments.');
    const photo = await uploadAttachment(api, fra, 'façade.png', 'image/png', '\u0089PNG fake image bytes');
    expect(note['key']).toMatch(/^uploads\/FRA\/[0-9a-f-]{36}\/Note-verbale-17\.txt$/);
    expect(photo['key']).toMatch(/\/facade\.png$/);
    const body = violationBody({}, { circulate: false, attachments: [note, photo] });
    const answer = await submit(api, fra, body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);

    const stored = (await submissions.get(String(answer.body['reference'])))!;
    expect(stored.attachments).toEqual([
      { ...note, itemIndex: 0 },
      { ...photo, itemIndex: 0 },
    ]);
    const evidence = await s3.send(new GetObjectCommand({ Bucket: engine.resources.evidenceBucket, Key: stored.evidence.key }));
    expect(stored.evidence.key).toMatch(/^intake\/upload\/FRA\/[0-9a-f]{64}\.json$/);
    expect(await evidence.Body!.transformToString()).toBe(JSON.stringify(body));
  });

  it('links each file for five minutes to its own State alone, and to that file alone', async () => {
    const { api, engine, s3, token } = context();
    const [fra, ken, mex] = await Promise.all([token('focal.fra'), token('focal.ken'), token('focal.mex')]);
    const content = 'Annex: the list of the damage.';
    const annex = await uploadAttachment(api, fra, 'Annexe é.txt', 'text/plain', content);
    const answer = await submit(api, fra, violationBody({}, { circulate: false, attachments: [annex] }));
    const self = String((answer.body['links'] as { self: string }).self);
    const view = await get<{ downloads: { url: string; fileName: string; itemIndex: number; expiresAt: string }[] }>(api, self, fra);
    const [download] = view.body.downloads;
    expect(download).toMatchObject({ itemIndex: 0, fileName: 'Annexe é.txt', contentType: 'text/plain', size: Buffer.byteLength(content) });
    expect(new URL(download!.url).searchParams.get('X-Amz-Expires')).toBe('300');
    const fetched = await fetch(download!.url);
    expect(fetched.status).toBe(200);
    expect(await fetched.text()).toBe(content);
    expect(fetched.headers.get('content-disposition')).toContain("filename*=UTF-8''Annexe%20%C3%A9.txt");

    // Kenya (concerned by the incident) and Mexico: no such submission, and nothing of its files.
    for (const other of [ken, mex]) {
      const refused = await get(api, self, other);
      expect(refused.status).toBe(404);
      expect(JSON.stringify(refused.body)).not.toMatch(/uploads\/FRA|X-Amz/);
    }
    // The link bent to another file (Kenya's), or used to write, no longer carries a valid signature:
    // S3 refuses it, as the engine's S3 does (local/s3-signatures.ts), and the signature differs.
    const kenyan = await uploadAttachment(api, ken, 'kenya.txt', 'text/plain', 'Kenya’s own file.');
    const bent = new URL(download!.url);
    bent.pathname = bent.pathname.replace(/uploads\/.*$/, String(kenyan['key']));
    const bentAnswer = await fetch(bent);
    expect(bentAnswer.status).toBe(403);
    expect(await bentAnswer.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const written = await fetch(download!.url, { method: 'PUT', body: 'overwritten' });
    expect(written.status).toBe(403);
    expect(await (await fetch(download!.url)).text()).toBe(content);
    const signed = new URL(download!.url);
    const stamp = signed.searchParams.get('X-Amz-Date')!;
    const signingDate = new Date(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`);
    const disposition = fetched.headers.get('content-disposition')!;
    const signatureOf = async (command: GetObjectCommand | PutObjectCommand) =>
      new URL(await getSignedUrl(s3, command, { expiresIn: 300, signingDate })).searchParams.get('X-Amz-Signature');
    const bucket = engine.resources.evidenceBucket;
    const getOf = (key: string) =>
      new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentType: 'text/plain', ResponseContentDisposition: disposition });
    expect(await signatureOf(getOf(String(annex['key'])))).toBe(signed.searchParams.get('X-Amz-Signature'));
    expect(await signatureOf(getOf(String(kenyan['key'])))).not.toBe(signed.searchParams.get('X-Amz-Signature'));
    expect(await signatureOf(new PutObjectCommand({ Bucket: bucket, Key: String(annex['key']) }))).not.toBe(signed.searchParams.get('X-Amz-Signature'));
  });

  it('refuses a file whose digest is not the one declared', async () => {
    const { api, token } = context();
    const fra = await token('focal.fra');
    const uploaded = await uploadAttachment(api, fra, 'note.txt', 'text/plain', 'the real content');
    const answer = await submit(api, fra, violationBody({}, { attachments: [{ ...uploaded, sha256: 'f'.repeat(64) }] }));
    expect(answer.status).toBe(400);
    expect(answer.body['errors']).toEqual([{ path: '/items/0/attachments/0/sha256', message: 'must be the SHA-256 digest of the uploaded file' }]);
  });
});

describe('idempotency under concurrency', () => {
  it('stores one submission for 20 concurrent requests with one key, and answers all with its reference', async () => {
    const { api, submissions, token } = context();
    const mex = await token('focal.mex');
    const before = (await submissions.listByState('MEX')).length;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => submit(api, mex, viewsBody('Les vues du Mexique.'), { 'idempotency-key': 'mex-views-2024' })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([...Array<number>(19).fill(200), 201]);
    expect(new Set(answers.map((answer) => answer.body['reference'])).size).toBe(1);
    expect((await submissions.listByState('MEX')).length).toBe(before + 1);
  });
});

describe('per-State rate limit', () => {
  it(`answers 429 with Retry-After once a State submits more than ${submissionsPerStatePerMinute} times in a minute`, async () => {
    const { api, engine } = context();
    const { idToken } = await engine.cognito.tokenFor({ role: 'focal-point', state: 'DEU' });
    // Twice the limit and one more: however the minutes fall, one minute sees more than the limit.
    const answers = await Promise.all(
      Array.from({ length: 2 * submissionsPerStatePerMinute + 1 }, (_, index) => submit(api, idToken, viewsBody(`Views ${index}.`))),
    );
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.every((answer) => answer.status === 201 || answer.status === 429)).toBe(true);
    expect(refused[0]!.body['type']).toBe('/problems/too-many-requests');
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Another State is not held back.
    expect((await submit(api, await context().token('focal.mex'), viewsBody('Other views.'))).status).toBe(201);
  }, 120_000);
});

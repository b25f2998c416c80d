/**
 * Malformed submissions and attachment requests, each refused with a precise problem (its status,
 * its type, and the JSON pointer of the offending field), and nothing stored: no submission, no
 * evidence object, not even a reference number used up.
 */

import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { submissionLimits } from '../../functions/core/submissions.ts';
import { maxSubmissionBytes } from '../../functions/intake/submission-request.ts';
import { followUpItem } from '../support/submissions.ts';
import { daysAgo, get, requestUpload, submit, today, useIntakeEngine, violationBody } from './support.ts';

const context = useIntakeEngine();

type Body = Record<string, unknown> & { items?: Record<string, unknown>[]; note?: Record<string, unknown> };
type Case = readonly [name: string, change: (body: Body) => unknown, path: string];

const item = (body: Body) => body.items![0]!;
const nested = (body: Body, field: string) => item(body)[field] as Record<string, unknown>;
const attachment = (overrides: Record<string, unknown> = {}) => ({
  fileName: 'note.pdf',
  contentType: 'application/pdf',
  size: 1200,
  sha256: 'a'.repeat(64),
  key: `uploads/FRA/${randomUUID()}/note.pdf`,
  ...overrides,
});
const withAttachment = (overrides: Record<string, unknown>) => (body: Body) => {
  item(body)['attachments'] = [attachment(overrides)];
};
const views = (fields: Record<string, unknown>) => (body: Body) => {
  body.items = [{ kind: 'views', text: 'Our views.', ...fields }];
};

/** Each case changes a valid violation report; the path is the field the problem must name. */
const invalidBodies: readonly Case[] = [
  ['no form version', (body) => delete body['formVersion'], '/formVersion'],
  ['an unknown form version', (body) => (body['formVersion'] = 2), '/formVersion'],
  ['no language', (body) => delete body['language'], '/language'],
  ['a language that is not official', (body) => (body['language'] = 'de'), '/language'],
  ['no note', (body) => delete body['note'], '/note'],
  ['a note without its date', (body) => delete body.note!['date'], '/note/date'],
  ['a note date that does not exist', (body) => (body.note!['date'] = '2024-02-30'), '/note/date'],
  ['a note dated in the future', (body) => (body.note!['date'] = daysAgo(-3)), '/note/date'],
  ['a note reference that is too long', (body) => (body.note!['reference'] = 'R'.repeat(submissionLimits.shortText + 1)), '/note/reference'],
  ['no items', (body) => delete body['items'], '/items'],
  ['an empty list of items', (body) => (body.items = []), '/items'],
  ['items that are not a list', (body) => ((body as Record<string, unknown>)['items'] = 'attack'), '/items'],
  ['an item that is not an object', (body) => ((body as Record<string, unknown>)['items'] = [42]), '/items/0'],
  [
    'too many items',
    (body) => (body.items = Array.from({ length: submissionLimits.itemsPerSubmission + 1 }, () => ({ kind: 'views', text: 'Views.' }))),
    '/items',
  ],
  ['an item without a kind', (body) => delete item(body)['kind'], '/items/0/kind'],
  ['an unknown kind of item', (body) => (item(body)['kind'] = 'complaint'), '/items/0/kind'],
  ['no State where it occurred', (body) => delete item(body)['occurredIn'], '/items/0/occurredIn'],
  ['a State code in lower case', (body) => (item(body)['occurredIn'] = 'ken'), '/items/0/occurredIn'],
  ['a State code of two letters', (body) => (item(body)['occurredIn'] = 'KE'), '/items/0/occurredIn'],
  ['a well-formed code no State has (XYZ)', (body) => (item(body)['occurredIn'] = 'XYZ'), '/items/0/occurredIn'],
  ['a well-formed code no State has (AAA)', (body) => (item(body)['occurredIn'] = 'AAA'), '/items/0/occurredIn'],
  ['an unknown State as the mission’s State', (body) => (nested(body, 'affected')['missionState'] = 'XYZ'), '/items/0/affected/missionState'],
  ['an unknown State where the offender is', (body) => (nested(body, 'allegedOffender')['presentIn'] = 'QQQ'), '/items/0/allegedOffender/presentIn'],
  [
    'the offender “in another State” that is the same State',
    (body) => (nested(body, 'allegedOffender')['presentIn'] = 'KEN'),
    '/items/0/allegedOffender/presentIn',
  ],
  ['no incident date', (body) => delete item(body)['incidentDate'], '/items/0/incidentDate'],
  ['an incident in the future', (body) => (item(body)['incidentDate'] = daysAgo(-3)), '/items/0/incidentDate'],
  ['an incident after the date of the note', (body) => ((body.note!['date'] = daysAgo(5)), (item(body)['incidentDate'] = daysAgo(4))), '/items/0/incidentDate'],
  ['an incident date given as a number', (body) => (item(body)['incidentDate'] = 20240301), '/items/0/incidentDate'],
  ['an incident time past midnight', (body) => (item(body)['incidentTime'] = '25:00'), '/items/0/incidentTime'],
  ['nothing said of what was affected', (body) => delete item(body)['affected'], '/items/0/affected'],
  ['no kind of target', (body) => (nested(body, 'affected')['kinds'] = []), '/items/0/affected/kinds'],
  ['a kind of target listed twice', (body) => (nested(body, 'affected')['kinds'] = ['embassy', 'embassy']), '/items/0/affected/kinds'],
  ['an unknown kind of target', (body) => (nested(body, 'affected')['kinds'] = ['palace']), '/items/0/affected/kinds/0'],
  ['kinds of violation as text', (body) => (item(body)['violationKinds'] = 'attack'), '/items/0/violationKinds'],
  ['empty facts', (body) => (item(body)['facts'] = ''), '/items/0/facts'],
  ['facts of blanks only', (body) => (item(body)['facts'] = ' \n\t '), '/items/0/facts'],
  ['facts longer than the limit', (body) => (item(body)['facts'] = 'x'.repeat(submissionLimits.longText + 1)), '/items/0/facts'],
  ['facts as a number', (body) => (item(body)['facts'] = 42), '/items/0/facts'],
  ['a city name longer than the limit', (body) => (item(body)['city'] = 'N'.repeat(submissionLimits.shortText + 1)), '/items/0/city'],
  ['nothing said of the offender', (body) => delete item(body)['allegedOffender'], '/items/0/allegedOffender'],
  ['“known” as text', (body) => (nested(body, 'allegedOffender')['known'] = 'yes'), '/items/0/allegedOffender/known'],
  ['a circulation preference as text', (body) => (item(body)['circulate'] = 'no'), '/items/0/circulate'],
  ['a field the form does not have', (body) => (item(body)['severity'] = 'high'), '/items/0/severity'],
  ['a top-level field the form does not have', (body) => (body['priority'] = 'urgent'), '/priority'],
  ['the reporting State in the body', (body) => (body['reportingState'] = 'FRA'), '/reportingState'],
  ['a follow-up reporting no measure', (body) => (body.items = [{ kind: 'follow-up', answers: 'MPR-2024-0001' }]), '/items/0'],
  ['a follow-up answering something that is not a reference', (body) => (body.items = [followUpItem('the attack last week')]), '/items/0/answers'],
  ['a follow-up answering an incident not on record', (body) => (body.items = [followUpItem('INC-MPR-2019-0001-1')]), '/items/0/answers'],
  ['views with a circulation preference', views({ circulate: false }), '/items/0/circulate'],
  ['views without text', views({ text: undefined }), '/items/0/text'],
  ['legislation with a script link', views({ legislation: [{ title: 'Act', year: 2020, link: 'javascript:alert(1)' }] }), '/items/0/legislation/0/link'],
  ['legislation from before 1800', views({ legislation: [{ title: 'Act', year: 1700 }] }), '/items/0/legislation/0/year'],
  ['an attachment without the key of its upload', withAttachment({ key: undefined }), '/items/0/attachments/0/key'],
  ['an attachment key that climbs out of the uploads', withAttachment({ key: '../../inbound/email/secret' }), '/items/0/attachments/0/key'],
  ['an attachment key of the right shape with nothing uploaded', withAttachment({}), '/items/0/attachments/0/key'],
  ['an attachment of a refused type', withAttachment({ contentType: 'application/x-msdownload', fileName: 'tool.exe' }), '/items/0/attachments/0/contentType'],
  ['an attachment whose name does not match its type', withAttachment({ fileName: 'report.exe' }), '/items/0/attachments/0/fileName'],
  ['a zero-byte attachment', withAttachment({ size: 0 }), '/items/0/attachments/0/size'],
  ['an attachment over the size limit', withAttachment({ size: submissionLimits.attachmentBytes + 1 }), '/items/0/attachments/0/size'],
  ['a digest in capitals', withAttachment({ sha256: 'A'.repeat(64) }), '/items/0/attachments/0/sha256'],
  [
    'more attachments than an item may carry',
    (body) => (item(body)['attachments'] = Array.from({ length: submissionLimits.attachmentsPerItem + 1 }, () => attachment())),
    '/items/0/attachments',
  ],
];

/** Bodies that are not a form at all, and requests refused before the form is read. */
interface InvalidRequest {
  readonly name: string;
  readonly body: string;
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly type: string;
  /** For validation problems: the one path named, the whole body (`''`) for a body that is not a form. */
  readonly path?: string;
}

const invalidRequests: readonly InvalidRequest[] = [
  { name: 'broken JSON', body: '{"formVersion":1,', status: 400, type: '/problems/validation', path: '' },
  { name: 'JSON that is a list', body: '[]', status: 400, type: '/problems/validation', path: '' },
  { name: 'JSON null', body: 'null', status: 400, type: '/problems/validation', path: '' },
  {
    name: 'a form sent as text/plain',
    body: JSON.stringify(violationBody()),
    headers: { 'content-type': 'text/plain' },
    status: 415,
    type: '/problems/unsupported-media-type',
  },
  {
    name: 'a form sent as a web form',
    body: 'formVersion=1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    type: '/problems/unsupported-media-type',
  },
  {
    name: 'JSON in another character set',
    body: JSON.stringify(violationBody()),
    headers: { 'content-type': 'application/json; charset=latin1' },
    status: 415,
    type: '/problems/unsupported-media-type',
  },
  {
    name: 'a body over the size limit',
    body: JSON.stringify({ ...violationBody(), padding: ' '.repeat(maxSubmissionBytes) }),
    status: 413,
    type: '/problems/payload-too-large',
  },
  {
    name: 'an Idempotency-Key with spaces',
    body: JSON.stringify(violationBody()),
    headers: { 'idempotency-key': 'my key' },
    status: 400,
    type: '/problems/invalid-header',
  },
  {
    name: 'an Idempotency-Key that is too long',
    body: JSON.stringify(violationBody()),
    headers: { 'idempotency-key': 'k'.repeat(129) },
    status: 400,
    type: '/problems/invalid-header',
  },
];

const invalidAttachmentRequests: readonly (readonly [name: string, description: unknown, path: string])[] = [
  ['a zero-byte file', { fileName: 'empty.txt', contentType: 'text/plain', size: 0, sha256: 'e'.repeat(64) }, '/size'],
  ['a file over 10 MiB', { fileName: 'big.pdf', contentType: 'application/pdf', size: submissionLimits.attachmentBytes + 1, sha256: 'e'.repeat(64) }, '/size'],
  ['a fractional size', { fileName: 'a.pdf', contentType: 'application/pdf', size: 1.5, sha256: 'e'.repeat(64) }, '/size'],
  ['a refused type', { fileName: 'a.zip', contentType: 'application/zip', size: 10, sha256: 'e'.repeat(64) }, '/contentType'],
  ['a name with a folder', { fileName: '../a.pdf', contentType: 'application/pdf', size: 10, sha256: 'e'.repeat(64) }, '/fileName'],
  ['a name that does not match the type', { fileName: 'a.png', contentType: 'application/pdf', size: 10, sha256: 'e'.repeat(64) }, '/fileName'],
  ['no digest', { fileName: 'a.pdf', contentType: 'application/pdf', size: 10 }, '/sha256'],
  [
    'a field that is not part of a description',
    { fileName: 'a.pdf', contentType: 'application/pdf', size: 10, sha256: 'e'.repeat(64), acl: 'public-read' },
    '/acl',
  ],
];

async function storedState() {
  const { engine, referenceCounter, s3, submissions } = context();
  const evidence = await s3.send(new ListObjectsV2Command({ Bucket: engine.resources.evidenceBucket, Prefix: 'intake/upload/FRA/' }));
  return {
    submissions: (await submissions.listByState('FRA')).length,
    referenceCounter: await referenceCounter(new Date().getUTCFullYear()),
    evidenceObjects: evidence.KeyCount ?? 0,
  };
}

describe('POST /v1/submissions refuses a malformed form, storing nothing', () => {
  it.each(invalidBodies)('%s', async (_name, change, path) => {
    const { api, token } = context();
    const body = structuredClone(violationBody()) as Body;
    change(body);
    const before = await storedState();
    const answer = await submit(api, await token('focal.fra'), body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.body).toMatchObject({ type: '/problems/validation', status: 400 });
    const errors = answer.body['errors'] as { path: string; message: string }[];
    expect(errors.map((error) => error.path)).toContain(path);
    expect(errors.every((error) => error.message.length > 0)).toBe(true);
    expect(await storedState()).toEqual(before);
  });

  it('has at least 50 cases', () => {
    expect(invalidBodies.length + invalidRequests.length).toBeGreaterThanOrEqual(50);
  });
});

describe('POST /v1/submissions refuses a request that is not a form', () => {
  it.each(invalidRequests)('$name', async ({ body, headers, status, type, path }) => {
    const { api, token } = context();
    const before = await storedState();
    const response = await fetch(`${api}/v1/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token('focal.fra')}`, 'content-type': 'application/json', ...headers },
      body,
    });
    const problem = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(status);
    expect(problem).toMatchObject({ type, status });
    if (path !== undefined) expect((problem['errors'] as { path: string }[]).map((error) => error.path)).toEqual([path]);
    if (type === '/problems/invalid-header') expect(problem['header']).toBe('Idempotency-Key');
    expect(await storedState()).toEqual(before);
  });
});

describe('POST /v1/attachments refuses a description that breaks the attachment rules', () => {
  it.each(invalidAttachmentRequests)('%s', async (_name, description, path) => {
    const { api, token } = context();
    const answer = await requestUpload(api, await token('focal.fra'), description);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: '/problems/validation' });
    expect((answer.body['errors'] as { path: string }[]).map((error) => error.path)).toEqual([path]);
  });

  it('refuses a description that is not JSON, or not sent as JSON', async () => {
    const { api, token } = context();
    const authorization = `Bearer ${await token('focal.fra')}`;
    const broken = await fetch(`${api}/v1/attachments`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: '{' });
    expect(broken.status).toBe(400);
    const text = await fetch(`${api}/v1/attachments`, { method: 'POST', headers: { authorization, 'content-type': 'text/plain' }, body: '{}' });
    expect(text.status).toBe(415);
  });
});

describe('text that looks like markup or script', () => {
  it('is data: accepted, stored verbatim and returned as a JSON string', async () => {
    const { api, submissions, token } = context();
    const facts = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" \'single\' ${7*7} {{7*7}} \u202Eevil';
    const city = '"><svg onload=alert(1)>';
    const answer = await submit(
      api,
      await token('focal.fra'),
      violationBody({ note: { date: today, reference: '</title><script>' } }, { facts, city, circulate: false }),
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const reference = String(answer.body['reference']);
    const stored = (await submissions.get(reference))!;
    expect(stored.items[0]).toMatchObject({ facts, city });
    expect(stored.note.reference).toBe('</title><script>');
    const read = await get<{ items: { facts: string; city: string }[] }>(api, `/v1/submissions/${reference}`, await token('focal.fra'));
    expect(read.headers.get('content-type')).toBe('application/json');
    expect(read.body.items[0]).toMatchObject({ facts, city });
  });
});

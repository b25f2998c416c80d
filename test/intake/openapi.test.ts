/**
 * The OpenAPI document served at /v1/openapi.json: OpenAPI 3.1 in shape, a path for every HTTP
 * route of the registry, and request schemas that accept and reject what the handlers accept
 * and reject. Only rules JSON Schema can state are compared: dates not in the future, codes in the
 * registry, files actually uploaded and file name endings are the handlers' alone.
 */

import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { allFunctions } from '../../functions/registry.ts';
import { get, requestUpload, submit, today, uploadAttachment, useIntakeEngine, violationBody } from './support.ts';

const context = useIntakeEngine();

type Document = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        security: unknown[];
        responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
        requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
      }
    >
  >;
  components: { schemas: Record<string, object>; securitySchemes: Record<string, Record<string, string>> };
};

let document: Document;

beforeAll(async () => {
  const answer = await get<Document>(context().api, '/v1/openapi.json');
  expect(answer.status).toBe(200);
  document = answer.body;
});

const httpRoutes = allFunctions.flatMap((spec) => spec.triggers.flatMap((trigger) => (trigger.kind === 'http' ? [{ ...trigger, function: spec.name }] : [])));

function validator(schemaName: string) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  formats.default(ajv);
  return ajv.compile(document.components.schemas[schemaName]!);
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with a bearer JWT security scheme', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info.title.length).toBeGreaterThan(0);
    expect(document.info.version).toBe('1');
    expect(document.components.securitySchemes['focalPointToken']).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('has an operation for every HTTP route of the registry, secured as the registry says', () => {
    expect(Object.values(document.paths).flatMap((operations) => Object.keys(operations))).toHaveLength(httpRoutes.length);
    for (const route of httpRoutes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation!.security).toEqual(route.auth === 'jwt' ? [{ focalPointToken: [] }] : []);
      if (route.auth === 'jwt') expect(Object.keys(operation!.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
    const ids = Object.values(document.paths).flatMap((operations) => Object.values(operations).map((operation) => operation.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes every response, errors as problem+json, and resolves every reference', () => {
    const text = JSON.stringify(document);
    for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(document.components.schemas, name).toHaveProperty(name!);
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          expect(response.description.length).toBeGreaterThan(0);
          // 401 comes from the JWT authorizer, before any function; a 503 of /v1/health is its report.
          if ((status.startsWith('4') && status !== '401') || status === '500')
            expect(Object.keys(response.content ?? {})).toEqual(['application/problem+json']);
        }
      }
    }
  });

  it('has schemas that compile as JSON Schema 2020-12', () => {
    for (const name of Object.keys(document.components.schemas)) expect(() => validator(name), name).not.toThrow();
  });
});

describe('the request schemas agree with the handlers', () => {
  it('on submissions', async () => {
    const { api, token } = context();
    const fra = await token('focal.fra');
    const attachment = await uploadAttachment(api, fra, 'note.txt', 'text/plain', 'A note verbale.');
    const item = (overrides: Record<string, unknown>) => violationBody({}, { circulate: false, ...overrides });
    const examples: [string, unknown][] = [
      ['a violation report', item({})],
      ['a violation report with an uploaded attachment', item({ attachments: [attachment] })],
      [
        'views with legislation',
        {
          formVersion: 1,
          language: 'ar',
          note: { date: today },
          items: [{ kind: 'views', text: 'Views.', legislation: [{ title: 'Act', year: 2019, link: 'https://example.org/act' }] }],
        },
      ],
      ['an attachment without its key', item({ attachments: [{ ...attachment, key: undefined }] })],
      ['an attachment key outside the uploads', item({ attachments: [{ ...attachment, key: 'inbound/email/x' }] })],
      ['a digest in capitals', item({ attachments: [{ ...attachment, sha256: String(attachment['sha256']).toUpperCase() }] })],
      ['no facts', item({ facts: undefined })],
      ['an unknown kind of violation', item({ violationKinds: ['riot'] })],
      ['a field the form does not have', item({ severity: 'high' })],
      ['form version 2', { ...item({}), formVersion: 2 }],
      ['no items', { ...item({}), items: [] }],
      ['a State code in lower case', item({ occurredIn: 'ken' })],
      ['“known” as text', item({ allegedOffender: { known: 'no' } })],
      ['an incident time past midnight', item({ incidentTime: '24:30' })],
      [
        'a legislation link that is not a web address',
        {
          formVersion: 1,
          language: 'en',
          note: { date: today },
          items: [{ kind: 'views', text: 'Views.', legislation: [{ title: 'Act', year: 2019, link: 'not a link' }] }],
        },
      ],
    ];
    const validate = validator('SubmissionRequest');
    for (const [name, example] of examples) {
      const body = JSON.parse(JSON.stringify(example)) as unknown;
      const answer = await submit(api, fra, body);
      expect([200, 201, 400], name).toContain(answer.status);
      expect(validate(body), `${name}: ${JSON.stringify(answer.body)} / ${JSON.stringify(validate.errors)}`).toBe(answer.status !== 400);
    }
  });

  it('on attachment descriptions', async () => {
    const { api, token } = context();
    const fra = await token('focal.fra');
    const valid = { fileName: 'note.pdf', contentType: 'application/pdf', size: 2048, sha256: 'c'.repeat(64) };
    const examples: [string, unknown][] = [
      ['a PDF', valid],
      ['a JPEG', { ...valid, fileName: 'photo.jpeg', contentType: 'image/jpeg' }],
      ['a zero-byte file', { ...valid, size: 0 }],
      ['a file over 10 MiB', { ...valid, size: 10 * 1024 * 1024 + 1 }],
      ['a refused type', { ...valid, contentType: 'application/zip' }],
      ['no digest', { ...valid, sha256: undefined }],
      ['a short digest', { ...valid, sha256: 'c'.repeat(63) }],
      ['an extra field', { ...valid, acl: 'public-read' }],
      ['a size as text', { ...valid, size: '2048' }],
    ];
    const validate = validator('AttachmentRequest');
    for (const [name, example] of examples) {
      const body = JSON.parse(JSON.stringify(example)) as unknown;
      const answer = await requestUpload(api, fra, body);
      expect([201, 400], name).toContain(answer.status);
      expect(validate(body), name).toBe(answer.status === 201);
    }
  });

  it('on new focal points: POST /v1/focal-points takes the body the handler parses', async () => {
    const { api, token } = context();
    const admin = await token('admin.fra');
    const operation = document.paths['/v1/focal-points']!['post']!;
    expect(operation.requestBody?.content['application/json']!.schema.$ref).toBe('#/components/schemas/NewFocalPoint');
    const examples: [string, unknown][] = [
      ['a focal point', { username: 'deputy.fra', email: 'deputy@fra.example.org' }],
      ['a mission administrator of its own State', { username: 'admin2.fra', email: 'admin2@fra.example.org', missionAdmin: true, state: 'FRA' }],
      ['no e-mail address', { username: 'nomail.fra' }],
      ['an address that is not one', { username: 'bad.fra', email: 'not-an-address' }],
      ['a username in capitals', { username: 'Deputy', email: 'capitals@fra.example.org' }],
      ['a role', { username: 'role.fra', email: 'role@fra.example.org', role: 'secretariat' }],
      ['missionAdmin as text', { username: 'text.fra', email: 'text@fra.example.org', missionAdmin: 'yes' }],
    ];
    const validate = validator('NewFocalPoint');
    for (const [name, example] of examples) {
      const response = await fetch(`${api}/v1/focal-points`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify(example),
      });
      const body = (await response.json()) as unknown;
      expect([201, 400], `${name}: ${JSON.stringify(body)}`).toContain(response.status);
      expect(validate(example), `${name}: ${JSON.stringify(validate.errors)}`).toBe(response.status === 201);
      if (response.status === 201) expect(validator('FocalPoint')(body), name).toBe(true);
    }
    expect(validator('FocalPointList')((await get(api, '/v1/focal-points', admin)).body)).toBe(true);
  });

  it('on receipts: the handler’s answer matches the documented response', async () => {
    const { api, token } = context();
    const fra = await token('focal.fra');
    const answer = await submit(api, fra, violationBody({}, { city: 'Kisumu', circulate: false }));
    expect(answer.status).toBe(201);
    expect(validator('Receipt')(answer.body)).toBe(true);
    const view = await get(api, (answer.body['links'] as { self: string }).self, fra);
    expect(validator('SubmissionView')(view.body)).toBe(true);
    expect(validator('SubmissionList')((await get(api, '/v1/submissions', fra)).body)).toBe(true);
    expect(validator('Obligations')((await get(api, '/v1/obligations', await token('focal.ken'))).body)).toBe(true);
    const problem = await submit(api, fra, {});
    expect(validator('Problem')(problem.body)).toBe(true);
  });
});

/**
 * Fuzzing of what POST /v1/submissions checks before anything is stored: the report form's schema
 * (validateSubmissionBody), the request reader that takes the upload keys out of it
 * (parseSubmissionRequest), the JSON body reader and the problem+json answers.
 *
 * Whatever a caller sends, the check answers with the value or with errors, never a throw; each
 * error names, by a JSON pointer, a field that the body has (or the required one it lacks); a
 * valid body reads back to a value that reads again to itself; and no key of the body, however
 * named (`__proto__`, `constructor`), reaches an object's prototype.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  affectedKinds,
  refusedControlCharacter,
  type SubmissionBody,
  submissionBodySchema,
  submissionLimits,
  validateSubmissionBody,
  violationKinds,
} from '../../functions/core/submissions.ts';
import { type FieldError, parseJsonWith, type Validation } from '../../functions/core/validation.ts';
import { jsonBody } from '../../functions/intake/http-request.ts';
import { validationProblem } from '../../functions/intake/problems.ts';
import { maxSubmissionBytes, parseSubmissionRequest } from '../../functions/intake/submission-request.ts';
import type { AuthorizedHttpEvent } from '../../functions/runtime/http.ts';
import { expectFieldError } from '../support/field-errors.ts';
import { fuzzLedger, namesFieldOf, pointerSegments, prototypePolluted } from './support-fuzz.ts';

const ledger = fuzzLedger('fuzz-submission-schema');
const now = new Date('2024-06-30T12:00:00Z');

// ---------------------------------------------------------------------------------------------
// Valid bodies

const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2024-06-30T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const stateCode = fc.constantFrom('FRA', 'KEN', 'MEX', 'BOL', 'CIV', 'TUR', 'VNM', 'GBR', 'ZZZ');
/**
 * Text a person may write: any script, emoji, combining marks, line breaks and tabs. Other control
 * characters are refused (test/security/hostile-intake.test.ts), so a valid body has none.
 */
const anyText = (maxLength: number) =>
  fc
    .oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(maxLength, 60) }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: Math.min(maxLength, 60) }),
    )
    .filter((value) => value.trim().length > 0 && value.trim().length <= maxLength && refusedControlCharacter(value) === undefined);
const subset = <T>(values: readonly T[]) => fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: values.length });
const fileTypes = [
  ['application/pdf', '.pdf'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', '.docx'],
  ['application/msword', '.doc'],
  ['application/vnd.oasis.opendocument.text', '.odt'],
  ['image/jpeg', '.jpeg'],
  ['image/png', '.png'],
  ['text/plain', '.txt'],
] as const;
const attachment = fc
  .record({
    type: fc.constantFrom(...fileTypes),
    stem: fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
      .filter((stem) => !/[/\\\n\r\t]/.test(stem) && refusedControlCharacter(stem) === undefined),
    size: fc.integer({ min: 1, max: 2 * 1024 * 1024 }),
    sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
  })
  .map(({ type: [contentType, ending], stem, size, sha256 }) => ({ fileName: `${stem}${ending}`, contentType, size, sha256 }));
const attachments = fc.option(fc.array(attachment, { maxLength: 3 }), { nil: undefined });
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

/** Leaves out the keys whose value is undefined, as JSON does. */
function defined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

const violation = (noteDate: string) =>
  fc
    .record({
      occurredIn: stateCode,
      city: optional(anyText(submissionLimits.shortText)),
      placeDetails: optional(anyText(submissionLimits.mediumText)),
      incidentDate: fc.nat({ max: 3_000 }).map((days) => new Date(Date.parse(noteDate) - days * 86_400_000).toISOString().slice(0, 10)),
      incidentTime: optional(
        fc
          .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
          .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
      ),
      affected: fc.record({
        kinds: subset(affectedKinds),
        missionState: stateCode,
      }),
      violationKinds: subset(violationKinds),
      facts: anyText(submissionLimits.longText),
      known: fc.boolean(),
      detained: optional(fc.boolean()),
      presentIn: optional(stateCode),
      actionRequestedOrTaken: optional(anyText(submissionLimits.mediumText)),
      circulate: optional(fc.boolean()),
      attachments,
    })
    .map(({ known, detained, presentIn, ...item }) =>
      defined({ kind: 'violation', ...item, allegedOffender: defined({ known, detained, presentIn: presentIn === item.occurredIn ? undefined : presentIn }) }),
    );

const measures = <T extends string>(kinds: readonly T[]) => fc.record({ taken: subset(kinds), description: anyText(submissionLimits.longText) });
const followUp = fc
  .record({
    answers: fc.oneof(
      fc.constant('MPR-2024-0042'),
      fc.constant('INC-MPR-2024-0042-1'),
      fc.integer({ min: 1, max: 99_999 }).map((n) => `MPR-2023-${String(n).padStart(4, '0')}`),
    ),
    justiceMeasures: optional(measures(['investigation', 'arrest', 'charges', 'extradition-request', 'other'])),
    outcomeOfProceedings: optional(fc.record({ final: fc.boolean(), description: anyText(submissionLimits.longText) })),
    preventiveMeasures: optional(measures(['guards', 'perimeter', 'legislation', 'other'])),
    circulate: optional(fc.boolean()),
    attachments,
  })
  .filter((item) => item.justiceMeasures !== undefined || item.outcomeOfProceedings !== undefined || item.preventiveMeasures !== undefined)
  .map((item) => defined({ kind: 'follow-up', ...item }));

const views = fc
  .record({
    text: anyText(submissionLimits.longText),
    legislation: optional(
      fc.array(
        fc
          .record({
            title: anyText(submissionLimits.mediumText),
            year: fc.integer({ min: 1800, max: 2100 }),
            link: optional(fc.stringMatching(/^[a-z0-9-]{1,20}$/).map((path) => `https://laws.example.org/${path}`)),
          })
          .map(defined),
        { maxLength: 3 },
      ),
    ),
    attachments,
  })
  .map((item) => defined({ kind: 'views', ...item }));

/** A body that the form accepts, as a client would send it (JSON, defaults left out or not). */
const validBody: fc.Arbitrary<Record<string, unknown>> = isoDate.chain((noteDate) =>
  fc
    .record({
      language: fc.constantFrom('ar', 'zh', 'en', 'fr', 'ru', 'es'),
      reference: optional(anyText(submissionLimits.shortText)),
      items: fc.array(fc.oneof(violation(noteDate), followUp, views), { minLength: 1, maxLength: 4 }),
    })
    .map(({ language, reference, items }) => ({ formVersion: 1, language, note: defined({ date: noteDate, reference }), items })),
);

// ---------------------------------------------------------------------------------------------
// Mutations of valid bodies

type Path = readonly (string | number)[];

function pathsOf(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return [at, ...value.flatMap((element, index) => pathsOf(element, [...at, index]))];
  if (typeof value === 'object' && value !== null) return [at, ...Object.entries(value).flatMap(([key, element]) => pathsOf(element, [...at, key]))];
  return [at];
}

function valueAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, segment) => (node as Record<string | number, unknown>)[segment], root);
}

/** Sets an own property, even one named `__proto__`, as JSON.parse does. */
function setOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

/** Keys that have done harm elsewhere: prototype pollution, shadowed methods, the forbidden field. */
const hostileKeys = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'reportingState',
  'key',
  'formVersion ',
  'ITEMS',
  '',
  '/',
  '~1',
  'a/b~c',
];

const oversized = fc
  .constantFrom(submissionLimits.shortText + 1, submissionLimits.mediumText + 1, submissionLimits.longText + 1, 100_000)
  .map((length) => 'x'.repeat(length));
const oddString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u0000abc',
    'abc\u0000',
    '\u202eevil',
    '\ufeff',
    '\ud800',
    'a\udc00b',
    '\t\n\r',
    '2024-02-30',
    '2024-13-01',
    '9999-12-31',
    '24:00',
    'MPR-2024-0000',
    'INC-MPR-2024-0042-0',
    'fra',
    'FRAN',
    'javascript:alert(1)',
    '<script>alert(1)</script>',
    '{{7*7}}',
    '${7*7}',
    "'; DROP TABLE submissions; --",
  ),
);
const retyped = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  oddString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, [], {}, [null], { __proto__: null }),
);

type Mutation =
  | { readonly kind: 'drop'; readonly pick: number }
  | { readonly kind: 'replace'; readonly pick: number; readonly value: unknown }
  | { readonly kind: 'add-key'; readonly pick: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'flood-array'; readonly pick: number; readonly length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: fc.oneof(retyped, oversized) }),
  fc.record({
    kind: fc.constant('add-key' as const),
    pick: fc.nat(),
    key: fc.oneof(fc.constantFrom(...hostileKeys), fc.string({ unit: 'binary', maxLength: 12 })),
    value: retyped,
  }),
  fc.record({ kind: fc.constant('flood-array' as const), pick: fc.nat(), length: fc.constantFrom(11, 21, 51, 1000) }),
);

interface Mutated {
  /** The body as the API receives it: the mutation, through JSON. */
  readonly body: unknown;
  /** Where the mutation was made. */
  readonly path: Path;
  readonly mutation: Mutation;
}

function mutate(valid: Record<string, unknown>, change: Mutation): Mutated {
  const body = structuredClone(valid);
  const candidates = pathsOf(body);
  if (change.kind === 'add-key' || change.kind === 'flood-array') {
    const wanted = candidates.filter((path) => {
      const node = valueAt(body, path);
      return change.kind === 'add-key' ? typeof node === 'object' && node !== null && !Array.isArray(node) : Array.isArray(node) && node.length > 0;
    });
    const path = wanted[change.pick % wanted.length]!;
    const node = valueAt(body, path) as Record<string, unknown> & unknown[];
    if (change.kind === 'add-key') {
      setOwn(node, change.key, change.value);
      return { body: JSON.parse(JSON.stringify(body)) as unknown, path: [...path, change.key], mutation: change };
    }
    const first = node[0];
    node.length = 0;
    for (let index = 0; index < change.length; index += 1) node.push(structuredClone(first));
    return { body: JSON.parse(JSON.stringify(body)) as unknown, path, mutation: change };
  }
  const inner = candidates.filter((path) => path.length > 0);
  const path = inner[change.pick % inner.length]!;
  const parent = valueAt(body, path.slice(0, -1)) as Record<string | number, unknown> & unknown[];
  const last = path.at(-1)!;
  if (change.kind === 'drop') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    setOwn(parent, last, change.value);
  }
  return { body: JSON.parse(JSON.stringify(body)) as unknown, path, mutation: change };
}

function pointer(path: Path): string {
  return path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** Whether one pointer is the other or contains it. */
function related(a: string, b: string): boolean {
  const [x, y] = [pointerSegments(a), pointerSegments(b)];
  const common = Math.min(x.length, y.length);
  return x.slice(0, common).every((segment, index) => segment === y[index]);
}

/** What every answer of the form's check must be, whatever the input. */
function expectWellFormed(input: unknown, result: Validation<unknown>): void {
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(typeof error.message).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.path === '' || /^(\/[^/]*)+$/.test(error.path), `the path ${JSON.stringify(error.path)} is a JSON pointer`).toBe(true);
    expect(namesFieldOf(input, error.path), `${error.path} names a field of the body`).toBe(true);
  }
  expect(new Set(result.errors.map((error) => error.path)).size, 'one error per field').toBe(result.errors.length);
}

/** A valid value reads again to itself, and as JSON too: nothing is lost or added on the way to storage. */
function expectIdempotent(value: SubmissionBody): void {
  const again = validateSubmissionBody(value, now);
  expect(again).toEqual({ ok: true, value });
  expect(validateSubmissionBody(JSON.parse(JSON.stringify(value)), now)).toEqual({ ok: true, value });
  for (const path of pathsOf(value)) {
    const node = valueAt(value, path);
    if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
      expect(Object.getPrototypeOf(node)).toBe(Object.prototype);
      for (const key of ['__proto__', 'constructor', 'prototype']) expect(Object.hasOwn(node, key), `${pointer(path)} has no own ${key}`).toBe(false);
    }
  }
}

describe('the report form’s schema, fuzzed', () => {
  it('accepts every valid body, and what it accepts reads again to itself', () => {
    ledger.assert(
      'schema: valid bodies',
      fc.property(validBody, (body) => {
        const result = validateSubmissionBody(body, now);
        if (!result.ok) throw new Error(`a valid body was refused: ${JSON.stringify(result.errors)}`);
        expectIdempotent(result.value);
      }),
      2_000,
    );
  });

  it('answers any JSON value, or any JavaScript value, with a result and never a throw', () => {
    const anyValue = fc.oneof(
      fc.jsonValue(),
      fc.anything({
        key: fc.oneof(fc.string(), fc.constantFrom(...hostileKeys, 'items', 'note', 'kind', 'date', 'attachments')),
        withBigInt: true,
        withBoxedValues: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withNullPrototype: true,
        withObjectString: true,
        withSparseArray: true,
        withTypedArray: true,
        withUnicodeString: true,
      }),
      // The top level right, the rest anything.
      fc.record(
        {
          formVersion: fc.anything(),
          language: fc.anything(),
          note: fc.anything(),
          items: fc.oneof(fc.anything(), fc.array(fc.anything({ withNullPrototype: true }))),
        },
        { requiredKeys: [] },
      ),
    );
    ledger.assert(
      'schema: arbitrary values',
      fc.property(anyValue, (input) => {
        const result = validateSubmissionBody(input, now);
        expectWellFormed(input, result);
        if (result.ok) expectIdempotent(result.value);
        expect(prototypePolluted()).toBe(false);
      }),
      3_000,
    );
  });

  it('answers a valid body with a field dropped, retyped, oversized, flooded or added with errors at that field', () => {
    ledger.assert(
      'schema: mutated valid bodies',
      fc.property(validBody, mutation, (valid, change) => {
        const { body, path } = mutate(valid, change);
        const result = validateSubmissionBody(body, now);
        expectWellFormed(body, result);
        expect(prototypePolluted()).toBe(false);
        if (result.ok) {
          expectIdempotent(result.value);
          return;
        }
        const at = pointer(path);
        // The fault is at the mutated field, inside it or around it; a check across fields
        // (a date after the note's, too many attachments in all) names the field it blames.
        const blamed = result.errors.filter((error) => related(error.path, at) || error.path === '/items' || /^\/items\/\d+\/incidentDate$/.test(error.path));
        expect(blamed, `${JSON.stringify(result.errors)} blame ${at}`).not.toEqual([]);
        if (change.kind === 'add-key') {
          const named = result.errors.find((error) => error.path === at);
          expect(named?.message, `${at} is named as unknown`).toMatch(/is not a field of this form|is not part of the form/);
        }
      }),
      3_000,
    );
  });

  it('never lets a key reach a prototype, at any depth', () => {
    const polluting = fc.tuple(
      validBody,
      fc.nat(),
      fc.constantFrom('__proto__', 'constructor', 'prototype'),
      fc.constantFrom<unknown>({ polluted: true }, { isAdmin: true }, { prototype: { polluted: true } }, 'x'),
    );
    ledger.assert(
      'schema: prototype keys',
      fc.property(polluting, ([valid, pick, key, value]) => {
        // As the API reads it: JSON text with the key written in it.
        const { body, path } = mutate(valid, { kind: 'add-key', pick, key, value });
        const text = JSON.stringify(body);
        expect(text).toContain(JSON.stringify(key));
        const result = parseJsonWith(submissionBodySchema, text, 'is not a field of this form');
        expect(result.ok).toBe(false);
        expect((result as { errors: readonly FieldError[] }).errors).toContainEqual({ path: pointer(path), message: 'is not a field of this form' });
        const request = parseSubmissionRequest(JSON.parse(text), now);
        expect(request.ok).toBe(false);
        expect(prototypePolluted()).toBe(false);
      }),
      1_000,
    );
  });
});

describe('the size of a whole submission', () => {
  it('refuses texts each within their limit but too long together to be stored as one item', () => {
    const views = (length: number) => ({ kind: 'views', text: 'v'.repeat(length) });
    const body = (items: unknown[]) => ({ formVersion: 1, language: 'en', note: { date: '2024-06-01' }, items });
    const over = validateSubmissionBody(body(Array.from({ length: 50 }, () => views(submissionLimits.longText))), now);
    expect(over).toEqual({
      ok: false,
      errors: [
        {
          path: '/items',
          message: `must hold at most ${submissionLimits.submissionTextChars} characters of text in all; send long texts as attachments`,
          rule: 'textTooLong',
          limit: String(submissionLimits.submissionTextChars),
        },
      ],
    });
    // What a State writes in a note of thirty pages still passes.
    expect(validateSubmissionBody(body(Array.from({ length: 2 }, () => views(submissionLimits.longText))), now).ok).toBe(true);
    // A body at the limit, in three-byte characters, stays well under DynamoDB's 400 KB.
    expect(Buffer.byteLength('語'.repeat(submissionLimits.submissionTextChars))).toBeLessThan(200 * 1024);
  });
});

describe('the upload request around the form, fuzzed', () => {
  const uploadKey = fc
    .tuple(stateCode, fc.uuid({ version: 4 }), fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/))
    .map(([state, id, name]) => `uploads/${state}/${id}/${name}`);
  const keyValue = fc.oneof(uploadKey, retyped, fc.constant(undefined));

  it('takes each attachment’s key out, or names it at /items/<n>/attachments/<m>/key, and never throws', () => {
    ledger.assert(
      'request: attachment keys',
      fc.property(validBody, fc.array(keyValue, { maxLength: 12 }), fc.option(mutation, { nil: undefined }), (valid, keys, change) => {
        let next = 0;
        const withKeys = structuredClone(valid) as { items: { attachments?: Record<string, unknown>[] }[] };
        for (const item of withKeys.items)
          for (const described of item.attachments ?? []) if (next < keys.length && keys[next] !== undefined) described['key'] = keys[next++];
        const { body } = change ? mutate(withKeys, change) : { body: JSON.parse(JSON.stringify(withKeys)) as unknown };
        const request = parseSubmissionRequest(body, now);
        expectWellFormed(body, request.ok ? { ok: true, value: request.body } : request);
        if (!request.ok) {
          // A key where the form has attachments is read as an upload key; anywhere else it is an unknown field.
          for (const error of request.errors.filter((candidate) => candidate.path.endsWith('/key') && candidate.message !== 'is not a field of this form')) {
            expect(error.path).toMatch(/^\/items\/\d+\/attachments\/\d+\/key$/);
          }
          return;
        }
        expectIdempotent(request.body);
        const described = request.body.items.flatMap((item) => item.attachments);
        expect(request.uploads).toHaveLength(described.length);
        for (const upload of request.uploads) expect(upload.key).toMatch(/^uploads\/[A-Z]{3}\//);
      }),
      1_000,
    );
  });
});

describe('the HTTP layer: JSON body and problem answers, fuzzed', () => {
  function event(body: string | undefined, contentType: string | undefined, isBase64Encoded: boolean): AuthorizedHttpEvent {
    return { headers: contentType === undefined ? {} : { 'content-type': contentType }, body, isBase64Encoded } as unknown as AuthorizedHttpEvent;
  }
  const contentType = fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/json;charset="UTF-8"',
      'APPLICATION/JSON',
      'application/json; charset=latin1',
      'text/plain',
      'application/problem+json',
      'multipart/form-data; boundary=x',
      '',
      ';;;',
      'application/json; charset=',
    ),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constant(undefined),
  );
  const bodyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    validBody.map((value) => JSON.stringify(value)),
    fc.constantFrom(
      '',
      '{',
      '[',
      '{"a":',
      '\u0000',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
    ),
  );

  it('reads the body or answers 400, 413 or 415 as problem+json; a validation answer names its fields', () => {
    ledger.assert(
      'http: body and problems',
      fc.property(bodyText, contentType, fc.boolean(), (text, type, base64) => {
        const raw = base64 ? Buffer.from(text).toString('base64') : text;
        const read = jsonBody(event(raw, type, base64), maxSubmissionBytes);
        expect(prototypePolluted()).toBe(false);
        if (read.ok) {
          expect(read.value.raw).toBe(base64 ? Buffer.from(text).toString('utf8') : text);
          const form = parseSubmissionRequest(read.value.value, now);
          const answer = form.ok ? undefined : validationProblem(form.errors);
          if (answer) expectProblem(answer, 400);
          return;
        }
        expect([400, 413, 415]).toContain(read.response.statusCode);
        expectProblem(read.response, read.response.statusCode!);
      }),
      2_000,
    );
  });

  it('answers a body over the limit with 413 without reading it', () => {
    const read = jsonBody(event(`"${'x'.repeat(maxSubmissionBytes)}"`, 'application/json', false), maxSubmissionBytes);
    expect(read.ok).toBe(false);
    expect((read as { response: { statusCode: number } }).response.statusCode).toBe(413);
  });

  it('writes any field errors, whatever characters they hold, as JSON that reads back to them', () => {
    const fieldError = fc.record({ path: fc.string({ unit: 'binary', maxLength: 40 }), message: fc.string({ unit: 'binary', maxLength: 80 }) });
    ledger.assert(
      'http: validation problem',
      fc.property(fc.array(fieldError, { minLength: 1, maxLength: 10 }), (errors) => {
        const answer = validationProblem(errors);
        const body = expectProblem(answer, 400);
        // Lone surrogates are written escaped and read back as they were.
        expect(body['errors']).toEqual(errors);
      }),
      1_000,
    );
  });
});

function expectProblem(answer: { statusCode?: number; headers?: Record<string, unknown>; body?: string }, status: number): Record<string, unknown> {
  expect(answer.statusCode).toBe(status);
  expect(answer.headers?.['content-type']).toBe('application/problem+json');
  const body = JSON.parse(answer.body!) as Record<string, unknown>;
  expect(body).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//), title: expect.any(String) });
  if (status === 400 && body['type'] === '/problems/validation') {
    const errors = body['errors'] as FieldError[];
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expectFieldError(error);
  }
  return body;
}

/**
 * Fuzzing of the inbound e-mail path from raw bytes to the intake decision: readMessage (the
 * size check and postal-mime within the limits), what the e-mail record keeps, and the inbound
 * decision the e-mail intake calls (core/inbound-email/decision.ts: the sender and attachment
 * rules, the report form, the triage item), with the S3 reads answered in memory.
 *
 * Whatever the bytes (random, or a real message broken in the ways crafted mail is broken:
 * headers of any size and character, boundaries missing or wrong, parts nested deep, declared
 * sizes that lie, bad base64, unknown charsets, NUL bytes), the path never throws and never
 * leaves a promise rejected; the message ends in one of the defined outcomes (submitted,
 * awaiting classification, quarantined with a known reason); and what would be stored (the
 * e-mail record, the triage item) is valid and fits in a DynamoDB item.
 */

import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SESMail } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitingClassification, decideInboundEmail } from '../../functions/core/inbound-email/decision.ts';
import { inboundLimits, type QuarantineReason, quarantineReasons } from '../../functions/core/inbound-email/limits.ts';
import { inboundEmailRecord, type ReceiptVerdicts, type VerdictStatus } from '../../functions/core/inbound-email/record.ts';
import { triageItemSchema } from '../../functions/core/inbound-email/triage.ts';
import { messageContent, parsedMessage, readMessage, unparsedMessage } from '../../functions/intake/email-message.ts';
import { seedStates } from '../support/seed.ts';
import { fuzzLedger } from './support-fuzz.ts';

const ledger = fuzzLedger('fuzz-email-mime');
const registry = seedStates();
const fra = 'pm.fra@missions.example.org';
const ken = 'pm.ken@missions.example.org';
const receivedAt = '2024-06-01T10:00:00.000Z';
/** DynamoDB refuses items over 400 KB; the records of one message must stay well under it. */
const itemLimitBytes = 400 * 1024;
// Each property runs hundreds of cases: on a busy machine a file of them may take minutes.
const fuzzTimeout = 180_000;

// Every promise the path leaves rejected would show here.
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

/** The evidence bucket, in memory: HeadObject answers `declaredSize` (S3's ContentLength) when given. */
function bucketHolding(raw: Uint8Array, declaredSize?: number): S3Client & { reads: number } {
  const client = {
    reads: 0,
    async send(command: unknown) {
      if (command instanceof HeadObjectCommand) return { ContentLength: declaredSize ?? raw.byteLength };
      if (command instanceof GetObjectCommand) {
        client.reads += 1;
        return { Body: { transformToByteArray: async () => raw } };
      }
      throw new Error('unexpected command');
    },
  };
  return client as unknown as S3Client & { reads: number };
}

type Outcome =
  | { readonly disposition: 'submitted' | 'awaiting-classification' }
  | { readonly disposition: 'quarantined'; readonly reason: QuarantineReason; readonly detail: string };

const mail: SESMail = {
  timestamp: receivedAt,
  source: fra,
  messageId: 'fuzzed-ses-message-id',
  destination: ['reports@mpr.example.org'],
  headersTruncated: false,
  headers: [],
  commonHeaders: {
    returnPath: fra,
    from: [`Mission <${fra}>`],
    to: ['reports@mpr.example.org'],
    date: receivedAt,
    messageId: '<fuzz@missions.example.org>',
    subject: 'fuzzed',
  },
};

/**
 * What the e-mail intake decides for `raw`, and checks of what it would store: its own reading
 * of the message (S3 reads in memory, no writes) and the inbound decision itself.
 */
async function intakeOf(raw: Uint8Array, verdicts: ReceiptVerdicts, envelopeSender = fra, declaredSize?: number): Promise<Outcome> {
  const evidence = { bucket: 'evidence', key: 'inbound/email/fuzzed' };
  const read = await readMessage(bucketHolding(raw, declaredSize), evidence.bucket, evidence.key);
  const record = inboundEmailRecord({
    sesMessageId: mail.messageId,
    envelopeSender,
    receivedAt,
    verdicts,
    evidence: { ...evidence, size: read.size },
    message: read.ok ? parsedMessage(read.email) : unparsedMessage(mail),
  });
  expect(byteSize(record), 'the e-mail record fits in an item').toBeLessThan(itemLimitBytes);
  // The dedupe key is part of partition keys: the e-mail's and its audit trail's (at most 2048 bytes).
  expect(Buffer.byteLength(`AUDIT#email#${record.dedupeKey}`), 'the keys fit').toBeLessThanOrEqual(1024);

  const { outcome } = decideInboundEmail({ record, receivedAt, content: messageContent(read), registry, evidence });
  // The triage item the message becomes (held, awaiting classification, or so if the records refuse its submission).
  const item = outcome.disposition === 'submitted' ? awaitingClassification(outcome, []).item : outcome.item;
  // What QuarantineRepository.hold parses before it writes: a message it cannot hold would be lost to triage.
  const parsed = triageItemSchema.safeParse({ ...item, status: 'pending' });
  expect(parsed.error?.issues ?? [], 'the triage item is valid').toEqual([]);
  expect(byteSize(item), 'the triage item fits in an item').toBeLessThan(itemLimitBytes);

  if (outcome.disposition === 'quarantined') {
    expect(read.ok || outcome.refusal.reason === 'virus' || outcome.refusal.reason === read.refusal.reason).toBe(true);
    return { disposition: 'quarantined', reason: outcome.refusal.reason, detail: outcome.refusal.detail };
  }
  // Accepted: a registered mailbox of one State, and nothing unread.
  expect(read.ok).toBe(true);
  expect(outcome.state.mailboxes.map((mailbox) => mailbox.address)).toContain(record.fromAddress);
  return { disposition: outcome.disposition };
}

function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

function expectDefined(outcome: Outcome): void {
  expect(['submitted', 'awaiting-classification', 'quarantined']).toContain(outcome.disposition);
  if (outcome.disposition === 'quarantined') {
    expect(quarantineReasons).toContain(outcome.reason);
    expect(outcome.detail.length).toBeGreaterThan(0);
  }
}

const allPass: ReceiptVerdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', virus: 'PASS', spam: 'PASS' };
const verdict = fc.oneof(
  { weight: 6, arbitrary: fc.constant<VerdictStatus>('PASS') },
  { weight: 1, arbitrary: fc.constantFrom<VerdictStatus>('FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED') },
);
const verdicts: fc.Arbitrary<ReceiptVerdicts> = fc.record({ spf: verdict, dkim: verdict, dmarc: verdict, virus: verdict, spam: verdict });

// ---------------------------------------------------------------------------------------------
// Messages as crafted mail is made

const crlf = '\r\n';
const latin1 = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

const headerValue = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 40 }).map((text) => Buffer.from(text, 'utf8').toString('latin1')),
  fc.constantFrom(
    '=?utf-8?B?w6l0w6k=?=',
    '=?x-unknown?Q?abc?=',
    '=?utf-7?B?+AGEAYQ-?=',
    '=?iso-2022-jp?B?GyRCJEMbKEI=?=',
    '=?utf-8?Q?broken=ZZ?=',
    '=?utf-8?B?!!!not-base64?=',
    '=?=?=?',
    'a\u0000b',
    '\u0000',
    '"unterminated',
    '<<<>>>',
    'x'.repeat(5_000),
    `folded${crlf} continuation${crlf}\tmore`,
  ),
);
const fromValue = fc.oneof(
  fc.constantFrom(
    fra,
    `Permanent Mission of France <${fra}>`,
    `"${ken}" <${fra}>`,
    `Permanent Mission of Kenya <${fra}>`,
    'undisclosed-recipients:;',
    `group: ${fra}, ${ken};`,
    `${fra}, ${ken}`,
    '<>',
    '',
    '@',
    `=?utf-8?B?${Buffer.from(`Mission de la France <${ken}>`).toString('base64')}?= <${fra}>`,
    `"\u0000" <${fra}>`,
    `${'"'.repeat(300)} <${fra}>`,
  ),
  fc.tuple(headerValue, fc.constantFrom(fra, ken, 'nobody@elsewhere.example.net')).map(([name, address]) => `${name} <${address}>`),
);
const headerName = fc.oneof(
  fc.constantFrom(
    'X-Mailer',
    'Received',
    'Content-Length',
    'Content-Type',
    'Content-Transfer-Encoding',
    'Reply-To',
    'Auto-Submitted',
    'MIME-Version',
    'From',
    'Message-ID',
    'Date',
    'Subject',
  ),
  fc.stringMatching(/^[!-9;-~]{1,20}$/),
);
const extraHeaders = fc.array(
  fc.tuple(headerName, headerValue).map(([name, value]) => `${name}: ${value}`),
  { maxLength: 6 },
);

/** A small report form, in the message text so that the form reader is reached too. */
const formText = fc.constantFrom(
  '',
  'Dear colleagues, please find our views attached.',
  [
    '--- REPORT FORM, VERSION 1 ---',
    'Language: en',
    'Note date: 2024-05-02',
    'Kind: views',
    'Views: Guards were added.',
    'Attachments: report.pdf',
    '--- END OF REPORT FORM ---',
  ].join('\n'),
  [
    '--- REPORT FORM, VERSION 1 ---',
    'Language: en',
    'Note date: 2024-05-02',
    'Kind: views',
    'Views: x',
    `Attachments: ${Array.from({ length: 200 }, (_, index) => `missing-${index}.pdf`).join(', ')}`,
    '--- END OF REPORT FORM ---',
  ].join('\n'),
  ['--- FORMULAIRE DE RAPPORT, VERSION 9 ---', 'Kind: nonsense', 'Facts:', '--- END ---'].join('\n'),
);

const contentType = fc.constantFrom(
  'text/plain; charset=utf-8',
  'text/plain; charset=x-unknown-charset',
  'text/plain; charset=utf-7',
  'text/plain; charset="iso-2022-jp"',
  'text/html; charset=windows-1252',
  'application/pdf',
  'application/octet-stream',
  'application/zip',
  'image/png',
  'message/rfc822',
  'text/plain; charset=',
  'garbage',
  '',
);
const transferEncoding = fc.constantFrom('7bit', '8bit', 'binary', 'base64', 'quoted-printable', 'x-uuencode', 'BASE64', 'nonsense', '');
const partBody = fc.oneof(
  fc.constantFrom(
    'JVBERi0xLjQKJSVFT0YK',
    '!!!!====',
    '====',
    'JVBERi0xLjQ',
    'a=ZZb=\r\n=',
    '=\r\n',
    '%PDF-1.4\n%%EOF',
    '\u0000\u0000\u0000',
    '\x89PNG\r\n\x1a\n',
  ),
  fc.string({ unit: 'binary-ascii', maxLength: 120 }),
  fc.uint8Array({ maxLength: 120 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.nat({ max: 2_000 }).map((length) => 'A'.repeat(length)),
);
const disposition = fc.constantFrom(
  '',
  'Content-Disposition: attachment; filename="report.pdf"',
  'Content-Disposition: attachment; filename="../../etc/passwd"',
  'Content-Disposition: attachment; filename="a\\u0000b.pdf"',
  `Content-Disposition: attachment; filename="${'n'.repeat(1_000)}.pdf"`,
  "Content-Disposition: attachment; filename*=utf-8''%E2%80%AEfdp.exe",
  "Content-Disposition: attachment; filename*0*=utf-8''a; filename*1=b.pdf",
  'Content-Disposition: inline',
  'Content-Disposition: attachment; filename="x.pdf"; size=99999999999999999999',
);
const declaredLength = fc.constantFrom('', 'Content-Length: 99999999999999999999', 'Content-Length: -1', 'Content-Length: 0', `Content-Length: ${2 ** 53}`);

interface Leaf {
  readonly leaf: {
    readonly contentType: string;
    readonly encoding: string;
    readonly disposition: string;
    readonly length: string;
    readonly body: string;
    readonly headersOnly: boolean;
  };
}
interface Multipart {
  readonly multipart: {
    readonly subtype: string;
    readonly boundary: string;
    readonly children: readonly Part[];
    readonly closing: 'proper' | 'missing' | 'wrong' | 'truncated';
    readonly preamble: string;
  };
}
type Part = Leaf | Multipart;

const boundary = fc.oneof(fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,40}$/), fc.constantFrom('', ' ', 'a b', '"', '--', 'x'.repeat(200)));
const { part } = fc.letrec<{ part: Part; leaf: Leaf; multipart: Multipart }>((tie) => ({
  part: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('multipart')),
  leaf: fc.record({
    leaf: fc.record({ contentType, encoding: transferEncoding, disposition, length: declaredLength, body: partBody, headersOnly: fc.boolean() }),
  }),
  multipart: fc.record({
    multipart: fc.record({
      subtype: fc.constantFrom('mixed', 'alternative', 'related', 'digest', 'signed', 'x-unknown'),
      boundary,
      children: fc.array(tie('part'), { maxLength: 4 }),
      closing: fc.constantFrom('proper', 'proper', 'missing', 'wrong', 'truncated'),
      preamble: fc.constantFrom('', 'This is a multi-part message.', '--'),
    }),
  }),
}));

function headersOf(entries: readonly string[]): string {
  return entries.filter((line) => line.length > 0).join(crlf);
}

function serialize(node: Part): string {
  if ('leaf' in node) {
    const { leaf } = node;
    const headers = headersOf([
      `Content-Type: ${leaf.contentType}`,
      leaf.encoding ? `Content-Transfer-Encoding: ${leaf.encoding}` : '',
      leaf.disposition,
      leaf.length,
    ]);
    return leaf.headersOnly ? headers : `${headers}${crlf}${crlf}${leaf.body}`;
  }
  const { subtype, boundary: mark, children, closing, preamble } = node.multipart;
  const head = `Content-Type: multipart/${subtype}; boundary="${mark}"${crlf}${crlf}${preamble}${crlf}`;
  const body = children.map((child) => `--${mark}${crlf}${serialize(child)}${crlf}`).join('');
  const end = { proper: `--${mark}--${crlf}`, missing: '', wrong: `--${mark}x--${crlf}`, truncated: `--${mark.slice(0, -1)}` }[closing];
  return head + body + end;
}

const message = fc
  .record({
    from: fromValue,
    subject: headerValue,
    extra: extraHeaders,
    text: formText,
    body: part,
    messageId: fc.constantFrom('<fuzz@missions.example.org>', '', '<>', '<\u0000>', 'no-brackets', `<${'i'.repeat(2_000)}@x>`),
  })
  .map(({ from, subject, extra, text, body, messageId }) => {
    const top = headersOf([
      `From: ${from}`,
      'To: reports@mpr.example.org',
      `Subject: ${subject}`,
      messageId ? `Message-ID: ${messageId}` : '',
      'MIME-Version: 1.0',
      ...extra,
    ]);
    // The form goes in a text part first, so that a broken structure after it is what is tested.
    const withText: Part = {
      multipart: {
        subtype: 'mixed',
        boundary: 'outer-boundary',
        closing: 'proper',
        preamble: '',
        children: [{ leaf: { contentType: 'text/plain; charset=utf-8', encoding: '8bit', disposition: '', length: '', body: text, headersOnly: false } }, body],
      },
    };
    return latin1(`${top}${crlf}${serialize(withText)}`);
  });

/** Byte edits of a serialized message: flipped bytes, NUL bytes, cut or repeated stretches. */
interface ByteEdit {
  readonly at: number;
  readonly op: 'flip' | 'nul' | 'cut' | 'truncate' | 'repeat' | 'crlf';
  readonly value: number;
  readonly span: number;
}
const byteEdit: fc.Arbitrary<ByteEdit> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('flip', 'nul', 'cut', 'truncate', 'repeat', 'crlf'),
  value: fc.integer({ min: 0, max: 255 }),
  span: fc.integer({ min: 1, max: 64 }),
});

function edit(raw: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  let bytes = Buffer.from(raw);
  for (const { at, op, value, span } of edits) {
    const index = at % (bytes.length + 1);
    if (op === 'flip' && index < bytes.length) bytes[index] = value;
    else if (op === 'nul') bytes = Buffer.concat([bytes.subarray(0, index), Buffer.from([0]), bytes.subarray(index)]);
    else if (op === 'cut') bytes = Buffer.concat([bytes.subarray(0, index), bytes.subarray(index + span)]);
    else if (op === 'truncate') bytes = bytes.subarray(0, index);
    else if (op === 'repeat') bytes = Buffer.concat([bytes.subarray(0, index + span), bytes.subarray(index, index + span), bytes.subarray(index + span)]);
    else if (op === 'crlf') bytes = Buffer.concat([bytes.subarray(0, index), Buffer.from('\r\n\r\n'), bytes.subarray(index)]);
  }
  return new Uint8Array(bytes);
}

/** A part nested `depth` levels down, as a message crafted to exhaust the parser nests it. */
function nested(depth: number, leaf: string): Uint8Array {
  let body = `Content-Type: text/plain${crlf}${crlf}${leaf}${crlf}`;
  for (let level = 0; level < depth; level += 1)
    body = `Content-Type: multipart/mixed; boundary="b${level}"${crlf}${crlf}--b${level}${crlf}${body}--b${level}--${crlf}`;
  return latin1(`From: ${fra}${crlf}Subject: nested${crlf}MIME-Version: 1.0${crlf}${body}`);
}

describe('the inbound MIME path, fuzzed', () => {
  it(
    'ends any bytes at all in a defined outcome, without a throw',
    async () => {
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 2_048 }),
        fc.string({ unit: 'binary', maxLength: 500 }).map((text) => new TextEncoder().encode(text)),
      );
      await ledger.assertAsync(
        'mime: random bytes',
        fc.asyncProperty(bytes, verdicts, async (raw, given) => expectDefined(await intakeOf(raw, given))),
        4_500,
      );
    },
    fuzzTimeout,
  );

  it(
    'ends crafted and broken messages in a defined outcome, without a throw',
    async () => {
      await ledger.assertAsync(
        'mime: crafted messages',
        fc.asyncProperty(message, verdicts, fc.array(byteEdit, { maxLength: 3 }), async (raw, given, edits) =>
          expectDefined(await intakeOf(edit(raw, edits), given)),
        ),
        2_500,
      );
    },
    fuzzTimeout,
  );

  it(
    'quarantines as malformed every message nested deeper than the limit, and reads every one within it',
    async () => {
      await ledger.assertAsync(
        'mime: nesting depth',
        fc.asyncProperty(fc.integer({ min: 0, max: 60 }), fc.string({ unit: 'grapheme-ascii', maxLength: 30 }), async (depth, leaf) => {
          const outcome = await intakeOf(nested(depth, leaf), allPass);
          expectDefined(outcome);
          if (depth > inboundLimits.mimeNestingDepth)
            expect(outcome).toMatchObject({ disposition: 'quarantined', reason: 'malformed', detail: expect.stringMatching(/nesting depth/) });
          else expect(outcome.disposition).toBe('awaiting-classification');
        }),
        800,
      );
    },
    fuzzTimeout,
  );

  it(
    'quarantines as oversized, unread, every message whose stored size is over the limit',
    async () => {
      await ledger.assertAsync(
        'mime: stored size',
        fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 40 }), async (declared) => {
          const raw = latin1(`From: ${fra}${crlf}Subject: s${crlf}${crlf}hello`);
          const bucket = bucketHolding(raw, declared);
          const read = await readMessage(bucket, 'evidence', 'inbound/email/x');
          if (declared > inboundLimits.messageBytes) {
            expect(read).toMatchObject({ ok: false, size: declared, refusal: { reason: 'oversized' } });
            expect(bucket.reads).toBe(0);
          } else {
            expect(read.ok).toBe(true);
          }
        }),
        2_000,
      );
    },
    fuzzTimeout,
  );

  it(
    'holds a message whose headers exceed the limit as malformed, however they are spread over its parts',
    async () => {
      await ledger.assertAsync(
        'mime: header flood',
        fc.asyncProperty(fc.integer({ min: 1, max: 60 }), fc.constantFrom('parts', 'top', 'alternating'), async (pieces, spread) => {
          const piece = `X-Padding: ${'p'.repeat(Math.ceil((inboundLimits.headerBytes + 1024) / pieces))}${crlf}`;
          const inPart = (index: number) => spread === 'parts' || (spread === 'alternating' && index % 2 === 1);
          const top = Array.from({ length: pieces }, (_, index) => (inPart(index) ? '' : piece)).join('');
          const children = Array.from(
            { length: pieces },
            (_, index) => `--m${crlf}Content-Type: text/plain${crlf}${inPart(index) ? piece : ''}${crlf}part ${index}${crlf}`,
          );
          const raw = latin1(
            `From: ${fra}${crlf}Subject: flood${crlf}${top}Content-Type: multipart/mixed; boundary="m"${crlf}${crlf}${children.join('')}--m--${crlf}`,
          );
          const outcome = await intakeOf(raw, allPass);
          expect(outcome).toMatchObject({ disposition: 'quarantined', reason: 'malformed', detail: expect.stringMatching(/header size/) });
        }),
        200,
      );
    },
    fuzzTimeout,
  );
});

describe('the inbound MIME path, with fields as large as the limits let them be', () => {
  /** Ways a message within the size limits can carry a field far larger than any real one. */
  const pathological = fc.record({
    field: fc.constantFrom(
      'display-name',
      'display-name-no-spaces',
      'subject',
      'message-id',
      'from-address',
      'form-missing-files',
      'form-long-file-name',
      'form-legislation',
      'html-scripts',
      'html-tags',
      'form-lines',
    ),
    size: fc.integer({ min: 1_000, max: 200_000 }),
    from: fc.constantFrom(fra, 'nobody@elsewhere.example.net'),
  });

  function build({ field, size, from }: { field: string; size: number; from: string }): Uint8Array {
    const form = (lines: string[]) =>
      ['--- REPORT FORM, VERSION 1 ---', 'Language: en', 'Note date: 2024-05-02', 'Kind: views', 'Views: x', ...lines, '--- END OF REPORT FORM ---'].join('\n');
    let fromHeader = from;
    let subject = 'large';
    let messageId = '<large@missions.example.org>';
    let type = 'text/plain; charset=utf-8';
    let text = 'hello';
    if (field === 'display-name') fromHeader = `"Permanent Mission of Kenya ${'x '.repeat(size / 2)}" <${from}>`;
    if (field === 'display-name-no-spaces') fromHeader = `"${'x'.repeat(size)}" <${from}>`;
    if (field === 'subject') subject = `Report ${'s'.repeat(size)}`;
    if (field === 'message-id') messageId = `<${'i'.repeat(size)}@missions.example.org>`;
    if (field === 'from-address') fromHeader = `${'a'.repeat(size)}@missions.example.org`;
    if (field === 'form-missing-files')
      text = form([`Attachments: ${Array.from({ length: Math.floor(size / 10) }, (_, index) => `f${index}.pdf`).join(', ')}`]);
    if (field === 'form-long-file-name') text = form([`Attachments: ${'n'.repeat(size)}.pdf`]);
    if (field === 'form-legislation') text = form([`Legislation: a${' '.repeat(size)}b`, `a${' ,'.repeat(size / 2)}`, `${'1'.repeat(size)}`]);
    if (field === 'form-lines') text = form(Array.from({ length: size / 10 }, (_, index) => `Views: ${index}`));
    if (field === 'html-scripts') {
      type = 'text/html; charset=utf-8';
      text = '<script'.repeat(size / 7);
    }
    if (field === 'html-tags') {
      type = 'text/html; charset=utf-8';
      text = `${'<br'.repeat(size / 3)}${'&#'.repeat(size / 2)}`;
    }
    // Long header fields are folded as a sender's software folds them, so each line stays legal.
    const fold = (value: string) => value.match(/.{1,900}/gs)!.join(`${crlf} `);
    const body = Buffer.from(text)
      .toString('base64')
      .match(/.{1,76}/g)!
      .join(crlf);
    return latin1(
      `From: ${fold(fromHeader)}${crlf}Subject: ${fold(subject)}${crlf}Message-ID: ${fold(messageId)}${crlf}MIME-Version: 1.0${crlf}Content-Type: ${type}${crlf}Content-Transfer-Encoding: base64${crlf}${crlf}${body}${crlf}`,
    );
  }

  it(
    'decides each in well under a second, and what it would store fits',
    async () => {
      await ledger.assertAsync(
        'mime: large fields',
        fc.asyncProperty(pathological, async (shape) => {
          const raw = build(shape);
          // Processor time, not wall-clock time: the bound is about the parsing's complexity, and a
          // busy machine stretches the second, not the first.
          const started = process.cpuUsage();
          const outcome = await intakeOf(raw, allPass, shape.from);
          expectDefined(outcome);
          const { user, system } = process.cpuUsage(started);
          expect((user + system) / 1000, `${shape.field} of ${shape.size}`).toBeLessThan(1_000);
          if (shape.field.startsWith('display-name')) expect(outcome).toMatchObject({ disposition: 'quarantined', reason: 'malformed' });
        }),
        60,
      );
    },
    fuzzTimeout,
  );
});

/**
 * Hostile mail at the reporting address, end to end on the local engine (SMTP, the evidence
 * bucket, the inbound function, the table): a message larger than any submission needs, MIME
 * broken in the ways crafted mail is broken, and attachment bombs. Each is held with its reason
 * (quarantined, or kept for the Secretariat to classify when a registered mailbox sent it and
 * nothing in it can be read as a report); none becomes a submission, none is circulated, none is
 * acknowledged unless its sender is a registered mailbox, and the function never fails on it.
 */
import { describe, expect, it } from 'vitest';
import { QuarantineRepository } from '../../functions/aws/quarantine-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { inboundLimits } from '../../functions/core/inbound-email/limits.ts';
import type { InboundOutcome } from '../../functions/intake/receive-email.ts';
import { files, frenchViolationForm, useEmailEngine } from './support.ts';

const system = useEmailEngine();
const fra = 'pm.fra@missions.example.org';
const stranger = 'someone@elsewhere.example.net';
const crlf = '\r\n';
let sequence = 0;

/** A raw message from `from`, with the headers every message has and `rest` (more headers, a blank line, the body). */
function raw(from: string, subject: string, rest: string): string {
  sequence += 1;
  return `From: ${from}${crlf}To: reports@mpr.example.org${crlf}Subject: ${subject}${crlf}Message-ID: <hostile-${sequence}@missions.example.org>${crlf}MIME-Version: 1.0${crlf}${rest}`;
}

const form = frenchViolationForm({ 'Pièces jointes': 'photos.pdf', 'Diffusion à tous les États': 'non' });
const pdf = files.pdf.toString('base64');

/** Sends a raw message, and checks that it was held and nothing else happened. */
async function sendHostile(from: string, message: string): Promise<InboundOutcome> {
  const submissions = new SubmissionsRepository(system().access);
  const before = {
    submissions: (await submissions.listByCycle('77/108')).length,
    circulations: await system().circulations(),
    outbox: (await system().outbox()).length,
  };
  const outcome = await system().send({ envelope: { from, to: system().engine.resources.reportingAddress }, raw: message });
  expect(outcome.outcome).toBe('recorded');
  expect(['quarantined', 'awaiting-classification']).toContain(outcome.disposition);
  expect(outcome.triageId).toBeDefined();
  const item = await new QuarantineRepository(system().access).get(outcome.triageId!);
  expect(item).toMatchObject({ status: 'pending', evidence: { key: expect.stringMatching(/^inbound\/email\//) } });
  expect(item!.detail.length).toBeGreaterThan(0);
  expect((await submissions.listByCycle('77/108')).length).toBe(before.submissions);
  expect(await system().circulations()).toBe(before.circulations);
  // Only a registered mailbox is answered, and only to say the message awaits classification.
  const sent = (await system().outbox()).slice(before.outbox);
  if (outcome.disposition === 'quarantined') expect(sent).toEqual([]);
  else for (const message of sent) expect(message.destination.to).toEqual([from]);
  return outcome;
}

describe('a message larger than any submission needs', () => {
  it('is quarantined as oversized without being read', async () => {
    // Over the inbound limit (about 37 MB) and under what SES accepts (40 MB): the function sees its size and stops there.
    const line = `${'a'.repeat(998)}${crlf}`;
    const body = line.repeat(Math.ceil((inboundLimits.messageBytes + 1024) / line.length));
    const outcome = await sendHostile(fra, raw(fra, 'oversized', `Content-Type: text/plain${crlf}${crlf}${form}${crlf}${body}`));
    expect(outcome).toMatchObject({ disposition: 'quarantined', reason: 'oversized' });
    const item = await new QuarantineRepository(system().access).get(outcome.triageId!);
    expect(item).toMatchObject({ state: 'FRA', text: '', attachments: [] });
  }, 60_000);
});

describe('nested and malformed MIME', () => {
  const multipart = (boundary: string, parts: string) => `Content-Type: multipart/mixed; boundary="${boundary}"${crlf}${crlf}${parts}`;
  const textPart = (boundary: string) => `--${boundary}${crlf}Content-Type: text/plain; charset=utf-8${crlf}${crlf}${form}${crlf}`;
  const pdfPart = (boundary: string) =>
    `--${boundary}${crlf}Content-Type: application/pdf; name="photos.pdf"${crlf}Content-Transfer-Encoding: base64${crlf}Content-Disposition: attachment; filename="photos.pdf"${crlf}${crlf}${pdf}${crlf}`;

  it.each([
    [
      'a boundary that never appears (the parts run together as one body)',
      multipart('declared', `${textPart('other')}${pdfPart('other')}--other--${crlf}`),
      { disposition: 'awaiting-classification' },
    ],
    [
      'parts with headers only',
      multipart(
        'b',
        `--b${crlf}Content-Type: text/plain${crlf}--b${crlf}Content-Type: application/pdf${crlf}Content-Transfer-Encoding: base64${crlf}--b--${crlf}`,
      ),
      { reason: 'disallowed-attachment' },
    ],
    [
      'a part whose headers claim an enormous size',
      multipart(
        'b',
        `--b${crlf}Content-Type: application/pdf${crlf}Content-Length: 99999999999999999999${crlf}Content-Disposition: attachment; filename="huge.pdf"${crlf}${crlf}not a pdf${crlf}--b--${crlf}`,
      ),
      { reason: 'disallowed-attachment' },
    ],
    [
      'bad base64 in the attachment',
      multipart(
        'b',
        `${textPart('b')}--b${crlf}Content-Type: application/pdf${crlf}Content-Transfer-Encoding: base64${crlf}Content-Disposition: attachment; filename="photos.pdf"${crlf}${crlf}!!!!****====${crlf}--b--${crlf}`,
      ),
      { reason: 'disallowed-attachment' },
    ],
    [
      'an unknown charset and NUL bytes',
      multipart(
        'b',
        `--b${crlf}Content-Type: text/plain; charset=x-no-such-charset${crlf}${crlf}a\u0000b\u0000${crlf}--b${crlf}Content-Type: application/x-msdownload; name="a\u0000.pdf"${crlf}${crlf}MZ${crlf}--b--${crlf}`,
      ),
      { reason: 'disallowed-attachment' },
    ],
  ])('%s: held, and no submission', async (_, body, expected) => {
    // A registered mailbox's message that cannot be read as a report is kept for the Secretariat to classify.
    expect(await sendHostile(fra, raw(fra, 'malformed MIME', body))).toMatchObject(expected);
  });

  it('a missing closing boundary, from a stranger: quarantined as from an unknown sender', async () => {
    const outcome = await sendHostile(stranger, raw(stranger, 'unclosed', multipart('b', `${textPart('b')}${pdfPart('b')}`)));
    expect(outcome).toMatchObject({ disposition: 'quarantined', reason: 'unknown-sender' });
  });

  it('MIME nested past the limit at every level with a broken boundary: malformed', async () => {
    let body = `Content-Type: text/plain${crlf}${crlf}${form}${crlf}`;
    for (let depth = 0; depth < inboundLimits.mimeNestingDepth + 4; depth += 1) body = multipart(`n${depth}`, `--n${depth}${crlf}${body}`);
    const outcome = await sendHostile(fra, raw(fra, 'nested, unclosed', body));
    expect(outcome).toMatchObject({ disposition: 'quarantined', reason: 'malformed' });
  });
});

describe('attachment bombs', () => {
  it('a compressed archive is refused by type, and never opened (the system decompresses nothing)', async () => {
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(1024)]).toString('base64');
    const body = `Content-Type: multipart/mixed; boundary="z"${crlf}${crlf}--z${crlf}Content-Type: text/plain${crlf}${crlf}${form}${crlf}--z${crlf}Content-Type: application/zip${crlf}Content-Transfer-Encoding: base64${crlf}Content-Disposition: attachment; filename="photos.zip"${crlf}${crlf}${zip}${crlf}--z--${crlf}`;
    expect(await sendHostile(fra, raw(fra, 'zip', body))).toMatchObject({ disposition: 'quarantined', reason: 'disallowed-attachment' });
  });

  it('many tiny parts: too many attachments', async () => {
    const parts = Array.from(
      { length: 300 },
      (_, index) => `--t${crlf}Content-Type: text/plain${crlf}Content-Disposition: attachment; filename="p${index}.txt"${crlf}${crlf}x${crlf}`,
    ).join('');
    const outcome = await sendHostile(fra, raw(fra, 'tiny parts', `Content-Type: multipart/mixed; boundary="t"${crlf}${crlf}${parts}--t--${crlf}`));
    expect(outcome).toMatchObject({ disposition: 'quarantined', reason: 'too-many-attachments' });
  });

  it('so many tiny parts that their headers exceed the limit: malformed, unparsed', async () => {
    // About 40 bytes of headers a part: a third more parts than the limit lets through.
    const count = Math.ceil((inboundLimits.headerBytes / 40) * 1.33);
    const parts = Array.from({ length: count }, () => `--t${crlf}Content-Type: text/plain; name="p.txt"${crlf}${crlf}x${crlf}`).join('');
    const outcome = await sendHostile(fra, raw(fra, 'part flood', `Content-Type: multipart/mixed; boundary="t"${crlf}${crlf}${parts}--t--${crlf}`));
    expect(outcome).toMatchObject({ disposition: 'quarantined', reason: 'malformed' });
  });

  it('an HTML body of unclosed tags, a megabyte long, from a stranger: decided quickly, quarantined', async () => {
    const started = Date.now();
    const outcome = await sendHostile(stranger, raw(stranger, 'html bomb', `Content-Type: text/html${crlf}${crlf}${'<script<br'.repeat(100_000)}${crlf}`));
    expect(outcome).toMatchObject({ disposition: 'quarantined', reason: 'unknown-sender' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a display name and a Message-ID far longer than real ones: held, with records that fit', async () => {
    const name = `Permanent Mission of France ${'x'.repeat(100_000)}`.match(/.{1,900}/g)!.join(`${crlf} `);
    const messageId = `<${'i'.repeat(50_000)}@missions.example.org>`.match(/.{1,900}/g)!.join(`${crlf} `);
    const message = `From: "${name}" <${fra}>${crlf}To: reports@mpr.example.org${crlf}Subject: long fields${crlf}Message-ID: ${messageId}${crlf}MIME-Version: 1.0${crlf}Content-Type: text/plain${crlf}${crlf}${form}${crlf}`;
    const outcome = await sendHostile(fra, message);
    expect(outcome).toMatchObject({ disposition: 'quarantined', reason: 'malformed' });
    expect(outcome.dedupeKey).toMatch(/^message-id:sha256-[0-9a-f]{64}$/);
  });
});

/**
 * The e-mail intake's rules against messages built to hurt it rather than to report: fields as
 * large as the header limit lets them be, forms that produce errors by the thousand, text that
 * makes a regular expression backtrack. Each is decided quickly, and what is stored of it fits in
 * a DynamoDB item (400 KB) and its keys (2048 bytes), so that it is held and not lost.
 */
import { describe, expect, it } from 'vitest';
import { checkEmailAttachments } from '../../functions/core/inbound-email/attachment-rules.ts';
import { htmlToText } from '../../functions/core/inbound-email/html-text.ts';
import { boundedHeaderField, inboundLimits } from '../../functions/core/inbound-email/limits.ts';
import { inboundEmailRecord, type ReceiptVerdicts } from '../../functions/core/inbound-email/record.ts';
import { parseStructuredReport } from '../../functions/core/inbound-email/report-form.ts';
import { assessInboundEmail } from '../../functions/core/inbound-email/sender-rules.ts';
import { seedStates } from '../support/seed.ts';

const registry = seedStates();
const pass: ReceiptVerdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', virus: 'PASS', spam: 'PASS' };
const fra = 'pm.fra@missions.example.org';
const now = new Date('2024-06-01T12:00:00Z');

/**
 * The processor time `work` takes, not the wall-clock time: a busy machine stretches the second
 * and not the first, and the bounds below are about the work's complexity, not the machine's load.
 */
function timed<T>(work: () => T): { value: T; millis: number } {
  const started = process.cpuUsage();
  const value = work();
  const { user, system } = process.cpuUsage(started);
  return { value, millis: (user + system) / 1000 };
}

function form(lines: readonly string[]): string {
  return [
    '--- REPORT FORM, VERSION 1 ---',
    'Language: en',
    'Note date: 2024-05-02',
    'Kind: views',
    'Views: Guards were added.',
    ...lines,
    '--- END OF REPORT FORM ---',
  ].join('\n');
}

describe('a display name longer than any mailbox has', () => {
  it('is held as malformed, at once, even from a registered mailbox', () => {
    const name = `Permanent Mission of Kenya ${'x'.repeat(200_000)}`;
    const { value, millis } = timed(() => assessInboundEmail({ envelopeSender: fra, fromAddress: fra, fromName: name, verdicts: pass, registry }));
    expect(value).toMatchObject({ accepted: false, reason: 'malformed', state: 'FRA' });
    expect(millis).toBeLessThan(100);
  });

  it('without spaces (the address pattern used to backtrack over it for a minute), is held at once', () => {
    const { value, millis } = timed(() =>
      assessInboundEmail({ envelopeSender: fra, fromAddress: fra, fromName: 'x'.repeat(200_000), verdicts: pass, registry }),
    );
    expect(value).toMatchObject({ accepted: false, reason: 'malformed' });
    expect(millis).toBeLessThan(100);
  });

  it('is still read as a mission’s name up to the limit', () => {
    const name = `Permanent Mission of France ${'x'.repeat(inboundLimits.displayNameChars - 28)}`;
    expect(name).toHaveLength(inboundLimits.displayNameChars);
    expect(assessInboundEmail({ envelopeSender: fra, fromAddress: fra, fromName: name, verdicts: pass, registry })).toMatchObject({ accepted: true });
  });
});

describe('header fields as the records keep them', () => {
  it('are cut to one header line, marked where cut', () => {
    const cut = boundedHeaderField('s'.repeat(300_000))!;
    expect(cut).toHaveLength(inboundLimits.headerFieldChars);
    expect(cut.endsWith('…')).toBe(true);
    expect(boundedHeaderField('Rapport')).toBe('Rapport');
    expect(boundedHeaderField(undefined)).toBeUndefined();
  });

  it('a Message-ID longer than mail systems write becomes a digest in the dedupe key, the same on every delivery', () => {
    const record = (messageIdHeader: string) =>
      inboundEmailRecord({
        sesMessageId: 'ses-1',
        envelopeSender: fra,
        receivedAt: now.toISOString(),
        verdicts: pass,
        evidence: { bucket: 'b', key: 'k', size: 1 },
        message: { messageIdHeader, textLength: 0, attachments: [] },
      }).dedupeKey;
    const long = `<${'I'.repeat(100_000)}@missions.example.org>`;
    expect(record(long)).toMatch(/^message-id:sha256-[0-9a-f]{64}$/);
    expect(record(long)).toBe(record(long.toLowerCase()));
    expect(record('<Short-1@Missions.example.org>')).toBe('message-id:short-1@missions.example.org');
  });
});

describe('a report form built to produce errors', () => {
  it('naming twenty thousand files that are not attached, keeps the first errors and counts the rest', () => {
    const names = Array.from({ length: 20_000 }, (_, index) => `missing-${index}.pdf`).join(', ');
    const { value, millis } = timed(() => parseStructuredReport(form([`Attachments: ${names}`]), now));
    expect(millis).toBeLessThan(1_000);
    expect(value).toMatchObject({ form: true, ok: false });
    const errors = (value as { errors: { path: string; message: string }[] }).errors;
    expect(errors).toHaveLength(inboundLimits.formErrors + 1);
    expect(errors.at(-1)).toEqual({ path: '', message: `and ${20_000 - inboundLimits.formErrors} more errors: correct these first` });
    expect(Buffer.byteLength(JSON.stringify(errors))).toBeLessThan(50_000);
  });

  it('naming one file of a hundred thousand characters, cuts the message that quotes it', () => {
    const reading = parseStructuredReport(form([`Attachments: ${'n'.repeat(100_000)}.pdf`]), now);
    const errors = (reading as { errors: { message: string }[] }).errors;
    for (const error of errors) expect(error.message.length).toBeLessThanOrEqual(inboundLimits.formErrorChars);
  });

  it('with legislation lines of long runs of spaces, commas or digits, is read in linear time (it took minutes)', () => {
    const lines = [`Legislation: a${' '.repeat(200_000)}b`, `a${' ,'.repeat(100_000)}`, '1'.repeat(200_000), `x${'\t, '.repeat(50_000)}2019`];
    const { value, millis } = timed(() => parseStructuredReport(form(lines), now));
    expect(millis).toBeLessThan(1_000);
    expect(value).toMatchObject({ form: true, ok: false });
  });

  it('still reads a legislation entry’s title, year and link as before', () => {
    const reading = parseStructuredReport(
      form([
        'Legislation: Diplomatic Privileges Act, 2019, https://example.org/act',
        'Police Act (1990)',
        'Protection of Missions Act 2001,https://example.org/pma',
        'Order, ,  1999',
      ]),
      now,
    );
    expect(reading).toMatchObject({
      form: true,
      ok: true,
      body: {
        items: [
          {
            legislation: [
              { title: 'Diplomatic Privileges Act', year: 2019, link: 'https://example.org/act' },
              { title: 'Police Act', year: 1990 },
              { title: 'Protection of Missions Act', year: 2001, link: 'https://example.org/pma' },
              { title: 'Order', year: 1999 },
            ],
          },
        ],
      },
    });
  });
});

describe('the text of an HTML-only message built to backtrack', () => {
  it.each([
    ['unclosed script tags', '<script'.repeat(300_000)],
    ['unclosed tags', '<br'.repeat(600_000)],
    ['a tag left open before a long text', `<div ${'a'.repeat(1_000_000)}`],
    ['spaces before no line break', `a${' '.repeat(1_000_000)}b`],
  ])('%s: read in linear time', (_, html) => {
    const { millis } = timed(() => htmlToText(html));
    expect(millis).toBeLessThan(500);
  });

  it('reads as before: scripts and styles out, block ends as line breaks, entities decoded', () => {
    expect(
      htmlToText(
        '<html><head><style>p { color: red }</style><SCRIPT>alert(1)</script ></head><body><p>Note&nbsp;verbale</p><div>Kind: views<br/>Views: a &amp; b &#233;&#x27;</div></body></html>',
      ),
    ).toBe("Note verbale\nKind: views\nViews: a & b é'");
    expect(htmlToText('before<script>never closed <p>hidden</p>')).toBe('before');
    expect(htmlToText('a < b and c > d')).toBe('a  d');
    expect(htmlToText('a <b')).toBe('a <b');
  });
});

describe('attachments', () => {
  it('an archive is refused as a type the form does not accept, unopened: nothing is decompressed, so a zip bomb is inert', () => {
    const zipBomb = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)]);
    for (const [filename, contentType] of [
      ['bomb.zip', 'application/zip'],
      ['bomb.zip', 'application/octet-stream'],
      ['bomb.pdf', 'application/zip'],
      ['bomb.gz', 'application/gzip'],
    ] as const) {
      expect(checkEmailAttachments([{ filename, contentType, content: zipBomb }])).toMatchObject({ ok: false, reason: 'disallowed-attachment' });
    }
  });

  it('many tiny parts are refused as too many attachments, before any is looked at', () => {
    const parts = Array.from({ length: 5_000 }, (_, index) => ({ filename: `p${index}.txt`, contentType: 'text/plain', content: new Uint8Array([0x61]) }));
    const { value, millis } = timed(() => checkEmailAttachments(parts));
    expect(value).toMatchObject({ ok: false, reason: 'too-many-attachments' });
    expect(millis).toBeLessThan(50);
  });
});

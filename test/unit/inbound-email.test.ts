import { describe, expect, it } from 'vitest';
import { inboundEmailRecord, type ParsedMessage } from '../../functions/core/inbound-email/record.ts';

const pass = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', virus: 'PASS', spam: 'PASS' } as const;
const evidence = { bucket: 'b', key: 'inbound/email/abc', size: 10 };

function record(message: Partial<ParsedMessage>) {
  return inboundEmailRecord({
    sesMessageId: 'abc',
    envelopeSender: 'Mission@FRA.example.org',
    receivedAt: '2026-05-01T10:00:00.000Z',
    verdicts: pass,
    evidence,
    message: { textLength: 0, attachments: [], ...message },
  });
}

describe('inboundEmailRecord', () => {
  it('deduplicates on the Message-ID header, case-insensitively and without angle brackets', () => {
    expect(record({ messageIdHeader: '<Report-1@FRA.example.org>' }).dedupeKey).toBe('message-id:report-1@fra.example.org');
  });

  it('falls back to the SES message id when the message has no Message-ID', () => {
    expect(record({}).dedupeKey).toBe('ses:abc');
    expect(record({ messageIdHeader: '  ' }).dedupeKey).toBe('ses:abc');
  });

  it('normalizes addresses and dates and keeps what it could not read as null', () => {
    const result = record({ fromAddress: 'Mission@FRA.example.org', date: 'Fri, 01 May 2026 09:00:00 +0200' });
    expect(result).toMatchObject({
      envelopeSender: 'mission@fra.example.org',
      fromAddress: 'mission@fra.example.org',
      sentAt: '2026-05-01T07:00:00.000Z',
      subject: null,
      fromName: null,
      status: 'received',
    });
    expect(record({ date: 'not a date' }).sentAt).toBeNull();
  });
});

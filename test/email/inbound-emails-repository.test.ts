/**
 * The record of each inbound message, read back with its schema: a redelivery finds the message
 * as stored, an unfinished one comes back whole, and an item of another shape is an error that
 * names the field instead of a record taken on trust.
 */

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { InboundEmailsRepository } from '../../functions/aws/inbound-emails-repository.ts';
import { keys } from '../../functions/aws/keys.ts';
import { inboundEmailRecord } from '../../functions/core/inbound-email/record.ts';
import { useTestTable } from '../support/table.ts';

const testTable = useTestTable();

const pass = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', virus: 'PASS', spam: 'PASS' } as const;

function record(messageId: string, receivedAt: string) {
  return inboundEmailRecord({
    sesMessageId: `ses-${messageId}`,
    envelopeSender: 'PM.FRA@missions.example.org',
    receivedAt,
    verdicts: pass,
    evidence: { bucket: 'evidence', key: `inbound/email/${messageId}`, size: 1234 },
    message: {
      fromAddress: 'pm.fra@missions.example.org',
      subject: 'Report',
      messageIdHeader: `<${messageId}@missions.example.org>`,
      textLength: 10,
      attachments: [{ filename: 'note.pdf', contentType: 'application/pdf', size: 10 }],
    },
  });
}

describe('InboundEmailsRepository', () => {
  it('returns a message recorded before as stored, with what became of it', async () => {
    const emails = new InboundEmailsRepository(testTable());
    const first = record('one', '2024-06-01T10:00:00.000Z');
    expect(await emails.claim(first)).toEqual({ created: true });
    await emails.finish(first.dedupeKey, { disposition: 'submitted', reference: 'MPR-2024-0001' });
    const again = await emails.claim({ ...first, receivedAt: '2024-06-02T10:00:00.000Z' });
    expect(again).toEqual({
      created: false,
      existing: {
        dedupeKey: first.dedupeKey,
        fromAddress: 'pm.fra@missions.example.org',
        receivedAt: '2024-06-01T10:00:00.000Z',
        outcome: { disposition: 'submitted', reference: 'MPR-2024-0001' },
      },
    });
  });

  it('lists the messages never finished, each whole, and refuses one stored in another shape', async () => {
    const { client, tableName } = testTable();
    const emails = new InboundEmailsRepository(testTable());
    const unfinished = record('two', '2024-06-03T10:00:00.000Z');
    await emails.claim(unfinished);
    expect(await emails.unfinished(['2024-06-03'], '2024-06-03T23:59:59.999Z')).toEqual([unfinished]);

    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.email(unfinished.dedupeKey),
        UpdateExpression: 'SET verdicts.virus = :odd',
        ExpressionAttributeValues: { ':odd': 'CLEAN' },
      }),
    );
    await expect(emails.unfinished(['2024-06-03'], '2024-06-03T23:59:59.999Z')).rejects.toThrow(/virus/);
  });
});

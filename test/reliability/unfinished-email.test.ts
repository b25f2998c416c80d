/**
 * A message whose every attempt died after it was recorded, before its handling completed (Lambda
 * gives up after two retries): the inbound function's scheduled run handles it again from its
 * record, once no attempt can still be running, and it ends as if the first attempt had worked.
 */

import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { inboundEmailPrefix } from '../../functions/aws/data-design.ts';
import { InboundEmailsRepository } from '../../functions/aws/inbound-emails-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { inboundEmailRecord } from '../../functions/core/inbound-email/record.ts';
import type { InboundOutcome } from '../../functions/intake/receive-email.ts';
import { attemptWindowMs } from '../../functions/intake/record-submission.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import { readOutbox } from '../../local/ses.ts';
import { frenchViolationForm } from '../email/support.ts';
import { useEngine } from '../support/engine.ts';

const testEngine = useEngine();
const fra = 'pm.fra@missions.example.org';

describe('a message left unfinished by every attempt', () => {
  it('is handled again by the scheduled run, once, with its first date', async () => {
    const { engine, table } = testEngine();
    const sesMessageId = 'stuck-0001';
    const receivedAt = new Date(Date.now() - attemptWindowMs - 60_000).toISOString();
    const raw = [
      `From: Mission permanente de la France <${fra}>`,
      `To: ${engine.resources.reportingAddress}`,
      'Subject: Rapport - attaque contre la chancellerie',
      'Message-ID: <stuck-1@missions.example.org>',
      `Date: ${new Date(receivedAt).toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      frenchViolationForm({ 'Diffusion à tous les États': 'non' }),
    ].join('\r\n');
    // What SES and the first attempt did before it died: the raw message stored, its record claimed.
    const s3 = new S3Client({ ...localClientConfig(engine.endpoints.s3), forcePathStyle: true });
    await s3.send(new PutObjectCommand({ Bucket: engine.resources.inboundMailBucket, Key: `${inboundEmailPrefix}${sesMessageId}`, Body: raw }));
    s3.destroy();
    const emails = new InboundEmailsRepository(table);
    const record = inboundEmailRecord({
      sesMessageId,
      envelopeSender: fra,
      receivedAt,
      verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', virus: 'PASS', spam: 'PASS' },
      evidence: { bucket: engine.resources.inboundMailBucket, key: `${inboundEmailPrefix}${sesMessageId}`, size: Buffer.byteLength(raw) },
      message: {
        fromAddress: fra,
        fromName: 'Mission permanente de la France',
        subject: 'Rapport - attaque contre la chancellerie',
        messageIdHeader: '<stuck-1@missions.example.org>',
        textLength: raw.length,
        attachments: [],
      },
    });
    expect(await emails.claim(record)).toEqual({ created: true });

    const inbound = engine.functions.resolve('inbound-email');
    const scheduled = {
      version: '0',
      id: 'run-1',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: engine.resources.accountId,
      time: new Date().toISOString(),
      region: engine.resources.region,
      resources: [],
      detail: {},
    };
    const [outcome, ...others] = (await engine.functions.invoke(inbound, scheduled)) as InboundOutcome[];
    expect(others).toEqual([]);
    expect(outcome).toMatchObject({ sesMessageId, dedupeKey: 'message-id:stuck-1@missions.example.org', outcome: 'recorded', disposition: 'submitted' });

    const submission = await new SubmissionsRepository(table).get(outcome!.reference!);
    expect(submission).toMatchObject({ reportingState: 'FRA', source: 'email', receivedAt, evidence: { key: `${inboundEmailPrefix}${sesMessageId}` } });
    const acknowledgements = (await readOutbox(engine.endpoints.ses)).filter(
      (message) => message.destination.to.includes(fra) && message.subject.includes(outcome!.reference!),
    );
    expect(acknowledgements).toHaveLength(1);

    // Finished: the next run finds nothing left to do.
    expect(await engine.functions.invoke(inbound, { ...scheduled, id: 'run-2' })).toEqual([]);
  });
});

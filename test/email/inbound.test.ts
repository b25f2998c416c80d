/**
 * E-mail intake end to end on the local engine: real SMTP to the reporting address, the SES
 * receipt event built by the stand-in, the inbound function, the table, the evidence bucket and
 * the SES outbox.
 */

import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { QuarantineRepository } from '../../functions/aws/quarantine-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import type { QuarantineReason } from '../../functions/core/inbound-email/limits.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import { files, filledForm, frenchViolationForm, useEmailEngine } from './support.ts';

const system = useEmailEngine();

const fra = 'pm.fra@missions.example.org';
const ken = 'pm.ken@missions.example.org';
const mex = 'pm.mex@missions.example.org';

function s3() {
  return new S3Client({ ...localClientConfig(system().engine.endpoints.s3), forcePathStyle: true });
}

async function acknowledgementsTo(address: string) {
  return (await system().outbox()).filter((message) => message.destination.to.includes(address) && /Acknowledgement|Accusé/.test(message.subject));
}

describe('a structured report from a registered mailbox', () => {
  const message = {
    from: `Mission permanente de la France <${fra}>`,
    subject: 'Rapport - attaque contre l’ambassade à Nairobi',
    messageId: '<violation-2024-1@missions.example.org>',
    // Not to be circulated: its circulation then notifies the Secretariat only, and ends before the engine stops.
    text: `Madame, Monsieur,\n\n${frenchViolationForm({ 'Pièces jointes': 'photos.pdf', 'Diffusion à tous les États': 'non' })}\n\n-- \nMission permanente de la France`,
    attachments: [{ filename: 'photos.pdf', content: files.pdf, contentType: 'application/pdf' }],
  };
  let reference = '';

  it('is recorded as France’s submission, with its attachment kept next to the message', async () => {
    const outcome = await system().send(message);
    expect(outcome).toMatchObject({ outcome: 'recorded', disposition: 'submitted' });
    reference = outcome.reference!;
    const submission = await new SubmissionsRepository(system().access).get(reference);
    expect(submission).toMatchObject({
      reportingState: 'FRA',
      source: 'email',
      language: 'fr',
      note: { date: '2024-04-02', reference: 'No 123/2024' },
      items: [{ kind: 'violation', occurredIn: 'KEN', violationKinds: ['demonstration', 'damage'], allegedOffender: { known: false }, circulate: false }],
      decisions: { circulate: { value: false, decidedBy: 'state-request' } },
    });
    expect(submission!.evidence.key).toMatch(/^inbound\/email\//);
    const [attachment] = submission!.attachments;
    expect(attachment).toMatchObject({ fileName: 'photos.pdf', contentType: 'application/pdf', size: files.pdf.byteLength, itemIndex: 0 });
    expect(attachment!.key).toBe(`${submission!.evidence.key}/attachments/1/photos.pdf`);
    const stored = await s3().send(new GetObjectCommand({ Bucket: system().engine.resources.evidenceBucket, Key: attachment!.key }));
    expect(Buffer.from(await stored.Body!.transformToByteArray())).toEqual(files.pdf);
  });

  it('is acknowledged once, in French, with its reference, the date received, what happens next (not circulated, as asked) and the form', async () => {
    const [ack, ...others] = await acknowledgementsTo(fra);
    expect(others).toEqual([]);
    expect(ack!.subject).toBe(`Accusé de réception : ${reference}`);
    expect(ack!.from).toContain('codification@mpr.example.org');
    const text = ack!.body.text!;
    expect(text).toContain(`Numéro de référence : ${reference}`);
    expect(text).toMatch(/reçue le (1er|\d{1,2}) \S+ \d{4}/);
    expect(text).toContain("comme vous l'avez demandé, le rapport ne sera pas diffusé aux autres États");
    expect(text).toContain('--- FORMULAIRE DE RAPPORT, VERSION 1 ---');
  });

  it('redelivered with the same Message-ID, stores nothing new and sends no second acknowledgement', async () => {
    const before = await new SubmissionsRepository(system().access).listByState('FRA');
    const outcome = await system().send(message);
    expect(outcome).toMatchObject({ outcome: 'duplicate', disposition: 'submitted', reference });
    expect(await new SubmissionsRepository(system().access).listByState('FRA')).toHaveLength(before.length);
    expect(await acknowledgementsTo(fra)).toHaveLength(1);
  });

  it('starts the circulation of the submission', async () => {
    expect(await system().circulations()).toBeGreaterThanOrEqual(1);
  });
});

describe('a message that fails a rule is quarantined with its reason', () => {
  const cases: { name: string; reason: QuarantineReason; state?: string; message: Record<string, unknown> }[] = [
    { name: 'an unregistered sender', reason: 'unknown-sender', message: { from: 'someone@elsewhere.example.net', text: frenchViolationForm() } },
    {
      // The stand-in derives DMARC from SPF and DKIM, as SES does: a forged message from a registered mailbox is not accepted.
      name: 'a registered sender whose SPF and DKIM failed, DMARC left to be derived',
      reason: 'failed-authentication',
      state: 'FRA',
      message: { from: fra, text: frenchViolationForm(), headers: { 'X-Local-Receipt-Verdicts': 'spf=FAIL; dkim=FAIL' } },
    },
    {
      name: 'a registered sender whose SPF and DKIM failed (and DMARC)',
      reason: 'failed-authentication',
      state: 'FRA',
      message: { from: fra, text: frenchViolationForm(), headers: { 'X-Local-Receipt-Verdicts': 'spf=FAIL; dkim=FAIL; dmarc=FAIL' } },
    },
    {
      name: 'a virus verdict',
      reason: 'virus',
      state: 'FRA',
      message: {
        from: fra,
        text: frenchViolationForm(),
        headers: { 'X-Local-Receipt-Verdicts': 'virus=FAIL' },
        attachments: [{ filename: 'photos.pdf', content: files.pdf }],
      },
    },
    {
      name: 'a display name showing another State’s mailbox',
      reason: 'spoofed-display-name',
      state: 'KEN',
      message: { from: `"${fra}" <${ken}>`, text: frenchViolationForm() },
    },
    {
      name: 'a display name naming a State from an unregistered address',
      reason: 'spoofed-display-name',
      message: { from: 'Permanent Mission of France <mission-france@mail.example.net>', text: 'Please find our report.' },
    },
    {
      name: 'an attachment of a type the form refuses',
      reason: 'disallowed-attachment',
      state: 'FRA',
      message: {
        from: fra,
        text: frenchViolationForm(),
        attachments: [{ filename: 'report.exe', content: Buffer.from('MZ\x90\x00'), contentType: 'application/x-msdownload' }],
      },
    },
    {
      name: 'a program renamed .pdf',
      reason: 'disallowed-attachment',
      state: 'FRA',
      message: {
        from: fra,
        text: frenchViolationForm(),
        attachments: [{ filename: 'report.pdf', content: Buffer.from('MZ\x90\x00 not a pdf'), contentType: 'application/pdf' }],
      },
    },
    {
      name: 'an attachment over the form’s 10 MiB',
      reason: 'oversized',
      state: 'FRA',
      message: {
        from: fra,
        text: frenchViolationForm(),
        attachments: [{ filename: 'big.pdf', content: Buffer.concat([files.pdf, Buffer.alloc(10 * 1024 * 1024)]), contentType: 'application/pdf' }],
      },
    },
    {
      name: 'more attachments than a submission carries',
      reason: 'too-many-attachments',
      state: 'FRA',
      message: {
        from: fra,
        text: frenchViolationForm(),
        attachments: Array.from({ length: 21 }, (_, index) => ({ filename: `p${index}.png`, content: files.png, contentType: 'image/png' })),
      },
    },
  ];

  it.each(cases)(
    '$name → $reason',
    async ({ reason, state, message }) => {
      const submissionsBefore = await new SubmissionsRepository(system().access).listByCycle('77/108');
      const circulationsBefore = await system().circulations();
      const sender = String(message['from']).match(/<([^>]+)>$/)?.[1] ?? String(message['from']);
      const acksBefore = (await acknowledgementsTo(sender)).length;

      const outcome = await system().send({ subject: `Test: ${reason}`, ...message });

      expect(outcome).toMatchObject({ outcome: 'recorded', disposition: 'quarantined', reason });
      const item = await new QuarantineRepository(system().access).get(outcome.triageId!);
      expect(item).toMatchObject({
        kind: 'quarantined',
        status: 'pending',
        reason,
        email: { subject: `Test: ${reason}` },
        evidence: { key: expect.stringMatching(/^inbound\/email\//) },
      });
      expect(item!.state).toBe(state);
      expect(await new SubmissionsRepository(system().access).listByCycle('77/108')).toHaveLength(submissionsBefore.length);
      expect(await system().circulations()).toBe(circulationsBefore);
      expect(await acknowledgementsTo(sender)).toHaveLength(acksBefore);
      const trail = await new AuditRepository(system().access).forSubject('email', outcome.dedupeKey);
      expect(trail.map((event) => [event.action, event.details['reason']])).toEqual([['quarantined', reason]]);
    },
    120_000,
  );

  it('keeps no part of an infected message apart from the raw message', async () => {
    const outcome = await system().send({
      from: fra,
      subject: 'infected',
      text: 'x',
      headers: { 'X-Local-Receipt-Verdicts': 'virus=FAIL' },
      attachments: [{ filename: 'photos.pdf', content: files.pdf }],
    });
    const item = await new QuarantineRepository(system().access).get(outcome.triageId!);
    expect(item).toMatchObject({ reason: 'virus', attachments: [], text: '' });
    const { Contents = [] } = await s3().send(new ListObjectsV2Command({ Bucket: system().engine.resources.evidenceBucket, Prefix: `${item!.evidence.key}/` }));
    expect(Contents).toEqual([]);
  });

  it('MIME nested deeper than any mail client nests → malformed, and the function does not fail', async () => {
    let body = 'Content-Type: text/plain\r\n\r\nhello\r\n';
    for (let depth = 0; depth < 20; depth += 1) body = `Content-Type: multipart/mixed; boundary="b${depth}"\r\n\r\n--b${depth}\r\n${body}--b${depth}--\r\n`;
    const raw = `From: ${fra}\r\nTo: reports@mpr.example.org\r\nSubject: nested\r\nMessage-ID: <nested-1@missions.example.org>\r\nMIME-Version: 1.0\r\n${body}`;
    const outcome = await system().send({ envelope: { from: fra, to: system().engine.resources.reportingAddress }, raw });
    expect(outcome).toMatchObject({ disposition: 'quarantined', reason: 'malformed' });
    const item = await new QuarantineRepository(system().access).get(outcome.triageId!);
    expect(item).toMatchObject({ state: 'FRA', email: { fromAddress: fra, subject: 'nested' } });
    expect(item!.detail).toMatch(/nesting depth/);
  });

  it('a message reusing another sender’s Message-ID is not taken as a redelivery', async () => {
    const messageId = '<shared-id@missions.example.org>';
    const first = await system().send({ from: mex, subject: 'first', text: 'Views of Mexico.', messageId });
    expect(first.disposition).toBe('awaiting-classification');
    const second = await system().send({ from: 'impostor@elsewhere.example.net', subject: 'second', text: 'x', messageId });
    expect(second).toMatchObject({ outcome: 'recorded', disposition: 'quarantined', reason: 'reused-message-id' });
    expect(second.dedupeKey).toMatch(/^ses:/);
  });
});

describe('a message from a registered mailbox that is not in the form', () => {
  it('is kept for the Secretariat to classify, and acknowledged as awaiting classification (in English for Mexico)', async () => {
    const outcome = await system().send({
      from: mex,
      subject: 'Views on the protection of missions',
      text: 'Mexico has strengthened the police protection of diplomatic premises.',
      attachments: [{ filename: 'law.pdf', content: files.pdf }],
    });
    expect(outcome).toMatchObject({ outcome: 'recorded', disposition: 'awaiting-classification' });
    const item = await new QuarantineRepository(system().access).get(outcome.triageId!);
    expect(item).toMatchObject({
      kind: 'free-form',
      status: 'pending',
      state: 'MEX',
      text: expect.stringContaining('police protection'),
      attachments: [{ fileName: 'law.pdf', itemIndex: 0 }],
    });
    expect(item!.reason).toBeUndefined();
    const acks = (await acknowledgementsTo(mex)).filter((message) => message.subject.includes(outcome.triageId!));
    expect(acks).toHaveLength(1);
    expect(acks[0]!.subject).toBe(`Acknowledgement of receipt: awaiting classification (${outcome.triageId})`);
    expect(acks[0]!.body.text).toContain('does not follow the report form');
    expect(acks[0]!.body.text).toContain('--- REPORT FORM, VERSION 1 ---');
  });

  it('sent by a program (an out-of-office reply to an acknowledgement), is kept but not acknowledged, so no loop starts', async () => {
    const acksBefore = (await acknowledgementsTo(mex)).length;
    const outcome = await system().send({
      from: mex,
      subject: 'Absence du bureau',
      text: 'I am out of the office.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(outcome.disposition).toBe('awaiting-classification');
    expect(await acknowledgementsTo(mex)).toHaveLength(acksBefore);
  });

  it('with a form that cannot be read, is kept too, and the acknowledgement names the faulty fields', async () => {
    const form = filledForm('en', {
      'Note date': '2024-04-02',
      'Occurred in': 'FRA',
      'Incident date': 'yesterday',
      Affected: 'embassy',
      'Mission State': 'KEN',
      Violation: 'attack',
      Facts: 'Stones were thrown.',
      'Offender known': 'maybe',
    });
    const outcome = await system().send({ from: ken, subject: 'Report', text: form });
    expect(outcome.disposition).toBe('awaiting-classification');
    const item = await new QuarantineRepository(system().access).get(outcome.triageId!);
    expect(item!.form).toEqual({
      ok: false,
      errors: [
        { path: '/items/0/allegedOffender/known', message: 'must be yes or no (oui or non)' },
        { path: '/items/0/incidentDate', message: 'must be a date as YYYY-MM-DD that exists' },
      ],
    });
    const [ack] = (await acknowledgementsTo(ken)).filter((message) => message.subject.includes(outcome.triageId!));
    expect(ack!.body.text).toContain('Report 1, Incident date: must be a date as YYYY-MM-DD that exists');
    expect(ack!.body.text).toContain('Report 1, Offender known: must be yes or no');
  });

  it('with a form naming an incident not on record, is kept for the Secretariat with that error', async () => {
    const form = filledForm('en', {
      'Note date': '2024-05-02',
      Answers: 'MPR-2024-9999',
      'Justice measures': 'investigation',
      'Justice measures description': 'An investigation was opened.',
    });
    const outcome = await system().send({ from: ken, subject: 'Follow-up', text: form });
    expect(outcome.disposition).toBe('awaiting-classification');
    const item = await new QuarantineRepository(system().access).get(outcome.triageId!);
    expect(item!.form).toMatchObject({ ok: false, errors: [{ path: '/items/0/answers' }] });
  });
});

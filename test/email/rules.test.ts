/**
 * The e-mail intake's pure rules: who is accepted as a State, which attachments pass, how the
 * report form reads, what the acknowledgement says, who may manage focal points. No AWS at all.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acknowledgement, longDate } from '../../functions/core/acknowledgement.ts';
import { focalPointAuthority } from '../../functions/core/focal-point-authority.ts';
import { checkEmailAttachments, type MimeAttachment } from '../../functions/core/inbound-email/attachment-rules.ts';
import { intakeDecision } from '../../functions/core/inbound-email/decision.ts';
import { htmlToText } from '../../functions/core/inbound-email/html-text.ts';
import { inboundLimits } from '../../functions/core/inbound-email/limits.ts';
import type { ReceiptVerdicts } from '../../functions/core/inbound-email/record.ts';
import { formErrorLines, parseStructuredReport, structuredTemplate } from '../../functions/core/inbound-email/report-form.ts';
import {
  assessInboundEmail,
  type InboundSender,
  isAutomaticMessage,
  mailboxOwners,
  type SenderAssessment,
} from '../../functions/core/inbound-email/sender-rules.ts';
import { emailIdempotencyKey, triageId } from '../../functions/core/inbound-email/triage.ts';
import { stateSchema } from '../../functions/core/states.ts';
import { createSubmission, type SubmissionBody, submissionLimits } from '../../functions/core/submissions.ts';
import { usernameSchema } from '../../functions/intake/api-schemas.ts';
import { seedStates } from '../support/seed.ts';
import { files, filledForm } from './support.ts';

const registry = seedStates();
const pass: ReceiptVerdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', virus: 'PASS', spam: 'PASS' };
const fra = 'pm.fra@missions.example.org';

function sender(overrides: Partial<InboundSender>): InboundSender {
  return { envelopeSender: fra, fromAddress: fra, fromName: undefined, verdicts: pass, registry, ...overrides };
}

/** What a case expects: the State accepted, or the reason (and the State the mailbox belongs to, if any). */
function outcome(assessment: SenderAssessment): string {
  return assessment.accepted ? `accepted ${assessment.state.code}` : `${assessment.reason}${assessment.state ? ` (${assessment.state})` : ''}`;
}

describe('assessInboundEmail', () => {
  const shared = stateSchema.parse({ code: 'MCO', nameEn: 'Monaco', nameFr: 'Monaco', status: 'member', language: 'fr', mailboxes: [{ address: fra }] });
  const cases: { name: string; input: Partial<InboundSender>; expected: string }[] = [
    { name: 'a registered mailbox, every verdict passing', input: {}, expected: 'accepted FRA' },
    {
      name: 'the address in capitals',
      input: { fromAddress: 'PM.FRA@Missions.Example.ORG', envelopeSender: 'PM.FRA@MISSIONS.EXAMPLE.ORG' },
      expected: 'accepted FRA',
    },
    {
      name: 'a State’s second mailbox',
      input: { fromAddress: 'protocol.mex@missions.example.org', envelopeSender: 'protocol.mex@missions.example.org' },
      expected: 'accepted MEX',
    },
    {
      name: 'an address in no State’s mailboxes',
      input: { fromAddress: 'pm.fra@missions.example.net', envelopeSender: 'pm.fra@missions.example.net' },
      expected: 'unknown-sender',
    },
    { name: 'no From address', input: { fromAddress: undefined }, expected: 'unknown-sender' },
    { name: 'a mailbox registered for two States', input: { registry: [...registry, shared] }, expected: 'ambiguous-sender' },
    { name: 'SPF failed, DKIM passed, no DMARC pass', input: { verdicts: { ...pass, spf: 'FAIL', dmarc: 'FAIL' } }, expected: 'failed-authentication (FRA)' },
    { name: 'DKIM failed, SPF passed, DMARC gray', input: { verdicts: { ...pass, dkim: 'FAIL', dmarc: 'GRAY' } }, expected: 'failed-authentication (FRA)' },
    {
      name: 'SPF and DKIM failed, DMARC passed (aligned by DMARC)',
      input: { verdicts: { ...pass, spf: 'FAIL', dkim: 'FAIL' }, envelopeSender: 'bounce@relay.example.com' },
      expected: 'accepted FRA',
    },
    {
      name: 'SPF and DKIM passed but DMARC did not, envelope in another domain',
      input: { verdicts: { ...pass, dmarc: 'FAIL' }, envelopeSender: 'bounce@relay.example.com' },
      expected: 'sender-mismatch (FRA)',
    },
    {
      name: 'SPF and DKIM passed, no DMARC, envelope in a subdomain of the From domain',
      input: { verdicts: { ...pass, dmarc: 'GRAY' }, envelopeSender: 'bounces@mail.missions.example.org' },
      expected: 'accepted FRA',
    },
    {
      name: 'no DMARC pass and a null envelope sender',
      input: { verdicts: { ...pass, dmarc: 'FAIL' }, envelopeSender: '' },
      expected: 'sender-mismatch (FRA)',
    },
    {
      name: 'no DMARC pass and a bare top-level domain as envelope',
      input: { verdicts: { ...pass, dmarc: 'FAIL' }, envelopeSender: 'x@org' },
      expected: 'sender-mismatch (FRA)',
    },
    { name: 'a virus', input: { verdicts: { ...pass, virus: 'FAIL' } }, expected: 'virus (FRA)' },
    { name: 'a virus scan that could not run', input: { verdicts: { ...pass, virus: 'PROCESSING_FAILED' } }, expected: 'virus (FRA)' },
    {
      name: 'a virus from an unknown sender (the virus comes first)',
      input: { fromAddress: 'x@elsewhere.example.net', verdicts: { ...pass, virus: 'FAIL', spf: 'FAIL' } },
      expected: 'virus',
    },
    { name: 'a spam verdict decides nothing', input: { verdicts: { ...pass, spam: 'FAIL' } }, expected: 'accepted FRA' },
    {
      name: 'a display name showing another State’s mailbox',
      input: { fromAddress: 'pm.ken@missions.example.org', fromName: fra },
      expected: 'spoofed-display-name (KEN)',
    },
    {
      name: 'a display name showing a mailbox, fullwidth @',
      input: { fromAddress: 'x@elsewhere.example.net', fromName: 'pm.fra＠missions.example.org' },
      expected: 'spoofed-display-name',
    },
    { name: 'a display name showing its own address', input: { fromName: fra }, expected: 'accepted FRA' },
    {
      name: 'another State’s mission as display name',
      input: { fromAddress: 'pm.ken@missions.example.org', envelopeSender: 'pm.ken@missions.example.org', fromName: 'Permanent Mission of France' },
      expected: 'spoofed-display-name (KEN)',
    },
    { name: 'its own mission, in French', input: { fromName: 'Mission permanente de la France auprès des Nations Unies' }, expected: 'accepted FRA' },
    {
      name: 'a mission named from an unregistered address',
      input: { fromAddress: 'mission.france@mail.example.net', fromName: 'Mission permanente de la France' },
      expected: 'spoofed-display-name',
    },
    { name: 'a person named like a State (Dominique)', input: { fromName: 'Dominique Martin' }, expected: 'accepted FRA' },
    {
      name: 'Guinea-Bissau is not Guinea',
      input: { fromAddress: 'pm.gnb@missions.example.org', envelopeSender: 'pm.gnb@missions.example.org', fromName: 'Permanent Mission of Guinea-Bissau' },
      expected: 'accepted GNB',
    },
    {
      name: 'the Democratic Republic of the Congo is not the Congo',
      input: {
        fromAddress: 'pm.cod@missions.example.org',
        envelopeSender: 'pm.cod@missions.example.org',
        fromName: 'Mission permanente de la République démocratique du Congo',
      },
      expected: 'accepted COD',
    },
    {
      name: 'Niger is not Nigeria',
      input: { fromAddress: 'pm.nga@missions.example.org', envelopeSender: 'pm.nga@missions.example.org', fromName: 'Embassy of Niger' },
      expected: 'spoofed-display-name (NGA)',
    },
    { name: 'a short name before its parenthesis (Bolivia)', input: { fromName: 'Embajada de Bolivia' }, expected: 'spoofed-display-name (FRA)' },
    { name: 'naming its own State beside another', input: { fromName: 'Permanent Mission of France, for Monaco' }, expected: 'accepted FRA' },
    { name: 'a Reply-To that is another State’s mailbox', input: { replyTo: ['pm.ken@missions.example.org'] }, expected: 'sender-mismatch (FRA)' },
    { name: 'a Reply-To outside the registry (acknowledgements go to From anyway)', input: { replyTo: ['attache@fra.example.org'] }, expected: 'accepted FRA' },
  ];

  it.each(cases)('$name → $expected', ({ input, expected }) => {
    expect(outcome(assessInboundEmail(sender(input)))).toBe(expected);
  });

  it('never accepts a From address that is not a mailbox of the State it accepts', () => {
    const registered = registry.flatMap((state) => state.mailboxes.map((mailbox) => mailbox.address));
    const address = fc.oneof(
      fc.emailAddress(),
      fc.constantFrom(...registered),
      // Near misses: a registered address with a character added, or in another domain.
      fc
        .tuple(fc.constantFrom(...registered), fc.string({ minLength: 1, maxLength: 3 }))
        .map(([registeredAddress, extra]) => registeredAddress.replace('@', `${extra}@`)),
      fc.constantFrom(...registered).map((registeredAddress) => `${registeredAddress}.evil.example`),
    );
    const verdict = fc.constantFrom('PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED' as const);
    fc.assert(
      fc.property(
        address,
        fc.option(fc.string(), { nil: undefined }),
        fc.oneof(address, fc.constant('')),
        fc.record({ spf: verdict, dkim: verdict, dmarc: verdict, virus: verdict, spam: verdict }),
        (fromAddress, fromName, envelopeSender, verdicts) => {
          const assessment = assessInboundEmail({ envelopeSender, fromAddress, fromName, verdicts, registry });
          if (!assessment.accepted) return;
          expect(mailboxOwners(registry, fromAddress).map((state) => state.code)).toEqual([assessment.state.code]);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('isAutomaticMessage', () => {
  it.each([
    [[{ key: 'auto-submitted', value: 'auto-replied' }], true],
    [[{ key: 'auto-submitted', value: 'auto-generated; owner-email="x@y"' }], true],
    [[{ key: 'auto-submitted', value: 'No' }], false],
    [[{ key: 'x-autoreply', value: 'yes' }], true],
    [[{ key: 'precedence', value: 'bulk' }], true],
    [[{ key: 'precedence', value: 'first-class' }], false],
    [[{ key: 'subject', value: 'Auto-Submitted' }], false],
  ])('%j → %s', (headers, automatic) => {
    expect(isAutomaticMessage(headers)).toBe(automatic);
  });
});

describe('intakeDecision', () => {
  const refusedSender = assessInboundEmail(sender({ fromAddress: 'x@elsewhere.example.net' }));
  const infected = assessInboundEmail(sender({ verdicts: { ...pass, virus: 'FAIL' } }));
  const accepted = assessInboundEmail(sender({}));
  const message = { reason: 'malformed', detail: 'm' } as const;
  const attachments = { reason: 'disallowed-attachment', detail: 'a' } as const;

  it.each([
    ['a virus before everything', infected, { message, attachments }, 'virus'],
    ['an unreadable message before the sender', refusedSender, { message }, 'malformed'],
    ['a reused Message-ID before the sender', refusedSender, { messageId: { reason: 'reused-message-id', detail: 'r' } as const }, 'reused-message-id'],
    ['the sender before the attachments', refusedSender, { attachments }, 'unknown-sender'],
    ['the attachments of an accepted sender', accepted, { attachments }, 'disallowed-attachment'],
  ] as const)('%s', (_name, assessment, findings, reason) => {
    expect(intakeDecision(assessment, findings)).toMatchObject({ held: true, refusal: { reason } });
  });

  it('accepts, with the State, when nothing holds the message; keeps the State of a held registered sender', () => {
    expect(intakeDecision(accepted, {})).toMatchObject({ held: false, state: { code: 'FRA' } });
    expect(intakeDecision(accepted, { attachments })).toMatchObject({ held: true, state: 'FRA' });
  });
});

describe('checkEmailAttachments', () => {
  const part = (filename: string | null, contentType: string, content: Uint8Array = files.pdf): MimeAttachment => ({ filename, contentType, content });

  it('accepts the form’s types, reading a generic type from the file name', () => {
    const result = checkEmailAttachments([
      part('note.pdf', 'application/octet-stream'),
      part('photo.PNG', 'image/png', files.png),
      part('text.txt', 'text/plain', Buffer.from('hello')),
    ]);
    expect(result).toMatchObject({
      ok: true,
      attachments: [{ fileName: 'note.pdf', contentType: 'application/pdf' }, { contentType: 'image/png' }, { contentType: 'text/plain' }],
    });
  });

  it('names an unnamed part, and strips folders and control characters from names', () => {
    const result = checkEmailAttachments([part(null, 'application/pdf'), part('C:\\Documents\\note\u0007.pdf', 'application/pdf')]);
    expect(result).toMatchObject({ ok: true, attachments: [{ fileName: 'attachment-1.pdf' }, { fileName: 'note.pdf' }] });
  });

  it.each([
    ['a type the form does not accept', [part('logo.gif', 'image/gif', Buffer.from('GIF89a'))], 'disallowed-attachment', /image\/gif/],
    ['a generic type with an unknown ending', [part('setup.exe', 'application/octet-stream')], 'disallowed-attachment', /application\/octet-stream/],
    ['a name ending that does not go with the type', [part('note.docx', 'application/pdf')], 'disallowed-attachment', /whose files end in \.pdf/],
    ['content that is not what the type says', [part('note.pdf', 'application/pdf', Buffer.from('MZ'))], 'disallowed-attachment', /does not contain/],
    ['binary content declared as text', [part('note.txt', 'text/plain', Buffer.from([0x41, 0x00, 0x42]))], 'disallowed-attachment', /does not contain/],
    [
      'a file over the form’s limit',
      [part('big.pdf', 'application/pdf', Buffer.concat([files.pdf, Buffer.alloc(submissionLimits.attachmentBytes)]))],
      'oversized',
      /big\.pdf has/,
    ],
    [
      'files over the limit in all',
      Array.from({ length: 3 }, (_, index) => part(`p${index}.pdf`, 'application/pdf', Buffer.concat([files.pdf, Buffer.alloc(9 * 1024 * 1024)]))),
      'oversized',
      /in all/,
    ],
    [
      'more files than a submission carries',
      Array.from({ length: submissionLimits.attachmentsPerSubmission + 1 }, () => part('p.pdf', 'application/pdf')),
      'too-many-attachments',
      /21 attachments/,
    ],
  ] as const)('refuses %s', (_name, parts, reason, detail) => {
    const result = checkEmailAttachments(parts);
    expect(result).toMatchObject({ ok: false, reason });
    expect(!result.ok && result.detail).toMatch(detail);
  });

  it('leaves out empty parts, which no submission can carry', () => {
    expect(checkEmailAttachments([part('empty.txt', 'text/plain', new Uint8Array())])).toEqual({ ok: true, attachments: [] });
  });
});

describe('the report form', () => {
  const now = new Date('2024-06-01T12:00:00Z');
  const stored = (fileName: string) => ({
    fileName,
    contentType: 'application/pdf',
    size: 100,
    sha256: 'ab'.repeat(32),
    key: `inbound/email/x/attachments/1/${fileName}`,
  });

  function englishForm(values: Record<string, string>): string {
    return filledForm('en', { 'Note date': '2024-05-02', ...values });
  }

  it('is not found in a free-form message, nor in a quoted one', () => {
    expect(parseStructuredReport('Dear colleagues,\nType: note verbale\nKind: violation\n', now)).toEqual({ form: false });
    const quoted = structuredTemplate('en')
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
    expect(parseStructuredReport(`Thank you.\n\n${quoted}`, now)).toEqual({ form: false });
  });

  it('reads every kind of report, English labels, with lists, booleans, several lines and legislation', () => {
    const reading = parseStructuredReport(
      englishForm({
        'Note reference': 'No. 7/2024',
        'Occurred in': 'ken',
        'Incident date': '2024-03-28',
        'Incident time': '22:15',
        Affected: 'Embassy; residence',
        'Mission State': 'FRA',
        Violation: 'demonstration, Technical interference',
        Facts: 'First line.\n\nSecond paragraph: with a colon.',
        'Offender known': 'Yes',
        'Offender detained': 'no',
        'Offender present in': 'UGA',
        Answers: 'MPR-2024-0042',
        'Justice measures': 'arrest, charges',
        'Justice measures description': 'Two persons were arrested.',
        Views: 'Training has been expanded.',
        Legislation: 'Diplomatic Privileges Act, 2019, https://example.org/act\nPolice Act (1990)',
      }),
      now,
    );
    expect(reading).toMatchObject({
      form: true,
      ok: true,
      body: {
        formVersion: 1,
        language: 'en',
        note: { date: '2024-05-02', reference: 'No. 7/2024' },
        items: [
          {
            kind: 'violation',
            occurredIn: 'KEN',
            incidentTime: '22:15',
            affected: { kinds: ['embassy', 'residence'], missionState: 'FRA' },
            violationKinds: ['demonstration', 'technical-interference'],
            facts: 'First line.\n\nSecond paragraph: with a colon.',
            allegedOffender: { known: true, detained: false, presentIn: 'UGA' },
            circulate: true,
          },
          { kind: 'follow-up', answers: 'MPR-2024-0042', justiceMeasures: { taken: ['arrest', 'charges'], description: 'Two persons were arrested.' } },
          {
            kind: 'views',
            text: 'Training has been expanded.',
            legislation: [
              { title: 'Diplomatic Privileges Act', year: 2019, link: 'https://example.org/act' },
              { title: 'Police Act', year: 1990 },
            ],
          },
        ],
      },
    });
  });

  it('reads French labels and words, and labels of either language in one form', () => {
    const french = filledForm('fr', { 'Date de la note': '2024-05-02', Vues: 'La formation a été renforcée.', 'vues/Pièces jointes': 'loi.pdf' });
    const mixed = french
      .replace('Type : suivi', 'Kind: follow-up')
      .replace('Pièces jointes : loi.pdf', 'Attachments: loi.pdf')
      .replace('Langue : fr', 'Langue : français');
    const reading = parseStructuredReport(mixed, now, [stored('LOI.pdf')]);
    expect(reading).toMatchObject({
      form: true,
      ok: true,
      body: { language: 'fr', items: [{ kind: 'views', attachments: [{ fileName: 'LOI.pdf' }] }] },
      attachments: [{ itemIndex: 0 }],
    });
    const request = filledForm('fr', {
      'Date de la note': '2024-05-02',
      'Donne suite à': 'INC-MPR-2024-0042-1',
      'Mesures de prévention': 'gardes, Périmètre',
      'Description des mesures de prévention': 'Des gardes.',
      'suivi/Diffusion à tous les États': 'non',
    });
    expect(parseStructuredReport(request, now)).toMatchObject({
      ok: true,
      body: { items: [{ kind: 'follow-up', preventiveMeasures: { taken: ['guards', 'perimeter'] }, circulate: false }] },
    });
  });

  it('places attachments with the report naming them, the rest with the first', () => {
    const text = englishForm({
      Answers: 'MPR-2024-0042',
      'Justice measures': 'investigation',
      'Justice measures description': 'Opened.',
      Views: 'Views.',
      'views/Attachments': 'law.pdf',
    });
    const reading = parseStructuredReport(text, now, [stored('a.pdf'), stored('law.pdf')]);
    expect(reading).toMatchObject({
      ok: true,
      attachments: [
        { fileName: 'a.pdf', itemIndex: 0 },
        { fileName: 'law.pdf', itemIndex: 1 },
      ],
    });
  });

  it('carries the State’s own choice on publication and summary, in either language', () => {
    const english = englishForm({ Views: 'Our views.', 'Publish the full text': 'no', 'May be summarized in the report': 'no' });
    expect(parseStructuredReport(english, now)).toMatchObject({ ok: true, body: { requests: { publishFullText: false, summarize: false } } });
    const french = filledForm('fr', { 'Date de la note': '2024-05-02', Vues: 'Nos vues.', 'Publier le texte intégral': 'oui' });
    expect(parseStructuredReport(french, now)).toMatchObject({ ok: true, body: { requests: { publishFullText: true } } });
    // Left blank, nothing is asked: the defaults of the procedure apply.
    const reading = parseStructuredReport(englishForm({ Views: 'Our views.' }), now);
    expect(reading.form && reading.ok ? reading.body.requests : 'unread').toBeUndefined();
  });

  it('stops at the end line, or at a signature separator', () => {
    const form = englishForm({ Views: 'Our views.' });
    expect(parseStructuredReport(`${form}\nKind: violation\nFacts: after the end`, now)).toMatchObject({ ok: true, body: { items: [{ kind: 'views' }] } });
    const unterminated = form.replace('--- END OF REPORT FORM ---', '-- \nAmbassador\nTel: +1 212 000 0000');
    expect(parseStructuredReport(unterminated, now)).toMatchObject({ ok: true, body: { items: [{ kind: 'views', text: 'Our views.' }] } });
  });

  it('gives one error per field, at the path it fills, named by its label in either language', () => {
    const text = englishForm({
      'Incident date': '2024-02-30',
      Affected: 'embassy, bakery',
      Violation: 'attack',
      'Offender known': 'perhaps',
      Facts: 'x',
      Attachments: 'missing.pdf',
    })
      .replace(/^Occurred in:$/m, 'Occurred in: KEN\nOccurred in: UGA')
      .replace('--- REPORT FORM, VERSION 1 ---', '--- REPORT FORM, VERSION 1 ---\nCity: Nairobi');
    const reading = parseStructuredReport(text, now);
    expect(reading.form && !reading.ok && reading.errors).toEqual([
      { path: '/items', message: 'must start each report with its Kind line (City comes before any)' },
      { path: '/items/0/occurredIn', message: 'must be given once' },
      { path: '/items/0/allegedOffender/known', message: 'must be yes or no (oui or non)' },
      { path: '/items/0/attachments', message: 'must name files attached to the message; missing.pdf is not attached' },
      { path: '/items/0/incidentDate', message: 'must be a date as YYYY-MM-DD that exists' },
      { path: '/items/0/affected/kinds/1', message: expect.stringMatching(/^must be one of: embassy, consulate/) },
      { path: '/items/0/affected/missionState', message: 'is required' },
    ]);
    expect(formErrorLines(reading.form && !reading.ok ? reading.errors.slice(1, 3) : [], 'fr')).toEqual([
      "Rapport 1, État où l'incident a eu lieu : must be given once",
      'Rapport 1, Auteur identifié : must be yes or no (oui or non)',
    ]);
  });

  it('left blank, asks for the note date and a report; another version is named', () => {
    expect(parseStructuredReport(structuredTemplate('en'), now)).toEqual({
      form: true,
      ok: false,
      errors: [
        { path: '/note', message: 'is required' },
        { path: '/items', message: 'must list at least 1 entry' },
      ],
    });
    const v2 = parseStructuredReport(englishForm({ Views: 'v' }).replace('VERSION 1', 'VERSION 2'), now);
    expect(v2.form && !v2.ok && formErrorLines(v2.errors, 'en')).toEqual(['--- REPORT FORM, VERSION ---: must be 1']);
  });

  it('round-trips: any views text written into either template reads back as written', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('en', 'fr' as const),
        fc.stringMatching(/^[A-Za-zÀ-ÿ0-9 ,.;()'-]{1,60}$/).filter((text) => text.trim().length > 0 && !text.includes(':')),
        (language, text) => {
          const form = filledForm(language, language === 'en' ? { 'Note date': '2024-05-02', Views: text } : { 'Date de la note': '2024-05-02', Vues: text });
          expect(parseStructuredReport(form, now)).toMatchObject({ ok: true, body: { language, items: [{ kind: 'views', text: text.trim() }] } });
        },
      ),
    );
  });

  it('reads the text of an HTML-only message', () => {
    expect(htmlToText('<p>Kind:&nbsp;views</p><div>Views: A&amp;B &#233;t&#xE9;</div><script>x</script>')).toBe('Kind: views\nViews: A&B été');
  });
});

describe('limits and ids', () => {
  it('lets through the largest message a valid submission needs, and nothing SES would refuse anyway', () => {
    expect(inboundLimits.messageBytes).toBeGreaterThan((submissionLimits.submissionAttachmentBytes * 4) / 3);
    expect(inboundLimits.messageBytes).toBeLessThan(40 * 1000 * 1000);
  });

  it('derives the same triage id and idempotency key from the same message', () => {
    expect(triageId('2026-05-01T10:00:00.000Z', 'message-id:a@b')).toMatch(/^T-20260501-[0-9a-f]{8}$/);
    expect(triageId('2026-05-01T23:00:00.000Z', 'message-id:a@b')).toBe(triageId('2026-05-01T10:00:00.000Z', 'message-id:a@b'));
    expect(emailIdempotencyKey('message-id:a@b')).toMatch(/^email-[0-9a-f]{40}$/);
    expect(emailIdempotencyKey('message-id:a@c')).not.toBe(emailIdempotencyKey('message-id:a@b'));
  });
});

describe('acknowledgement', () => {
  const body = (items: SubmissionBody['items']): SubmissionBody => ({ formVersion: 1, language: 'fr', note: { date: '2026-04-30' }, items });
  const violation = (circulate: boolean) => ({
    kind: 'violation' as const,
    occurredIn: 'KEN',
    incidentDate: '2026-04-01',
    affected: { kinds: ['embassy' as const], missionState: 'FRA' },
    violationKinds: ['attack' as const],
    facts: 'x',
    allegedOffender: { known: false },
    circulate,
    attachments: [],
  });
  const submissionOf = (items: SubmissionBody['items']) =>
    createSubmission({
      body: body(items),
      reference: 'MPR-2026-0007',
      cycleId: '77/108',
      reportingState: 'FRA',
      source: 'email',
      receivedAt: '2026-05-01T09:30:00.000Z',
      attachments: [],
      evidence: { bucket: 'b', key: 'k' },
    });

  it('in French: the reference, the date received, circulation, the form', () => {
    const { subject, text } = acknowledgement({ outcome: 'recorded', language: 'fr', submission: submissionOf([violation(true)]), subject: 'Note verbale' });
    expect(subject).toBe('Accusé de réception : MPR-2026-0007');
    expect(text).toContain('accuse réception de votre communication reçue le 1er mai 2026 (« Note verbale »).');
    expect(text).toContain('Numéro de référence : MPR-2026-0007.');
    expect(text).toContain('le rapport sera diffusé à tous les États');
    expect(text).toContain(structuredTemplate('fr'));
  });

  it('in English: not circulated when the State asked so; views are not circulated', () => {
    expect(acknowledgement({ outcome: 'recorded', language: 'en', submission: submissionOf([violation(false)]), subject: null }).text).toContain(
      'as you requested, the report will not be circulated',
    );
    const views = acknowledgement({
      outcome: 'recorded',
      language: 'en',
      submission: submissionOf([{ kind: 'views', text: 'v', legislation: [], attachments: [] }]),
      subject: null,
    });
    expect(views.text).toContain('views are not circulated to States');
    expect(views.text).toContain('received on 1 May 2026.');
  });

  it('awaiting classification: the file number, and the fields of a form that could not be read', () => {
    const { subject, text } = acknowledgement({
      outcome: 'awaiting-classification',
      language: 'en',
      triageId: 'T-20260501-0a1b2c3d',
      receivedAt: '2026-05-01T09:30:00.000Z',
      subject: 'x',
      formErrors: [{ path: '/items/0/incidentDate', message: 'is required' }],
    });
    expect(subject).toBe('Acknowledgement of receipt: awaiting classification (T-20260501-0a1b2c3d)');
    expect(text).toContain('File number: T-20260501-0a1b2c3d.');
    expect(text).toContain('  - Report 1, Incident date: is required');
  });

  it('writes dates as the Secretariat does', () => {
    expect(longDate('2026-05-01T00:00:00Z', 'fr')).toBe('1er mai 2026');
    expect(longDate('2026-05-11T00:00:00Z', 'fr')).toBe('11 mai 2026');
    expect(longDate('2026-05-01T00:00:00Z', 'en')).toBe('1 May 2026');
  });
});

describe('focalPointAuthority', () => {
  const admin = { username: 'admin.fra', state: 'FRA', roles: ['focal-point', 'mission-admin'] } as const;
  const focal = { username: 'focal.fra', state: 'FRA', roles: ['focal-point'] } as const;
  const secretariat = { username: 'officer', roles: ['secretariat'] } as const;

  it.each([
    ['an administrator, for its own State', admin, undefined, { ok: true, state: 'FRA', actor: 'mission-admin' }],
    ['an administrator naming its own State', admin, 'fra', { ok: true, state: 'FRA' }],
    ['an administrator naming another State', admin, 'KEN', { ok: false, status: 403 }],
    ['a focal point', focal, undefined, { ok: false, status: 403 }],
    ['the Secretariat naming a State', secretariat, 'ken', { ok: true, state: 'KEN', actor: 'secretariat' }],
    ['the Secretariat naming none', secretariat, undefined, { ok: false, status: 400 }],
    ['the Secretariat naming nonsense', secretariat, 'France', { ok: false, status: 400 }],
  ] as const)('%s', (_name, caller, requested, expected) => {
    expect(focalPointAuthority(caller, requested)).toMatchObject(expected);
  });

  it('takes usernames people can type and read', () => {
    expect(usernameSchema.safeParse('deputy.fra').success).toBe(true);
    expect(usernameSchema.safeParse('Deputy').success).toBe(false);
    expect(usernameSchema.safeParse('a@b').success).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultDecisions } from '../../functions/core/decisions.ts';
import { compareReferences, formatReference, parseReference } from '../../functions/core/references.ts';
import { createSubmission, type SubmissionBody, submissionSchema, validateSubmissionBody } from '../../functions/core/submissions.ts';

const now = new Date('2024-04-10T12:00:00Z');
const digest = 'ab'.repeat(32);

/** A body with one report of each kind, every field filled in. */
function validBody() {
  return {
    formVersion: 1,
    language: 'en',
    note: { date: '2024-04-02', reference: 'No. 123/2024' },
    items: [
      {
        kind: 'violation',
        occurredIn: 'KEN',
        city: 'Nairobi',
        incidentDate: '2024-03-28',
        incidentTime: '22:15',
        affected: { kinds: ['embassy'], missionState: 'FRA' },
        violationKinds: ['demonstration', 'damage'],
        facts: 'Demonstrators threw stones at the chancery and broke two windows.',
        allegedOffender: { known: false },
        actionRequestedOrTaken: 'A protest was made to the Ministry of Foreign Affairs.',
        attachments: [{ fileName: 'photos.pdf', contentType: 'application/pdf', size: 120_000, sha256: digest }],
      },
      {
        kind: 'follow-up',
        answers: 'INC-MPR-2024-0007-1',
        justiceMeasures: { taken: ['arrest', 'charges'], description: 'Two persons were arrested and charged.' },
        preventiveMeasures: { taken: ['guards'], description: 'Police guard the residence day and night.' },
      },
      {
        kind: 'views',
        text: 'Training of police units assigned to diplomatic premises has been expanded.',
        legislation: [{ title: 'Diplomatic Privileges Act', year: 2019, link: 'https://example.org/act' }],
      },
    ],
  };
}

type Body = ReturnType<typeof validBody>;
type Item = Record<string, unknown>;
const violation = (body: Body): Item => body.items[0] as Item;
const followUp = (body: Body): Item => body.items[1] as Item;
const views = (body: Body): Item => body.items[2] as Item;
const firstAttachment = (body: Body): Item => (violation(body)['attachments'] as Item[])[0] as Item;
const attachment = (size = 1_000): Item => ({ fileName: 'a.pdf', contentType: 'application/pdf', size, sha256: digest });

describe('validateSubmissionBody', () => {
  it('accepts a full body and fills in the defaults', () => {
    const result = validateSubmissionBody(validBody(), now);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [first, second, third] = result.value.items;
    expect(first).toMatchObject({ kind: 'violation', circulate: true });
    expect(second).toMatchObject({ kind: 'follow-up', circulate: true, attachments: [] });
    expect(third).toMatchObject({ kind: 'views', attachments: [] });
  });

  it('trims text fields', () => {
    const body = validBody();
    violation(body)['city'] = '  Nairobi ';
    const result = validateSubmissionBody(body, now);
    expect(result.ok && result.value.items[0]?.kind === 'violation' && result.value.items[0].city).toBe('Nairobi');
  });

  it('accepts a date that is already today somewhere on Earth (UTC+14)', () => {
    const body = validBody();
    body.note.date = '2024-04-11';
    violation(body)['incidentDate'] = '2024-04-11';
    expect(validateSubmissionBody(body, now).ok).toBe(true);
  });

  // One fault per row; each must give exactly one error, on the faulty field, in plain words.
  const badInputs: [string, (body: Body) => unknown, string, string | RegExp][] = [
    [
      'no form version',
      (body) => {
        delete (body as Partial<Body>).formVersion;
      },
      '/formVersion',
      'is required',
    ],
    [
      'another form version',
      (body) => {
        body.formVersion = 2;
      },
      '/formVersion',
      'must be 1',
    ],
    [
      'a language that is not official',
      (body) => {
        body.language = 'de';
      },
      '/language',
      'must be one of: ar, zh, en, fr, ru, es',
    ],
    [
      'a note dated in the future',
      (body) => {
        body.note.date = '2024-04-12';
      },
      '/note/date',
      'must be a date no later than today',
    ],
    [
      'a note date that does not exist',
      (body) => {
        body.note.date = '2024-02-30';
      },
      '/note/date',
      'must be a date as YYYY-MM-DD that exists',
    ],
    [
      'no items',
      (body) => {
        body.items = [];
      },
      '/items',
      'must list at least 1 entry',
    ],
    [
      'too many items',
      (body) => {
        body.items = Array.from({ length: 51 }, () => views(validBody()) as Body['items'][number]);
      },
      '/items',
      'must list at most 50 entries',
    ],
    [
      'an unknown kind of report',
      (body) => {
        violation(body)['kind'] = 'incident';
      },
      '/items/0/kind',
      'must be one of: violation, follow-up, views',
    ],
    [
      'a kind left out',
      (body) => {
        delete violation(body)['kind'];
      },
      '/items/0/kind',
      'is required',
    ],
    [
      'a State code in lower case',
      (body) => {
        violation(body)['occurredIn'] = 'ken';
      },
      '/items/0/occurredIn',
      'must be an ISO 3166-1 alpha-3 code in capitals, e.g. FRA',
    ],
    [
      'an incident in the future',
      (body) => {
        violation(body)['incidentDate'] = '2024-04-12';
      },
      '/items/0/incidentDate',
      'must be a date no later than today',
    ],
    [
      'an incident after the note',
      (body) => {
        violation(body)['incidentDate'] = '2024-04-05';
      },
      '/items/0/incidentDate',
      'must not be after the date of the note (2024-04-02)',
    ],
    [
      'a time that does not exist',
      (body) => {
        violation(body)['incidentTime'] = '24:00';
      },
      '/items/0/incidentTime',
      'must be a local time as HH:MM on the 24-hour clock',
    ],
    [
      'nothing affected',
      (body) => {
        violation(body)['affected'] = { kinds: [], missionState: 'FRA' };
      },
      '/items/0/affected/kinds',
      'must list at least 1 entry',
    ],
    [
      'the same thing affected twice',
      (body) => {
        violation(body)['affected'] = { kinds: ['embassy', 'embassy'], missionState: 'FRA' };
      },
      '/items/0/affected/kinds',
      'must not list the same value twice',
    ],
    [
      'no mission State',
      (body) => {
        violation(body)['affected'] = { kinds: ['embassy'] };
      },
      '/items/0/affected/missionState',
      'is required',
    ],
    [
      'an unknown kind of violation',
      (body) => {
        violation(body)['violationKinds'] = ['riot'];
      },
      '/items/0/violationKinds/0',
      /^must be one of: attack, intrusion, damage, arson, threat, demonstration, harassment, search, surveillance, technical-interference, kidnapping, killing, other$/,
    ],
    [
      'blank facts',
      (body) => {
        violation(body)['facts'] = '   ';
      },
      '/items/0/facts',
      'must not be empty',
    ],
    [
      'facts too long',
      (body) => {
        violation(body)['facts'] = 'x'.repeat(20_001);
      },
      '/items/0/facts',
      'must be at most 20000 characters long',
    ],
    [
      'no word on the alleged offender',
      (body) => {
        delete violation(body)['allegedOffender'];
      },
      '/items/0/allegedOffender',
      'is required',
    ],
    [
      'offender known as text',
      (body) => {
        violation(body)['allegedOffender'] = { known: 'yes' };
      },
      '/items/0/allegedOffender/known',
      'must be true or false',
    ],
    [
      'offender "in another State" that is the territorial State',
      (body) => {
        violation(body)['allegedOffender'] = { known: true, presentIn: 'KEN' };
      },
      '/items/0/allegedOffender/presentIn',
      /^must be a State other than the one where the violation took place/,
    ],
    [
      'a circulation preference as text',
      (body) => {
        violation(body)['circulate'] = 'no';
      },
      '/items/0/circulate',
      'must be true or false',
    ],
    [
      'a field the form does not have',
      (body) => {
        violation(body)['severity'] = 'high';
      },
      '/items/0/severity',
      'is not a field of this form',
    ],
    [
      'the reporting State in the body',
      (body) => {
        (body as Record<string, unknown>)['reportingState'] = 'FRA';
      },
      '/reportingState',
      /^is not part of the form: it is the State of the signed-in user/,
    ],
    [
      'an attachment type not accepted',
      (body) => {
        firstAttachment(body)['contentType'] = 'application/zip';
      },
      '/items/0/attachments/0/contentType',
      /^must be one of: application\/pdf, /,
    ],
    [
      'an attachment too large',
      (body) => {
        firstAttachment(body)['size'] = 10 * 1024 * 1024 + 1;
      },
      '/items/0/attachments/0/size',
      'must be at most 10 MiB',
    ],
    [
      'an empty attachment',
      (body) => {
        firstAttachment(body)['size'] = 0;
      },
      '/items/0/attachments/0/size',
      'must be at least 1',
    ],
    [
      'a digest in capitals',
      (body) => {
        firstAttachment(body)['sha256'] = digest.toUpperCase();
      },
      '/items/0/attachments/0/sha256',
      'must be a SHA-256 digest: 64 lower-case hexadecimal characters',
    ],
    [
      'a file name that does not fit its type',
      (body) => {
        firstAttachment(body)['fileName'] = 'photos.png';
      },
      '/items/0/attachments/0/fileName',
      'must end in .pdf for application/pdf',
    ],
    [
      'a file name with folders',
      (body) => {
        firstAttachment(body)['fileName'] = '../etc/passwd.pdf';
      },
      '/items/0/attachments/0/fileName',
      'must be a file name without folders or control characters',
    ],
    [
      'too many attachments on one report',
      (body) => {
        violation(body)['attachments'] = Array.from({ length: 11 }, () => attachment());
      },
      '/items/0/attachments',
      'must list at most 10 entries',
    ],
    [
      'too many attachments in all',
      (body) => {
        for (const item of body.items) (item as Item)['attachments'] = Array.from({ length: 7 }, () => attachment());
      },
      '/items',
      'must carry at most 20 attachments in all',
    ],
    [
      'too many bytes in all',
      (body) => {
        for (const item of body.items) (item as Item)['attachments'] = [attachment(9 * 1024 * 1024)];
      },
      '/items',
      'must carry at most 25 MiB of attachments in all',
    ],
    [
      'a follow-up answering nothing recognizable',
      (body) => {
        followUp(body)['answers'] = 'the attack of March';
      },
      '/items/1/answers',
      /^must be an incident id \(e\.g\. INC-MPR-2024-0042-1\) or the reference/,
    ],
    [
      'a follow-up that reports nothing',
      (body) => {
        delete followUp(body)['justiceMeasures'];
        delete followUp(body)['preventiveMeasures'];
      },
      '/items/1',
      'must report measures to bring the offender to justice, the outcome of proceedings or preventive measures',
    ],
    [
      'an outcome not saying whether it is final',
      (body) => {
        followUp(body)['outcomeOfProceedings'] = { description: 'The trial continues.' };
      },
      '/items/1/outcomeOfProceedings/final',
      'is required',
    ],
    [
      'an unknown measure',
      (body) => {
        followUp(body)['justiceMeasures'] = { taken: ['conviction'], description: 'x' };
      },
      '/items/1/justiceMeasures/taken/0',
      'must be one of: investigation, arrest, charges, extradition-request, other',
    ],
    [
      'legislation from before 1800',
      (body) => {
        views(body)['legislation'] = [{ title: 'Old act', year: 1700 }];
      },
      '/items/2/legislation/0/year',
      'must be at least 1800',
    ],
    [
      'a legislation year with a fraction',
      (body) => {
        views(body)['legislation'] = [{ title: 'Act', year: 2019.5 }];
      },
      '/items/2/legislation/0/year',
      'must be a whole number',
    ],
    [
      'a link that is not a web address',
      (body) => {
        views(body)['legislation'] = [{ title: 'Act', year: 2019, link: 'ftp://example.org/act' }];
      },
      '/items/2/legislation/0/link',
      'must be a web address starting with https:// or http://',
    ],
    [
      'a circulation preference on views',
      (body) => {
        views(body)['circulate'] = true;
      },
      '/items/2/circulate',
      'is not a field of this form',
    ],
    ['no body at all', () => 'a note verbale', '', 'must be an object'],
  ];

  it.each(badInputs)('refuses %s', (_name, spoil, path, message) => {
    const body = validBody();
    const spoilt = spoil(body) ?? body;
    const result = validateSubmissionBody(spoilt, now);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.path).toBe(path);
    if (typeof message === 'string') expect(result.errors[0]?.message).toBe(message);
    else expect(result.errors[0]?.message).toMatch(message);
  });

  it('reports every bad field at once, one message each', () => {
    const body = validBody();
    body.language = 'xx';
    violation(body)['occurredIn'] = 'kenya';
    violation(body)['incidentDate'] = 'yesterday';
    firstAttachment(body)['sha256'] = 'zz';
    const result = validateSubmissionBody(body, now);
    expect(result.ok ? [] : result.errors.map((error) => error.path)).toEqual([
      '/language',
      '/items/0/occurredIn',
      '/items/0/incidentDate',
      '/items/0/attachments/0/sha256',
    ]);
  });
});

describe('references', () => {
  it.each([
    [2024, 1, 'MPR-2024-0001'],
    [2024, 42, 'MPR-2024-0042'],
    [2024, 9999, 'MPR-2024-9999'],
    [2024, 10_000, 'MPR-2024-10000'],
    [2031, 123_456, 'MPR-2031-123456'],
  ])('formats year %i, sequence %i as %s and reads it back', (year, sequence, reference) => {
    expect(formatReference(year, sequence)).toBe(reference);
    expect(parseReference(reference)).toEqual({ year, sequence });
  });

  it.each([
    [2024, 0],
    [2024, -1],
    [2024, 1.5],
    [999, 1],
    [10_000, 1],
  ])('refuses to format year %i, sequence %i', (year, sequence) => {
    expect(() => formatReference(year, sequence)).toThrow(RangeError);
  });

  it.each(['MPR-2024-042', 'MPR-2024-00042', 'MPR-2024-0000', 'mpr-2024-0042', 'MPR-24-0042', 'MPR-2024-0042 ', 'INC-MPR-2024-0042-1', ''])(
    'does not read %j as a reference (each sequence has one spelling)',
    (text) => {
      expect(parseReference(text)).toBeUndefined();
    },
  );

  const year = fc.integer({ min: 1000, max: 9999 });
  const sequence = fc.integer({ min: 1, max: 10_000_000 });

  it('reads back every reference it formats', () => {
    fc.assert(
      fc.property(year, sequence, (y, s) => {
        expect(parseReference(formatReference(y, s))).toEqual({ year: y, sequence: s });
      }),
    );
  });

  it('orders references by year, then sequence, also past 9999', () => {
    fc.assert(
      fc.property(year, sequence, year, sequence, (y1, s1, y2, s2) => {
        const expected = Math.sign(y1 - y2 || s1 - s2);
        expect(Math.sign(compareReferences(formatReference(y1, s1), formatReference(y2, s2)))).toBe(expected);
      }),
    );
  });

  it('sorts as text within a year up to sequence 9999', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 9999 }), { minLength: 2 }), (sequences) => {
        const references = sequences.map((s) => formatReference(2024, s));
        expect([...references].sort()).toEqual([...references].sort(compareReferences));
      }),
    );
  });

  it('refuses to compare what is not a reference', () => {
    expect(() => compareReferences('MPR-2024-0001', 'MPR-2024-1')).toThrow(/not a submission reference: MPR-2024-1/);
  });
});

function parsedBody(spoil: (body: Body) => void = () => undefined): SubmissionBody {
  const body = validBody();
  spoil(body);
  const result = validateSubmissionBody(body, now);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('defaultDecisions', () => {
  const receivedAt = '2024-04-10T09:30:00Z';
  const onlyViews = (body: Body) => {
    body.items = [views(body) as Body['items'][number]];
  };
  const onlyViolation = (body: Body) => {
    body.items = [violation(body) as Body['items'][number]];
  };

  it.each<[string, (body: Body) => void, boolean, boolean]>([
    ['reports with no request: circulated and published', () => undefined, true, true],
    [
      'one report asking not to be circulated: the whole communication is held back',
      (body) => {
        followUp(body)['circulate'] = false;
      },
      false,
      false,
    ],
    [
      'a single violation report asking not to be circulated',
      (body) => {
        onlyViolation(body);
        violation(body)['circulate'] = false;
      },
      false,
      false,
    ],
    ['views only: not a report under para 11, so not circulated, but published', onlyViews, false, true],
  ])('%s', (_name, spoil, circulate, publishFullText) => {
    const decisions = defaultDecisions(parsedBody(spoil), receivedAt);
    expect(decisions).toEqual({
      circulate: { value: circulate, decidedBy: 'state-request', at: receivedAt },
      publishFullText: { value: publishFullText, decidedBy: 'state-request', at: receivedAt },
      summarize: { value: true, decidedBy: 'state-request', at: receivedAt },
    });
  });
});

describe('createSubmission', () => {
  it('records a body as a received submission that the stored schema accepts', () => {
    const submission = createSubmission({
      body: parsedBody(),
      reference: formatReference(2024, 42),
      cycleId: '77/108',
      reportingState: 'FRA',
      source: 'upload',
      receivedAt: '2024-04-10T09:30:00Z',
      attachments: [
        { itemIndex: 0, fileName: 'photos.pdf', contentType: 'application/pdf', size: 120_000, sha256: digest, key: 'submissions/MPR-2024-0042/0/photos.pdf' },
      ],
      evidence: { bucket: 'mpr-evidence', key: 'uploads/MPR-2024-0042.json' },
    });
    expect(submission).toMatchObject({ reference: 'MPR-2024-0042', reportingState: 'FRA', status: 'received', version: 1, formVersion: 1 });
    expect(submission.decisions.circulate.value).toBe(true);
    expect(submissionSchema.parse(submission)).toEqual(submission);
  });

  it('keeps the stored schema strict about the reporting State', () => {
    const result = submissionSchema.safeParse({ ...parsedBody(), reference: 'MPR-2024-0042' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('/'))).toContain('reportingState');
  });
});

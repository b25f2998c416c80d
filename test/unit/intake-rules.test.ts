/**
 * The intake rules of the pure core, which both intake paths (upload and e-mail) apply: no
 * control characters in a text, no key named twice in a JSON body, follow-ups only from the
 * States paragraph 11 (b) asks and one answer for what a State may not see, and incidents
 * decided from what was read.
 */
import { describe, expect, it } from 'vitest';
import { parseStructuredReport, structuredTemplate } from '../../functions/core/inbound-email/report-form.ts';
import { followUpTarget, linkReports, mayFollowUp, openIncident } from '../../functions/core/incidents.ts';
import { refusedControlCharacter, validateSubmissionBody } from '../../functions/core/submissions.ts';
import { firstDuplicateKey } from '../../functions/intake/duplicate-keys.ts';
import { followUpItem, submission, violationItem } from '../support/submissions.ts';

const now = new Date('2024-06-30T12:00:00Z');

describe('the rule each refusal names', () => {
  const noteOfJune = (items: unknown[]) => ({ formVersion: 1, language: 'en', note: { date: '2024-06-01' }, items });

  it('names, beside the English message, the rule a person filling in the form broke and its limit', () => {
    const result = validateSubmissionBody(
      noteOfJune([
        violationItem({
          facts: undefined,
          city: 'N'.repeat(2_000),
          incidentDate: '2024-06-02',
          violationKinds: ['attack', 'attack'],
          affected: { kinds: [], missionState: 'FRA' },
        }),
        violationItem({ incidentDate: '1900-01-01', allegedOffender: { known: true, detained: false, presentIn: 'KEN' } }),
        { kind: 'follow-up', answers: 'yesterday' },
        { kind: 'follow-up', answers: 'MPR-2024-0001' },
      ]),
      now,
    );
    if (result.ok) throw new Error('expected refusals');
    const rules = Object.fromEntries(result.errors.map((error) => [error.path, { rule: error.rule, limit: error.limit }]));
    expect(rules).toMatchObject({
      '/items/0/facts': { rule: 'required' },
      '/items/0/city': { rule: 'tooLong', limit: expect.stringMatching(/^\d+$/) },
      '/items/0/violationKinds': { rule: 'duplicate' },
      '/items/0/affected/kinds': { rule: 'noneChosen' },
      '/items/1/incidentDate': { rule: 'beforeEarliest', limit: '1961-01-01' },
      '/items/2/answers': { rule: 'incidentReference' },
    });
    // The checks that need every field valid first, on bodies whose fields are.
    const crossField = validateSubmissionBody(
      noteOfJune([violationItem({ incidentDate: '2024-06-02', allegedOffender: { known: true, detained: false, presentIn: 'KEN' } })]),
      now,
    );
    if (crossField.ok) throw new Error('expected refusals');
    expect(crossField.errors).toEqual([expect.objectContaining({ path: '/items/0/allegedOffender/presentIn', rule: 'sameState' })]);
    const afterTheNote = validateSubmissionBody(noteOfJune([violationItem({ incidentDate: '2024-06-02' })]), now);
    if (afterTheNote.ok) throw new Error('expected a refusal');
    expect(afterTheNote.errors).toEqual([expect.objectContaining({ path: '/items/0/incidentDate', rule: 'afterNoteDate', limit: '2024-06-01' })]);
  });
});

describe('control characters', () => {
  it('finds C0 controls, DEL and C1 controls, and lets line breaks and tabs pass', () => {
    expect(['\u0000', '\u0007', '\u001b', '\u007f', '\u0080', '\u009f'].map((control) => refusedControlCharacter(`a${control}b`))).toEqual([
      'U+0000',
      'U+0007',
      'U+001B',
      'U+007F',
      'U+0080',
      'U+009F',
    ]);
    expect(refusedControlCharacter('line one\r\nline two\ttabbed, é, \u00a0, \u202e')).toBeUndefined();
  });

  it('are refused in a form’s text, naming the field', () => {
    const result = validateSubmissionBody(
      { formVersion: 1, language: 'en', note: { date: '2024-06-01' }, items: [violationItem({ facts: 'Stones\u001b]0;owned\u0007' })] },
      now,
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: '/items/0/facts',
          message: 'must not contain control characters other than line breaks and tabs (U+001B found)',
          rule: 'controlCharacters',
          limit: 'U+001B',
        },
      ],
    });
  });

  it('are refused in a report form sent by e-mail, which is then held with the reason', () => {
    const fields: Record<string, string> = {
      'Note date': '2024-06-01',
      'Occurred in': 'KEN',
      City: 'Nairobi\u001b[2J',
      'Incident date': '2024-05-30',
      Affected: 'embassy',
      'Mission State': 'FRA',
      Violation: 'attack',
      Facts: 'Stones were thrown.',
      'Offender known': 'no',
    };
    const text = Object.entries(fields).reduce(
      (form, [label, value]) => form.replace(new RegExp(`^(${label} ?:)$`, 'm'), `$1 ${value}`),
      structuredTemplate('en'),
    );
    const reading = parseStructuredReport(text, now);
    expect(reading).toMatchObject({ form: true, ok: false });
    expect('errors' in reading ? reading.errors : []).toContainEqual(
      expect.objectContaining({ path: '/items/0/city', message: 'must not contain control characters other than line breaks and tabs (U+001B found)' }),
    );
  });
});

describe('duplicate keys', () => {
  it('names the first key an object names twice, escapes decoded, at any depth', () => {
    expect(firstDuplicateKey('{"a":1,"b":{"c":[1,{"d":2,"d":3}]}}')).toBe('/b/c/1/d');
    expect(firstDuplicateKey('{"a":1,"\\u0061":2}')).toBe('/a');
    expect(firstDuplicateKey('{"a/b":1 , "a/b" :2}')).toBe('/a~1b');
    expect(firstDuplicateKey('{"a":"\\"a\\":","b":["a","a"],"c":[{"x":1},{"x":1}]}')).toBeUndefined();
  });

  it('reads any nesting depth without running out of stack', () => {
    expect(firstDuplicateKey(`${'['.repeat(100_000)}{"k":1,"k":2}${']'.repeat(100_000)}`)).toBe(`${'/0'.repeat(100_000)}/k`);
  });
});

describe('follow-ups', () => {
  // France reports an attack in Kenya whose offender is said to be in Mexico.
  const report = submission(1, 'FRA', '2024-03-02T09:00:00.000Z', [violationItem({ allegedOffender: { known: true, presentIn: 'MEX' } })], now);
  const incident = openIncident(report, 0);

  it('are for the territorial State and the State where the offender is present', () => {
    expect(['KEN', 'MEX', 'FRA', 'DEU'].map((state) => mayFollowUp(incident, state))).toEqual([true, true, false, false]);
  });

  it('get one answer for an incident not on record and one the State may not follow up', () => {
    const strip = (target: ReturnType<typeof followUpTarget>, answers: string) => (target.ok ? 'ok' : target.message.replace(answers, 'X'));
    const refusals = [
      strip(followUpTarget([incident], report.reference, 'DEU'), report.reference),
      strip(followUpTarget([incident], incident.id, 'FRA'), incident.id),
      strip(followUpTarget([], 'MPR-2024-0999', 'DEU'), 'MPR-2024-0999'),
      strip(followUpTarget([], 'INC-MPR-2024-0999-1', 'DEU'), 'INC-MPR-2024-0999-1'),
    ];
    expect(new Set(refusals.slice(0, 1).concat(refusals.slice(2))).size).toBe(1);
    expect(refusals[1]).toContain('(X is not one): under paragraph 11 (b) only those States send follow-up reports');
    expect(followUpTarget([incident], report.reference, 'MEX')).toEqual({ ok: true, incident });
  });
});

describe('linkReports', () => {
  const report = submission(1, 'FRA', '2024-03-02T09:00:00.000Z', [violationItem()], now);
  const incident = openIncident(report, 0);

  it('opens an incident for a report of a new event, and nothing more when it is already listed', () => {
    expect(linkReports(report, [])).toEqual({ open: [incident], attach: new Map() });
    expect(linkReports(report, [incident])).toEqual({ open: [], attach: new Map() });
  });

  it('joins another State’s account of the same event, and ties a follow-up to the incident it answers', () => {
    const account = submission(2, 'KEN', '2024-03-03T09:00:00.000Z', [violationItem({ incidentDate: '2024-03-02' }), followUpItem(report.reference)], now);
    const links = linkReports(account, [incident]);
    expect(links.open).toEqual([]);
    expect(links.attach.get(incident.id)?.map((linked) => [linked.kind, linked.itemIndex])).toEqual([
      ['violation', 0],
      ['follow-up', 1],
    ]);
  });

  it('throws for a follow-up whose incident was not read: it was checked before the submission was stored', () => {
    const answer = submission(3, 'KEN', '2024-03-04T09:00:00.000Z', [followUpItem(report.reference)], now);
    expect(() => linkReports(answer, [])).toThrow(/the incident it answers is not on record/);
  });
});

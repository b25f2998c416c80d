/**
 * What a State writes cannot steer what others read, nor learn what it may not see: hostile
 * submissions at the upload API, each refused with a 400 naming the field and nothing stored.
 *
 * - control characters (C0, DEL, C1) in every text field of the form;
 * - dates before the procedure could apply;
 * - a JSON body naming a key twice;
 * - follow-ups: the same answer for an incident that does not exist and one the State may not
 *   see, and a follow-up accepted only from the States paragraph 11 (b) asks.
 */
import { describe, expect, it } from 'vitest';
import { earliestDates } from '../../functions/core/submissions.ts';
import { daysAgo, submit, today, useIntakeEngine, violationBody } from '../intake/support.ts';
import { followUpItem } from '../support/submissions.ts';

const context = useIntakeEngine();

type Body = Record<string, unknown> & { items: Record<string, unknown>[]; note: Record<string, unknown> };

/** Controls an attacker reaches for: clear screen and retitle (ESC … BEL), NUL, backspace, DEL, C1 CSI and NEL. */
const controls = ['\u001b[2J\u001b]0;pwned\u0007', '\u0000', '\u0008', '\u007f', '\u009b31m', '\u0085'];

/** Every text field of the form, by the item it is in and the path the problem must name. */
const textFields: readonly { readonly path: string; readonly set: (body: Body, value: string) => void }[] = [
  { path: '/note/reference', set: (body, value) => (body.note['reference'] = value) },
  { path: '/items/0/city', set: (body, value) => (body.items[0]!['city'] = value) },
  { path: '/items/0/placeDetails', set: (body, value) => (body.items[0]!['placeDetails'] = value) },
  { path: '/items/0/facts', set: (body, value) => (body.items[0]!['facts'] = value) },
  { path: '/items/0/actionRequestedOrTaken', set: (body, value) => (body.items[0]!['actionRequestedOrTaken'] = value) },
  {
    path: '/items/0/attachments/0/fileName',
    set: (body, value) =>
      (body.items[0]!['attachments'] = [
        {
          fileName: `note${value}.pdf`,
          contentType: 'application/pdf',
          size: 10,
          sha256: 'a'.repeat(64),
          key: 'uploads/FRA/0b6c7a52-5f0e-4c56-9a51-6f1f3c1c1b2d/note.pdf',
        },
      ]),
  },
  { path: '/items/1/text', set: (body, value) => body.items.push({ kind: 'views', text: `Views ${value}` }) },
  {
    path: '/items/1/legislation/0/title',
    set: (body, value) => body.items.push({ kind: 'views', text: 'Views.', legislation: [{ title: `Act ${value}`, year: 2001 }] }),
  },
  {
    path: '/items/1/legislation/0/link',
    set: (body, value) => body.items.push({ kind: 'views', text: 'Views.', legislation: [{ title: 'Act', year: 2001, link: `https://example.org/${value}` }] }),
  },
  {
    path: '/items/1/justiceMeasures/description',
    set: (body, value) => body.items.push({ ...followUpItem('MPR-2019-0001'), justiceMeasures: { taken: ['arrest'], description: `Arrested ${value}` } }),
  },
  {
    path: '/items/1/outcomeOfProceedings/description',
    set: (body, value) => body.items.push({ ...followUpItem('MPR-2019-0001'), outcomeOfProceedings: { final: true, description: `Judgment ${value}` } }),
  },
  {
    path: '/items/1/preventiveMeasures/description',
    set: (body, value) => body.items.push({ ...followUpItem('MPR-2019-0001'), preventiveMeasures: { taken: ['guards'], description: `Guards ${value}` } }),
  },
];

const body = () => violationBody() as Body;

describe('control characters', () => {
  it(`refuses each of ${controls.length} control sequences in each of ${textFields.length} text fields (400 naming the field), storing nothing`, async () => {
    const { api, submissions, token } = context();
    const fra = await token('focal.fra');
    const before = (await submissions.listByState('FRA')).length;
    for (const field of textFields) {
      for (const control of controls) {
        const hostile = body();
        field.set(hostile, `Nairobi${control}`);
        const answer = await submit(api, fra, hostile);
        expect(answer.status, `${field.path} ${JSON.stringify(control)}`).toBe(400);
        const errors = answer.body['errors'] as { path: string; message: string }[];
        expect(errors.find((error) => error.path === field.path)?.message, `${field.path} ${JSON.stringify(control)}: ${JSON.stringify(errors)}`).toMatch(
          /control characters/,
        );
      }
    }
    expect((await submissions.listByState('FRA')).length).toBe(before);
  }, 120_000);

  it('keeps line breaks and tabs, which a report’s text needs', async () => {
    const { api, token } = context();
    const answer = await submit(api, await token('focal.fra'), violationBody({}, { facts: 'First paragraph.\r\n\r\n\tSecond paragraph.', circulate: false }));
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  });
});

describe('dates', () => {
  it('refuses an incident before 1961 and a note before 1980, giving the reason', async () => {
    const { api, token } = context();
    const fra = await token('focal.fra');
    const cases = [
      { change: (hostile: Body) => (hostile.note['date'] = '0001-01-01'), path: '/note/date', reason: earliestDates.note },
      { change: (hostile: Body) => (hostile.note['date'] = '1979-12-31'), path: '/note/date', reason: earliestDates.note },
      { change: (hostile: Body) => (hostile.items[0]!['incidentDate'] = '0001-01-01'), path: '/items/0/incidentDate', reason: earliestDates.incident },
      { change: (hostile: Body) => (hostile.items[0]!['incidentDate'] = '1960-12-31'), path: '/items/0/incidentDate', reason: earliestDates.incident },
    ];
    for (const { change, path, reason } of cases) {
      const hostile = body();
      change(hostile);
      const answer = await submit(api, fra, hostile);
      expect(answer.status).toBe(400);
      expect(answer.body['errors']).toContainEqual({
        path,
        message: `must be a date no earlier than ${reason.date} (${reason.reason})`,
        rule: 'beforeEarliest',
        limit: reason.date,
      });
    }
    const earliest = violationBody({ note: { date: earliestDates.note.date } }, { incidentDate: earliestDates.incident.date, circulate: false });
    expect((await submit(api, fra, earliest)).status).toBe(201);
  });
});

describe('duplicate keys', () => {
  it('refuses a body naming a key twice, at any depth, naming the key', async () => {
    const { api, submissions, token } = context();
    const fra = await token('focal.fra');
    const before = (await submissions.listByState('FRA')).length;
    const text = JSON.stringify(violationBody({}, { circulate: false }));
    const cases = [
      { raw: text.replace('"formVersion":1', '"formVersion":1,"formVersion":1'), path: '/formVersion' },
      { raw: text.replace('"city":"Nairobi"', '"city":"Nairobi","city":"Mombasa"'), path: '/items/0/city' },
      { raw: text.replace('"known":', '"\\u006bnown":false,"known":'), path: '/items/0/allegedOffender/known' },
      { raw: text.replace('"kinds":["embassy"]', '"kinds":["embassy"],"kinds":["residence"]'), path: '/items/0/affected/kinds' },
    ];
    for (const { raw, path } of cases) {
      const answer = await submit(api, fra, raw);
      expect(answer.status, raw).toBe(400);
      expect(answer.body['errors']).toEqual([{ path, message: 'must appear once in its object: the body names this key twice' }]);
    }
    expect((await submissions.listByState('FRA')).length).toBe(before);
  });
});

describe('follow-ups', () => {
  it('answers the same for an incident that does not exist and for another State’s incident it may not see', async () => {
    const { api, token } = context();
    // Kenya reports, not to be circulated, an attack on its embassy in Uganda.
    const ken = await submit(
      api,
      await token('focal.ken'),
      violationBody({}, { occurredIn: 'UGA', city: 'Kampala', affected: { kinds: ['embassy'], missionState: 'KEN' }, circulate: false }),
    );
    expect(ken.status, JSON.stringify(ken.body)).toBe(201);
    const hidden = String(ken.body['reference']);
    const [year] = hidden.split('-').slice(1);
    const missing = `MPR-${year}-9999`;
    const mex = await token('focal.mex');
    const answers = [];
    for (const answered of [hidden, missing, `INC-${hidden}-1`, `INC-${missing}-1`]) {
      const answer = await submit(api, mex, { formVersion: 1, language: 'es', note: { date: today }, items: [followUpItem(answered)] });
      expect(answer.status).toBe(400);
      answers.push(JSON.stringify(answer.body).replaceAll(answered, 'REFERENCE'));
    }
    expect(new Set(answers).size).toBe(1);
  });

  it('accepts a follow-up only from the territorial State or the State where the offender is present, telling others what to send', async () => {
    const { api, engine, incidents, token } = context();
    const deu = (await engine.cognito.tokenFor({ role: 'focal-point', state: 'DEU' })).idToken;
    const report = await submit(
      api,
      await token('focal.fra'),
      violationBody({}, { occurredIn: 'KEN', city: 'Mombasa', incidentDate: daysAgo(5), allegedOffender: { known: true, presentIn: 'MEX' }, circulate: false }),
    );
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    const reference = String(report.body['reference']);
    const followUp = { formVersion: 1, language: 'en', note: { date: today }, items: [{ ...followUpItem(reference), circulate: false }] };

    // France, whose mission was affected, and Germany, not concerned at all, are refused.
    for (const [state, caller] of [
      ['FRA', await token('focal.fra')],
      ['DEU', deu],
    ] as const) {
      const refused = await submit(api, caller, followUp);
      expect(refused.status, state).toBe(400);
      const [error] = refused.body['errors'] as { path: string; message: string }[];
      expect(error?.path).toBe('/items/0/answers');
      expect(error?.message).toMatch(/only those States send follow-up reports; any other State sends a new report \(11 \(a\)\) or its views \(13\)/);
    }
    // Kenya, where it happened, and Mexico, where the offender is, are accepted.
    for (const username of ['focal.ken', 'focal.mex']) {
      const accepted = await submit(api, await token(username), followUp);
      expect(accepted.status, `${username}: ${JSON.stringify(accepted.body)}`).toBe(201);
    }
    const incident = (await incidents.get(`INC-${reference}-1`))!.incident;
    expect(
      incident.reports
        .filter((linked) => linked.kind === 'follow-up')
        .map((linked) => linked.reportingState)
        .sort(),
    ).toEqual(['KEN', 'MEX']);
  });
});

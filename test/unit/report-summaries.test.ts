import { describe, expect, it } from 'vitest';
import { plainText } from '../../functions/core/report/document.ts';
import { condense, eventOf, quotedViewsLength, reportsParagraph, type SummaryContext, viewsParagraph } from '../../functions/core/report/summaries.ts';
import { nameInText } from '../../functions/core/states.ts';
import type { Submission, ViolationItem } from '../../functions/core/submissions.ts';
import { seedStates } from '../support/seed.ts';
import { followUpItem, storedWithRawText, submission, violationItem } from '../support/submissions.ts';

const registry = new Map(seedStates().map((state) => [state.code, state]));
const inText = (code: string) => nameInText(registry.get(code)!);

const attack = submission(1, 'FRA', '2024-03-02T09:00:00.000Z', [
  violationItem({ violationKinds: ['attack', 'arson'], affected: { kinds: ['embassy', 'vehicle'], missionState: 'FRA' } }),
]);

function context(...known: Submission[]): SummaryContext {
  return { inText, reports: new Map(known.map((entry) => [entry.reference, entry])) };
}

const reports = (opening: string, submissions: Submission[], known: Submission[] = []) =>
  plainText(reportsParagraph(opening, submissions, context(attack, ...known)));
const views = (opening: string, submissions: Submission[]) => plainText(viewsParagraph(opening, submissions));
const event = (overrides: Record<string, unknown>) =>
  eventOf(submission(90, 'FRA', '2024-03-02T09:00:00.000Z', [violationItem(overrides)]).items[0] as ViolationItem, inText)?.clause;

describe('a violation in words', () => {
  it.each([
    [
      { affected: { kinds: ['embassy', 'staff'], missionState: 'AZE' }, occurredIn: 'IRN', city: 'Tehran', violationKinds: ['attack', 'killing'] },
      'there had been an attack on the Embassy of Azerbaijan in Tehran, the Islamic Republic of Iran, in which a member of its staff was killed',
    ],
    [
      { affected: { kinds: ['embassy'], missionState: 'FRA' }, violationKinds: ['attack', 'damage'] },
      'there had been an attack on the Embassy of France in Nairobi, Kenya, in which the premises were damaged',
    ],
    [
      { affected: { kinds: ['consulate'], missionState: 'TUR' }, occurredIn: 'CIV', city: 'Abidjan', violationKinds: ['demonstration'] },
      "there had been a demonstration at the Consulate of Türkiye in Abidjan, Côte d'Ivoire",
    ],
    [
      {
        affected: { kinds: ['permanent-mission', 'diplomatic-agent'], missionState: 'RUS' },
        occurredIn: 'USA',
        city: 'New York',
        violationKinds: ['surveillance', 'technical-interference'],
      },
      'there had been technical interference with the Permanent Mission of the Russian Federation in New York, the United States of America, which also involved surveillance and affected one of its diplomatic agents',
    ],
    [
      { affected: { kinds: ['diplomatic-agent', 'family-member'], missionState: 'GBR' }, city: undefined, violationKinds: ['kidnapping'] },
      'a diplomatic agent of the United Kingdom of Great Britain and Northern Ireland and a member of the family of a member of its staff had been kidnapped in Kenya',
    ],
    [
      { affected: { kinds: ['consular-officer'], missionState: 'PHL' }, violationKinds: ['threat', 'demonstration'] },
      'a consular officer of the Philippines had been threatened in Nairobi, Kenya, which also involved a demonstration',
    ],
    [
      { affected: { kinds: ['residence', 'vehicle'], missionState: 'NLD' }, violationKinds: ['intrusion', 'search'] },
      'there had been an intrusion into the residence of a member of the mission of the Netherlands (Kingdom of the) and one of its vehicles in Nairobi, Kenya, in which the premises were searched',
    ],
  ])('%j', (overrides, expected) => {
    expect(event(overrides)).toBe(expected);
  });

  it('says nothing it does not know: a violation or what was affected described only as "other"', () => {
    expect(event({ violationKinds: ['other'] })).toBeUndefined();
    expect(event({ affected: { kinds: ['other'], missionState: 'FRA' } })).toBeUndefined();
  });
});

describe('reports under the reporting paragraph, summarized', () => {
  it('a violation: when, what happened to whom and where, the alleged offender', () => {
    expect(reports('France', [attack])).toBe(
      'France (2 March 2024) reported that, on 1 March 2024, there had been an attack on the Embassy of France and one of its vehicles in Nairobi, Kenya, in which the premises were set on fire. The alleged offender had been identified but not detained.',
    );
    const unknownOffender = submission(2, 'MEX', '2024-03-05T09:00:00.000Z', [
      violationItem({
        city: undefined,
        incidentTime: '22:15',
        occurredIn: 'KEN',
        affected: { kinds: ['diplomatic-agent'], missionState: 'MEX' },
        violationKinds: ['kidnapping'],
        allegedOffender: { known: false, presentIn: 'CIV' },
      }),
    ]);
    expect(reports('Mexico', [unknownOffender])).toBe(
      "Mexico (5 March 2024) reported that, on 1 March 2024 at 22:15 local time, a diplomatic agent of Mexico had been kidnapped in Kenya. The alleged offender had not been identified and was believed to be present in Côte d'Ivoire.",
    );
  });

  it('the action requested or taken: quoted from an English reply, marked for the drafter with the original quoted otherwise', () => {
    const item = violationItem({ actionRequestedOrTaken: 'A protest was lodged.' });
    expect(reports('France', [submission(20, 'FRA', '2024-03-02T09:00:00.000Z', [item])])).toMatch(
      / As to the action requested or taken, it stated: “A protest was lodged\.”$/,
    );
    const russian = {
      ...submission(21, 'RUS', '2024-03-02T09:00:00.000Z', [
        violationItem({ affected: { kinds: ['embassy'], missionState: 'RUS' }, actionRequestedOrTaken: 'Направлена нота протеста.' }),
      ]),
      language: 'ru' as const,
    };
    const paragraph = reportsParagraph('The Russian Federation', [russian], context());
    expect(paragraph.filter((part) => part.draft).map((part) => part.text)).toEqual([
      '[The action requested or taken to be summarized from the Russian original (MPR-2024-0021, item 1): “Направлена нота протеста.”]',
    ]);
    expect(plainText(paragraph)).toMatch(
      /^The Russian Federation \(2 March 2024\) reported that, on 1 March 2024, there had been an attack on the Embassy of the Russian Federation in Nairobi, Kenya\./,
    );
  });

  it('a follow-up: the incident it answers, described from the violation report, the measures taken and the outcome', () => {
    const byIncident = submission(3, 'KEN', '2024-04-10T09:00:00.000Z', [followUpItem('INC-MPR-2024-0001-1', { final: true })]);
    expect(reports('Kenya', [byIncident])).toBe(
      'Kenya (10 April 2024) reported that, with regard to the attack on the Embassy of France and one of its vehicles in Nairobi, Kenya, on 1 March 2024, an investigation had been opened and the proceedings had concluded. As to the outcome of the proceedings, it stated: “Judgment.”',
    );
    const byReference = submission(4, 'KEN', '2024-04-11T09:00:00.000Z', [
      {
        kind: 'follow-up',
        answers: 'MPR-2024-0001',
        justiceMeasures: { taken: ['arrest', 'charges', 'extradition-request'], description: 'Done.' },
        outcomeOfProceedings: { final: false, description: 'Pending.' },
        preventiveMeasures: { taken: ['guards', 'perimeter', 'legislation'], description: 'Done.' },
      },
    ]);
    expect(reports('Kenya', [byReference])).toBe(
      'Kenya (11 April 2024) reported that, with regard to the attack on the Embassy of France and one of its vehicles in Nairobi, Kenya, on 1 March 2024, the alleged offender had been arrested, charges had been brought, extradition had been requested and the proceedings were continuing. It added that guards had been posted, a security perimeter had been established and legislation had been adopted. As to the outcome of the proceedings, it stated: “Pending.”',
    );
  });

  it('leaves to the drafter what the fields cannot tell, with the State’s own words: an incident not on record, a violation only described as "other"', () => {
    const unknownIncident = submission(5, 'KEN', '2024-04-12T09:00:00.000Z', [followUpItem('INC-MPR-2023-0042-1')]);
    const paragraph = reportsParagraph('Kenya', [unknownIncident], context(attack));
    expect(plainText(paragraph)).toBe(
      'Kenya (12 April 2024) reported that, with regard to [incident INC-MPR-2023-0042-1 to be described], an investigation had been opened.',
    );
    expect(paragraph.filter((part) => part.draft).map((part) => part.text)).toEqual(['[incident INC-MPR-2023-0042-1 to be described]']);

    const otherMeasures = submission(6, 'KEN', '2024-04-13T09:00:00.000Z', [
      { kind: 'follow-up', answers: 'MPR-2024-0001', preventiveMeasures: { taken: ['other'], description: 'Various.' } },
    ]);
    expect(reports('Kenya', [otherMeasures])).toBe(
      'Kenya (13 April 2024) reported that, with regard to the attack on the Embassy of France and one of its vehicles in Nairobi, Kenya, on 1 March 2024, it described the measures taken. As to the measures to prevent a repetition, it stated: “Various.”',
    );

    const otherViolation = {
      ...submission(7, 'CIV', '2024-04-14T09:00:00.000Z', [
        violationItem({ occurredIn: 'CIV', city: 'Abidjan', violationKinds: ['other'], facts: 'Des tags sur la façade.' }),
      ]),
      language: 'fr' as const,
    };
    const marked = reportsParagraph("Côte d'Ivoire", [otherViolation], context());
    expect(plainText(marked)).toBe(
      "Côte d'Ivoire (14 April 2024) reported that, on 1 March 2024, a serious violation affecting the Embassy of France had taken place in Abidjan, Côte d'Ivoire. [What happened to be summarized from the French original (MPR-2024-0007, item 1): “Des tags sur la façade.”] The alleged offender had been identified but not detained.",
    );
  });

  it('one paragraph for all of a State’s notes, dated in the opening, each further report in a sentence of its own', () => {
    const later = submission(8, 'FRA', '2024-04-04T09:00:00.000Z', [
      violationItem({ city: 'Mombasa', violationKinds: ['threat'] }),
      { kind: 'views', text: 'Not a report.' },
    ]);
    expect(reports('France', [attack, later])).toBe(
      'France (2 March 2024 and 4 April 2024) reported that, on 1 March 2024, there had been an attack on the Embassy of France and one of its vehicles in Nairobi, Kenya, in which the premises were set on fire. The alleged offender had been identified but not detained. It also reported that, on 1 March 2024, there had been threats against the Embassy of France in Mombasa, Kenya. The alleged offender had been identified but not detained.',
    );
  });
});

describe('views, summarized', () => {
  it('quotes views in English, with the legislation cited', () => {
    const sent = submission(9, 'KEN', '2024-04-02T09:00:00.000Z', [
      {
        kind: 'views',
        text: 'Guards should be posted at every mission',
        legislation: [
          { title: 'Diplomatic Privileges Act', year: 1970 },
          { title: 'Penal Code', year: 2010 },
        ],
      },
      { kind: 'views', text: 'Training of police units is essential.' },
    ]);
    expect(views('Kenya', [sent])).toBe(
      'Kenya (2 April 2024) stated: “Guards should be posted at every mission”. It referred to Diplomatic Privileges Act (1970) and Penal Code (2010). It further stated: “Training of police units is essential.”',
    );
  });

  it('condenses long views at a sentence, marking the cut', () => {
    const sentence = 'Missions must be protected at all times by the receiving State. ';
    const long = sentence.repeat(20);
    const condensed = condense(long);
    expect(condensed.length).toBeLessThanOrEqual(quotedViewsLength + 4);
    expect(condensed.endsWith('State. […]')).toBe(true);
    expect(condense('One\n\n  two.')).toBe('One two.');
  });

  it('leaves views in another language to the drafter, quoting the original', () => {
    const french = {
      ...submission(10, 'CIV', '2024-04-02T09:00:00.000Z', [{ kind: 'views', text: 'La protection des missions est essentielle.' }]),
      language: 'fr' as const,
    };
    const paragraph = viewsParagraph("Côte d'Ivoire", [french]);
    expect(plainText(paragraph)).toBe(
      "Côte d'Ivoire (2 April 2024) submitted a reply. [Views to be summarized from the French original (MPR-2024-0010, item 1): “La protection des missions est essentielle.”]",
    );
    expect(paragraph.at(-1)?.draft).toBe(true);
  });

  it('makes a State’s text printable: line breaks and control characters cannot reach the document', () => {
    const sent = storedWithRawText(11, 'KEN', '2024-04-02T09:00:00.000Z', [{ kind: 'views', text: 'Line one\nline\u0007 two\u0000.' }]);
    expect(views('Kenya', [sent])).toBe('Kenya (2 April 2024) stated: “Line one line two.”');
  });
});

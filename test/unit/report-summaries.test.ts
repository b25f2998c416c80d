import { describe, expect, it } from 'vitest';
import { plainText } from '../../functions/core/report/document.ts';
import { condense, quotedViewsLength, reportsParagraph, viewsParagraph, type SummaryContext } from '../../functions/core/report/summaries.ts';
import type { Submission } from '../../functions/core/submissions.ts';
import { followUpItem, submission, violationItem } from '../support/submissions.ts';

const names: Record<string, string> = { FRA: 'France', KEN: 'Kenya', MEX: 'Mexico', CIV: "Côte d'Ivoire" };
const name = (code: string) => names[code] ?? code;

const attack = submission(1, 'FRA', '2024-03-02T09:00:00.000Z', [violationItem({ violationKinds: ['attack', 'arson'], affected: { kinds: ['embassy', 'vehicle'], missionState: 'FRA' } })]);

function context(...known: Submission[]): SummaryContext {
  return { name, reports: new Map(known.map((entry) => [entry.reference, entry])) };
}

const reports = (stateName: string, submissions: Submission[], known: Submission[] = []) => plainText(reportsParagraph(stateName, submissions, context(attack, ...known)));
const views = (stateName: string, submissions: Submission[]) => plainText(viewsParagraph(stateName, submissions));

describe('reports under the reporting paragraph, summarized', () => {
  it('a violation: when, what was affected and where, what happened, and the alleged offender', () => {
    expect(reports('France', [attack])).toBe('France (2 March 2024) reported that on 1 March 2024, the embassy and vehicle of France in Nairobi, Kenya, had been affected by attack and arson, and that the alleged offender had been identified but not detained.');
    const unknownOffender = submission(2, 'MEX', '2024-03-05T09:00:00.000Z', [
      violationItem({ city: undefined, incidentTime: '22:15', occurredIn: 'KEN', affected: { kinds: ['diplomatic-agent'], missionState: 'MEX' }, violationKinds: ['kidnapping'], allegedOffender: { known: false, presentIn: 'CIV' } }),
    ]);
    expect(reports('Mexico', [unknownOffender])).toBe(
      "Mexico (5 March 2024) reported that on 1 March 2024 at 22:15 local time, the diplomatic agent of Mexico in Kenya had been affected by kidnapping, and that the alleged offender was unknown and was believed to be in Côte d'Ivoire.",
    );
  });

  it('a follow-up: the incident it answers, described from the violation report, and the measures taken', () => {
    const byIncident = submission(3, 'KEN', '2024-04-10T09:00:00.000Z', [followUpItem('INC-MPR-2024-0001-1', { final: true })]);
    expect(reports('Kenya', [byIncident])).toBe('Kenya (10 April 2024) reported that with regard to the attack and arson of 1 March 2024 affecting the embassy and vehicle of France in Nairobi, Kenya, an investigation had been opened and the proceedings had concluded.');
    const byReference = submission(4, 'KEN', '2024-04-11T09:00:00.000Z', [
      { kind: 'follow-up', answers: 'MPR-2024-0001', justiceMeasures: { taken: ['arrest', 'charges', 'extradition-request'], description: 'Done.' }, outcomeOfProceedings: { final: false, description: 'Pending.' }, preventiveMeasures: { taken: ['guards', 'perimeter', 'legislation'], description: 'Done.' } },
    ]);
    expect(reports('Kenya', [byReference])).toBe(
      'Kenya (11 April 2024) reported that with regard to the attack and arson of 1 March 2024 affecting the embassy and vehicle of France in Nairobi, Kenya, the alleged offender had been arrested, charges had been brought, extradition had been requested, the proceedings were continuing, guards had been posted, a security perimeter had been established and legislation had been adopted.',
    );
  });

  it('leaves to the drafter what the fields cannot tell: an incident not on record, measures or a violation only described as "other"', () => {
    const unknownIncident = submission(5, 'KEN', '2024-04-12T09:00:00.000Z', [followUpItem('INC-MPR-2023-0042-1')]);
    const paragraph = reportsParagraph('Kenya', [unknownIncident], context(attack));
    expect(plainText(paragraph)).toBe('Kenya (12 April 2024) reported that with regard to [incident INC-MPR-2023-0042-1 to be described], an investigation had been opened.');
    expect(paragraph.filter((part) => part.draft).map((part) => part.text)).toEqual(['[incident INC-MPR-2023-0042-1 to be described]']);

    const otherMeasures = submission(6, 'KEN', '2024-04-13T09:00:00.000Z', [{ kind: 'follow-up', answers: 'MPR-2024-0001', preventiveMeasures: { taken: ['other'], description: 'Various.' } }]);
    expect(reports('Kenya', [otherMeasures])).toBe("Kenya (13 April 2024) submitted a report. [Summary to be drafted: measures described in the report's own words (MPR-2024-0006, item 1)]");

    const otherViolation = submission(7, 'CIV', '2024-04-14T09:00:00.000Z', [violationItem({ occurredIn: 'CIV', city: 'Abidjan', violationKinds: ['other'] }), violationItem()]);
    expect(reports("Côte d'Ivoire", [otherViolation])).toBe(
      "Côte d'Ivoire (14 April 2024) submitted a report. [Summary to be drafted: a violation on 1 March 2024 in Abidjan, Côte d'Ivoire, described in the report's own words (MPR-2024-0007, item 1)] It also reported that on 1 March 2024, the embassy of France in Nairobi, Kenya, had been affected by attack, and that the alleged offender had been identified but not detained.",
    );
  });

  it('one paragraph for all of a State’s notes, dated in the opening, each further report in a sentence of its own', () => {
    const later = submission(8, 'FRA', '2024-04-04T09:00:00.000Z', [violationItem({ city: 'Mombasa', violationKinds: ['threat'] }), { kind: 'views', text: 'Not a report.' }]);
    expect(reports('France', [attack, later])).toBe(
      'France (2 March 2024 and 4 April 2024) reported that on 1 March 2024, the embassy and vehicle of France in Nairobi, Kenya, had been affected by attack and arson, and that the alleged offender had been identified but not detained. It also reported that on 1 March 2024, the embassy of France in Mombasa, Kenya, had been affected by threat, and that the alleged offender had been identified but not detained.',
    );
  });
});

describe('views, summarized', () => {
  it('quotes views in English, with the legislation cited', () => {
    const sent = submission(9, 'KEN', '2024-04-02T09:00:00.000Z', [
      { kind: 'views', text: 'Guards should be posted at every mission', legislation: [{ title: 'Diplomatic Privileges Act', year: 1970 }, { title: 'Penal Code', year: 2010 }] },
      { kind: 'views', text: 'Training of police units is essential.' },
    ]);
    expect(views('Kenya', [sent])).toBe(
      'Kenya (2 April 2024) submitted its views, stating: “Guards should be posted at every mission”. It referred to Diplomatic Privileges Act (1970) and Penal Code (2010). It further stated: “Training of police units is essential.”',
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

  it('leaves views in another language to the drafter', () => {
    const french = { ...submission(10, 'CIV', '2024-04-02T09:00:00.000Z', [{ kind: 'views', text: 'La protection des missions est essentielle.' }]), language: 'fr' as const };
    const paragraph = viewsParagraph("Côte d'Ivoire", [french]);
    expect(plainText(paragraph)).toBe("Côte d'Ivoire (2 April 2024) submitted its views. [Summary to be drafted: views in French, 43 characters (MPR-2024-0010, item 1)]");
    expect(paragraph.at(-1)?.draft).toBe(true);
  });

  it('makes a State’s text printable: line breaks and control characters cannot reach the document', () => {
    const sent = submission(11, 'KEN', '2024-04-02T09:00:00.000Z', [{ kind: 'views', text: 'Line one\nline\u0007 two\u0000.' }]);
    expect(views('Kenya', [sent])).toBe('Kenya (2 April 2024) submitted its views, stating: “Line one line two.”');
  });
});

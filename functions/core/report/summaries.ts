/**
 * A State's replies summarized in the style of the Secretary-General's reports: one paragraph
 * per State, opening with its name and the date of its note, "Ruritania (17 May 2024) reported
 * that …", then one concise third-person clause per report, built from the report's structured
 * fields. Views, which are free text, are quoted (condensed when long) when they are in English.
 * What cannot be summarized from fields — text in another language, a violation described only
 * as "other" — becomes a passage marked for the drafter, never a guess.
 */
import type { FollowUpItem, Submission, ViewsItem, ViolationItem } from '../submissions.ts';
import type { OfficialLanguage } from '../codes.ts';
import { affectedPhrase, englishDate, englishList, placePhrase, violationKindsPhrase, type StateNames } from '../submission-text.ts';
import { draft, joinRuns, type Run, type Text } from './document.ts';

/** The longest quotation of a State's views before it is condensed. */
export const quotedViewsLength = 600;

const languageNames: Readonly<Record<OfficialLanguage, string>> = { ar: 'Arabic', zh: 'Chinese', en: 'English', fr: 'French', ru: 'Russian', es: 'Spanish' };

/** Reports of the cycle by reference: a follow-up is described by the violation report it answers. */
export type ReportsByReference = ReadonlyMap<string, Submission>;

export interface SummaryContext {
  readonly name: StateNames;
  readonly reports: ReportsByReference;
}

/** One report or views item summarized: a clause to follow "reported that", ending its sentence, or a passage for the drafter. */
type ItemSummary = { readonly clause: Text } | { readonly draft: Run };

function where(submission: Submission, itemIndex: number): string {
  return `${submission.reference}, item ${itemIndex + 1}`;
}

// ---------------------------------------------------------------------------------------------
// Reports under the reporting paragraph (section II)

const justicePhrases: Readonly<Record<string, string>> = {
  investigation: 'an investigation had been opened',
  arrest: 'the alleged offender had been arrested',
  charges: 'charges had been brought',
  'extradition-request': 'extradition had been requested',
};

const preventivePhrases: Readonly<Record<string, string>> = {
  guards: 'guards had been posted',
  perimeter: 'a security perimeter had been established',
  legislation: 'legislation had been adopted',
};

function offenderClause(item: ViolationItem, name: StateNames): string {
  const { known, detained, presentIn } = item.allegedOffender;
  const present = presentIn ? ` and was believed to be in ${name(presentIn)}` : '';
  if (!known) return `the alleged offender was unknown${present}`;
  const custody = detained === undefined ? '' : detained ? ' and detained' : ' but not detained';
  return `the alleged offender had been identified${custody}${present}`;
}

/** Only "other" says nothing a reader of the report could use. */
const onlyOther = (kinds: readonly string[]) => kinds.every((kind) => kind === 'other');

function violationSummary(submission: Submission, itemIndex: number, item: ViolationItem, name: StateNames): ItemSummary {
  const date = englishDate(item.incidentDate);
  if (onlyOther(item.violationKinds) || onlyOther(item.affected.kinds)) {
    return { draft: draft(`Summary to be drafted: a violation on ${date} in ${placePhrase(item, name)}, described in the report's own words (${where(submission, itemIndex)})`) };
  }
  const time = item.incidentTime ? ` at ${item.incidentTime} local time` : '';
  return {
    // "in Nairobi, Kenya, had been": a place with a comma closes with one.
    clause: joinRuns([`on ${date}${time}, ${affectedPhrase(item, name)} in ${placePhrase(item, name)}${item.city ? ',' : ''} had been affected by ${violationKindsPhrase(item)}, and that ${offenderClause(item, name)}.`]),
  };
}

/** The violation report a follow-up answers: `INC-<reference>-<item number>`, or the reference itself (its first violation). */
function answeredViolation(answers: string, reports: ReportsByReference): ViolationItem | undefined {
  const incident = /^INC-(.+)-([1-9]\d*)$/.exec(answers);
  const submission = reports.get(incident ? incident[1]! : answers);
  if (!submission) return undefined;
  const item = incident ? submission.items[Number(incident[2]) - 1] : submission.items.find((candidate) => candidate.kind === 'violation');
  return item?.kind === 'violation' ? item : undefined;
}

function followUpSummary(submission: Submission, itemIndex: number, item: FollowUpItem, context: SummaryContext): ItemSummary {
  const measures = [
    ...(item.justiceMeasures?.taken ?? []).map((kind) => justicePhrases[kind] ?? 'other measures had been taken to bring the offender to justice'),
    ...(item.outcomeOfProceedings ? [item.outcomeOfProceedings.final ? 'the proceedings had concluded' : 'the proceedings were continuing'] : []),
    ...(item.preventiveMeasures?.taken ?? []).map((kind) => preventivePhrases[kind] ?? 'other preventive measures had been taken'),
  ];
  // A follow-up that reports only "other" measures says nothing until the drafter reads its descriptions.
  if (item.outcomeOfProceedings === undefined && onlyOther([...(item.justiceMeasures?.taken ?? []), ...(item.preventiveMeasures?.taken ?? [])])) {
    return { draft: draft(`Summary to be drafted: measures described in the report's own words (${where(submission, itemIndex)})`) };
  }
  const violation = answeredViolation(item.answers, context.reports);
  const incident = violation
    ? [`with regard to the ${violationKindsPhrase(violation)} of ${englishDate(violation.incidentDate)} affecting ${affectedPhrase(violation, context.name)} in ${placePhrase(violation, context.name)}`]
    : ['with regard to ', draft(`incident ${item.answers} to be described`)];
  return { clause: joinRuns([...incident, `, ${englishList(dedupe(measures))}.`]) };
}

function dedupe(phrases: readonly string[]): string[] {
  return [...new Set(phrases)];
}

/**
 * The numbered paragraph of section II for one State: its reports under the reporting paragraph,
 * from its submissions in the order of their notes.
 */
export function reportsParagraph(stateName: string, submissions: readonly Submission[], context: SummaryContext): Text {
  const summaries = submissions.flatMap((submission) =>
    submission.items.flatMap((item, index): ItemSummary[] => {
      if (item.kind === 'violation') return [violationSummary(submission, index, item, context.name)];
      if (item.kind === 'follow-up') return [followUpSummary(submission, index, item, context)];
      return [];
    }),
  );
  return stateParagraph(stateName, submissions, summaries, { first: 'reported that ', next: 'It also reported that ', bare: 'submitted a report.' });
}

// ---------------------------------------------------------------------------------------------
// Views (section III)

/** The first sentences of a text up to `quotedViewsLength` characters, marked "[…]" where cut. */
export function condense(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= quotedViewsLength) return flat;
  const head = flat.slice(0, quotedViewsLength);
  const sentenceEnd = Math.max(head.lastIndexOf('. '), head.lastIndexOf('? '), head.lastIndexOf('! '));
  const cut = sentenceEnd > quotedViewsLength / 3 ? sentenceEnd + 1 : head.lastIndexOf(' ');
  return `${head.slice(0, cut > 0 ? cut : quotedViewsLength)} […]`;
}

function viewsSummary(submission: Submission, itemIndex: number, item: ViewsItem): ItemSummary {
  if (submission.language !== 'en') {
    return { draft: draft(`Summary to be drafted: views in ${languageNames[submission.language]}, ${item.text.length.toLocaleString('en')} characters (${where(submission, itemIndex)})`) };
  }
  const quoted = condense(item.text);
  // A quotation that ends its own sentence carries the full stop inside the quotation marks.
  const legislation = item.legislation.length ? [` It referred to ${englishList(item.legislation.map((entry) => `${entry.title} (${entry.year})`))}.`] : [];
  return { clause: joinRuns([`“${quoted}${/[.!?]$/.test(quoted) ? '”' : '”.'}`, ...legislation]) };
}

/** The numbered paragraph of section III for one State: its views, quoted or condensed. */
export function viewsParagraph(stateName: string, submissions: readonly Submission[]): Text {
  const summaries = submissions.flatMap((submission) => submission.items.flatMap((item, index) => (item.kind === 'views' ? [viewsSummary(submission, index, item)] : [])));
  return stateParagraph(stateName, submissions, summaries, { first: 'submitted its views, stating: ', next: 'It further stated: ', bare: 'submitted its views.' });
}

// ---------------------------------------------------------------------------------------------

/**
 * "<State> (<dates of its notes>) <first><clause>. <next><clause>. …", with the drafter's passages
 * in their place; when the first summary is a passage, the opening is the bare statement.
 */
function stateParagraph(stateName: string, submissions: readonly Submission[], summaries: readonly ItemSummary[], wording: { first: string; next: string; bare: string }): Text {
  const dates = englishList([...new Set(submissions.map((submission) => submission.note.date))].sort().map(englishDate));
  const parts: (Run | string)[] = [`${stateName} (${dates}) `];
  summaries.forEach((summary, index) => {
    if ('draft' in summary) {
      parts.push(index === 0 ? `${wording.bare} ` : ' ', summary.draft);
    } else {
      parts.push(index === 0 ? wording.first : ` ${wording.next}`, ...summary.clause);
    }
  });
  return joinRuns(parts);
}

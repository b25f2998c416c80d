/**
 * A submission in words, in English: one sentence per report for the notes that circulate it or
 * draw attention to it, and the full text that travels with the circulation note as its
 * enclosure, so that every State reads what the reporting State sent, field by field.
 */
import type { StateCode } from './codes.ts';
import type { FollowUpItem, Submission, SubmissionItem, ViewsItem, ViolationItem } from './submissions.ts';

/** The English short name of a State, from the registry (the code itself when unknown). */
export type StateNames = (code: StateCode) => string;

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2024-03-01` → `1 March 2024`, the date style of United Nations documents. */
export function englishDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${day} ${months[month! - 1]} ${year}`;
}

/**
 * A period as United Nations documents write it, the year given once when both ends share it:
 * "16 May to 28 September 2012", "1 December 2023 to 15 January 2024", "3 to 9 May 2024".
 */
export function englishPeriod(from: string, to: string): string {
  const [fromYear, fromMonth, fromDay] = from.split('-').map(Number);
  const [toYear, toMonth] = to.split('-').map(Number);
  if (fromYear !== toYear) return `${englishDate(from)} to ${englishDate(to)}`;
  const start = fromMonth === toMonth ? `${fromDay}` : `${fromDay} ${months[fromMonth! - 1]}`;
  return `${start} to ${englishDate(to)}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function englishList(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

const plain = (kind: string) => kind.replaceAll('-', ' ');

/** What happened: `attack and arson`. */
export function violationKindsPhrase(item: ViolationItem): string {
  return englishList(item.violationKinds.map(plain));
}

/** Who or what was affected: `the embassy and vehicle of France`. */
export function affectedPhrase(item: ViolationItem, name: StateNames): string {
  return `the ${englishList(item.affected.kinds.map(plain))} of ${name(item.affected.missionState)}`;
}

/** Where: `Nairobi, Kenya`, or the State alone when no city is given. */
export function placePhrase(item: ViolationItem, name: StateNames): string {
  return item.city ? `${item.city}, ${name(item.occurredIn)}` : name(item.occurredIn);
}

function violationSentence(item: ViolationItem, name: StateNames): string {
  const kinds = violationKindsPhrase(item);
  return `${kinds.charAt(0).toUpperCase()}${kinds.slice(1)} affecting ${affectedPhrase(item, name)} in ${placePhrase(item, name)} on ${englishDate(item.incidentDate)}.`;
}

function followUpSentence(item: FollowUpItem): string {
  const parts = [
    item.justiceMeasures ? `measures to bring the offender to justice (${englishList(item.justiceMeasures.taken.map(plain))})` : undefined,
    item.outcomeOfProceedings ? `${item.outcomeOfProceedings.final ? 'the final' : 'an interim'} outcome of the proceedings` : undefined,
    item.preventiveMeasures ? `preventive measures (${englishList(item.preventiveMeasures.taken.map(plain))})` : undefined,
  ].filter((part): part is string => part !== undefined);
  return `Follow-up to ${item.answers}: ${englishList(parts)}.`;
}

function viewsSentence(item: ViewsItem): string {
  return `Views on measures to enhance the protection of diplomatic and consular missions${item.legislation.length ? `, citing ${item.legislation.length} legislative text(s)` : ''}.`;
}

export function itemSentence(item: SubmissionItem, name: StateNames): string {
  if (item.kind === 'violation') return violationSentence(item, name);
  if (item.kind === 'follow-up') return followUpSentence(item);
  return viewsSentence(item);
}

/** One sentence per item, for the body of a note. */
export function submissionSummary(submission: Submission, name: StateNames): string[] {
  return submission.items.map((item) => itemSentence(item, name));
}

function violationText(item: ViolationItem, name: StateNames): string[] {
  return [
    `Place: ${[item.city, item.placeDetails].filter(Boolean).join(', ') || '(not given)'}, ${name(item.occurredIn)}`,
    `Date: ${englishDate(item.incidentDate)}${item.incidentTime ? `, ${item.incidentTime} local time` : ''}`,
    `Affected: ${englishList(item.affected.kinds.map(plain))} of ${name(item.affected.missionState)}`,
    `Kind of violation: ${violationKindsPhrase(item)}`,
    `Facts: ${item.facts}`,
    `Alleged offender: ${item.allegedOffender.known ? 'known' : 'unknown'}${item.allegedOffender.detained === undefined ? '' : item.allegedOffender.detained ? ', detained' : ', not detained'}${item.allegedOffender.presentIn ? `, present in ${name(item.allegedOffender.presentIn)}` : ''}`,
    ...(item.actionRequestedOrTaken ? [`Action requested or taken: ${item.actionRequestedOrTaken}`] : []),
  ];
}

function followUpText(item: FollowUpItem): string[] {
  return [
    `In answer to: ${item.answers}`,
    ...(item.justiceMeasures
      ? [`Measures to bring the offender to justice (${englishList(item.justiceMeasures.taken.map(plain))}): ${item.justiceMeasures.description}`]
      : []),
    ...(item.outcomeOfProceedings
      ? [`Outcome of proceedings (${item.outcomeOfProceedings.final ? 'final' : 'not final'}): ${item.outcomeOfProceedings.description}`]
      : []),
    ...(item.preventiveMeasures
      ? [`Preventive measures (${englishList(item.preventiveMeasures.taken.map(plain))}): ${item.preventiveMeasures.description}`]
      : []),
  ];
}

function viewsText(item: ViewsItem): string[] {
  return [item.text, ...item.legislation.map((entry) => `Legislation: ${entry.title} (${entry.year})${entry.link ? `, ${entry.link}` : ''}`)];
}

const headings = { violation: 'Report of a serious violation', 'follow-up': 'Follow-up report', views: 'Views' } as const;

/** The submission as plain text: the enclosure of the circulation note. */
export function submissionText(submission: Submission, name: StateNames): string {
  const lines = [
    `Communication from ${name(submission.reportingState)}`,
    `Reference: ${submission.reference}`,
    `Note of ${englishDate(submission.note.date)}${submission.note.reference ? `, ${submission.note.reference}` : ''}; received ${englishDate(submission.receivedAt.slice(0, 10))}`,
    `Language of the original: ${submission.language}`,
    '',
  ];
  submission.items.forEach((item, index) => {
    lines.push(`${index + 1}. ${headings[item.kind]}`);
    const body = item.kind === 'violation' ? violationText(item, name) : item.kind === 'follow-up' ? followUpText(item) : viewsText(item);
    lines.push(...body.map((line) => `   ${line}`), '');
  });
  return `${lines.join('\n').trimEnd()}\n`;
}

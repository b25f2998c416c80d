/**
 * A State's replies summarized as the Secretary-General's reports summarize them: one paragraph
 * per State, opening with its name as a sentence starts it and the dates of its notes ("The
 * Russian Federation (5 December 2026) reported that …"), then, per report, what happened, to
 * whom or to which premises, where and when ("an attack on the Embassy of Azerbaijan in Tehran,
 * the Islamic Republic of Iran, in which a member of its staff was killed"), what is known of the
 * alleged offender, the action the State requested or took, and for a follow-up the measures
 * taken and the outcome of the proceedings.
 *
 * Sentences are built from the report's structured fields. What only the State's own words can
 * tell — its account of the action taken, the outcome of proceedings, measures described as
 * "other", views — is quoted when the reply is in English, the language of the report; in any
 * other language, or where no field says what happened (a violation or premises described only as
 * "other"), it becomes a passage marked for the drafter with the State's own words quoted in it,
 * so that the drafter can write it from the draft alone. Nothing is guessed.
 */

import type { OfficialLanguage } from '../codes.ts';
import { englishDate, englishList, type StateNames } from '../submission-text.ts';
import type { FollowUpItem, Submission, ViewsItem, ViolationItem } from '../submissions.ts';
import { draft, joinRuns, type Run, type Text } from './document.ts';

/** The longest quotation of a State's own words before it is condensed. */
export const quotedViewsLength = 600;

const languageNames: Readonly<Record<OfficialLanguage, string>> = { ar: 'Arabic', zh: 'Chinese', en: 'English', fr: 'French', ru: 'Russian', es: 'Spanish' };

/** Reports of the cycle by reference: a follow-up is described by the violation report it answers. */
export type ReportsByReference = ReadonlyMap<string, Submission>;

export interface SummaryContext {
  /** A State's name as it stands inside a sentence: "the Russian Federation", "France". */
  readonly inText: StateNames;
  readonly reports: ReportsByReference;
}

/** One sentence or more about one item; the first follows "reported that" or stands alone. */
type Parts = readonly (string | Run)[];

function where(submission: Submission, itemIndex: number): string {
  return `${submission.reference}, item ${itemIndex + 1}`;
}

/** The first sentences of a text up to `quotedViewsLength` characters, marked "[…]" where cut. */
export function condense(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= quotedViewsLength) return flat;
  const head = flat.slice(0, quotedViewsLength);
  const sentenceEnd = Math.max(head.lastIndexOf('. '), head.lastIndexOf('? '), head.lastIndexOf('! '));
  const cut = sentenceEnd > quotedViewsLength / 3 ? sentenceEnd + 1 : head.lastIndexOf(' ');
  return `${head.slice(0, cut > 0 ? cut : quotedViewsLength)} […]`;
}

/** A quotation that ends its own sentence carries its full stop inside the quotation marks. */
function quotation(text: string): string {
  const quoted = condense(text);
  return /[.!?]$/.test(quoted) || quoted.endsWith('[…]') ? `“${quoted}”` : `“${quoted}”.`;
}

/**
 * The State's own words on a matter: quoted after `lead` ("As to the action taken, it stated: ")
 * when the reply is in English, otherwise a passage for the drafter naming what to write, in
 * which language the original is, and quoting it.
 */
function ownWords(submission: Submission, itemIndex: number, what: string, lead: string, text: string): Parts {
  if (submission.language === 'en') return [`${lead}${quotation(text)}`];
  return [draft(`${what} to be summarized from the ${languageNames[submission.language]} original (${where(submission, itemIndex)}): “${condense(text)}”`)];
}

// ---------------------------------------------------------------------------------------------
// What was affected

const premisesKinds = ['embassy', 'consulate', 'permanent-mission', 'residence', 'vehicle'] as const;
const personKinds = ['diplomatic-agent', 'consular-officer', 'staff', 'family-member'] as const;

/** Premises and means of transport: the first names the State, the others refer back to it. */
const premisesPhrase: Readonly<Record<(typeof premisesKinds)[number], { first: (of: string) => string; next: string }>> = {
  embassy: { first: (of) => `the Embassy of ${of}`, next: 'its Embassy' },
  consulate: { first: (of) => `the Consulate of ${of}`, next: 'its Consulate' },
  'permanent-mission': { first: (of) => `the Permanent Mission of ${of}`, next: 'its Permanent Mission' },
  residence: { first: (of) => `the residence of a member of the mission of ${of}`, next: 'the residence of a member of its staff' },
  vehicle: { first: (of) => `a vehicle of the mission of ${of}`, next: 'one of its vehicles' },
};

/** Persons, as the subject of "was killed" or the object of "threats against". */
const personPhrase: Readonly<Record<(typeof personKinds)[number], { first: (of: string) => string; next: string }>> = {
  'diplomatic-agent': { first: (of) => `a diplomatic agent of ${of}`, next: 'one of its diplomatic agents' },
  'consular-officer': { first: (of) => `a consular officer of ${of}`, next: 'one of its consular officers' },
  staff: { first: (of) => `a member of the staff of the mission of ${of}`, next: 'a member of its staff' },
  'family-member': { first: (of) => `a member of the family of a member of the mission of ${of}`, next: 'a member of the family of a member of its staff' },
};

/** Acts against premises, as the head of the sentence: "an attack on <premises>". */
const actOnPremises: Readonly<Record<string, (target: string) => string>> = {
  attack: (target) => `an attack on ${target}`,
  arson: (target) => `an arson attack on ${target}`,
  intrusion: (target) => `an intrusion into ${target}`,
  search: (target) => `a search of ${target}`,
  damage: (target) => `damage to ${target}`,
  demonstration: (target) => `a demonstration at ${target}`,
  'technical-interference': (target) => `technical interference with ${target}`,
  surveillance: (target) => `surveillance of ${target}`,
  threat: (target) => `threats against ${target}`,
  harassment: (target) => `harassment of ${target}`,
};

/** Acts against a person, as the head of the sentence: "the kidnapping of <person>". */
const actOnPerson: Readonly<Record<string, (target: string) => string>> = {
  killing: (target) => `the killing of ${target}`,
  kidnapping: (target) => `the kidnapping of ${target}`,
  attack: (target) => `an attack on ${target}`,
  threat: (target) => `threats against ${target}`,
  harassment: (target) => `harassment of ${target}`,
  surveillance: (target) => `surveillance of ${target}`,
  search: (target) => `a search of ${target}`,
  'technical-interference': (target) => `technical interference with the communications of ${target}`,
  intrusion: (target) => `an intrusion into the residence of ${target}`,
  arson: (target) => `an arson attack on the property of ${target}`,
  damage: (target) => `damage to the property of ${target}`,
  demonstration: (target) => `a demonstration against ${target}`,
};

/** What else happened to the persons in the course of an act against premises: "<person> was killed". */
const personOutcome: Readonly<Record<string, string>> = {
  killing: 'was killed',
  kidnapping: 'was kidnapped',
  attack: 'was attacked',
  threat: 'was threatened',
  harassment: 'was harassed',
};

/** What else happened to the premises: "the premises were damaged". */
const premisesOutcome: Readonly<Record<string, string>> = {
  damage: 'damaged',
  arson: 'set on fire',
  intrusion: 'entered without consent',
  search: 'searched',
};

/** An act alone, for "which also involved …". */
const actNoun: Readonly<Record<string, string>> = {
  killing: 'a killing',
  kidnapping: 'a kidnapping',
  attack: 'an attack',
  arson: 'arson',
  intrusion: 'an intrusion',
  search: 'a search',
  damage: 'damage',
  threat: 'threats',
  harassment: 'harassment',
  demonstration: 'a demonstration',
  'technical-interference': 'technical interference',
  surveillance: 'surveillance',
};

/** The order in which acts head a sentence: the gravest first. */
const gravity = [
  'killing',
  'kidnapping',
  'attack',
  'intrusion',
  'arson',
  'search',
  'threat',
  'harassment',
  'demonstration',
  'technical-interference',
  'surveillance',
  'damage',
];

/** What was done to a person, in the passive: "a consular officer of the Philippines had been kidnapped". */
const personPassive: Readonly<Record<string, string>> = {
  killing: 'killed',
  kidnapping: 'kidnapped',
  attack: 'attacked',
  threat: 'threatened',
  harassment: 'harassed',
  surveillance: 'placed under surveillance',
  search: 'searched',
  'technical-interference': 'subjected to technical interference',
};

const byGravity = (kinds: readonly string[]) => [...kinds].sort((a, b) => gravity.indexOf(a) - gravity.indexOf(b));

/** "in Nairobi, Kenya", or "in Kenya" when no city is given. */
function placeOf(item: ViolationItem, inText: StateNames): string {
  return item.city ? `in ${item.city}, ${inText(item.occurredIn)}` : `in ${inText(item.occurredIn)}`;
}

/** "<main>, in which <a> and <b>, and which also involved <c> and affected <d>". */
function withConsequences(main: string, consequences: readonly string[], extras: readonly string[], alsoAffected?: string): string {
  const inWhich = consequences.length > 0 ? `, in which ${englishList(consequences)}` : '';
  const also = [...(extras.length > 0 ? [`involved ${englishList(extras)}`] : []), ...(alsoAffected ? [`affected ${alsoAffected}`] : [])];
  return `${main}${inWhich}${also.length > 0 ? `, ${consequences.length > 0 ? 'and ' : ''}which also ${englishList(also)}` : ''}`;
}

/** A violation in words: a clause after "on <date>," and a noun phrase for "with regard to …". */
interface Event {
  /** "there had been an attack on the Embassy of Azerbaijan in Tehran, …, in which a member of its staff was killed". */
  readonly clause: string;
  /** "the attack on the Embassy of Azerbaijan in Tehran, the Islamic Republic of Iran". */
  readonly noun: string;
}

/** "an attack on" → "the attack on"; "threats against" → "the threats against". */
const definite = (phrase: string) => phrase.replace(/^(?:an?|the) /, '').replace(/^/, 'the ');

/**
 * The event in words: the gravest act against the premises (or, when no premises were affected,
 * what was done to the person) heads it, with the State, the city and the territorial State; what
 * else happened to the persons and the premises follows. Undefined when the fields cannot say it
 * (a violation, or what was affected, described only as "other").
 */
export function eventOf(item: ViolationItem, inText: StateNames): Event | undefined {
  const of = inText(item.affected.missionState);
  const kinds = byGravity(item.violationKinds.filter((kind) => kind !== 'other'));
  const premises = premisesKinds.filter((kind) => item.affected.kinds.includes(kind));
  const persons = personKinds.filter((kind) => item.affected.kinds.includes(kind));
  if (kinds.length === 0 || premises.length + persons.length === 0) return undefined;
  const place = placeOf(item, inText);
  const headOnPremises = premises.length > 0 ? kinds.find((kind) => actOnPremises[kind] !== undefined) : undefined;

  if (headOnPremises !== undefined) {
    const targets = `${englishList(premises.map((kind, index) => (index === 0 ? premisesPhrase[kind].first(of) : premisesPhrase[kind].next)))} ${place}`;
    const who = englishList(persons.map((kind) => personPhrase[kind].next));
    const rest = kinds.filter((kind) => kind !== headOnPremises);
    const toPersons = persons.length > 0 ? rest.filter((kind) => personOutcome[kind] !== undefined) : [];
    // The head act reached the persons too unless something graver is said of them.
    const personConsequences = (toPersons.length > 0 ? toPersons : persons.length > 0 && personOutcome[headOnPremises] ? [headOnPremises] : []).map(
      (kind) => `${who} ${personOutcome[kind]}`,
    );
    const premisesConsequences = rest
      .filter((kind) => !toPersons.includes(kind) && premisesOutcome[kind] !== undefined)
      .map((kind) => `the premises were ${premisesOutcome[kind]}`);
    const extras = rest.filter((kind) => !toPersons.includes(kind) && premisesOutcome[kind] === undefined).map((kind) => actNoun[kind]!);
    const unmentioned = persons.length > 0 && personConsequences.length === 0 ? who : undefined;
    const main = actOnPremises[headOnPremises]!(targets);
    return { clause: `there had been ${withConsequences(main, [...personConsequences, ...premisesConsequences], extras, unmentioned)}`, noun: definite(main) };
  }

  const affected =
    persons.length > 0
      ? persons.map((kind, index) => (index === 0 ? personPhrase[kind].first(of) : personPhrase[kind].next))
      : [premisesPhrase[premises[0]!].first(of)];
  const target = englishList(affected);
  const passive = kinds.filter((kind) => personPassive[kind] !== undefined);
  const others = kinds.filter((kind) => personPassive[kind] === undefined);
  const noun = definite(actOnPerson[kinds[0]!]!(`${target} ${place}`));
  if (persons.length > 0 && passive.length > 0) {
    const also = others.length > 0 ? `, which also involved ${englishList(others.map((kind) => actNoun[kind]!))}` : '';
    return { clause: `${target} had been ${englishList(passive.map((kind) => personPassive[kind]!))} ${place}${also}`, noun };
  }
  const [head, ...rest] = kinds;
  return {
    clause: `there had been ${withConsequences(
      actOnPerson[head!]!(`${target} ${place}`),
      [],
      rest.map((kind) => actNoun[kind]!),
    )}`,
    noun,
  };
}

function offenderSentence(item: ViolationItem, inText: StateNames): string {
  const { known, detained, presentIn } = item.allegedOffender;
  const present = presentIn ? ` and was believed to be present in ${inText(presentIn)}` : '';
  if (!known) return `The alleged offender had not been identified${present}.`;
  const custody = detained === undefined ? '' : detained ? ' and detained' : ' but not detained';
  return `The alleged offender had been identified${custody}${present}.`;
}

function violationSummary(submission: Submission, itemIndex: number, item: ViolationItem, inText: StateNames): Parts {
  const time = item.incidentTime ? ` at ${item.incidentTime} local time` : '';
  const event = eventOf(item, inText);
  const of = inText(item.affected.missionState);
  const premises = premisesKinds.filter((kind) => item.affected.kinds.includes(kind));
  const affecting =
    premises.length > 0
      ? ` affecting ${englishList(premises.map((kind, index) => (index === 0 ? premisesPhrase[kind].first(of) : premisesPhrase[kind].next)))}`
      : '';
  const happened: Parts = event
    ? [`on ${englishDate(item.incidentDate)}${time}, ${event.clause}.`]
    : [
        `on ${englishDate(item.incidentDate)}${time}, a serious violation${affecting} had taken place ${placeOf(item, inText)}. `,
        ...ownWords(submission, itemIndex, 'What happened', 'It stated: ', item.facts),
      ];
  const action = item.actionRequestedOrTaken
    ? [
        ' ',
        ...ownWords(submission, itemIndex, 'The action requested or taken', 'As to the action requested or taken, it stated: ', item.actionRequestedOrTaken),
      ]
    : [];
  return [...happened, ` ${offenderSentence(item, inText)}`, ...action];
}

// ---------------------------------------------------------------------------------------------
// Follow-up reports

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

/** The violation report a follow-up answers: `INC-<reference>-<item number>`, or the reference itself (its first violation). */
function answeredViolation(answers: string, reports: ReportsByReference): ViolationItem | undefined {
  const incident = /^INC-(.+)-([1-9]\d*)$/.exec(answers);
  const submission = reports.get(incident ? incident[1]! : answers);
  if (!submission) return undefined;
  const item = incident ? submission.items[Number(incident[2]) - 1] : submission.items.find((candidate) => candidate.kind === 'violation');
  return item?.kind === 'violation' ? item : undefined;
}

function followUpSummary(submission: Submission, itemIndex: number, item: FollowUpItem, context: SummaryContext): Parts {
  const violation = answeredViolation(item.answers, context.reports);
  const event = violation ? eventOf(violation, context.inText) : undefined;
  // "the attack on the Embassy of Azerbaijan in Tehran, the Islamic Republic of Iran, on 27 January 2024": a place with a comma closes with one.
  const incident: Parts = violation
    ? [
        `with regard to ${event?.noun ?? `the violation ${placeOf(violation, context.inText)}`}${violation.city ? ',' : ''} on ${englishDate(violation.incidentDate)}, `,
      ]
    : ['with regard to ', draft(`incident ${item.answers} to be described`), ', '];
  const known = (kinds: readonly string[] | undefined, phrases: Readonly<Record<string, string>>) =>
    (kinds ?? []).flatMap((kind) => (phrases[kind] ? [phrases[kind]] : []));
  const outcome = item.outcomeOfProceedings
    ? item.outcomeOfProceedings.final
      ? 'the proceedings had concluded'
      : 'the proceedings were continuing'
    : undefined;
  const justice = [...known(item.justiceMeasures?.taken, justicePhrases), ...(outcome ? [outcome] : [])];
  const preventive = known(item.preventiveMeasures?.taken, preventivePhrases);
  const [first, second] = justice.length > 0 ? [justice, preventive] : [preventive, []];
  const parts: (string | Run)[] = [...incident, first.length > 0 ? `${englishList(first)}.` : 'it described the measures taken.'];
  if (second.length > 0) parts.push(` It added that ${englishList(second)}.`);
  const otherJustice = item.justiceMeasures?.taken.includes('other');
  const otherPreventive = item.preventiveMeasures?.taken.includes('other');
  if (otherJustice && item.justiceMeasures)
    parts.push(
      ' ',
      ...ownWords(
        submission,
        itemIndex,
        'The measures to bring the offender to justice',
        'As to the measures to bring the offender to justice, it stated: ',
        item.justiceMeasures.description,
      ),
    );
  if (item.outcomeOfProceedings)
    parts.push(
      ' ',
      ...ownWords(
        submission,
        itemIndex,
        'The outcome of the proceedings',
        'As to the outcome of the proceedings, it stated: ',
        item.outcomeOfProceedings.description,
      ),
    );
  if (otherPreventive && item.preventiveMeasures)
    parts.push(
      ' ',
      ...ownWords(
        submission,
        itemIndex,
        'The measures to prevent a repetition',
        'As to the measures to prevent a repetition, it stated: ',
        item.preventiveMeasures.description,
      ),
    );
  return parts;
}

// ---------------------------------------------------------------------------------------------
// The paragraphs

/**
 * The numbered paragraph of section II for one State: its reports under the reporting paragraph,
 * from its submissions in the order of their notes. `opening` is the State's name as a sentence
 * starts it ("The Russian Federation").
 */
export function reportsParagraph(opening: string, submissions: readonly Submission[], context: SummaryContext): Text {
  const summaries = submissions.flatMap((submission) =>
    submission.items.flatMap((item, index): Parts[] => {
      if (item.kind === 'violation') return [violationSummary(submission, index, item, context.inText)];
      if (item.kind === 'follow-up') return [followUpSummary(submission, index, item, context)];
      return [];
    }),
  );
  return stateParagraph(opening, submissions, summaries, { first: 'reported that, ', next: 'It also reported that, ' });
}

function viewsSummary(submission: Submission, itemIndex: number, item: ViewsItem): Parts {
  const legislation = item.legislation.length ? [` It referred to ${englishList(item.legislation.map((entry) => `${entry.title} (${entry.year})`))}.`] : [];
  if (submission.language !== 'en')
    return [
      draft(`Views to be summarized from the ${languageNames[submission.language]} original (${where(submission, itemIndex)}): “${condense(item.text)}”`),
      ...legislation,
    ];
  return [quotation(item.text), ...legislation];
}

/** The numbered paragraph of section III for one State: its views, quoted or condensed, or marked for the drafter. */
export function viewsParagraph(opening: string, submissions: readonly Submission[]): Text {
  const summaries = submissions.flatMap((submission) =>
    submission.items.flatMap((item, index) => (item.kind === 'views' ? [viewsSummary(submission, index, item)] : [])),
  );
  return stateParagraph(opening, submissions, summaries, { first: 'stated: ', next: 'It further stated: ' });
}

/**
 * "<State> (<dates of its notes>) <first><summary> <next><summary> …". A summary that opens with a
 * passage for the drafter follows "submitted …" instead, so the sentence never reads as if the
 * passage were the State's words.
 */
function stateParagraph(opening: string, submissions: readonly Submission[], summaries: readonly Parts[], wording: { first: string; next: string }): Text {
  const dates = englishList([...new Set(submissions.map((submission) => submission.note.date))].sort().map(englishDate));
  const parts: (Run | string)[] = [`${opening} (${dates})`];
  summaries.forEach((summary, index) => {
    const [head] = summary;
    if (typeof head !== 'string') parts.push(index === 0 ? ' submitted a reply. ' : ' ', ...summary);
    else parts.push(index === 0 ? ` ${wording.first}` : ` ${wording.next}`, ...summary);
  });
  return joinRuns(parts);
}

/**
 * What a note says about a report (place, date, what happened), in the note's language: the
 * State names from the registry in that language, the kinds of violation and of what was
 * affected translated, and the State's own words (a city, as it wrote it) marked as quoted, with
 * the language it wrote them in, whenever that is not the note's. A French note thus carries no
 * English outside the quotation marks.
 */

import { englishList } from '../submission-text.ts';
import type { Submission, SubmissionItem, ViolationItem } from '../submissions.ts';
import { languages, type NoteLanguage } from './languages.ts';
import type { ReportSummary, StateNames } from './types.ts';

type Words = Readonly<Record<string, string>>;

const violationKinds: Record<NoteLanguage, Words> = {
  en: {},
  fr: {
    attack: 'attaque',
    intrusion: 'intrusion',
    damage: 'dégradations',
    arson: 'incendie criminel',
    threat: 'menaces',
    demonstration: 'manifestation',
    harassment: 'harcèlement',
    search: 'perquisition',
    surveillance: 'surveillance',
    'technical-interference': 'ingérence technique',
    kidnapping: 'enlèvement',
    killing: 'meurtre',
    other: 'autre violation',
  },
};

const affectedKinds: Record<NoteLanguage, Words> = {
  en: {},
  fr: {
    embassy: "l'ambassade",
    consulate: 'le consulat',
    'permanent-mission': 'la mission permanente',
    residence: 'la résidence',
    vehicle: 'un véhicule',
    'diplomatic-agent': 'un agent diplomatique',
    'consular-officer': 'un fonctionnaire consulaire',
    staff: 'des membres du personnel',
    'family-member': "un membre de la famille d'un agent",
    other: "d'autres personnes ou biens",
  },
};

const languageNames: Record<NoteLanguage, Words> = {
  en: { ar: 'Arabic', zh: 'Chinese', en: 'English', fr: 'French', ru: 'Russian', es: 'Spanish' },
  fr: { ar: 'arabe', zh: 'chinois', en: 'anglais', fr: 'français', ru: 'russe', es: 'espagnol' },
};

function frenchList(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} et ${words.at(-1)}`;
}

const plain = (kind: string) => kind.replaceAll('-', ' ');

/** The State's own words, as quoted in a note of `language`. */
export function quoted(text: string, original: string, language: NoteLanguage): string {
  if (original === language) return text;
  const name = languageNames[language][original] ?? original;
  return language === 'fr' ? `« ${text} » (${name} dans l'original)` : `“${text}” (in ${name} in the original)`;
}

interface Context {
  readonly language: NoteLanguage;
  readonly original: string;
  readonly names: (code: string) => StateNames;
}

function stateName(code: string, context: Context): string {
  return languages[context.language].grammar.nameOf(context.names(code));
}

function place(item: ViolationItem, context: Context): string {
  const state = stateName(item.occurredIn, context);
  return item.city ? `${quoted(item.city, context.original, context.language)}, ${state}` : state;
}

function sentence(item: SubmissionItem, context: Context): string {
  const { language } = context;
  const grammar = languages[language].grammar;
  if (item.kind === 'violation') {
    const where = place(item, context);
    const date = grammar.date(item.incidentDate, languages[language].templates.months);
    if (language === 'fr') {
      const kinds = frenchList(item.violationKinds.map((kind) => violationKinds.fr[kind] ?? kind));
      const mission = grammar.inText(stateName(item.affected.missionState, context)).ofState;
      return `${kinds.charAt(0).toUpperCase()}${kinds.slice(1)} visant ${frenchList(item.affected.kinds.map((kind) => affectedKinds.fr[kind] ?? kind))} ${mission}, à ${where}, le ${date}.`;
    }
    const kinds = englishList(item.violationKinds.map(plain));
    return `${kinds.charAt(0).toUpperCase()}${kinds.slice(1)} affecting the ${englishList(item.affected.kinds.map(plain))} ${grammar.inText(stateName(item.affected.missionState, context)).ofState} in ${where} on ${date}.`;
  }
  if (item.kind === 'follow-up') {
    return language === 'fr'
      ? `Suite donnée à ${item.answers} : mesures prises au titre de la procédure.`
      : `Follow-up to ${item.answers}: measures taken under the procedure.`;
  }
  return language === 'fr'
    ? 'Vues sur les mesures visant à renforcer la protection des missions diplomatiques et consulaires.'
    : 'Views on measures to enhance the protection of diplomatic and consular missions.';
}

/** The summary a note of `language` gives of a submission: place and date of its first violation, and a sentence per item. */
export function reportSummaryIn(
  language: NoteLanguage,
  submission: Pick<Submission, 'items' | 'language'>,
  names: (code: string) => StateNames,
): ReportSummary {
  const context: Context = { language, original: submission.language, names };
  const violation = submission.items.find((item): item is ViolationItem => item.kind === 'violation');
  return {
    ...(violation ? { place: place(violation, context), incidentDate: violation.incidentDate } : {}),
    description: submission.items.map((item) => sentence(item, context)).join(' '),
  };
}

/**
 * The fields of the plain-text report form, in English and French: their labels, where each
 * value goes in a submission, the words each list accepts, and the lines that open and close the
 * form. Read by the template and by the reading of a filled-in form (report-form.ts).
 */
import { officialLanguages, type WorkingLanguage } from '../codes.ts';
import { englishSortKey } from '../states.ts';
import type { affectedKinds, justiceMeasureKinds, preventiveMeasureKinds, SubmissionBody, violationKinds } from '../submissions.ts';

export type ItemKind = SubmissionBody['items'][number]['kind'];
export type FieldType = 'text' | 'language' | 'code' | 'boolean' | 'list' | 'legislation' | 'files';

export interface FormField {
  readonly labels: Readonly<Record<WorkingLanguage, string>>;
  /** Where the value goes: in the body (note fields) or in the item (item fields). */
  readonly path: readonly string[];
  readonly type: FieldType;
  /** The kinds of report the field belongs to; absent for the note fields. */
  readonly kinds?: readonly ItemKind[];
  /** Accepted words for list values, in each language, by code. */
  readonly vocabulary?: Vocabulary;
  readonly hint?: Readonly<Record<WorkingLanguage, string>>;
}

/** A code, and its words in French (the code itself is the English word). */
export type Vocabulary = Readonly<Record<string, string>>;

export const affectedWords: Vocabulary = {
  embassy: 'ambassade',
  consulate: 'consulat',
  'permanent-mission': 'mission-permanente',
  residence: 'résidence',
  vehicle: 'véhicule',
  'diplomatic-agent': 'agent-diplomatique',
  'consular-officer': 'fonctionnaire-consulaire',
  staff: 'personnel',
  'family-member': 'membre-de-la-famille',
  other: 'autre',
} satisfies Record<(typeof affectedKinds)[number], string>;

export const violationWords: Vocabulary = {
  attack: 'attaque',
  intrusion: 'intrusion',
  damage: 'dommages',
  arson: 'incendie-criminel',
  threat: 'menace',
  demonstration: 'manifestation',
  harassment: 'harcèlement',
  search: 'perquisition',
  surveillance: 'surveillance',
  'technical-interference': 'ingérence-technique',
  kidnapping: 'enlèvement',
  killing: 'meurtre',
  other: 'autre',
} satisfies Record<(typeof violationKinds)[number], string>;

export const justiceWords: Vocabulary = {
  investigation: 'enquête',
  arrest: 'arrestation',
  charges: 'inculpation',
  'extradition-request': "demande-d'extradition",
  other: 'autre',
} satisfies Record<(typeof justiceMeasureKinds)[number], string>;

export const preventiveWords: Vocabulary = {
  guards: 'gardes',
  perimeter: 'périmètre',
  legislation: 'législation',
  other: 'autre',
} satisfies Record<(typeof preventiveMeasureKinds)[number], string>;

export const kindWords: Vocabulary = { violation: 'violation', 'follow-up': 'suivi', views: 'vues' } satisfies Record<ItemKind, string>;

export const booleanWords: Readonly<Record<string, boolean>> = {
  yes: true,
  oui: true,
  true: true,
  y: true,
  o: true,
  no: false,
  non: false,
  false: false,
  n: false,
};

/** The official languages by code, or by name in English or French. */
export const languageWords: Readonly<Record<string, (typeof officialLanguages)[number]>> = {
  english: 'en',
  anglais: 'en',
  french: 'fr',
  francais: 'fr',
  spanish: 'es',
  espagnol: 'es',
  arabic: 'ar',
  arabe: 'ar',
  chinese: 'zh',
  chinois: 'zh',
  russian: 'ru',
  russe: 'ru',
  ...Object.fromEntries(officialLanguages.map((code) => [code, code])),
};

export const kindLabels = { en: 'Kind', fr: 'Type' } as const;

export const noteFields: readonly FormField[] = [
  { labels: { en: 'Language', fr: 'Langue' }, path: ['language'], type: 'language', hint: { en: 'en, fr, es, ar, zh or ru', fr: 'en, fr, es, ar, zh ou ru' } },
  { labels: { en: 'Note date', fr: 'Date de la note' }, path: ['note', 'date'], type: 'text', hint: { en: 'YYYY-MM-DD', fr: 'AAAA-MM-JJ' } },
  { labels: { en: 'Note reference', fr: 'Référence de la note' }, path: ['note', 'reference'], type: 'text' },
  // The State's own choice of the decisions its communication as a whole is handled by (each
  // report's "Circulate to all States" also asks for no circulation when it says no).
  {
    labels: { en: 'Publish the full text', fr: 'Publier le texte intégral' },
    path: ['requests', 'publishFullText'],
    type: 'boolean',
    hint: { en: 'yes or no; by default yes when every report is circulated', fr: 'oui ou non ; par défaut oui si chaque rapport est diffusé' },
  },
  {
    labels: { en: 'May be summarized in the report', fr: 'Peut être résumé dans le rapport' },
    path: ['requests', 'summarize'],
    type: 'boolean',
    hint: { en: 'yes unless you write no', fr: 'oui, sauf si vous écrivez non' },
  },
];

export const stateHint = { en: 'a State by its ISO 3166-1 alpha-3 code, e.g. KEN', fr: 'un État par son code ISO 3166-1 alpha-3, p. ex. KEN' };
export const yesNo = { en: 'yes or no', fr: 'oui ou non' };

export const itemFields: readonly FormField[] = [
  { kinds: ['violation'], labels: { en: 'Occurred in', fr: "État où l'incident a eu lieu" }, path: ['occurredIn'], type: 'code', hint: stateHint },
  { kinds: ['violation'], labels: { en: 'City', fr: 'Ville' }, path: ['city'], type: 'text' },
  { kinds: ['violation'], labels: { en: 'Place details', fr: 'Précisions sur le lieu' }, path: ['placeDetails'], type: 'text' },
  {
    kinds: ['violation'],
    labels: { en: 'Incident date', fr: "Date de l'incident" },
    path: ['incidentDate'],
    type: 'text',
    hint: { en: 'YYYY-MM-DD', fr: 'AAAA-MM-JJ' },
  },
  {
    kinds: ['violation'],
    labels: { en: 'Incident time', fr: "Heure de l'incident" },
    path: ['incidentTime'],
    type: 'text',
    hint: { en: 'HH:MM, local time', fr: 'HH:MM, heure locale' },
  },
  { kinds: ['violation'], labels: { en: 'Affected', fr: 'Personnes ou locaux visés' }, path: ['affected', 'kinds'], type: 'list', vocabulary: affectedWords },
  {
    kinds: ['violation'],
    labels: { en: 'Mission State', fr: 'État de la mission' },
    path: ['affected', 'missionState'],
    type: 'code',
    hint: { en: 'the State whose mission or representative was affected, e.g. FRA', fr: "l'État dont la mission ou le représentant a été visé, p. ex. FRA" },
  },
  { kinds: ['violation'], labels: { en: 'Violation', fr: 'Nature de la violation' }, path: ['violationKinds'], type: 'list', vocabulary: violationWords },
  { kinds: ['violation'], labels: { en: 'Facts', fr: 'Faits' }, path: ['facts'], type: 'text' },
  { kinds: ['violation'], labels: { en: 'Offender known', fr: 'Auteur identifié' }, path: ['allegedOffender', 'known'], type: 'boolean', hint: yesNo },
  { kinds: ['violation'], labels: { en: 'Offender detained', fr: 'Auteur détenu' }, path: ['allegedOffender', 'detained'], type: 'boolean', hint: yesNo },
  {
    kinds: ['violation'],
    labels: { en: 'Offender present in', fr: "Auteur présent dans l'État" },
    path: ['allegedOffender', 'presentIn'],
    type: 'code',
    hint: { en: 'another State where the alleged offender is', fr: "autre État où se trouve l'auteur présumé" },
  },
  { kinds: ['violation'], labels: { en: 'Action requested or taken', fr: 'Mesures demandées ou prises' }, path: ['actionRequestedOrTaken'], type: 'text' },
  {
    kinds: ['follow-up'],
    labels: { en: 'Answers', fr: 'Donne suite à' },
    path: ['answers'],
    type: 'text',
    hint: {
      en: 'the reference of the violation report (MPR-2024-0042) or the incident (INC-MPR-2024-0042-1)',
      fr: "la référence du rapport de violation (MPR-2024-0042) ou de l'incident (INC-MPR-2024-0042-1)",
    },
  },
  {
    kinds: ['follow-up'],
    labels: { en: 'Justice measures', fr: 'Mesures judiciaires' },
    path: ['justiceMeasures', 'taken'],
    type: 'list',
    vocabulary: justiceWords,
  },
  {
    kinds: ['follow-up'],
    labels: { en: 'Justice measures description', fr: 'Description des mesures judiciaires' },
    path: ['justiceMeasures', 'description'],
    type: 'text',
  },
  { kinds: ['follow-up'], labels: { en: 'Outcome of proceedings', fr: 'Issue de la procédure' }, path: ['outcomeOfProceedings', 'description'], type: 'text' },
  { kinds: ['follow-up'], labels: { en: 'Outcome final', fr: 'Issue définitive' }, path: ['outcomeOfProceedings', 'final'], type: 'boolean', hint: yesNo },
  {
    kinds: ['follow-up'],
    labels: { en: 'Preventive measures', fr: 'Mesures de prévention' },
    path: ['preventiveMeasures', 'taken'],
    type: 'list',
    vocabulary: preventiveWords,
  },
  {
    kinds: ['follow-up'],
    labels: { en: 'Preventive measures description', fr: 'Description des mesures de prévention' },
    path: ['preventiveMeasures', 'description'],
    type: 'text',
  },
  {
    kinds: ['violation', 'follow-up'],
    labels: { en: 'Circulate to all States', fr: 'Diffusion à tous les États' },
    path: ['circulate'],
    type: 'boolean',
    hint: { en: 'yes unless you write no', fr: 'oui, sauf si vous écrivez non' },
  },
  { kinds: ['views'], labels: { en: 'Views', fr: 'Vues' }, path: ['text'], type: 'text' },
  {
    kinds: ['views'],
    labels: { en: 'Legislation', fr: 'Législation' },
    path: ['legislation'],
    type: 'legislation',
    hint: { en: 'one per line: title, year, link', fr: 'une par ligne : titre, année, lien' },
  },
  {
    kinds: ['violation', 'follow-up', 'views'],
    labels: { en: 'Attachments', fr: 'Pièces jointes' },
    path: ['attachments'],
    type: 'files',
    hint: {
      en: 'file names of attached files, if any; unnamed files go with the first report',
      fr: 'noms des fichiers joints ; les fichiers non nommés vont avec le premier rapport',
    },
  },
];

/** Labels and words compared without case, accents, apostrophes or punctuation. */
export function normalizeWord(text: string): string {
  return englishSortKey(text);
}

let fieldsByLabel: ReadonlyMap<string, FormField | 'kind'> | undefined;

/**
 * The field a line's label names, in either language. The table is built on first use: only
 * reading a form needs it, and building it compiles the Unicode patterns of `normalizeWord`,
 * which a function that only prints the form (the upload's acknowledgement) would pay at load.
 */
export function fieldOfLabel(label: string): FormField | 'kind' | undefined {
  fieldsByLabel ??= new Map<string, FormField | 'kind'>([
    ...[...noteFields, ...itemFields].flatMap((field) => Object.values(field.labels).map((label) => [normalizeWord(label), field] as const)),
    ...Object.values(kindLabels).map((label) => [normalizeWord(label), 'kind'] as const),
  ]);
  return fieldsByLabel.get(normalizeWord(label));
}

export function fromVocabulary(vocabulary: Vocabulary, word: string): string {
  const wanted = normalizeWord(word);
  return Object.entries(vocabulary).find(([code, french]) => normalizeWord(code) === wanted || normalizeWord(french) === wanted)?.[0] ?? word.trim();
}

export const markerWords = {
  begin: { en: 'REPORT FORM, VERSION', fr: 'FORMULAIRE DE RAPPORT, VERSION' },
  end: { en: 'END OF REPORT FORM', fr: 'FIN DU FORMULAIRE DE RAPPORT' },
} as const;

let markers: { readonly begin: RegExp; readonly end: RegExp } | undefined;

/** The form's marker lines, compared as their words: dashes, case and accents do not matter. Built on first use, as `fieldOfLabel`'s table. */
export function formMarkers(): { readonly begin: RegExp; readonly end: RegExp } {
  const alternatives = (words: Readonly<Record<string, string>>) =>
    Object.values(words)
      .map((phrase) => normalizeWord(phrase))
      .join('|');
  markers ??= { begin: new RegExp(`^(?:${alternatives(markerWords.begin)}) (\\d+)$`), end: new RegExp(`^(?:${alternatives(markerWords.end)})$`) };
  return markers;
}

export function hintLine(field: FormField, language: WorkingLanguage): string[] {
  const words = field.vocabulary
    ? Object.entries(field.vocabulary)
        .map(([code, french]) => (language === 'en' ? code : french))
        .join(', ')
    : undefined;
  const hint = field.hint?.[language] ?? words;
  return hint === undefined ? [] : [`# ${field.labels[language]}${language === 'fr' ? ' ' : ''}: ${hint}`];
}

/**
 * Every text of the portal, per language. English is the reference: the other catalogues must
 * have exactly its keys (the type says so), and a test checks that each vocabulary value of the
 * report form has a label in each. Adding a language is adding a catalogue (and, for Arabic, the
 * page's `dir`, which `direction` gives).
 *
 * `{name}` marks a value put in at run time.
 */
import { type Catalogue, en, type MessageKey } from './messages/en.ts';
import { es } from './messages/es.ts';
import { fr } from './messages/fr.ts';

export type { MessageKey };

export const languages = ['en', 'fr', 'es'] as const;
export type Language = (typeof languages)[number];

export const catalogues: Readonly<Record<Language, Catalogue>> = { en, fr, es };

/** Text direction of a language: every catalogue so far is left to right. */
export function direction(language: Language): 'ltr' | 'rtl' {
  return (['ar', 'he', 'fa', 'ur'] as string[]).includes(language) ? 'rtl' : 'ltr';
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The text of `key` in `language`, with `{name}` replaced by `values.name`. */
export function translate(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  return catalogues[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/**
 * The problems a person using the portal can meet, by their type, worded from the catalogue
 * (`problem.*`) with the values the API gives beside the English `detail`.
 */
export const problemsInCatalogue = {
  '/problems/forbidden': 'problem.forbidden',
  '/problems/too-many-requests': 'problem.tooManyRequests',
  '/problems/payload-too-large': 'problem.payloadTooLarge',
  '/problems/internal': 'problem.internal',
  '/problems/circulation-not-started': 'problem.circulationNotStarted',
  '/problems/idempotency-key-in-use': 'problem.stillRecording',
} as const satisfies Readonly<Record<string, MessageKey>>;

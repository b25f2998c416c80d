/**
 * Identifiers and vocabularies shared across the domain.
 */
import * as z from 'zod/mini';

/** ISO 3166-1 alpha-3 code, the key of a State everywhere in the system (e.g. `FRA`). */
export const stateCodeSchema = z.string().check(z.regex(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 code in capitals, e.g. FRA'));
export type StateCode = z.infer<typeof stateCodeSchema>;

/** The six official languages of the United Nations, by ISO 639-1 code. */
export const officialLanguages = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const;
export const officialLanguageSchema = z.enum(officialLanguages);
export type OfficialLanguage = z.infer<typeof officialLanguageSchema>;

/** The languages the Secretariat corresponds in with missions (the mission's working language). */
export const workingLanguages = ['en', 'fr'] as const;
export const workingLanguageSchema = z.enum(workingLanguages);
export type WorkingLanguage = z.infer<typeof workingLanguageSchema>;

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const isoDateSchema = z.iso.date();

/** An instant, ISO 8601 with a time zone offset (`Z` or `±hh:mm`). */
export const isoInstantSchema = z.iso.datetime({ offset: true });

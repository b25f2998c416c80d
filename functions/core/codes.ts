/**
 * Identifiers and vocabularies shared across the domain.
 */
import * as z from 'zod/mini';
import { officialLanguages, workingLanguages } from './languages.ts';

export { type OfficialLanguage, officialLanguages, type WorkingLanguage, workingLanguages } from './languages.ts';

/** ISO 3166-1 alpha-3 code, the key of a State everywhere in the system (e.g. `FRA`). */
export const stateCodeSchema = z.string().check(z.regex(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 code in capitals, e.g. FRA'));
export type StateCode = z.infer<typeof stateCodeSchema>;

export const officialLanguageSchema = z.enum(officialLanguages);
export const workingLanguageSchema = z.enum(workingLanguages);

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const isoDateSchema = z.iso.date();

/** An instant, ISO 8601 with a time zone offset (`Z` or `±hh:mm`). */
export const isoInstantSchema = z.iso.datetime({ offset: true });

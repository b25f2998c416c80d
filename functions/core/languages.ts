/**
 * The languages of the procedure, as plain lists: codes.ts builds their schemas, and a module
 * that only shows them (the form's page, the portal's page) loads this one and no schema.
 */

/** The six official languages of the United Nations, by ISO 639-1 code. */
export const officialLanguages = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const;
export type OfficialLanguage = (typeof officialLanguages)[number];

/** The languages the Secretariat corresponds in with missions (the mission's working language). */
export const workingLanguages = ['en', 'fr'] as const;
export type WorkingLanguage = (typeof workingLanguages)[number];

/**
 * What a note's language must know beyond its templates: how to write a date, an ordinal and a
 * State's name inside a sentence.
 */

/** A State's name as a sentence uses it. */
export interface StateInText {
  /** With its article where the language needs one: "the Netherlands", "la France", "Cuba". */
  readonly state: string;
  /** After "of" / "de": "of the Netherlands", "de la France", "du Kenya", "d'Haïti". */
  readonly ofState: string;
  /** False when no rule knew the name and a neutral construction was used instead. */
  readonly known: boolean;
}

export interface Grammar {
  /** The State's name in this language, from the registry's names. */
  nameOf(state: { readonly nameEn: string; readonly nameFr: string }): string;
  inText(name: string): StateInText;
  /** `YYYY-MM-DD` as written in a note; `months` from the language's templates. */
  date(isoDate: string, months: readonly string[]): string;
  /** "seventy-ninth", "soixante-dix-neuvième"; gender for languages whose ordinals agree. */
  ordinal(n: number, gender: 'masculine' | 'feminine'): string;
}

/**
 * The UN short names of some States put the descriptive part in brackets so that lists sort by
 * the proper name ("Netherlands (Kingdom of the)", "Iran (République islamique d')"). Running
 * text uses the natural order: "the Kingdom of the Netherlands", "la République islamique
 * d'Iran". Only brackets ending in a preposition are turned round, so a name with any other
 * bracket is left as it is.
 */
export function naturalOrder(name: string, preposition: RegExp): string {
  const match = /^(.+?) \((.+)\)$/.exec(name);
  if (match === null) return name;
  const [, proper, descriptive] = match as unknown as [string, string, string];
  if (!preposition.test(descriptive)) return name;
  return descriptive.endsWith("'") ? `${descriptive}${proper}` : `${descriptive} ${proper}`;
}

/** Year, month (1-12) and day of a real calendar date, or undefined. */
export function dateParts(isoDate: string): { year: number; month: number; day: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/**
 * The languages notes are written in. The template texts are TypeScript modules under
 * templates/notes/ so that the bundler carries them into the function (a file read at run time
 * would not be there). To add a language: write `templates/notes/<code>.ts` (checked against
 * `NoteTemplates`), a `Grammar` for it, and one line below.
 */
import { en } from '../../../templates/notes/en.ts';
import { fr } from '../../../templates/notes/fr.ts';
import type { NoteTemplates } from '../../../templates/notes/shape.ts';
import { english } from './english.ts';
import { french, frenchSpacing } from './french.ts';
import type { Grammar } from './grammar.ts';

export interface Language {
  readonly templates: NoteTemplates;
  readonly grammar: Grammar;
}

/** Applies `typography` to every template text, leaving keys (such as English titles) alone. */
function withTypography<T>(templates: T, typography: (text: string) => string): T {
  const apply = (node: unknown): unknown => {
    if (typeof node === 'string') return typography(node);
    if (Array.isArray(node)) return node.map(apply);
    if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, apply(value)]));
    return node;
  };
  return apply(templates) as T;
}

export const languages = {
  en: { templates: en, grammar: english },
  fr: { templates: withTypography<NoteTemplates>(fr, frenchSpacing), grammar: french },
} as const satisfies Readonly<Record<string, Language>>;

export type NoteLanguage = keyof typeof languages;

export const noteLanguages = Object.keys(languages) as NoteLanguage[];

/**
 * English for the notes: UN date style ("15 May 2024"), ordinals in words, and the definite
 * article the UN editorial style puts before some State names.
 *
 * The article rule: "the" before a name whose head is a descriptive noun (Republic, Kingdom,
 * Federation, State(s), Emirates: "the Russian Federation", "the State of Palestine", "the
 * Plurinational State of Bolivia"), and before the few names the UN always writes with it
 * ("the Netherlands", "the Philippines", "the Holy See"); no article otherwise ("France",
 * "Solomon Islands", "Türkiye"). A name the rule does not know gets no article, which is the
 * common case, so English never falls back to a neutral construction.
 */
import { ordinalWords } from '../words.ts';
import { dateParts, type Grammar, naturalOrder, type StateInText } from './grammar.ts';

const alwaysWithThe = new Set([
  'Bahamas',
  'Comoros',
  'Congo',
  'Cook Islands',
  'Gambia',
  'Holy See',
  'Marshall Islands',
  'Netherlands',
  'Niger',
  'Philippines',
  'Sudan',
]);

const descriptiveHead = /\b(?:Republic|Kingdom|Federation|States?|Emirates)\b/;

function inText(name: string): StateInText {
  const natural = naturalOrder(name, /\bof(?: the)?$/);
  const withThe = !/^the /i.test(natural) && (alwaysWithThe.has(natural) || descriptiveHead.test(natural));
  const state = withThe ? `the ${natural}` : natural;
  return { state, ofState: `of ${state}`, known: true };
}

/** Ordinals in words from 1 to 199, the range of sessions and reminders; figures beyond ("200th"). */
function ordinal(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 199) return `${n}${figureSuffix(n)}`;
  return ordinalWords(n);
}

function figureSuffix(n: number): string {
  const lastTwo = Math.abs(n) % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][Math.abs(n) % 10] ?? 'th';
}

export const english: Grammar = {
  nameOf: (state) => state.nameEn,
  inText,
  date(isoDate, months) {
    const parts = dateParts(isoDate);
    if (parts === undefined) return isoDate;
    return `${parts.day} ${months[parts.month - 1]} ${parts.year}`;
  },
  ordinal: (n) => ordinal(n),
};

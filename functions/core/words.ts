/**
 * Numbers as United Nations documents write them, in one place for every format of the report:
 * in running text, whole numbers from one to nine in words and 10 and above in figures ("three
 * States", "12 States"), but a number that opens a sentence always in words ("Twelve States
 * submitted …"); session numbers in words in mastheads ("Seventy-ninth session"). Words are in
 * British English: "one hundred and five". Read by the notes (reminder and session ordinals) and the report alike.
 */

const units = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const tens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

function belowHundred(n: number): string {
  if (n < 20) return units[n]!;
  const unit = n % 10;
  return `${tens[Math.floor(n / 10)]}${unit ? `-${units[unit]}` : ''}`;
}

function belowThousand(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds === 0) return belowHundred(rest);
  return `${units[hundreds]} hundred${rest ? ` and ${belowHundred(rest)}` : ''}`;
}

/** 0 → "zero", 21 → "twenty-one", 195 → "one hundred and ninety-five", 12 345 → "twelve thousand three hundred and forty-five". */
export function cardinalWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 1_000_000) throw new RangeError(`no words for ${n}: a whole number from 0 to 999 999 is expected`);
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  if (thousands === 0) return belowThousand(rest);
  // "one thousand and five", but "one thousand one hundred": "and" goes before a last part under a hundred.
  const tail = rest === 0 ? '' : rest < 100 ? ` and ${belowHundred(rest)}` : ` ${belowThousand(rest)}`;
  return `${belowThousand(thousands)} thousand${tail}`;
}

const irregularOrdinals: Readonly<Record<string, string>> = {
  one: 'first',
  two: 'second',
  three: 'third',
  five: 'fifth',
  eight: 'eighth',
  nine: 'ninth',
  twelve: 'twelfth',
};

/** 79 → "seventy-ninth", 81 → "eighty-first", 100 → "one hundredth". */
export function ordinalWords(n: number): string {
  if (n < 1) throw new RangeError(`no ordinal for ${n}`);
  const words = cardinalWords(n);
  const match = /^(.*?)([a-z]+)$/.exec(words)!;
  const [, head, last] = match as unknown as [string, string, string];
  const ordinal = irregularOrdinals[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return `${head}${ordinal}`;
}

/** A whole number in running text: "one" to "nine" in words, "10" and above in figures, "0" for none. */
export function numberInText(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`no count ${n}: a whole number is expected`);
  return n >= 1 && n <= 9 ? cardinalWords(n) : String(n);
}

/** "no States", "one State", "three States", "12 States": a count with its noun, inside a sentence. */
export function countOf(n: number, singular: string, plural: string): string {
  if (n === 0) return `no ${plural}`;
  return `${numberInText(n)} ${n === 1 ? singular : plural}`;
}

/** "No States", "One State", "Twelve States": a count that opens a sentence, always in words. */
export function countAtSentenceStart(n: number, singular: string, plural: string): string {
  if (n === 0) return `No ${plural}`;
  return capitalize(`${cardinalWords(n)} ${n === 1 ? singular : plural}`);
}

export function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/**
 * Text for the PDF's standard fonts. Those fonts use the WinAnsi encoding, which has Latin-1,
 * curly quotes, dashes, œ and a few more, but not "ő", "ț", "ł", Cyrillic, Arabic or CJK, and
 * the PDF writer (pdf-file.ts) refuses a character it cannot encode. So every character the
 * font lacks is replaced, never dropped silently and never allowed to throw:
 *
 * 1. look-alike punctuation and spaces by their WinAnsi equivalent;
 * 2. letters with diacritics the font lacks by the base letter ("ő" → "o", "ț" → "t"; "é" is
 *    kept), compatibility forms by their plain letters ("Ⅻ" → "XII", "ﬁ" → "fi"), and a few
 *    letters without a decomposition by their usual transliteration ("ł" → "l", "đ" → "d");
 * 3. invisible format characters are dropped, other spaces and controls become a space;
 * 4. anything else becomes "?".
 *
 * The e-mail text and HTML carry the exact text; the PDF's metadata keeps exact names too.
 */

const lookAlikes: Readonly<Record<string, string>> = {
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // figure dash
  '\u2015': '\u2014', // horizontal bar
  '\u2212': '-', // minus sign
  '\u2032': "'", // prime
  '\u2033': '"', // double prime
  '\u2044': '/', // fraction slash
  '\u202f': '\u00a0', // narrow no-break space, as French typography uses before ; ! ?
  '\u2007': '\u00a0', // figure space (no-break)
  '\u2060': '', // word joiner
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
  ı: 'i',
  ŀ: 'l',
  Ŀ: 'L',
  ŧ: 't',
  Ŧ: 'T',
  ŋ: 'n',
  Ŋ: 'N',
  ə: 'e',
  Ə: 'E',
  ſ: 's',
};

/** A function that makes any text encodable in a font whose character set is `supported` (code points). */
export function winAnsiText(supported: Iterable<number>): (text: string) => string {
  const encodable = new Set(supported);
  const canEncode = (text: string) => [...text].every((character) => encodable.has(character.codePointAt(0) ?? -1));
  const replacementOf = (character: string): string => {
    const lookAlike = lookAlikes[character];
    if (lookAlike !== undefined) return lookAlike;
    const base = character.normalize('NFKD').replace(/\p{M}/gu, '');
    if (base !== '' && base !== character && canEncode(base)) return base;
    if (/\p{Cf}/u.test(character)) return '';
    if (/[\s\p{Cc}]/u.test(character)) return ' ';
    return '?';
  };
  return (text) => {
    let result = '';
    for (const character of text) result += encodable.has(character.codePointAt(0) ?? -1) ? character : replacementOf(character);
    return result;
  };
}

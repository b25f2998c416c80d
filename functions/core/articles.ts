/**
 * The English indefinite article before a word that is not known in advance (a content type, a
 * kind of report): "an application/pdf file", "a text/plain file". Problem texts that put "a"
 * before a value use this, so that none reads "a application/pdf".
 *
 * The choice follows the sound, which the spelling shows except in a few families: "a user", "a
 * unique", "a European", "a one-page", but "an hour", "an honest". Letters spoken one by one are
 * not told apart from words: write such a phrase without the article.
 */

const consonantSound = /^(uni|use|usa|usu|uti|ura|ure|uri|uro|uk|eu|ewe|one|once)/i;
const vowelSound = /^(hour|honest|honou?r|heir)/i;

/** "a" or "an", for `word`. */
export function indefiniteArticle(word: string): 'a' | 'an' {
  if (vowelSound.test(word)) return 'an';
  if (consonantSound.test(word)) return 'a';
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** `word` after its indefinite article: "an application/pdf", "a text/plain". */
export function withIndefiniteArticle(word: string): string {
  return `${indefiniteArticle(word)} ${word}`;
}

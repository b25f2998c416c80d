import { describe, expect, it } from 'vitest';
import { capitalize, cardinalWords, countAtSentenceStart, countOf, numberInText, ordinalWords } from '../../functions/core/words.ts';

describe('numbers in words', () => {
  it.each([
    [0, 'zero'],
    [1, 'one'],
    [12, 'twelve'],
    [19, 'nineteen'],
    [20, 'twenty'],
    [21, 'twenty-one'],
    [99, 'ninety-nine'],
    [100, 'one hundred'],
    [105, 'one hundred and five'],
    [195, 'one hundred and ninety-five'],
    [1000, 'one thousand'],
    [1005, 'one thousand and five'],
    [1100, 'one thousand one hundred'],
    [10_000, 'ten thousand'],
    [12_345, 'twelve thousand three hundred and forty-five'],
  ])('%i is "%s"', (n, words) => {
    expect(cardinalWords(n)).toBe(words);
  });

  it.each([
    [1, 'first'],
    [2, 'second'],
    [3, 'third'],
    [12, 'twelfth'],
    [20, 'twentieth'],
    [79, 'seventy-ninth'],
    [81, 'eighty-first'],
    [100, 'one hundredth'],
    [112, 'one hundred and twelfth'],
  ])('the ordinal of %i is "%s"', (n, words) => {
    expect(ordinalWords(n)).toBe(words);
  });

  it.each([
    [0, 'no States'],
    [1, 'one State'],
    [2, 'two States'],
    [9, 'nine States'],
    [10, '10 States'],
    [193, '193 States'],
  ])('counts %i as "%s" in running text: words from one to nine, figures from 10', (n, words) => {
    expect(countOf(n, 'State', 'States')).toBe(words);
  });

  it.each([
    [0, 'No States'],
    [1, 'One State'],
    [12, 'Twelve States'],
    [193, 'One hundred and ninety-three States'],
  ])('counts %i as "%s" at the start of a sentence, always in words', (n, words) => {
    expect(countAtSentenceStart(n, 'State', 'States')).toBe(words);
  });

  it('writes numbers in running text the same way, and refuses what is not a count', () => {
    expect([0, 1, 9, 10, 11, 190].map(numberInText)).toEqual(['0', 'one', 'nine', '10', '11', '190']);
    expect(() => numberInText(-1)).toThrow(RangeError);
  });

  it('refuses what has no words', () => {
    for (const n of [-1, 1.5, 1_000_000, Number.NaN]) expect(() => cardinalWords(n)).toThrow(RangeError);
    expect(() => ordinalWords(0)).toThrow(RangeError);
  });

  it('capitalizes a session for the masthead', () => {
    expect(capitalize(ordinalWords(79))).toBe('Seventy-ninth');
  });
});

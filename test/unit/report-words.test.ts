import { describe, expect, it } from 'vitest';
import { capitalize, cardinalWords, countOf, ordinalWords } from '../../functions/core/report/words.ts';

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
    [12, 'twelve States'],
    [193, 'one hundred and ninety-three States'],
  ])('counts %i as "%s"', (n, words) => {
    expect(countOf(n, 'State', 'States')).toBe(words);
  });

  it('refuses what has no words', () => {
    for (const n of [-1, 1.5, 1_000_000, Number.NaN]) expect(() => cardinalWords(n)).toThrow(RangeError);
    expect(() => ordinalWords(0)).toThrow(RangeError);
  });

  it('capitalizes a session for the masthead', () => {
    expect(capitalize(ordinalWords(79))).toBe('Seventy-ninth');
  });
});

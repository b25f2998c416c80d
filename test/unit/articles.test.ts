import { describe, expect, it } from 'vitest';
import { indefiniteArticle, withIndefiniteArticle } from '../../functions/core/articles.ts';

describe('the indefinite article', () => {
  it('goes by the sound of the word', () => {
    expect(withIndefiniteArticle('application/pdf file')).toBe('an application/pdf file');
    expect(withIndefiniteArticle('image/jpeg file')).toBe('an image/jpeg file');
    expect(withIndefiniteArticle('text/plain file')).toBe('a text/plain file');
    expect(withIndefiniteArticle('attachment')).toBe('an attachment');
    expect(withIndefiniteArticle('violation report')).toBe('a violation report');
    expect(withIndefiniteArticle('update')).toBe('an update');
    expect(withIndefiniteArticle('unknown sender')).toBe('an unknown sender');
    expect(withIndefiniteArticle('uneven line')).toBe('an uneven line');
    expect(withIndefiniteArticle('urgent note')).toBe('an urgent note');
  });

  it('knows the words whose spelling hides their sound', () => {
    for (const word of ['user', 'unique', 'university', 'usual', 'utility', 'European', 'one-page', 'Ukrainian'])
      expect(indefiniteArticle(word), word).toBe('a');
    for (const word of ['hour', 'honest', 'honour', 'heir']) expect(indefiniteArticle(word), word).toBe('an');
    for (const word of ['house', 'hotel']) expect(indefiniteArticle(word), word).toBe('a');
  });
});

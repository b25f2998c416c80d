/** What every refused field of a validation problem looks like, whatever refused it. */
import { expect } from 'vitest';
import { type FieldError, fieldRules } from '../../functions/core/validation.ts';

/** A refused field: its pointer and English message, and, where a person could have made the mistake, the rule and its limit. */
export function expectFieldError(error: unknown, what?: string): void {
  expect(error, what).toMatchObject({ path: expect.any(String), message: expect.any(String) });
  expect(
    Object.keys(error as object).filter((key) => !['path', 'message', 'rule', 'limit'].includes(key)),
    what,
  ).toEqual([]);
  const { rule, limit } = error as FieldError;
  if (rule !== undefined) expect(fieldRules, what).toContain(rule);
  if (limit !== undefined) expect(typeof limit, what).toBe('string');
}

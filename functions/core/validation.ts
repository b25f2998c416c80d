/**
 * Validation results for inputs people fill in: one clear message per bad field, each field
 * named by a JSON pointer, the same for forms, cycles and every other schema-checked input.
 */
import type * as z from 'zod/mini';
// zod's English messages, which some field messages below are made from.
import './zod-messages.ts';

/**
 * Why a field was refused, for a client that words the message in its reader's language (the
 * missions' portal): the rules a person filling in a form can break. Other refusals (a malformed
 * request a program sent) have no rule, and their English `message` is all there is.
 */
export const fieldRules = [
  'required',
  'noneChosen',
  'tooShort',
  'tooLong',
  'notListed',
  'invalidDate',
  'afterToday',
  'beforeEarliest',
  'afterNoteDate',
  'duplicate',
  'controlCharacters',
  'sameState',
  'incidentReference',
  'noMeasures',
  'tooManyAttachments',
  'attachmentsTooLarge',
  'textTooLong',
] as const;
export type FieldRule = (typeof fieldRules)[number];

/**
 * One problem with one field of an input, the field named by a JSON pointer (`/items/0/incidentDate`),
 * said in English (`message`) and, where a person could have made it, named (`rule`) with the
 * figure or date it is about (`limit`, as text: a length, a count, a size in MiB, a date).
 */
export interface FieldError {
  readonly path: string;
  readonly message: string;
  readonly rule?: FieldRule;
  readonly limit?: string;
}

/** The zod issue parameters that name a custom check's rule: `z.refine(check, { message, params: ruleParams('afterToday') })`. */
export function ruleParams(rule: FieldRule, limit?: number | string): { rule: FieldRule; limit?: string } {
  return limit === undefined ? { rule } : { rule, limit: String(limit) };
}

export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

/**
 * Turns schema issues into one message per field, worded for the person who filled in the form.
 * Messages written for a field start with "must" and are used as they are; regular-expression
 * messages name what is expected ("an ISO 3166-1 alpha-3 code ...").
 */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], unknownKeyMessage: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const add = (path: readonly PropertyKey[], refusal: Refusal): void => {
    const pointer = toPointer(path);
    if (seen.has(pointer)) return;
    seen.add(pointer);
    errors.push({ path: pointer, ...refusal });
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add([...issue.path, key], { message: unknownKeyMessage });
    } else {
      add(issue.path, refusalFor(issue));
    }
  }
  return errors;
}

function toPointer(path: readonly PropertyKey[]): string {
  return path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

const typeNames: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

type Refusal = Omit<FieldError, 'path'>;

/**
 * The issue's message and the rule it breaks. A custom check names its own rule and limit
 * (`ruleParams`); otherwise the rule follows zod's kind of issue. A check's own message (one that
 * starts with "must") is used as it is, and a field it calls missing names no rule.
 */
function refusalFor(issue: z.core.$ZodIssue): Refusal {
  if (issue.code === 'custom') {
    const params = issue.params as { rule?: FieldRule; limit?: string } | undefined;
    return { message: issue.message, ...(params?.rule ? { rule: params.rule } : {}), ...(params?.limit === undefined ? {} : { limit: params.limit }) };
  }
  const own = issue.message.startsWith('must ') ? issue.message : undefined;
  const refusal = (message: string, rule?: FieldRule, limit?: PropertyKey | bigint): Refusal => ({
    message: own ?? message,
    ...(rule === undefined ? {} : { rule }),
    ...(limit === undefined ? {} : { limit: String(limit) }),
  });
  const missing = 'input' in issue && issue.input === undefined;
  const required: Refusal = own === undefined ? { message: 'is required', rule: 'required' } : { message: own };
  switch (issue.code) {
    case 'invalid_type':
      return missing ? required : refusal(`must be ${typeNames[issue.expected] ?? issue.expected}`);
    case 'invalid_value':
      if (missing) return required;
      return refusal(issue.values.length === 1 ? `must be ${JSON.stringify(issue.values[0])}` : `must be one of: ${issue.values.join(', ')}`, 'notListed');
    case 'invalid_union':
      // A discriminated union reports the whole object as its input, at the path of the discriminator.
      if (missing || ('discriminator' in issue && isObjectWithout(issue.input, String(issue.discriminator)))) return required;
      return refusal(
        'options' in issue && Array.isArray(issue.options) ? `must be one of: ${issue.options.join(', ')}` : 'is not in any accepted form',
        'notListed',
      );
    case 'too_small':
      if (issue.origin === 'string')
        return issue.minimum === 1
          ? refusal('must not be empty', 'required')
          : refusal(`must be at least ${issue.minimum} characters long`, 'tooShort', issue.minimum);
      if (issue.origin === 'array')
        return refusal(`must list at least ${issue.minimum} ${issue.minimum === 1 ? 'entry' : 'entries'}`, issue.minimum === 1 ? 'noneChosen' : undefined);
      return refusal(`must be at least ${issue.minimum}`);
    case 'too_big':
      if (issue.origin === 'string') return refusal(`must be at most ${issue.maximum} characters long`, 'tooLong', issue.maximum);
      if (issue.origin === 'array') return refusal(`must list at most ${issue.maximum} entries`);
      return refusal(`must be at most ${issue.maximum}`);
    case 'invalid_format':
      if (issue.format === 'date') return refusal('must be a date as YYYY-MM-DD that exists', 'invalidDate');
      if (issue.format === 'datetime') return refusal('must be a date and time with a time zone, e.g. 2024-05-15T14:30:00Z');
      if (issue.format === 'url') return refusal('must be a web address starting with https:// or http://');
      return refusal(`must be ${issue.message}`);
    default:
      return { message: issue.message };
  }
}

function isObjectWithout(value: unknown, key: string): boolean {
  return typeof value === 'object' && value !== null && !Object.hasOwn(value, key);
}

/**
 * Reads a value from its JSON text, or takes an already parsed value, and checks it against
 * `schema`: malformed JSON and every bad field come back as field errors, never as a throw.
 */
export function parseJsonWith<S extends z.ZodMiniType>(schema: S, json: unknown, unknownKeyMessage: string): Validation<z.output<S>> {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      return { ok: false, errors: [{ path: '', message: `is not valid JSON: ${(error as Error).message}` }] };
    }
  }
  const result = schema.safeParse(value, { reportInput: true });
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: fieldErrors(result.error.issues, unknownKeyMessage) };
}

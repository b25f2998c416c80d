/**
 * Validation results for inputs people fill in: one clear message per bad field, each field
 * named by a JSON pointer, the same for forms, cycles and every other schema-checked input.
 */
import type * as z from 'zod/mini';
// zod's English messages, which some field messages below are made from.
import './zod-messages.ts';

/** One problem with one field of an input, the field named by a JSON pointer (`/items/0/incidentDate`). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
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
  const add = (path: readonly PropertyKey[], message: string): void => {
    const pointer = toPointer(path);
    if (seen.has(pointer)) return;
    seen.add(pointer);
    errors.push({ path: pointer, message });
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add([...issue.path, key], unknownKeyMessage);
    } else {
      add(issue.path, messageFor(issue));
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

function messageFor(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith('must ')) return issue.message;
  const missing = 'input' in issue && issue.input === undefined;
  switch (issue.code) {
    case 'invalid_type':
      return missing ? 'is required' : `must be ${typeNames[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      if (missing) return 'is required';
      return issue.values.length === 1 ? `must be ${JSON.stringify(issue.values[0])}` : `must be one of: ${issue.values.join(', ')}`;
    case 'invalid_union':
      // A discriminated union reports the whole object as its input, at the path of the discriminator.
      if (missing || ('discriminator' in issue && isObjectWithout(issue.input, String(issue.discriminator)))) return 'is required';
      return 'options' in issue && Array.isArray(issue.options) ? `must be one of: ${issue.options.join(', ')}` : 'is not in any accepted form';
    case 'too_small':
      if (issue.origin === 'string') return issue.minimum === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters long`;
      if (issue.origin === 'array') return `must list at least ${issue.minimum} ${issue.minimum === 1 ? 'entry' : 'entries'}`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters long`;
      if (issue.origin === 'array') return `must list at most ${issue.maximum} entries`;
      return `must be at most ${issue.maximum}`;
    case 'invalid_format':
      if (issue.format === 'date') return 'must be a date as YYYY-MM-DD that exists';
      if (issue.format === 'datetime') return 'must be a date and time with a time zone, e.g. 2024-05-15T14:30:00Z';
      if (issue.format === 'url') return 'must be a web address starting with https:// or http://';
      return `must be ${issue.message}`;
    default:
      return issue.message;
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

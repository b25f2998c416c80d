/**
 * Submission references, `MPR-<year>-<sequence>`: how they are written, read and ordered. An
 * incident's id is built on its report's reference (`INC-MPR-2024-0001-1`, see incidents.ts).
 */
import * as z from 'zod/mini';

const referencePattern = /^MPR-(\d{4})-(\d{4}|[1-9]\d{4,})$/;

/**
 * A submission's reference, `MPR-<year>-<sequence>`: the sequence is zero-padded to four digits
 * so that references of a year sort as text up to MPR-<year>-9999, and widens beyond (use
 * `compareReferences` to sort across that point). Each sequence has one spelling only.
 */
export function formatReference(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year must have four digits: ${year}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`sequence must be a whole number from 1: ${sequence}`);
  return `MPR-${year}-${String(sequence).padStart(4, '0')}`;
}

export function parseReference(reference: string): { readonly year: number; readonly sequence: number } | undefined {
  const match = referencePattern.exec(reference);
  if (match === null) return undefined;
  const sequence = Number(match[2]);
  if (sequence < 1 || !Number.isSafeInteger(sequence)) return undefined;
  return { year: Number(match[1]), sequence };
}

/** Orders references by year, then sequence; throws on a string that is not a reference. */
export function compareReferences(a: string, b: string): number {
  const left = parseReference(a);
  const right = parseReference(b);
  if (left === undefined || right === undefined) throw new TypeError(`not a submission reference: ${left === undefined ? a : b}`);
  return left.year - right.year || left.sequence - right.sequence;
}

export const referenceSchema = z.string().check(z.refine((value) => parseReference(value) !== undefined, 'must be a reference such as MPR-2024-0042'));

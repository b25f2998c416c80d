/**
 * What the report can say of an instrument when no status table of its participants has been
 * imported: the headline counts of the United Nations Treaty Collection's status page, with the
 * page's address and, when the copy read showed it, the date of the status
 * (data/instruments/untc-status.json). Counts not read are null, never estimated.
 */
import * as z from 'zod/mini';
import { isoDateSchema } from '../codes.ts';
import { parseJsonWith, type Validation } from '../validation.ts';

const count = z.nullable(z.int().check(z.gte(0)));

export const headlineStatusSchema = z.strictObject({
  id: z.string().check(z.regex(/^[IVXL]+-[1-9]\d*$/, 'a UN Treaty Collection chapter and number, e.g. III-3')),
  source: z.url(),
  /** The "STATUS AS AT" date of the page read, or null when the copy did not show it. */
  statusAsAt: z.nullable(isoDateSchema),
  signatories: count,
  parties: count,
  note: z.nullable(z.string()),
});
export type HeadlineStatus = z.output<typeof headlineStatusSchema>;

const fileSchema = z.strictObject({ about: z.string(), instruments: z.array(headlineStatusSchema) });

/** Reads data/instruments/untc-status.json, from its text or parsed value. */
export function parseHeadlineStatus(json: unknown): Validation<HeadlineStatus[]> {
  const parsed = parseJsonWith(fileSchema, json, 'is not a field of the Treaty Collection status file');
  return parsed.ok ? { ok: true, value: parsed.value.instruments } : parsed;
}

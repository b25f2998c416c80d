/**
 * Drafts: a report a State's focal points save on the server while they write it (missions clear
 * reports with their capital before sending them), and submit later. A draft holds the portal
 * form's fields as typed, unchecked, since an unfinished report is not yet a valid one; only its
 * size is limited. It belongs to a State, not to a user: any focal point of the State may take
 * it up.
 */
import * as z from 'zod/mini';
import { isoInstantSchema } from './codes.ts';

export const draftLimits = {
  titleChars: 300,
  fields: 100,
  fieldChars: 60_000,
  listEntries: 50,
  /** The whole draft, as JSON: well under DynamoDB's 400 KB item limit. */
  draftBytes: 300_000,
  draftsPerState: 100,
} as const;

const fieldValueSchema = z.union([
  z.string().check(z.maxLength(draftLimits.fieldChars)),
  z.boolean(),
  z.array(z.string().check(z.maxLength(200))).check(z.maxLength(draftLimits.listEntries)),
]);

export const draftInputSchema = z
  .strictObject({
    title: z._default(z.string().check(z.maxLength(draftLimits.titleChars)), ''),
    form: z
      .record(z.string().check(z.regex(/^[a-z][a-z0-9-]{0,63}$/, 'field names are lower-case words joined by hyphens')), fieldValueSchema)
      .check(z.refine((form) => Object.keys(form).length <= draftLimits.fields, `must have at most ${draftLimits.fields} fields`)),
  })
  .check(
    z.refine((draft) => Buffer.byteLength(JSON.stringify(draft)) <= draftLimits.draftBytes, {
      message: `must be at most ${draftLimits.draftBytes / 1000} KB`,
      path: ['form'],
    }),
  );

export type DraftInput = z.output<typeof draftInputSchema>;

export const draftIdSchema = z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a draft id'));

export const draftSchema = z.object({
  id: draftIdSchema,
  title: z.string(),
  form: draftInputSchema.shape.form,
  savedAt: isoInstantSchema,
  savedBy: z.string(),
});

export type Draft = z.output<typeof draftSchema>;

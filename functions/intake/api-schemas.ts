/**
 * The upload API's requests and responses as zod schemas. The handlers validate and type with
 * them, and the OpenAPI document (functions/api-documents) is generated from them, so the
 * document describes the API that runs. Report contents come from the core's form schemas.
 */
import * as z from 'zod';
import { type Caller, roles } from '../core/caller.ts';
import { isoDateSchema, isoInstantSchema, stateCodeSchema } from '../core/codes.ts';
import { decisionNames } from '../core/decisions.ts';
import type { HealthReport } from '../core/health.ts';
import { type OwedNow, obligationKinds } from '../core/obligations.ts';
import { referenceSchema } from '../core/references.ts';
import { submissionSchema, viewsItemSchema } from '../core/submissions.ts';
import { uploadKeySchema } from './upload-keys.ts';

/** The `Idempotency-Key` header: a retry with the same key answers with the first receipt. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1 to 128 letters, digits, hyphens or underscores')
  .meta({
    description:
      'Clients must send one: a new key (a UUID, say) for each new submission, the same key on every retry of it. A request with a key already used is answered with the receipt of the first, whatever the rate limit. ' +
      'A request without a key is keyed by the digest of its bytes: the same bytes sent again are answered with the first receipt, never recorded twice.',
  });

/** One attachment as the report form describes it: the core's rule for types, name endings, sizes and digests. */
export const attachmentDescriptionSchema = viewsItemSchema.shape.attachments.unwrap().element;
export type AttachmentDescription = z.output<typeof attachmentDescriptionSchema>;

/**
 * What the upload endpoint adds to each attachment of the form: the key of the uploaded file.
 * The handler reads it apart from the form (see submission-request.ts); the OpenAPI document
 * adds it to the form's attachment schema.
 */
export const uploadedAttachmentFields = { key: uploadKeySchema } as const;

export const attachmentUploadSchema = z.object({
  key: uploadKeySchema,
  uploadUrl: z.url().meta({ description: 'A presigned URL: PUT the file to it, with exactly the headers below, before it expires.' }),
  method: z.literal('PUT'),
  headers: z
    .record(z.string(), z.string())
    .meta({ description: 'Headers the PUT must carry; the signature covers them, so S3 refuses another type, size or digest.' }),
  expiresAt: isoInstantSchema,
});
export type AttachmentUpload = z.output<typeof attachmentUploadSchema>;

export const receiptSchema = z.object({
  reference: referenceSchema,
  receivedAt: isoInstantSchema,
  status: submissionSchema.shape.status.meta({
    description:
      '`received` until circulated; `circulated` to all States; `not-circulated` when the State asked that it not be, or the Secretariat so decided.',
  }),
  decisions: submissionSchema.shape.decisions,
  links: z.object({ self: z.string() }),
});
export type Receipt = z.output<typeof receiptSchema>;

/** A note verbale the Secretariat sent: its symbol and date. */
const sentNoteSchema = z.object({ symbol: z.string(), date: isoDateSchema });

/**
 * What was sent to whom and when about one submission, as its own State may know it: the
 * circulation to all States, the attention notes to the States concerned (paragraph 12(c)), and
 * the reminders sent to the State itself about the incidents of the submission. Nothing is said
 * of what other States were reminded of or reported.
 */
export const submissionDispatchSchema = z.object({
  circulation: z.discriminatedUnion('status', [
    z.object({ status: z.literal('pending').meta({ description: 'Received; circulation not yet done.' }) }),
    z.object({
      status: z.literal('circulated'),
      states: z.int().min(0).meta({ description: 'How many States the circulation note went to.' }),
      note: sentNoteSchema.optional(),
    }),
    z.object({
      status: z.literal('not-circulated'),
      reason: z.enum(['state-request', 'secretariat', 'views']).meta({
        description: '`state-request`: the State asked that it not be (paragraph 12(b)); `secretariat`: so decided; `views`: views are not circulated.',
      }),
    }),
  ]),
  attention: z
    .array(z.object({ state: stateCodeSchema, incidentId: z.string(), note: sentNoteSchema }))
    .meta({ description: 'Attention notes sent to the States directly concerned by an incident of the submission (paragraph 12(c)).' }),
  reminders: z
    .array(z.object({ incidentId: z.string(), obligationId: z.string(), number: z.int().min(1), note: sentNoteSchema }))
    .meta({ description: 'Reminders sent to the State itself about what it owes on the incidents of the submission.' }),
});
export type SubmissionDispatch = z.output<typeof submissionDispatchSchema>;

/** A short-lived link to one of the submission's own attached files. */
export const attachmentDownloadSchema = z.object({
  itemIndex: z.int().min(0),
  fileName: z.string(),
  contentType: z.string(),
  size: z.int().min(1),
  url: z.url().meta({ description: 'A presigned GET of the file, valid until expiresAt; ask for the submission again for a new one.' }),
  expiresAt: isoInstantSchema,
});
export type AttachmentDownload = z.output<typeof attachmentDownloadSchema>;

/** One submission as its State reads it back: the receipt, what was submitted, what was sent about it, and its files. */
export const submissionViewSchema = receiptSchema
  .extend(submissionSchema.pick({ cycleId: true, source: true, formVersion: true, language: true, note: true, items: true }).shape)
  .extend({ dispatch: submissionDispatchSchema, downloads: z.array(attachmentDownloadSchema) });
export type SubmissionView = z.output<typeof submissionViewSchema>;

/** One line of the State's list of submissions: the receipt and the kinds of report it carries. */
export const submissionListEntrySchema = receiptSchema.extend({
  kinds: z.array(z.enum(['violation', 'follow-up', 'views'])).meta({ description: 'The kinds of its items, each once, in item order.' }),
});
export type SubmissionListEntry = z.output<typeof submissionListEntrySchema>;

export const submissionListSchema = z.object({ submissions: z.array(submissionListEntrySchema) });

const reportRefSchema = z.object({ reference: referenceSchema, itemIndex: z.int().min(0), receivedAt: isoInstantSchema });

export const owedObligationSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  owingState: stateCodeSchema,
  kind: z.enum(obligationKinds),
  basis: z.object({ paragraph: z.int(), subparagraph: z.enum(['a', 'b']) }),
  triggeredBy: reportRefSchema,
  dueDate: isoDateSchema.nullable(),
  reminderDates: z.array(isoDateSchema),
  status: z.literal('owed'),
  overdue: z.boolean(),
}) satisfies z.ZodType<OwedNow>;

export const obligationsSchema = z.object({ state: stateCodeSchema, obligations: z.array(owedObligationSchema) });

export const callerSchema = z.object({
  username: z.string(),
  state: stateCodeSchema.optional(),
  roles: z.array(z.enum(roles)),
}) satisfies z.ZodType<Caller>;

export const healthReportSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  checkedAt: isoInstantSchema,
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), millis: z.number(), error: z.string().optional() })),
}) satisfies z.ZodType<HealthReport>;

/** Cognito accepts far more; these names are typed by people and read in audit trails. */
export const usernameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'must be 3 to 64 lower-case letters, digits, dots, hyphens or underscores, starting with a letter or digit');

/** POST /v1/focal-points: the user to create. */
export const newFocalPointSchema = z.strictObject({
  username: usernameSchema,
  email: z.email().max(254).toLowerCase(),
  missionAdmin: z.boolean().default(false).meta({ description: 'Make the user its mission’s administrator, who manages its focal points.' }),
  state: z.string().optional().meta({ description: 'For the Secretariat: the State of the new focal point. A mission administrator’s is its own.' }),
});

/** A State's user as the API shows it. */
export const focalPointSchema = z.object({
  username: usernameSchema,
  email: z.string().nullable(),
  state: stateCodeSchema,
  roles: z.array(z.enum(roles)),
  status: z.string().meta({ description: 'Cognito’s user status, e.g. FORCE_CHANGE_PASSWORD until the first sign-in, then CONFIRMED.' }),
  enabled: z.boolean(),
  createdAt: isoInstantSchema.nullable(),
});
export type FocalPointView = z.output<typeof focalPointSchema>;

export const focalPointListSchema = z.object({ state: stateCodeSchema, focalPoints: z.array(focalPointSchema) });

/** PATCH /v1/focal-points/{username}: disable or enable the account. */
export const focalPointChangeSchema = z.strictObject({
  enabled: z.boolean().meta({ description: 'false signs the user out everywhere and refuses its tokens at once; true lets it sign in again.' }),
});

const reasonSchema = z.string().trim().min(1).max(2000).meta({ description: 'Why, as the audit trail keeps it.' });

/** POST /v1/submissions/{reference}/decisions: one of the Secretariat's three decisions on a submission. */
export const decisionRequestSchema = z.strictObject({
  decision: z.enum(decisionNames).meta({ description: 'Circulate to all States, publish the full text, or summarize in the report.' }),
  value: z.boolean(),
  reason: reasonSchema,
});

/** POST /v1/submissions/{reference}/withdrawal: a submission found to be forged or sent in error. */
export const withdrawalRequestSchema = z.strictObject({ reason: reasonSchema });

/** RFC 9457 problem details, as every error of the API is answered. */
export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'A URI reference naming the kind of problem, e.g. /problems/validation.' }),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    errors: z
      .array(
        z.object({ path: z.string().meta({ description: 'A JSON pointer to the field in the request body; empty for the whole body.' }), message: z.string() }),
      )
      .optional()
      .meta({ description: 'One entry per rejected field (validation problems).' }),
    header: z.string().optional().meta({ description: 'The request header at fault (invalid-header problems).' }),
    reference: referenceSchema.optional().meta({ description: 'The submission concerned, when one is (e.g. recorded, but its circulation not yet started).' }),
  })
  .loose();

/**
 * The upload API's requests and responses as zod schemas. The handlers validate and type with
 * them, and the OpenAPI document (functions/api-documents) is generated from them, so the
 * document describes the API that runs. Report contents come from the core's form schemas.
 */
import * as z from 'zod/mini';
import { type Caller, roles } from '../core/caller.ts';
import { isoDateSchema, isoInstantSchema, stateCodeSchema } from '../core/codes.ts';
import { decisionNames } from '../core/decisions.ts';
import type { HealthReport } from '../core/health.ts';
import { type OwedNow, obligationKinds } from '../core/obligations.ts';
import { referenceSchema } from '../core/references.ts';
import { submissionSchema, viewsItemSchema } from '../core/submissions.ts';
import { fieldRules } from '../core/validation.ts';
import { uploadKeySchema } from './upload-keys.ts';

/** The `Idempotency-Key` header: a retry with the same key answers with the first receipt. */
export const idempotencyKeySchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1 to 128 letters, digits, hyphens or underscores'))
  .register(z.globalRegistry, {
    description:
      'Clients must send one: a new key (a UUID, say) for each new submission, the same key on every retry of it. A request with a key already used is answered with the receipt of the first, whatever the rate limit. ' +
      'A request without a key is keyed by the digest of its bytes: the same bytes sent again are answered with the first receipt, never recorded twice.',
  });

/** One attachment as the report form describes it: the core's rule for types, name endings, sizes and digests. */
export const attachmentDescriptionSchema = viewsItemSchema.shape.attachments.def.innerType.def.element;
export type AttachmentDescription = z.output<typeof attachmentDescriptionSchema>;

/**
 * What the upload endpoint adds to each attachment of the form: the key of the uploaded file.
 * The handler reads it apart from the form (see submission-request.ts); the OpenAPI document
 * adds it to the form's attachment schema.
 */
export const uploadedAttachmentFields = { key: uploadKeySchema } as const;

export const attachmentUploadSchema = z.object({
  key: uploadKeySchema,
  uploadUrl: z.url().register(z.globalRegistry, { description: 'A presigned URL: PUT the file to it, with exactly the headers below, before it expires.' }),
  method: z.literal('PUT'),
  headers: z
    .record(z.string(), z.string())
    .register(z.globalRegistry, { description: 'Headers the PUT must carry; the signature covers them, so S3 refuses another type, size or digest.' }),
  expiresAt: isoInstantSchema,
});
export type AttachmentUpload = z.output<typeof attachmentUploadSchema>;

export const receiptSchema = z.object({
  reference: referenceSchema,
  receivedAt: isoInstantSchema,
  // A copy described for the document (`register` describes the schema it is called on): the
  // stored submission's own schema stays as it is.
  status: submissionSchema.shape.status.clone().register(z.globalRegistry, {
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
    z.object({ status: z.literal('pending').register(z.globalRegistry, { description: 'Received; circulation not yet done.' }) }),
    z.object({
      status: z.literal('circulated'),
      states: z.int().check(z.gte(0)).register(z.globalRegistry, { description: 'How many States the circulation note went to.' }),
      note: z.optional(sentNoteSchema),
    }),
    z.object({
      status: z.literal('not-circulated'),
      reason: z.enum(['state-request', 'secretariat', 'views']).register(z.globalRegistry, {
        description: '`state-request`: the State asked that it not be (paragraph 12(b)); `secretariat`: so decided; `views`: views are not circulated.',
      }),
    }),
  ]),
  attention: z
    .array(z.object({ state: stateCodeSchema, incidentId: z.string(), note: sentNoteSchema }))
    .register(z.globalRegistry, { description: 'Attention notes sent to the States directly concerned by an incident of the submission (paragraph 12(c)).' }),
  reminders: z
    .array(z.object({ incidentId: z.string(), obligationId: z.string(), number: z.int().check(z.gte(1)), note: sentNoteSchema }))
    .register(z.globalRegistry, { description: 'Reminders sent to the State itself about what it owes on the incidents of the submission.' }),
});
export type SubmissionDispatch = z.output<typeof submissionDispatchSchema>;

/** A short-lived link to one of the submission's own attached files. */
export const attachmentDownloadSchema = z.object({
  itemIndex: z.int().check(z.gte(0)),
  fileName: z.string(),
  contentType: z.string(),
  size: z.int().check(z.gte(1)),
  url: z.url().register(z.globalRegistry, { description: 'A presigned GET of the file, valid until expiresAt; ask for the submission again for a new one.' }),
  expiresAt: isoInstantSchema,
});
export type AttachmentDownload = z.output<typeof attachmentDownloadSchema>;

/** One submission as its State reads it back: the receipt, what was submitted, what was sent about it, and its files. */
export const submissionViewSchema = z.extend(
  z.extend(receiptSchema, z.pick(submissionSchema, { cycleId: true, source: true, formVersion: true, language: true, note: true, items: true }).shape),
  { dispatch: submissionDispatchSchema, downloads: z.array(attachmentDownloadSchema) },
);
export type SubmissionView = z.output<typeof submissionViewSchema>;

/** One line of the State's list of submissions: the receipt and the kinds of report it carries. */
export const submissionListEntrySchema = z.extend(receiptSchema, {
  kinds: z.array(z.enum(['violation', 'follow-up', 'views'])).register(z.globalRegistry, { description: 'The kinds of its items, each once, in item order.' }),
});
export type SubmissionListEntry = z.output<typeof submissionListEntrySchema>;

export const submissionListSchema = z.object({ submissions: z.array(submissionListEntrySchema) });

const reportRefSchema = z.object({ reference: referenceSchema, itemIndex: z.int().check(z.gte(0)), receivedAt: isoInstantSchema });

export const owedObligationSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  owingState: stateCodeSchema,
  kind: z.enum(obligationKinds),
  basis: z.object({ paragraph: z.int(), subparagraph: z.enum(['a', 'b']) }),
  triggeredBy: reportRefSchema,
  dueDate: z.nullable(isoDateSchema),
  reminderDates: z.array(isoDateSchema),
  status: z.literal('owed'),
  overdue: z.boolean(),
}) satisfies z.ZodMiniType<OwedNow>;

export const obligationsSchema = z.object({ state: stateCodeSchema, obligations: z.array(owedObligationSchema) });

export const callerSchema = z.object({
  username: z.string(),
  state: z.optional(stateCodeSchema),
  roles: z.array(z.enum(roles)),
}) satisfies z.ZodMiniType<Caller>;

export const healthReportSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  checkedAt: isoInstantSchema,
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), millis: z.number(), error: z.optional(z.string()) })),
}) satisfies z.ZodMiniType<HealthReport>;

/** Cognito accepts far more; these names are typed by people and read in audit trails. */
export const usernameSchema = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'must be 3 to 64 lower-case letters, digits, dots, hyphens or underscores, starting with a letter or digit'));

/** POST /v1/focal-points: the user to create. */
export const newFocalPointSchema = z.strictObject({
  username: usernameSchema,
  email: z.email().check(z.maxLength(254), z.toLowerCase()),
  missionAdmin: z
    ._default(z.boolean(), false)
    .register(z.globalRegistry, { description: 'Make the user its mission’s administrator, who manages its focal points.' }),
  state: z
    .optional(z.string())
    .register(z.globalRegistry, { description: 'For the Secretariat: the State of the new focal point. A mission administrator’s is its own.' }),
});

/** A State's user as the API shows it. */
export const focalPointSchema = z.object({
  username: usernameSchema,
  email: z.nullable(z.string()),
  state: stateCodeSchema,
  roles: z.array(z.enum(roles)),
  status: z.string().register(z.globalRegistry, { description: 'Cognito’s user status, e.g. FORCE_CHANGE_PASSWORD until the first sign-in, then CONFIRMED.' }),
  enabled: z.boolean(),
  createdAt: z.nullable(isoInstantSchema),
});
export type FocalPointView = z.output<typeof focalPointSchema>;

export const focalPointListSchema = z.object({ state: stateCodeSchema, focalPoints: z.array(focalPointSchema) });

/** PATCH /v1/focal-points/{username}: disable or enable the account. */
export const focalPointChangeSchema = z.strictObject({
  enabled: z
    .boolean()
    .register(z.globalRegistry, { description: 'false signs the user out everywhere and refuses its tokens at once; true lets it sign in again.' }),
});

const reasonSchema = z
  .string()
  .check(z.trim(), z.minLength(1), z.maxLength(2000))
  .register(z.globalRegistry, { description: 'Why, as the audit trail keeps it.' });

/** POST /v1/submissions/{reference}/decisions: one of the Secretariat's three decisions on a submission. */
export const decisionRequestSchema = z.strictObject({
  decision: z.enum(decisionNames).register(z.globalRegistry, { description: 'Circulate to all States, publish the full text, or summarize in the report.' }),
  value: z.boolean(),
  reason: reasonSchema,
});

/** POST /v1/submissions/{reference}/withdrawal: a submission found to be forged or sent in error. */
export const withdrawalRequestSchema = z.strictObject({ reason: reasonSchema });

/** RFC 9457 problem details, as every error of the API is answered. */
export const problemSchema = z.looseObject({
  type: z.string().register(z.globalRegistry, { description: 'A URI reference naming the kind of problem, e.g. /problems/validation.' }),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  errors: z
    .optional(
      z.array(
        z.object({
          path: z.string().register(z.globalRegistry, { description: 'A JSON pointer to the field in the request body; empty for the whole body.' }),
          message: z.string().register(z.globalRegistry, { description: 'What is wrong with the field, in English.' }),
          rule: z
            .optional(z.enum(fieldRules))
            .register(z.globalRegistry, { description: 'The rule a person filling in a form broke, for a client that words the message in its own language.' }),
          limit: z.optional(z.string()).register(z.globalRegistry, { description: 'The length, count, size in MiB or date (YYYY-MM-DD) the rule is about.' }),
        }),
      ),
    )
    .register(z.globalRegistry, { description: 'One entry per rejected field (validation problems).' }),
  header: z.optional(z.string()).register(z.globalRegistry, { description: 'The request header at fault (invalid-header problems).' }),
  reference: z
    .optional(referenceSchema)
    .register(z.globalRegistry, { description: 'The submission concerned, when one is (e.g. recorded, but its circulation not yet started).' }),
  retryAfterSeconds: z
    .optional(z.int())
    .register(z.globalRegistry, { description: 'When to try again, as the Retry-After header says (too many requests, a request still being processed).' }),
  requestId: z.optional(z.string()).register(z.globalRegistry, { description: 'The request to quote to the Secretariat (internal errors).' }),
});

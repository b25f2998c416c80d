/**
 * Triage: the messages held for the Secretariat — quarantined ones, and free-form ones from a
 * registered mailbox awaiting classification — and the keys that make a message one item and one
 * submission however often it is delivered.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { isoInstantSchema, stateCodeSchema } from '../codes.ts';
import { attachmentTypes, submissionBodySchema } from '../submissions.ts';
import type { AttachmentContentType } from './attachment-rules.ts';
import { inboundLimits, quarantineReasons } from './limits.ts';

export const triageKinds = ['quarantined', 'free-form'] as const;
export const triageStatuses = ['pending', 'accepted', 'rejected'] as const;
export type TriageStatus = (typeof triageStatuses)[number];

const storedAttachmentOfEmailSchema = z.object({
  fileName: z.string().check(z.minLength(1)),
  contentType: z.enum(Object.keys(attachmentTypes) as [AttachmentContentType, ...AttachmentContentType[]]),
  size: z.int().check(z.gte(1)),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  key: z.string().check(z.minLength(1)),
});
export type EmailAttachmentRecord = z.output<typeof storedAttachmentOfEmailSchema>;

/** Which message it is and who sent it: kept with a held item and in the message's own record. */
export const emailIdentitySchema = z.object({
  dedupeKey: z.string().check(z.minLength(1)),
  sesMessageId: z.string().check(z.minLength(1)),
  envelopeSender: z.string(),
  fromAddress: z.nullable(z.string()),
  fromName: z.nullable(z.string()),
  subject: z.nullable(z.string()),
  sentAt: z.nullable(z.string()),
});

export const triageItemSchema = z.object({
  /** `T-<received day>-<8 hex>`, derived from the message's dedupe key so a redelivery finds the same item. */
  id: z.string().check(z.regex(/^T-\d{8}-[0-9a-f]{8}$/)),
  kind: z.enum(triageKinds),
  status: z.enum(triageStatuses),
  /** Why a quarantined message was held; absent for a free-form message from a registered mailbox. */
  reason: z.optional(z.enum(quarantineReasons)),
  detail: z.string(),
  /** The State whose registered mailbox sent it, when there is one. */
  state: z.optional(stateCodeSchema),
  email: emailIdentitySchema,
  receivedAt: isoInstantSchema,
  evidence: z.object({ bucket: z.string().check(z.minLength(1)), key: z.string().check(z.minLength(1)) }),
  /** The message text, up to `inboundLimits.storedTextChars`; the whole message is in the evidence. */
  text: z.string(),
  textTruncated: z.boolean(),
  /** What the report form in the message said, when it had one: the body, or why it could not be read. */
  form: z.optional(
    z.union([
      z.object({ ok: z.literal(true), body: submissionBodySchema }),
      z.object({ ok: z.literal(false), errors: z.array(z.object({ path: z.string(), message: z.string() })) }),
    ]),
  ),
  /** Attachments stored apart (those that passed the attachment rules); each form item names its own. */
  attachments: z.array(z.extend(storedAttachmentOfEmailSchema, { itemIndex: z.int().check(z.gte(0)) })),
  decision: z.optional(
    z.object({
      by: z.object({ kind: z.enum(['state', 'secretariat', 'system']), id: z.string(), state: z.optional(stateCodeSchema) }),
      at: isoInstantSchema,
      /** The submission the accepted message became, once recorded. */
      reference: z.optional(z.string()),
      reason: z.optional(z.string()),
    }),
  ),
});
export type TriageItem = z.output<typeof triageItemSchema>;
export type NewTriageItem = Omit<TriageItem, 'status' | 'decision'>;

function digest(dedupeKey: string): string {
  return createHash('sha256').update(dedupeKey).digest('hex');
}

/** The triage id of a message: the day it was received and a digest of its dedupe key, the same on every delivery. */
export function triageId(receivedAt: string, dedupeKey: string): string {
  return `T-${receivedAt.slice(0, 10).replaceAll('-', '')}-${digest(dedupeKey).slice(0, 8)}`;
}

/** The idempotency key that makes a message one submission, however often it is delivered or accepted. */
export function emailIdempotencyKey(dedupeKey: string): string {
  return `email-${digest(dedupeKey).slice(0, 40)}`;
}

/** The text kept with a triage item, cut at the limit. */
export function storedText(text: string): { text: string; textTruncated: boolean } {
  return text.length > inboundLimits.storedTextChars
    ? { text: text.slice(0, inboundLimits.storedTextChars), textTruncated: true }
    : { text, textTruncated: false };
}

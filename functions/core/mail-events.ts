/**
 * What SES's sending events mean for the mission mailboxes: a permanent bounce or a complaint
 * makes a mailbox unhealthy, and later sends skip it until the Secretariat clears it. Transient
 * bounces (a full mailbox, a busy server) change nothing: SES retries those itself.
 */
import * as z from 'zod/mini';
import type { StateCode } from './codes.ts';
import type { Mailbox, State } from './states.ts';

/** The part of an SES event (as EventBridge delivers it) these rules read. */
export const sesEventSchema = z.object({
  'detail-type': z.string(),
  time: z.optional(z.string()),
  detail: z.object({
    eventType: z.string(),
    mail: z.looseObject({
      messageId: z.string(),
      timestamp: z.optional(z.string()),
      destination: z.optional(z.array(z.string())),
      /** SES's tags of the message, each with its values: `note`, `kind`, `state` (note-sender.ts). */
      tags: z.optional(z.record(z.string(), z.array(z.string()))),
    }),
    bounce: z.optional(
      z.looseObject({
        bounceType: z.string(),
        bounceSubType: z.optional(z.string()),
        bouncedRecipients: z.array(z.looseObject({ emailAddress: z.string(), diagnosticCode: z.optional(z.string()) })),
      }),
    ),
    complaint: z.optional(
      z.looseObject({ complainedRecipients: z.array(z.looseObject({ emailAddress: z.string() })), complaintFeedbackType: z.optional(z.string()) }),
    ),
  }),
});
export type SesEvent = z.infer<typeof sesEventSchema>;

export interface MailboxHealthChange {
  readonly state: StateCode;
  readonly address: string;
  readonly health: Exclude<Mailbox['health'], 'healthy'>;
  readonly reason: string;
}

/** Strips a display name and angle brackets, and lower-cases: `"Mission" <PM@X.org>` → `pm@x.org`. */
export function bareAddress(address: string): string {
  const angle = /<([^>]+)>/.exec(address);
  return (angle ? angle[1]! : address).trim().toLowerCase();
}

export function mailboxHealthChanges(event: SesEvent, registry: readonly State[]): MailboxHealthChange[] {
  const { detail } = event;
  let affected: { address: string; health: MailboxHealthChange['health']; reason: string }[] = [];
  if (detail.eventType === 'Bounce' && detail.bounce?.bounceType === 'Permanent') {
    affected = detail.bounce.bouncedRecipients.map((recipient) => ({
      address: bareAddress(recipient.emailAddress),
      health: 'bouncing' as const,
      reason: `permanent bounce (${detail.bounce!.bounceSubType ?? 'General'})${recipient.diagnosticCode ? `: ${recipient.diagnosticCode}` : ''}`,
    }));
  } else if (detail.eventType === 'Complaint' && detail.complaint) {
    affected = detail.complaint.complainedRecipients.map((recipient) => ({
      address: bareAddress(recipient.emailAddress),
      health: 'complained' as const,
      reason: `complaint${detail.complaint!.complaintFeedbackType ? ` (${detail.complaint!.complaintFeedbackType})` : ''}`,
    }));
  }
  return affected.flatMap((change) =>
    registry.filter((state) => state.mailboxes.some((mailbox) => mailbox.address === change.address)).map((state) => ({ state: state.code, ...change })),
  );
}

/**
 * The bounds of what the reporting address reads, and the reasons a message is held: a message
 * that fails a rule is quarantined, never dropped; the raw message stays in the evidence bucket
 * and the Secretariat decides in triage.
 */
import { submissionLimits } from '../submissions.ts';

/** Room for the body and headers of a message around its attachments. */
const messageOverheadBytes = 1024 * 1024;

export const inboundLimits = {
  /**
   * The largest raw message a valid submission needs: every attachment byte the form allows,
   * base64-encoded (4/3, plus a line break every 76 characters), and the text around them.
   * Larger messages are quarantined unread (SES itself refuses over 40 MB).
   */
  messageBytes: Math.ceil(((submissionLimits.submissionAttachmentBytes * 4) / 3) * (78 / 76)) + messageOverheadBytes,
  /** Mail clients nest three or four levels (mixed › alternative › related); deeper is a crafted message. */
  mimeNestingDepth: 12,
  /** All headers of all parts together; a flood of parts shows here first. */
  headerBytes: 256 * 1024,
  /** The message text kept with a triage item: the longest text the form takes. */
  storedTextChars: submissionLimits.longText,
  /**
   * A header field (Subject, the From display name) as the records keep it: the longest line
   * RFC 5322 allows. Header fields may be folded up to `headerBytes`; a record keeping them
   * whole would outgrow a DynamoDB item (400 KB), and the write, and so the message, would fail.
   */
  headerFieldChars: 998,
  /**
   * The longest display name a sender may have: a mission's is one line ("Permanent Mission of
   * the Plurinational State of Bolivia to the United Nations"). A longer one is crafted, and would
   * make the impersonation checks scan it at length.
   */
  displayNameChars: 256,
  /** The form errors kept and sent back: enough to correct a form, bounded however many its text can cause. */
  formErrors: 50,
  formErrorChars: 300,
} as const;

/** A header field cut to `inboundLimits.headerFieldChars`, marked with an ellipsis where it was cut. */
export function boundedHeaderField(value: string | undefined): string | undefined {
  return value !== undefined && value.length > inboundLimits.headerFieldChars ? `${value.slice(0, inboundLimits.headerFieldChars - 1)}…` : value;
}

export const quarantineReasons = [
  /** SES's virus scan did not pass: the message must not be opened. */
  'virus',
  /** Too large for any valid submission, or an attachment over the form's limits. */
  'oversized',
  /** Unreadable or crafted MIME: nesting, headers or a display name beyond the limits, or a parse failure. */
  'malformed',
  /** No From address, or one that is not a mailbox of any State in the registry. */
  'unknown-sender',
  /** The From address is a mailbox of more than one State: whose report it is cannot be told. */
  'ambiguous-sender',
  /** The display name shows another address, or speaks for a mission of a State the address does not belong to. */
  'spoofed-display-name',
  /** Neither DMARC nor both SPF and DKIM passed. */
  'failed-authentication',
  /** The envelope sender or Reply-To points away from the From address's domain or State. */
  'sender-mismatch',
  /** An attachment of a type the form does not accept, or whose content is not of its stated type. */
  'disallowed-attachment',
  /** More attachments than a submission may carry. */
  'too-many-attachments',
  /** Another sender already used this Message-ID: not a redelivery, and not to be taken as one. */
  'reused-message-id',
] as const;
export type QuarantineReason = (typeof quarantineReasons)[number];

export interface Refusal {
  readonly reason: QuarantineReason;
  readonly detail: string;
}

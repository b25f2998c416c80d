/**
 * Whether a message received at the reporting address is taken as a State's communication, and
 * what it says: the sender rules, the attachment rules, and the plain-text report form that a
 * mission may fill in so that its message is recorded without anyone retyping it.
 *
 * A message that fails a rule is quarantined, never dropped: the raw message stays in the
 * evidence bucket and the Secretariat decides in triage. A message from a registered mailbox that
 * does not use the form (or whose form cannot be read) is kept for the Secretariat to classify;
 * nothing here guesses what it reports.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isoInstantSchema, officialLanguages, stateCodeSchema, type StateCode, type WorkingLanguage } from './codes.ts';
import type { ReceiptVerdicts } from './inbound-email.ts';
import { attachmentTypes, formVersion, submissionBodySchema, submissionLimits, validateSubmissionBody, type SubmissionBody } from './submissions.ts';
import type { affectedKinds, justiceMeasureKinds, preventiveMeasureKinds, violationKinds } from './submissions.ts';
import { englishSortKey, type State } from './states.ts';
import type { FieldError } from './validation.ts';

// ---------------------------------------------------------------------------------------------
// Limits and quarantine reasons

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

// ---------------------------------------------------------------------------------------------
// The sender

export interface InboundSender {
  /** SES's `mail.source`, the SMTP envelope sender (MAIL FROM); empty for a null reverse-path. */
  readonly envelopeSender: string;
  readonly fromAddress: string | undefined;
  readonly fromName: string | undefined;
  readonly replyTo?: readonly string[];
  readonly verdicts: ReceiptVerdicts;
  readonly registry: readonly State[];
}

export type SenderAssessment =
  | { readonly accepted: true; readonly state: State }
  | (Refusal & {
      readonly accepted: false;
      /** The State whose registered mailbox the From address is, when there is exactly one. */
      readonly state?: StateCode;
    });

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * Relaxed alignment (as DMARC's), approximated without the public suffix list: the same domain,
 * or one a subdomain of the other, never a bare top-level domain.
 */
function sameOrganization(a: string, b: string): boolean {
  if (!a.includes('.') || !b.includes('.')) return false;
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

/** The States that list `address` among their mailboxes. */
export function mailboxOwners(registry: readonly State[], address: string): State[] {
  const wanted = address.trim().toLowerCase();
  return registry.filter((state) => state.mailboxes.some((mailbox) => mailbox.address === wanted));
}

const addressLike = /[^\s<>"'(),;:[\]]+@[^\s<>"'(),;:[\]]+\.[^\s<>"'(),;:[\]]+/g;

/**
 * The names by which a display name can claim a State: the English and French short names, and
 * the part before a parenthesis ("Bolivia" of "Bolivia (Plurinational State of)").
 */
function statesNamed(text: string, registry: readonly State[]): Set<StateCode> {
  const haystack = ` ${englishSortKey(text)} `;
  const matches: { code: StateCode; start: number; end: number }[] = [];
  for (const state of registry) {
    const names = new Set(
      [state.nameEn, state.nameFr].flatMap((name) => [name, name.split('(')[0]!]).map(englishSortKey).filter((name) => name.length > 0),
    );
    for (const name of names) {
      for (let at = haystack.indexOf(` ${name} `); at >= 0; at = haystack.indexOf(` ${name} `, at + 1)) {
        matches.push({ code: state.code, start: at, end: at + name.length + 1 });
      }
    }
  }
  // "Guinea" inside "Guinea-Bissau", "Congo" inside "Democratic Republic of the Congo": a name
  // found within a longer one is part of that one, not a State of its own.
  const standalone = matches.filter((match) => !matches.some((other) => other !== match && other.end - other.start > match.end - match.start && other.start <= match.start && other.end >= match.end));
  return new Set(standalone.map((match) => match.code));
}

/**
 * Words with which a display name speaks for an institution, in the languages missions write in
 * (compared as `englishSortKey` leaves them: no case, no accents).
 */
const institutionalWords = new Set([
  'mission', 'missions', 'permanent', 'permanente', 'mision', 'embassy', 'ambassade', 'embajada', 'consulate', 'consulat', 'consulado', 'delegation', 'delegacion',
  'representation', 'representacion', 'government', 'gouvernement', 'gobierno', 'ministry', 'ministere', 'ministerio',
]);

/**
 * Why a display name impersonates, if it does: it shows an address other than the real one, or
 * it speaks for an institution of a State (a mission, an embassy, a ministry…) and none of the
 * States it names owns the address. A State's name alone does not count, since many are also
 * people's names (Dominique, Maurice, Jordan); nor does a display name that also names the
 * sender's own State ("Permanent Mission of France, for Monaco").
 */
function impersonation(fromName: string, fromAddress: string, ownState: StateCode | undefined, registry: readonly State[]): string | undefined {
  const name = fromName.normalize('NFKC');
  const shown = [...name.matchAll(addressLike)].map((match) => match[0].toLowerCase()).find((address) => address !== fromAddress);
  if (shown !== undefined) return `the display name shows the address ${shown}, but the message is from ${fromAddress}`;
  if (!englishSortKey(name).split(' ').some((word) => institutionalWords.has(word))) return undefined;
  const named = statesNamed(name, registry);
  if (named.size === 0 || (ownState !== undefined && named.has(ownState))) return undefined;
  const names = [...named].sort().join(', ');
  return ownState === undefined
    ? `the display name "${fromName}" speaks for ${names}, but ${fromAddress} is not a registered mailbox`
    : `the display name "${fromName}" speaks for ${names}, but ${fromAddress} is a mailbox of ${ownState}`;
}

/**
 * Accepts a message as its State's only if every rule holds, checked in this order (the first
 * failure is the reason):
 *
 * 1. the virus verdict is PASS;
 * 2. the display name is one a mailbox can have (not over `inboundLimits.displayNameChars`: a
 *    longer one is held as malformed), does not show another address, and does not speak for
 *    another State's institution;
 * 3. the From address is a registered mailbox of exactly one State;
 * 4. DMARC passed, or both SPF and DKIM did;
 * 5. unless DMARC passed, the envelope sender is in the From address's domain (or a subdomain,
 *    or its parent). SPF authenticates the envelope domain and DKIM the signing domain, neither
 *    of which has to be the From domain; DMARC's pass is what proves them aligned with it, and
 *    without it the envelope must be aligned by this rule;
 * 6. no Reply-To address is a mailbox of another State. (Acknowledgements go to the From
 *    address only, so a Reply-To elsewhere cannot divert them.)
 *
 * The spam verdict is kept with the message but decides nothing: a mission's report marked as
 * bulk mail is still a report.
 */
export function assessInboundEmail(input: InboundSender): SenderAssessment {
  const { verdicts, registry } = input;
  const fromAddress = input.fromAddress?.trim().toLowerCase();
  const owners = fromAddress ? mailboxOwners(registry, fromAddress) : [];
  const owner = owners.length === 1 ? owners[0] : undefined;
  const claimed = owner === undefined ? {} : { state: owner.code };

  if (verdicts.virus !== 'PASS') return { accepted: false, reason: 'virus', detail: `the virus scan verdict is ${verdicts.virus}`, ...claimed };
  if (!fromAddress || !fromAddress.includes('@')) return { accepted: false, reason: 'unknown-sender', detail: 'the message has no From address' };
  if (input.fromName !== undefined && input.fromName.length > inboundLimits.displayNameChars) {
    return { accepted: false, reason: 'malformed', detail: `the display name has ${input.fromName.length} characters or more; a mailbox's name has at most ${inboundLimits.displayNameChars}`, ...claimed };
  }
  const spoof = input.fromName ? impersonation(input.fromName, fromAddress, owner?.code, registry) : undefined;
  if (spoof !== undefined) return { accepted: false, reason: 'spoofed-display-name', detail: spoof, ...claimed };

  if (owners.length === 0) return { accepted: false, reason: 'unknown-sender', detail: `${fromAddress} is not a mailbox of any State in the registry` };
  if (owner === undefined) {
    const codes = owners.map((state) => state.code).join(', ');
    return { accepted: false, reason: 'ambiguous-sender', detail: `${fromAddress} is registered as a mailbox of ${codes}` };
  }

  const dmarcPassed = verdicts.dmarc === 'PASS';
  if (!dmarcPassed && !(verdicts.spf === 'PASS' && verdicts.dkim === 'PASS')) {
    return { accepted: false, reason: 'failed-authentication', detail: `SPF ${verdicts.spf}, DKIM ${verdicts.dkim}, DMARC ${verdicts.dmarc}`, ...claimed };
  }
  const envelope = input.envelopeSender.trim().toLowerCase();
  if (!dmarcPassed && !(envelope.includes('@') && sameOrganization(domainOf(envelope), domainOf(fromAddress)))) {
    return {
      accepted: false,
      reason: 'sender-mismatch',
      detail: `the envelope sender ${envelope || '<>'} is not in the domain of ${fromAddress}, and DMARC did not pass`,
      ...claimed,
    };
  }
  for (const replyTo of input.replyTo ?? []) {
    const elsewhere = mailboxOwners(registry, replyTo).filter((state) => state.code !== owner.code);
    if (elsewhere.length > 0) {
      return { accepted: false, reason: 'sender-mismatch', detail: `Reply-To ${replyTo.toLowerCase()} is a mailbox of ${elsewhere.map((state) => state.code).join(', ')}`, ...claimed };
    }
  }
  return { accepted: true, state: owner };
}

export type IntakeDecision = { readonly held: true; readonly refusal: Refusal; readonly state?: StateCode } | { readonly held: false; readonly state: State };

/**
 * Whether a message is held, and for which one reason, by precedence: an infected message first
 * (nothing else of it is looked at); then one too large or unreadable; a Message-ID another
 * sender used before; the sender rules; last, the attachment rules. The State whose registered
 * mailbox sent it goes with a held message, for triage.
 */
export function intakeDecision(sender: SenderAssessment, findings: { readonly message?: Refusal; readonly messageId?: Refusal; readonly attachments?: Refusal }): IntakeDecision {
  const claimed = sender.accepted ? { state: sender.state.code } : sender.state ? { state: sender.state } : {};
  const hold = ({ reason, detail }: Refusal): IntakeDecision => ({ held: true, refusal: { reason, detail }, ...claimed });
  if (!sender.accepted && sender.reason === 'virus') return hold(sender);
  const unreadable = findings.message ?? findings.messageId;
  if (unreadable) return hold(unreadable);
  if (!sender.accepted) return hold(sender);
  if (findings.attachments) return hold(findings.attachments);
  return { held: false, state: sender.state };
}

/**
 * Whether a program sent the message rather than a person: RFC 3834's Auto-Submitted, or the
 * headers auto-responders set instead. Such a message is handled like any other but not
 * acknowledged, so that an out-of-office reply to an acknowledgement cannot start a loop.
 * `headers` are as the parser gives them, names in lower case.
 */
export function isAutomaticMessage(headers: readonly { readonly key: string; readonly value: string }[]): boolean {
  const value = (name: string) => headers.find((header) => header.key === name)?.value.split(';')[0]!.trim().toLowerCase();
  const autoSubmitted = value('auto-submitted');
  return (
    (autoSubmitted !== undefined && autoSubmitted !== 'no') ||
    ['x-autoreply', 'x-autorespond', 'x-autoresponse'].some((name) => value(name) !== undefined) ||
    ['bulk', 'junk', 'list', 'auto_reply'].includes(value('precedence') ?? '')
  );
}

// ---------------------------------------------------------------------------------------------
// Attachments

/** A MIME part to be kept as an attachment, as the parser found it. */
export interface MimeAttachment {
  readonly filename: string | null;
  readonly contentType: string;
  readonly content: Uint8Array;
}

export type AttachmentContentType = keyof typeof attachmentTypes;

/** An attachment that passed the rules, named and typed as the form requires. */
export interface CheckedAttachment {
  readonly fileName: string;
  readonly contentType: AttachmentContentType;
  readonly content: Uint8Array;
}

/** Types a mail client gives a file it did not recognize; the file name then says what it is. */
const genericTypes = new Set(['application/octet-stream', 'application/x-download', 'binary/octet-stream']);

const startsWith = (content: Uint8Array, bytes: readonly number[], offset = 0) => bytes.every((byte, index) => content[offset + index] === byte);
const zipSignature = [0x50, 0x4b, 0x03, 0x04];

/**
 * What the first bytes of each accepted type look like, so that a program renamed `.pdf` is
 * refused. Word processing formats are checked as their containers (ZIP, OLE2).
 */
const contentSignatures: Record<AttachmentContentType, (content: Uint8Array) => boolean> = {
  // The PDF header may follow up to 1 KiB of other bytes.
  'application/pdf': (content) => Buffer.from(content.subarray(0, 1024)).includes('%PDF-'),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (content) => startsWith(content, zipSignature),
  'application/vnd.oasis.opendocument.text': (content) => startsWith(content, zipSignature),
  'application/msword': (content) => startsWith(content, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  'image/jpeg': (content) => startsWith(content, [0xff, 0xd8, 0xff]),
  'image/png': (content) => startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'text/plain': (content) => !content.subarray(0, 8192).includes(0),
};

function isAcceptedType(type: string): type is AttachmentContentType {
  return Object.hasOwn(attachmentTypes, type);
}

/** The file name without folders (some clients send `C:\...`) or control characters, at most 255 characters. */
function cleanFileName(filename: string | null): string {
  const base = (filename ?? '').split(/[/\\]/).at(-1)!;
  return [...base]
    .filter((character) => character.charCodeAt(0) >= 0x20 && character.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(-255);
}

function typeFromName(fileName: string): AttachmentContentType | undefined {
  const lower = fileName.toLowerCase();
  return (Object.keys(attachmentTypes) as AttachmentContentType[]).find((type) => attachmentTypes[type].some((ending) => lower.endsWith(ending)));
}

/**
 * Applies the form's attachment rules to a message's attachments: accepted types only (a
 * generic type is read from the file name), the name ending that goes with the type, content
 * that is what its type says, and the form's count and size limits. A part without a name is
 * named `attachment-<n>` with its type's ending. The first failure refuses the whole message.
 */
export function checkEmailAttachments(parts: readonly MimeAttachment[]): { readonly ok: true; readonly attachments: CheckedAttachment[] } | (Refusal & { readonly ok: false }) {
  if (parts.length > submissionLimits.attachmentsPerSubmission) {
    return { ok: false, reason: 'too-many-attachments', detail: `${parts.length} attachments; a submission carries at most ${submissionLimits.attachmentsPerSubmission}` };
  }
  const attachments: CheckedAttachment[] = [];
  let total = 0;
  for (const [index, part] of parts.entries()) {
    const named = cleanFileName(part.filename);
    const declared = part.contentType.toLowerCase();
    const contentType = isAcceptedType(declared) ? declared : genericTypes.has(declared) ? typeFromName(named) : undefined;
    const shownName = named || `attachment ${index + 1}`;
    if (contentType === undefined) {
      return { ok: false, reason: 'disallowed-attachment', detail: `${shownName} is of type ${declared}, which the form does not accept` };
    }
    const endings: readonly string[] = attachmentTypes[contentType];
    const fileName = named || `attachment-${index + 1}${endings[0]}`;
    if (!endings.some((ending) => fileName.toLowerCase().endsWith(ending))) {
      return { ok: false, reason: 'disallowed-attachment', detail: `${fileName} is declared ${contentType}, whose files end in ${endings.join(' or ')}` };
    }
    if (!contentSignatures[contentType](part.content)) {
      return { ok: false, reason: 'disallowed-attachment', detail: `${fileName} does not contain what a ${contentType} file contains` };
    }
    if (part.content.byteLength > submissionLimits.attachmentBytes) {
      return { ok: false, reason: 'oversized', detail: `${fileName} has ${part.content.byteLength} bytes; an attachment may have ${submissionLimits.attachmentBytes}` };
    }
    total += part.content.byteLength;
    if (part.content.byteLength > 0) attachments.push({ fileName, contentType, content: part.content });
  }
  if (total > submissionLimits.submissionAttachmentBytes) {
    return { ok: false, reason: 'oversized', detail: `the attachments have ${total} bytes in all; a submission may carry ${submissionLimits.submissionAttachmentBytes}` };
  }
  return { ok: true, attachments };
}

// ---------------------------------------------------------------------------------------------
// The report form in plain text

type ItemKind = SubmissionBody['items'][number]['kind'];
type FieldType = 'text' | 'language' | 'code' | 'boolean' | 'list' | 'legislation' | 'files';

interface FormField {
  readonly labels: Readonly<Record<WorkingLanguage, string>>;
  /** Where the value goes: in the body (note fields) or in the item (item fields). */
  readonly path: readonly string[];
  readonly type: FieldType;
  /** The kinds of report the field belongs to; absent for the note fields. */
  readonly kinds?: readonly ItemKind[];
  /** Accepted words for list values, in each language, by code. */
  readonly vocabulary?: Vocabulary;
  readonly hint?: Readonly<Record<WorkingLanguage, string>>;
}

/** A code, and its words in French (the code itself is the English word). */
type Vocabulary = Readonly<Record<string, string>>;

const affectedWords: Vocabulary = {
  embassy: 'ambassade',
  consulate: 'consulat',
  'permanent-mission': 'mission-permanente',
  residence: 'résidence',
  vehicle: 'véhicule',
  'diplomatic-agent': 'agent-diplomatique',
  'consular-officer': 'fonctionnaire-consulaire',
  staff: 'personnel',
  'family-member': 'membre-de-la-famille',
  other: 'autre',
} satisfies Record<(typeof affectedKinds)[number], string>;

const violationWords: Vocabulary = {
  attack: 'attaque',
  intrusion: 'intrusion',
  damage: 'dommages',
  arson: 'incendie-criminel',
  threat: 'menace',
  demonstration: 'manifestation',
  harassment: 'harcèlement',
  search: 'perquisition',
  surveillance: 'surveillance',
  'technical-interference': 'ingérence-technique',
  kidnapping: 'enlèvement',
  killing: 'meurtre',
  other: 'autre',
} satisfies Record<(typeof violationKinds)[number], string>;

const justiceWords: Vocabulary = {
  investigation: 'enquête',
  arrest: 'arrestation',
  charges: 'inculpation',
  'extradition-request': "demande-d'extradition",
  other: 'autre',
} satisfies Record<(typeof justiceMeasureKinds)[number], string>;

const preventiveWords: Vocabulary = {
  guards: 'gardes',
  perimeter: 'périmètre',
  legislation: 'législation',
  other: 'autre',
} satisfies Record<(typeof preventiveMeasureKinds)[number], string>;

const kindWords: Vocabulary = { violation: 'violation', 'follow-up': 'suivi', views: 'vues' } satisfies Record<ItemKind, string>;

const booleanWords: Readonly<Record<string, boolean>> = { yes: true, oui: true, true: true, y: true, o: true, no: false, non: false, false: false, n: false };

/** The official languages by code, or by name in English or French. */
const languageWords: Readonly<Record<string, (typeof officialLanguages)[number]>> = {
  english: 'en',
  anglais: 'en',
  french: 'fr',
  francais: 'fr',
  spanish: 'es',
  espagnol: 'es',
  arabic: 'ar',
  arabe: 'ar',
  chinese: 'zh',
  chinois: 'zh',
  russian: 'ru',
  russe: 'ru',
  ...Object.fromEntries(officialLanguages.map((code) => [code, code])),
};

const kindLabels = { en: 'Kind', fr: 'Type' } as const;

const noteFields: readonly FormField[] = [
  { labels: { en: 'Language', fr: 'Langue' }, path: ['language'], type: 'language', hint: { en: 'en, fr, es, ar, zh or ru', fr: 'en, fr, es, ar, zh ou ru' } },
  { labels: { en: 'Note date', fr: 'Date de la note' }, path: ['note', 'date'], type: 'text', hint: { en: 'YYYY-MM-DD', fr: 'AAAA-MM-JJ' } },
  { labels: { en: 'Note reference', fr: 'Référence de la note' }, path: ['note', 'reference'], type: 'text' },
];

const stateHint = { en: 'a State by its ISO 3166-1 alpha-3 code, e.g. KEN', fr: 'un État par son code ISO 3166-1 alpha-3, p. ex. KEN' };
const yesNo = { en: 'yes or no', fr: 'oui ou non' };

const itemFields: readonly FormField[] = [
  { kinds: ['violation'], labels: { en: 'Occurred in', fr: "État où l'incident a eu lieu" }, path: ['occurredIn'], type: 'code', hint: stateHint },
  { kinds: ['violation'], labels: { en: 'City', fr: 'Ville' }, path: ['city'], type: 'text' },
  { kinds: ['violation'], labels: { en: 'Place details', fr: 'Précisions sur le lieu' }, path: ['placeDetails'], type: 'text' },
  { kinds: ['violation'], labels: { en: 'Incident date', fr: "Date de l'incident" }, path: ['incidentDate'], type: 'text', hint: { en: 'YYYY-MM-DD', fr: 'AAAA-MM-JJ' } },
  { kinds: ['violation'], labels: { en: 'Incident time', fr: "Heure de l'incident" }, path: ['incidentTime'], type: 'text', hint: { en: 'HH:MM, local time', fr: 'HH:MM, heure locale' } },
  { kinds: ['violation'], labels: { en: 'Affected', fr: 'Personnes ou locaux visés' }, path: ['affected', 'kinds'], type: 'list', vocabulary: affectedWords },
  { kinds: ['violation'], labels: { en: 'Mission State', fr: 'État de la mission' }, path: ['affected', 'missionState'], type: 'code', hint: { en: 'the State whose mission or representative was affected, e.g. FRA', fr: "l'État dont la mission ou le représentant a été visé, p. ex. FRA" } },
  { kinds: ['violation'], labels: { en: 'Violation', fr: 'Nature de la violation' }, path: ['violationKinds'], type: 'list', vocabulary: violationWords },
  { kinds: ['violation'], labels: { en: 'Facts', fr: 'Faits' }, path: ['facts'], type: 'text' },
  { kinds: ['violation'], labels: { en: 'Offender known', fr: 'Auteur identifié' }, path: ['allegedOffender', 'known'], type: 'boolean', hint: yesNo },
  { kinds: ['violation'], labels: { en: 'Offender detained', fr: 'Auteur détenu' }, path: ['allegedOffender', 'detained'], type: 'boolean', hint: yesNo },
  { kinds: ['violation'], labels: { en: 'Offender present in', fr: "Auteur présent dans l'État" }, path: ['allegedOffender', 'presentIn'], type: 'code', hint: { en: 'another State where the alleged offender is', fr: "autre État où se trouve l'auteur présumé" } },
  { kinds: ['violation'], labels: { en: 'Action requested or taken', fr: 'Mesures demandées ou prises' }, path: ['actionRequestedOrTaken'], type: 'text' },
  { kinds: ['follow-up'], labels: { en: 'Answers', fr: 'Donne suite à' }, path: ['answers'], type: 'text', hint: { en: 'the reference of the violation report (MPR-2024-0042) or the incident (INC-MPR-2024-0042-1)', fr: "la référence du rapport de violation (MPR-2024-0042) ou de l'incident (INC-MPR-2024-0042-1)" } },
  { kinds: ['follow-up'], labels: { en: 'Justice measures', fr: 'Mesures judiciaires' }, path: ['justiceMeasures', 'taken'], type: 'list', vocabulary: justiceWords },
  { kinds: ['follow-up'], labels: { en: 'Justice measures description', fr: 'Description des mesures judiciaires' }, path: ['justiceMeasures', 'description'], type: 'text' },
  { kinds: ['follow-up'], labels: { en: 'Outcome of proceedings', fr: 'Issue de la procédure' }, path: ['outcomeOfProceedings', 'description'], type: 'text' },
  { kinds: ['follow-up'], labels: { en: 'Outcome final', fr: 'Issue définitive' }, path: ['outcomeOfProceedings', 'final'], type: 'boolean', hint: yesNo },
  { kinds: ['follow-up'], labels: { en: 'Preventive measures', fr: 'Mesures de prévention' }, path: ['preventiveMeasures', 'taken'], type: 'list', vocabulary: preventiveWords },
  { kinds: ['follow-up'], labels: { en: 'Preventive measures description', fr: 'Description des mesures de prévention' }, path: ['preventiveMeasures', 'description'], type: 'text' },
  {
    kinds: ['violation', 'follow-up'],
    labels: { en: 'Circulate to all States', fr: 'Diffusion à tous les États' },
    path: ['circulate'],
    type: 'boolean',
    hint: { en: 'yes unless you write no', fr: 'oui, sauf si vous écrivez non' },
  },
  { kinds: ['views'], labels: { en: 'Views', fr: 'Vues' }, path: ['text'], type: 'text' },
  { kinds: ['views'], labels: { en: 'Legislation', fr: 'Législation' }, path: ['legislation'], type: 'legislation', hint: { en: 'one per line: title, year, link', fr: 'une par ligne : titre, année, lien' } },
  {
    kinds: ['violation', 'follow-up', 'views'],
    labels: { en: 'Attachments', fr: 'Pièces jointes' },
    path: ['attachments'],
    type: 'files',
    hint: { en: 'file names of attached files, if any; unnamed files go with the first report', fr: 'noms des fichiers joints ; les fichiers non nommés vont avec le premier rapport' },
  },
];

/** Labels and words compared without case, accents, apostrophes or punctuation. */
function normalizeWord(text: string): string {
  return englishSortKey(text);
}

const fieldByLabel = new Map<string, FormField | 'kind'>([
  ...[...noteFields, ...itemFields].flatMap((field) => Object.values(field.labels).map((label) => [normalizeWord(label), field] as const)),
  ...Object.values(kindLabels).map((label) => [normalizeWord(label), 'kind'] as const),
]);

function fromVocabulary(vocabulary: Vocabulary, word: string): string {
  const wanted = normalizeWord(word);
  return Object.entries(vocabulary).find(([code, french]) => normalizeWord(code) === wanted || normalizeWord(french) === wanted)?.[0] ?? word.trim();
}

const markerWords = {
  begin: { en: 'REPORT FORM, VERSION', fr: 'FORMULAIRE DE RAPPORT, VERSION' },
  end: { en: 'END OF REPORT FORM', fr: 'FIN DU FORMULAIRE DE RAPPORT' },
} as const;

/** Marker lines compared as their words: dashes, case and accents do not matter. */
const beginMarker = new RegExp(`^(?:${Object.values(markerWords.begin).map((words) => normalizeWord(words)).join('|')}) (\\d+)$`);
const endMarker = new RegExp(`^(?:${Object.values(markerWords.end).map((words) => normalizeWord(words)).join('|')})$`);

function hintLine(field: FormField, language: WorkingLanguage): string[] {
  const words = field.vocabulary ? Object.entries(field.vocabulary).map(([code, french]) => (language === 'en' ? code : french)).join(', ') : undefined;
  const hint = field.hint?.[language] ?? words;
  return hint === undefined ? [] : [`# ${field.labels[language]}${language === 'fr' ? ' ' : ''}: ${hint}`];
}

const templateIntro = {
  en: [
    '# Write each field as "Label: value" and leave empty what does not apply; a value may go on over several lines.',
    '# Fill in the block of each kind of report the message contains (a block left empty is ignored);',
    '# to send two reports of one kind, repeat its block from its Kind line. Lines starting with # are ignored.',
  ],
  fr: [
    '# Écrivez chaque champ sous la forme « Libellé : valeur » et laissez vide ce qui ne s’applique pas ; une valeur peut continuer sur plusieurs lignes.',
    '# Remplissez le bloc de chaque type de rapport que contient le message (un bloc laissé vide est ignoré) ;',
    '# pour deux rapports du même type, répétez son bloc à partir de sa ligne Type. Les lignes commençant par # sont ignorées.',
  ],
} as const;

const blockTitles: Readonly<Record<ItemKind, Readonly<Record<WorkingLanguage, string>>>> = {
  violation: { en: '# A serious violation of the protection, security or safety of a mission or representative', fr: "# Une violation grave de la protection, de la sécurité ou de la sûreté d'une mission ou d'un représentant" },
  'follow-up': { en: '# Measures taken to bring the offender to justice, their outcome, measures to prevent a repetition', fr: "# Mesures prises pour traduire l'auteur en justice, leur issue, mesures de prévention" },
  views: { en: '# Views on measures needed or taken to enhance the protection of missions', fr: '# Vues sur les mesures nécessaires ou prises pour renforcer la protection des missions' },
};

/**
 * The report form as a mission copies it into an e-mail, in the mission's working language.
 * Labels of either language are read whatever the language of the form.
 */
export function structuredTemplate(language: WorkingLanguage): string {
  const separator = language === 'fr' ? ' :' : ':';
  const line = (field: FormField, value = '') => [...hintLine(field, language), `${field.labels[language]}${separator}${value === '' ? '' : ` ${value}`}`];
  const blocks = (Object.keys(blockTitles) as ItemKind[]).map((kind) => [
    '',
    blockTitles[kind][language],
    `${kindLabels[language]}${separator} ${language === 'en' ? kind : kindWords[kind]}`,
    ...itemFields.filter((field) => field.kinds?.includes(kind)).flatMap((field) => line(field)),
  ]);
  return [
    `--- ${markerWords.begin[language]} ${formVersion} ---`,
    ...templateIntro[language],
    ...line(noteFields[0]!, language),
    ...noteFields.slice(1).flatMap((field) => line(field)),
    ...blocks.flat(),
    `--- ${markerWords.end[language]} ---`,
  ].join('\n');
}

/** The file an item's Attachments line can name: what the caller describes of each stored file. */
export interface DescribedAttachment {
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
}

export type StructuredReading<T extends DescribedAttachment> =
  | { readonly form: false }
  | { readonly form: true; readonly ok: true; readonly body: SubmissionBody; readonly attachments: (T & { readonly itemIndex: number })[] }
  | { readonly form: true; readonly ok: false; readonly errors: FieldError[] };

interface RawField {
  readonly field: FormField | 'kind';
  readonly lines: string[];
}

/** The lines between the first unquoted begin marker and its end (or a signature separator, or the end of the text). */
function formLines(text: string): { version: number; lines: string[] } | undefined {
  const all = text.replace(/\r\n?/g, '\n').split('\n');
  const start = all.findIndex((line) => !line.trimStart().startsWith('>') && beginMarker.test(normalizeWord(line)));
  if (start < 0) return undefined;
  const version = Number(beginMarker.exec(normalizeWord(all[start]!))![1]);
  const lines: string[] = [];
  for (const line of all.slice(start + 1)) {
    if (endMarker.test(normalizeWord(line)) || line.trimEnd() === '--') break;
    lines.push(line);
  }
  return { version, lines };
}

/** Groups lines into fields: a line opening with a known label starts one, other lines continue the last. */
function rawFields(lines: readonly string[]): RawField[] {
  const fields: RawField[] = [];
  for (const line of lines) {
    const trimmed = line.trimStart();
    if (trimmed.startsWith('#') || trimmed.startsWith('>')) continue;
    const colon = line.indexOf(':');
    const known = colon > 0 && colon <= 80 ? fieldByLabel.get(normalizeWord(line.slice(0, colon))) : undefined;
    if (known !== undefined) fields.push({ field: known, lines: [line.slice(colon + 1)] });
    else fields.at(-1)?.lines.push(line);
  }
  return fields;
}

interface FilledField {
  readonly field: FormField;
  readonly value: string;
}

/** The note's fields, and one block per Kind line; fields left empty are dropped, and so are blocks left empty. */
function blocksOf(fields: readonly RawField[], errors: FieldError[]): { note: FilledField[]; blocks: { kind: string; fields: FilledField[] }[] } {
  const note: FilledField[] = [];
  const blocks: { kind: string; fields: FilledField[] }[] = [];
  for (const { field, lines } of fields) {
    const value = lines.join('\n').trim();
    if (field === 'kind') blocks.push({ kind: value, fields: [] });
    else if (value === '') continue;
    else if (field.kinds === undefined) note.push({ field, value });
    else if (blocks.length === 0) errors.push({ path: '/items', message: `must start each report with its ${kindLabels.en} line (${field.labels.en} comes before any)` });
    else blocks.at(-1)!.fields.push({ field, value });
  }
  // A block left as the template has it (its Kind line only) is not a report.
  return { note, blocks: blocks.filter((block) => block.fields.length > 0) };
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const segment of path.slice(0, -1)) node = (node[segment] ??= {}) as Record<string, unknown>;
  node[path.at(-1)!] = value;
}

function pointer(path: readonly (string | number)[]): string {
  return path.map((segment) => `/${segment}`).join('');
}

/** `text` without the commas and white space at its end; a loop, since a regular expression would take quadratic time on a long run. */
function trimSeparatorsEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ',' || /\s/.test(text[end - 1]!))) end -= 1;
  return text.slice(0, end);
}

/**
 * "Title, 2019, https://…" → a legislation entry; the year and link are read from the end. Each
 * pattern can only start at a link or at digits, so a line of any length is read in linear time
 * (a line of spaces and commas used to take minutes).
 */
function legislationEntry(line: string): Record<string, unknown> {
  let rest = line.trim();
  const link = /(https?:\/\/\S+)$/.exec(rest);
  if (link) rest = trimSeparatorsEnd(rest.slice(0, link.index));
  const year = /\(?(\d{4})\)?$/.exec(rest);
  if (year) rest = trimSeparatorsEnd(rest.slice(0, year.index));
  return { title: trimSeparatorsEnd(rest), ...(year ? { year: Number(year[1]) } : {}), ...(link ? { link: link[1] } : {}) };
}

function splitList(raw: string): string[] {
  return raw
    .split(/[,;\n]+/)
    .map((word) => word.trim())
    .filter((word) => word.length > 0);
}

/** A field's value as the body holds it; a word that cannot be read is passed on as written, for validation to name. */
function convert({ field, value }: FilledField, errors: FieldError[], at: string): unknown {
  switch (field.type) {
    case 'text':
      return value;
    case 'language':
      return languageWords[normalizeWord(value)] ?? value;
    case 'code':
      return value.toUpperCase();
    case 'boolean': {
      const read = booleanWords[normalizeWord(value)];
      if (read === undefined) errors.push({ path: at, message: 'must be yes or no (oui or non)' });
      return read ?? value;
    }
    case 'list':
      return splitList(value).map((word) => fromVocabulary(field.vocabulary!, word));
    case 'legislation':
      return value
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .map(legislationEntry);
    case 'files':
      return splitList(value);
  }
}

/** Sets each field at its path, once; a second value for the same field is an error. */
function fill(target: Record<string, unknown>, fields: readonly FilledField[], pathOf: (field: FormField) => string, errors: FieldError[]): void {
  const seen = new Set<string>();
  for (const filled of fields) {
    const path = pathOf(filled.field);
    if (seen.has(path)) errors.push({ path, message: 'must be given once' });
    else setAt(target, filled.field.path, convert(filled, errors, path));
    seen.add(path);
  }
}

/**
 * Reads a submission from the report form in a message's text (see `structuredTemplate`):
 * `{ form: false }` when the text holds no form (a free-form message, for the Secretariat to
 * classify), otherwise the validated body or one error per field, each at the path the form
 * field fills (`/items/0/incidentDate`; `formErrorLines` names them by their labels).
 *
 * Files named on a report's Attachments line go with that report; files no report names go with
 * the first. `attachments` are the message's files as stored; each comes back with its item.
 */
export function parseStructuredReport<T extends DescribedAttachment>(text: string, now: Date, attachments: readonly T[] = []): StructuredReading<T> {
  const found = formLines(text);
  if (found === undefined) return { form: false };

  const errors: FieldError[] = [];
  const { note, blocks } = blocksOf(rawFields(found.lines), errors);
  const body: Record<string, unknown> = { formVersion: found.version };
  fill(body, note, (field) => pointer(field.path), errors);
  const items = blocks.map((block, index) => {
    const item: Record<string, unknown> = { kind: fromVocabulary(kindWords, block.kind) };
    fill(item, block.fields, (field) => pointer(['items', index, ...field.path]), errors);
    return item;
  });
  const placed = placeAttachments(
    items.map((item) => (item['attachments'] as string[] | undefined) ?? []),
    attachments,
    errors,
  );
  body['items'] = items.map((item, index) => ({
    ...item,
    attachments: placed.filter((attachment) => attachment.itemIndex === index).map(({ fileName, contentType, size, sha256 }) => ({ fileName, contentType, size, sha256 })),
  }));

  const validation = validateSubmissionBody(body, now);
  if (!validation.ok) {
    const known = new Set(errors.map((error) => error.path));
    errors.push(...validation.errors.filter((error) => !known.has(error.path)));
  }
  if (!validation.ok || errors.length > 0) return { form: true, ok: false, errors: boundedErrors(errors) };
  return { form: true, ok: true, body: validation.value, attachments: placed };
}

/**
 * The first `inboundLimits.formErrors` errors, each message cut to `inboundLimits.formErrorChars`,
 * and a last one saying how many more there were: a form naming thousands of files that are not
 * attached must still be held, and its errors fit in the triage item and the acknowledgement.
 */
function boundedErrors(errors: readonly FieldError[]): FieldError[] {
  const cut = (message: string) => (message.length > inboundLimits.formErrorChars ? `${message.slice(0, inboundLimits.formErrorChars - 1)}…` : message);
  const kept = errors.slice(0, inboundLimits.formErrors).map((error) => ({ path: error.path.slice(0, inboundLimits.formErrorChars), message: cut(error.message) }));
  const more = errors.length - kept.length;
  return more > 0 ? [...kept, { path: '', message: `and ${more} more ${more === 1 ? 'error' : 'errors'}: correct these first` }] : kept;
}

function placeAttachments<T extends DescribedAttachment>(named: readonly (readonly string[])[], attachments: readonly T[], errors: FieldError[]): (T & { readonly itemIndex: number })[] {
  const itemOf = new Map<T, number>();
  named.forEach((names, itemIndex) => {
    for (const name of names) {
      const attachment = attachments.find((candidate) => candidate.fileName.toLowerCase() === name.toLowerCase());
      const path = pointer(['items', itemIndex, 'attachments']);
      if (attachment === undefined) errors.push({ path, message: `must name files attached to the message; ${name} is not attached` });
      else if (itemOf.has(attachment)) errors.push({ path, message: `must not name ${name}, which report ${itemOf.get(attachment)! + 1} names already` });
      else itemOf.set(attachment, itemIndex);
    }
  });
  return attachments.map((attachment) => ({ ...attachment, itemIndex: itemOf.get(attachment) ?? 0 }));
}

const reportWord = { en: 'Report', fr: 'Rapport' } as const;

/** The label of the form field an error path points at, e.g. `Report 1, Incident date`. */
function fieldLabel(path: string, language: WorkingLanguage): string {
  const segments = path.split('/').slice(1);
  if (segments[0] === 'formVersion') return `--- ${markerWords.begin[language]} ---`;
  const inItem = segments[0] === 'items' && /^\d+$/.test(segments[1] ?? '');
  const rest = inItem ? segments.slice(2) : segments;
  const fields = inItem ? itemFields : noteFields;
  const field =
    rest[0] === 'kind'
      ? undefined
      : (fields.find((candidate) => candidate.path.every((segment, index) => rest[index] === segment)) ??
        fields.find((candidate) => rest.length > 0 && rest.every((segment, index) => candidate.path[index] === segment)));
  const label = rest[0] === 'kind' ? kindLabels[language] : (field?.labels[language] ?? (rest.join('.') || reportWord[language]));
  return inItem ? `${reportWord[language]} ${Number(segments[1]) + 1}, ${label}` : label;
}

/** One line per error, named by the form's labels in `language` (the messages themselves are in English). */
export function formErrorLines(errors: readonly FieldError[], language: WorkingLanguage): string[] {
  return errors.map((error) => `${fieldLabel(error.path, language)}${language === 'fr' ? ' ' : ''}: ${error.message}`);
}

/**
 * The text of an HTML-only message, for reading the form and keeping the text: block ends become
 * line breaks. Written as scans rather than regular expressions that search for a closing `>` or
 * `</script>` from every opening: on a body of unclosed tags those took quadratic time, and an
 * HTML part of a megabyte held the function for minutes.
 */
export function htmlToText(html: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  const text = withoutTags(withoutScripts(html))
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith('#')) {
        const code = name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      return entities[name.toLowerCase()] ?? entity;
    })
    .split('\n')
    .map((line) => {
      let end = line.length;
      while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end -= 1;
      return line.slice(0, end);
    })
    .join('\n');
  return text.trim();
}

/** The HTML without its script and style elements; an element never closed runs to the end. */
function withoutScripts(html: string): string {
  const opening = /<(script|style)/gi;
  let kept = '';
  let from = 0;
  for (let match = opening.exec(html); match !== null; match = opening.exec(html)) {
    kept += html.slice(from, match.index);
    const closing = new RegExp(`</${match[1]}\\s*>`, 'gi');
    closing.lastIndex = opening.lastIndex;
    const end = closing.exec(html);
    if (end === null) return kept;
    from = closing.lastIndex;
    opening.lastIndex = from;
  }
  return kept + html.slice(from);
}

/** The HTML with block ends as line breaks and every other tag removed; a `<` never closed is kept as text. */
function withoutTags(html: string): string {
  const lineBreak = /^<(br\s*\/?|\/(p|div|li|tr|h[1-6])\s*)>$/i;
  let text = '';
  let from = 0;
  for (let open = html.indexOf('<'); open >= 0; open = html.indexOf('<', from)) {
    const close = html.indexOf('>', open);
    if (close < 0) break;
    text += html.slice(from, open) + (lineBreak.test(html.slice(open, close + 1)) ? '\n' : '');
    from = close + 1;
  }
  return text + html.slice(from);
}

// ---------------------------------------------------------------------------------------------
// Triage: quarantined messages and messages awaiting classification

export const triageKinds = ['quarantined', 'free-form'] as const;
export const triageStatuses = ['pending', 'accepted', 'rejected'] as const;
export type TriageStatus = (typeof triageStatuses)[number];

const storedAttachmentOfEmailSchema = z.object({
  fileName: z.string().min(1),
  contentType: z.enum(Object.keys(attachmentTypes) as [AttachmentContentType, ...AttachmentContentType[]]),
  size: z.int().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  key: z.string().min(1),
});
export type EmailAttachmentRecord = z.output<typeof storedAttachmentOfEmailSchema>;

export const triageItemSchema = z.object({
  /** `T-<received day>-<8 hex>`, derived from the message's dedupe key so a redelivery finds the same item. */
  id: z.string().regex(/^T-\d{8}-[0-9a-f]{8}$/),
  kind: z.enum(triageKinds),
  status: z.enum(triageStatuses),
  /** Why a quarantined message was held; absent for a free-form message from a registered mailbox. */
  reason: z.enum(quarantineReasons).optional(),
  detail: z.string(),
  /** The State whose registered mailbox sent it, when there is one. */
  state: stateCodeSchema.optional(),
  email: z.object({
    dedupeKey: z.string().min(1),
    sesMessageId: z.string().min(1),
    envelopeSender: z.string(),
    fromAddress: z.string().nullable(),
    fromName: z.string().nullable(),
    subject: z.string().nullable(),
    sentAt: z.string().nullable(),
  }),
  receivedAt: isoInstantSchema,
  evidence: z.object({ bucket: z.string().min(1), key: z.string().min(1) }),
  /** The message text, up to `inboundLimits.storedTextChars`; the whole message is in the evidence. */
  text: z.string(),
  textTruncated: z.boolean(),
  /** What the report form in the message said, when it had one: the body, or why it could not be read. */
  form: z.union([z.object({ ok: z.literal(true), body: submissionBodySchema }), z.object({ ok: z.literal(false), errors: z.array(z.object({ path: z.string(), message: z.string() })) })]).optional(),
  /** Attachments stored apart (those that passed the attachment rules); each form item names its own. */
  attachments: z.array(storedAttachmentOfEmailSchema.extend({ itemIndex: z.int().min(0) })),
  decision: z
    .object({
      by: z.object({ kind: z.enum(['state', 'secretariat', 'system']), id: z.string(), state: stateCodeSchema.optional() }),
      at: isoInstantSchema,
      /** The submission the accepted message became, once recorded. */
      reference: z.string().optional(),
      reason: z.string().optional(),
    })
    .optional(),
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
  return text.length > inboundLimits.storedTextChars ? { text: text.slice(0, inboundLimits.storedTextChars), textTruncated: true } : { text, textTruncated: false };
}

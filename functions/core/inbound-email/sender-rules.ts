/**
 * Whether a message comes from a State: its From address a registered mailbox of exactly one
 * State, its authentication verdicts, its envelope and Reply-To in line with it, and a display
 * name that does not impersonate; and whether a program rather than a person sent it.
 */
import type { StateCode } from '../codes.ts';
import { englishSortKey, type State } from '../states.ts';
import { inboundLimits, type Refusal } from './limits.ts';
import type { ReceiptVerdicts } from './record.ts';

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
export function sameOrganization(a: string, b: string): boolean {
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
      [state.nameEn, state.nameFr]
        .flatMap((name) => [name, name.split('(')[0]!])
        .map(englishSortKey)
        .filter((name) => name.length > 0),
    );
    for (const name of names) {
      for (let at = haystack.indexOf(` ${name} `); at >= 0; at = haystack.indexOf(` ${name} `, at + 1)) {
        matches.push({ code: state.code, start: at, end: at + name.length + 1 });
      }
    }
  }
  // "Guinea" inside "Guinea-Bissau", "Congo" inside "Democratic Republic of the Congo": a name
  // found within a longer one is part of that one, not a State of its own.
  const standalone = matches.filter(
    (match) =>
      !matches.some((other) => other !== match && other.end - other.start > match.end - match.start && other.start <= match.start && other.end >= match.end),
  );
  return new Set(standalone.map((match) => match.code));
}

/**
 * Words with which a display name speaks for an institution, in the languages missions write in
 * (compared as `englishSortKey` leaves them: no case, no accents).
 */
const institutionalWords = new Set([
  'mission',
  'missions',
  'permanent',
  'permanente',
  'mision',
  'embassy',
  'ambassade',
  'embajada',
  'consulate',
  'consulat',
  'consulado',
  'delegation',
  'delegacion',
  'representation',
  'representacion',
  'government',
  'gouvernement',
  'gobierno',
  'ministry',
  'ministere',
  'ministerio',
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
  if (
    !englishSortKey(name)
      .split(' ')
      .some((word) => institutionalWords.has(word))
  )
    return undefined;
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
    return {
      accepted: false,
      reason: 'malformed',
      detail: `the display name has ${input.fromName.length} characters or more; a mailbox's name has at most ${inboundLimits.displayNameChars}`,
      ...claimed,
    };
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
      return {
        accepted: false,
        reason: 'sender-mismatch',
        detail: `Reply-To ${replyTo.toLowerCase()} is a mailbox of ${elsewhere.map((state) => state.code).join(', ')}`,
        ...claimed,
      };
    }
  }
  return { accepted: true, state: owner };
}

/**
 * Whether a program sent the message rather than a person: RFC 3834's Auto-Submitted, or the
 * headers auto-responders set instead. Such a message is handled like any other but not
 * acknowledged, so that an out-of-office reply to an acknowledgement cannot start a loop.
 * `headers` are as the parser gives them, names in lower case.
 */
export function isAutomaticMessage(headers: readonly { readonly key: string; readonly value: string }[]): boolean {
  const value = (name: string) =>
    headers
      .find((header) => header.key === name)
      ?.value.split(';')[0]!
      .trim()
      .toLowerCase();
  const autoSubmitted = value('auto-submitted');
  return (
    (autoSubmitted !== undefined && autoSubmitted !== 'no') ||
    ['x-autoreply', 'x-autorespond', 'x-autoresponse'].some((name) => value(name) !== undefined) ||
    ['bulk', 'junk', 'list', 'auto_reply'].includes(value('precedence') ?? '')
  );
}

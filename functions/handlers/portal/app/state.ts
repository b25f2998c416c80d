/// <reference lib="dom" />
/**
 * What every view of the portal shares: the page's settings, the sign-in, and the session's
 * state (the reader's language, who is signed in, the States' names, a message for the next
 * view, how to draw the current view again), with the helpers that read it.
 */
import type { PageData } from '../page.ts';
import { Auth, type Identity } from './auth.ts';
import { isLanguage, type Language, type MessageKey, translate } from './messages.ts';

export const config = JSON.parse(document.getElementById('portal-config')?.textContent ?? '{}') as PageData;
export const auth = new Auth(config);

export interface StateEntry {
  readonly code: string;
  readonly nameEn: string;
  readonly nameFr: string;
  /** Absent where the registry has no checked Spanish name. */
  readonly nameEs?: string;
  readonly sortKey: string;
  readonly language: string;
}

export const preferenceKey = 'mpr.portal.language';
/** Form contents kept in this tab while the user signs in again after the session ended. */
export const unsentKey = 'mpr.portal.unsent';

const preferred = localStorage.getItem(preferenceKey);

export const session: {
  language: Language;
  identity: Identity | undefined;
  states: StateEntry[];
  /** A message shown at the top of the next view. */
  flash: string | undefined;
  /** Draws the current view again (after a change of language). */
  redraw: () => void | Promise<void>;
  /** Shows the view the address names (set by main.ts). */
  route: () => Promise<void>;
} = {
  language: isLanguage(preferred) ? preferred : 'en',
  identity: undefined,
  states: [],
  flash: undefined,
  redraw: () => session.route(),
  route: async () => undefined,
};

export const t = (key: MessageKey, values: Record<string, string | number> = {}) => translate(session.language, key, values);

/** A State's name in the reader's language (English where the registry has none in it). */
export function nameInLanguage(entry: StateEntry): string {
  if (session.language === 'fr') return entry.nameFr;
  if (session.language === 'es') return entry.nameEs ?? entry.nameEn;
  return entry.nameEn;
}

/** The name of the State with this code in the reader's language; the code itself for a State not in the registry. */
export function stateName(code: string | undefined): string {
  const entry = session.states.find((state) => state.code === code);
  return entry ? nameInLanguage(entry) : (code ?? '');
}

export function formatDate(iso: string, withTime = false): string {
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return new Intl.DateTimeFormat(session.language, { dateStyle: 'long', ...(withTime ? { timeStyle: 'short' } : {}), timeZone: 'UTC' }).format(date);
}

/** The States of the registry, fetched once. */
export async function loadStates(): Promise<void> {
  if (session.states.length) return;
  const response = await fetch('/portal/states.json');
  if (response.ok) session.states = ((await response.json()) as { states: StateEntry[] }).states;
}

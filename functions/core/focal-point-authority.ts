/**
 * Who may manage which State's focal points. A mission administrator acts for its own State
 * only, the State of its token; the Secretariat acts for any State it names. Everyone else,
 * focal points included, may not manage accounts at all.
 */
import type { Caller } from './caller.ts';
import { type StateCode, stateCodeSchema } from './codes.ts';

export type Authority =
  | { readonly ok: true; readonly state: StateCode; readonly actor: 'mission-admin' | 'secretariat' }
  | { readonly ok: false; readonly status: 400 | 403; readonly detail: string };

/** The State `caller` may act for, given the State the request names (if any). */
export function focalPointAuthority(caller: Caller, requestedState: string | undefined): Authority {
  if (caller.roles.includes('secretariat')) {
    const state = stateCodeSchema.safeParse(requestedState?.toUpperCase());
    if (!state.success) return { ok: false, status: 400, detail: 'The Secretariat must name the State whose focal points it manages (state, e.g. FRA).' };
    return { ok: true, state: state.data, actor: 'secretariat' };
  }
  if (!caller.roles.includes('mission-admin') || caller.state === undefined) {
    return { ok: false, status: 403, detail: "Managing focal points needs the mission-admin role of the State's mission; ask your mission administrator." };
  }
  if (requestedState !== undefined && requestedState.toUpperCase() !== caller.state) {
    return { ok: false, status: 403, detail: `A mission administrator manages the focal points of its own State (${caller.state}) only.` };
  }
  return { ok: true, state: caller.state, actor: 'mission-admin' };
}

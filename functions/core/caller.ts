/**
 * Who is calling, from the claims of a verified token.
 *
 * The State a focal point acts for comes only from the immutable `custom:state` attribute of its
 * user, never from a request body. HTTP API passes claims as strings: a list claim such as
 * `cognito:groups` arrives as `[focal-point mission-admin]`, so both that form and a real array
 * are read.
 */

export const roles = ['focal-point', 'mission-admin', 'secretariat'] as const;
export type Role = (typeof roles)[number];

export interface Caller {
  readonly username: string;
  /** ISO 3166-1 alpha-3 code of the State the caller acts for; absent for Secretariat staff. */
  readonly state?: string;
  readonly roles: readonly Role[];
}

export type ClaimValue = string | number | boolean | readonly string[];

export class InvalidClaimsError extends Error {
  override readonly name = 'InvalidClaimsError';
}

function listClaim(value: ClaimValue | undefined): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return [...value];
  const text = String(value).trim();
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return inner.split(/[\s,]+/).filter((item) => item.length > 0);
}

function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export function callerFromClaims(claims: Readonly<Record<string, ClaimValue | undefined>>): Caller {
  const username = claims['cognito:username'] ?? claims['username'] ?? claims['sub'];
  if (typeof username !== 'string' || username.length === 0) throw new InvalidClaimsError('token names no user');
  const callerRoles = listClaim(claims['cognito:groups']).filter(isRole);
  const state = claims['custom:state'];
  if (state !== undefined && (typeof state !== 'string' || !/^[A-Z]{3}$/.test(state))) {
    throw new InvalidClaimsError('custom:state is not an ISO 3166-1 alpha-3 code');
  }
  if (state === undefined && !callerRoles.includes('secretariat')) {
    throw new InvalidClaimsError('a focal point must belong to a State');
  }
  return state === undefined ? { username, roles: callerRoles } : { username, state, roles: callerRoles };
}

/**
 * When a token no longer speaks for its user: the user was removed or disabled after the token
 * was issued. Cognito's tokens are self-contained and the API's JWT authorizer checks only their
 * signature and lifetime, so the system keeps a revocation record per user (written when the
 * user is removed or disabled) and refuses every token issued no later than it.
 *
 * Token times are whole seconds (`iat`), so a token issued in the same second as the
 * revocation is refused too: at worst a user re-enabled within that second signs in again.
 */

/**
 * Lifetime of ID and access tokens, in minutes, on AWS and on the local engine (Cognito allows
 * 5 minutes to a day; its default is an hour). Short, because a token that reaches a route
 * without the revocation check stays good until it expires.
 */
export const tokenValidityMinutes = 15;

export type RevocationReason = 'removed' | 'disabled';

export interface Revocation {
  readonly username: string;
  /** ISO 8601 instant of the removal or disabling. */
  readonly revokedAt: string;
  readonly reason: RevocationReason;
}

/**
 * Whether a token with claims `claims` (as HTTP API passes them: strings) is refused by
 * `revocation`. A token without a readable `iat` is refused whenever its user has a revocation.
 */
export function tokenRevoked(claims: Readonly<Record<string, unknown>>, revocation: Revocation | undefined): boolean {
  if (revocation === undefined) return false;
  const issuedAt = Number(claims['iat']);
  if (!Number.isFinite(issuedAt)) return true;
  return issuedAt <= Math.floor(Date.parse(revocation.revokedAt) / 1000);
}

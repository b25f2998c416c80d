/**
 * Refuses, before the handler runs, a token whose user was removed or disabled after it was
 * issued (functions/core/revocation.ts). Every handler of a JWT route that writes, or reads a
 * State's non-circulated records, uses it; the cost is one strongly consistent GetItem.
 */
import type { MiddlewareObj } from '@middy/core';
import { type Revocation, tokenRevoked } from '../core/revocation.ts';
import { type AuthorizedHttpEvent, type HttpResult, problem } from './http.ts';

export interface RevocationLookup {
  get(username: string): Promise<Revocation | undefined>;
}

export function revokedTokensRefused(revocations: RevocationLookup): MiddlewareObj<AuthorizedHttpEvent, HttpResult> {
  return {
    before: async (request) => {
      const claims: Readonly<Record<string, unknown>> = request.event.requestContext.authorizer.jwt.claims;
      const username = claims['cognito:username'] ?? claims['username'];
      // A token that names no user is refused by the handler's own caller check.
      if (typeof username !== 'string' || username.length === 0) return undefined;
      const revocation = await revocations.get(username);
      if (!tokenRevoked(claims, revocation)) return undefined;
      return problem({
        type: '/problems/token-revoked',
        title: 'Token revoked',
        status: 401,
        detail: `This token was issued before its user was ${revocation!.reason} (${revocation!.revokedAt}); sign in again if the account is still active.`,
      });
    },
  };
}

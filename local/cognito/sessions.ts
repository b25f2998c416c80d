/**
 * What cognito-local 5.3.0 lacks to end a user's sessions as Cognito does, wrapped around its
 * router (see ./cognito-local.ts):
 *
 * - AdminUserGlobalSignOut (and GlobalSignOut, by access token): the user's refresh tokens stop
 *   working and its access tokens are refused by every operation that takes one; cognito-local
 *   has neither operation.
 * - AdminDisableUser also revokes the user's access tokens (Cognito's API reference: it
 *   "deactivates a user and revokes all access tokens for the user").
 * - A disabled user cannot sign in: InitiateAuth, AdminInitiateAuth (password and refresh
 *   flows) and RespondToAuthChallenge answer NotAuthorizedException "User is disabled.", as
 *   Cognito does; cognito-local signs a disabled user in. With a password flow the password is
 *   checked first, so a wrong one is answered as before and the refusal tells nothing to whoever
 *   does not know it.
 *
 * The sign-out instant is kept on the user's record (`SignedOutAt`, milliseconds), so it lasts as
 * long as the pool does. Tokens carry whole seconds (`iat`): a token issued in the second of the
 * sign-out is refused too. ID tokens are not Cognito's to refuse: no Cognito operation takes one,
 * and the API's JWT authorizer checks only signature and lifetime, which is why the API keeps its
 * own revocation records (functions/core/revocation.ts).
 */

import { InvalidParameterError, NotAuthorizedError, UserNotFoundError } from 'cognito-local/lib/errors.js';
import type { Router } from 'cognito-local/lib/server/Router.js';
import type { Context } from 'cognito-local/lib/services/context.js';
import type { Services } from 'cognito-local/lib/services/index.js';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService.js';
import { decodeJwt } from 'jose';

type SessionUser = User & { readonly SignedOutAt?: number };
type Route = ReturnType<Router>;
type Request = Record<string, unknown> & { readonly AuthParameters?: Record<string, string>; readonly ChallengeResponses?: Record<string, string> };

const disabled = () => new NotAuthorizedError('User is disabled.');

export function withSessions(router: Router, services: Services): Router {
  const { cognito, clock } = services;

  const signOut = async (ctx: Context, pool: UserPoolService, user: SessionUser, refreshTokens: 'revoke' | 'keep') => {
    await pool.saveUser(ctx, { ...user, ...(refreshTokens === 'revoke' ? { RefreshTokens: [] } : {}), SignedOutAt: clock.get().getTime() } as User);
  };

  /** The pool and user an access token names, refusing it if the user has signed out since or is disabled. */
  const checkAccessToken = async (ctx: Context, token: unknown): Promise<{ pool: UserPoolService; user: SessionUser } | undefined> => {
    if (typeof token !== 'string') return undefined;
    let claims;
    try {
      claims = decodeJwt(token);
    } catch {
      throw new InvalidParameterError('Invalid access token');
    }
    if (typeof claims['client_id'] !== 'string' || typeof claims['username'] !== 'string') return undefined;
    const pool = await cognito.getUserPoolForClientId(ctx, claims['client_id']);
    const user = (await pool.getUserByUsername(ctx, claims['username'])) as SessionUser | null;
    if (!user) return undefined;
    const signedOut = user.SignedOutAt !== undefined && (claims.iat ?? 0) <= Math.floor(user.SignedOutAt / 1000);
    if (signedOut || !user.Enabled) throw new NotAuthorizedError('Access Token has been revoked');
    return { pool, user };
  };

  /** The user a sign-in request is for, and whether the request proves its password. */
  const signingIn = async (ctx: Context, req: Request): Promise<{ user: SessionUser; knowsPassword: boolean } | undefined> => {
    if (typeof req['ClientId'] !== 'string') return undefined;
    const pool = await cognito.getUserPoolForClientId(ctx, req['ClientId']);
    const refreshToken = req.AuthParameters?.['REFRESH_TOKEN'];
    if (refreshToken !== undefined) {
      const user = await pool.getUserByRefreshToken(ctx, refreshToken);
      return user ? { user, knowsPassword: true } : undefined;
    }
    const username = req.AuthParameters?.['USERNAME'] ?? req.ChallengeResponses?.['USERNAME'];
    const user = username === undefined ? null : await pool.getUserByUsername(ctx, username);
    if (!user) return undefined;
    const password = req.AuthParameters?.['PASSWORD'];
    return { user, knowsPassword: password === undefined || password === user.Password };
  };

  const refuseDisabled =
    (next: Route): Route =>
    async (ctx, req: Request) => {
      const attempt = await signingIn(ctx, req);
      if (attempt && !attempt.user.Enabled && attempt.knowsPassword) throw disabled();
      return next(ctx, req);
    };

  const own: Record<string, (next: Route) => Route> = {
    AdminUserGlobalSignOut: () => async (ctx, req: Request) => {
      if (typeof req['UserPoolId'] !== 'string' || typeof req['Username'] !== 'string') throw new InvalidParameterError('UserPoolId and Username are required');
      const pool = await cognito.getUserPool(ctx, req['UserPoolId']);
      const user = await pool.getUserByUsername(ctx, req['Username']);
      if (!user) throw new UserNotFoundError('User does not exist.');
      await signOut(ctx, pool, user, 'revoke');
      return {};
    },
    GlobalSignOut: () => async (ctx, req: Request) => {
      const holder = await checkAccessToken(ctx, req['AccessToken']);
      if (!holder) throw new NotAuthorizedError('Invalid Access Token');
      await signOut(ctx, holder.pool, holder.user, 'revoke');
      return {};
    },
    AdminDisableUser: (next) => async (ctx, req: Request) => {
      const result: unknown = await next(ctx, req);
      const pool = await cognito.getUserPool(ctx, String(req['UserPoolId']));
      const user = await pool.getUserByUsername(ctx, String(req['Username']));
      if (user) await signOut(ctx, pool, user, 'keep');
      return result;
    },
    InitiateAuth: refuseDisabled,
    AdminInitiateAuth: refuseDisabled,
    RespondToAuthChallenge: refuseDisabled,
  };

  return (target) => {
    const next = router(target);
    const route = own[target]?.(next) ?? next;
    return async (ctx, req: Request) => {
      // Every operation that acts with an access token (GetUser, ChangePassword, …) refuses a revoked one.
      if (target !== 'GlobalSignOut' && req !== null && typeof req === 'object' && 'AccessToken' in req) await checkAccessToken(ctx, req['AccessToken']);
      return route(ctx, req);
    };
  };
}

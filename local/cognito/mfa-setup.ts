/**
 * MFA_SETUP: the first sign-in of a user who must have a second factor and has none yet, which
 * cognito-local 5.3.0 does not serve (it answers such a sign-in NotAuthorizedException, and its
 * AssociateSoftwareToken and VerifySoftwareToken take only an access token). As Cognito does:
 *
 * 1. once the password is proved (./auth-flows.ts), the sign-in answers ChallengeName `MFA_SETUP`
 *    with `MFAS_CAN_SETUP` `["SOFTWARE_TOKEN_MFA"]` and a Session;
 * 2. AssociateSoftwareToken with that Session answers a new base32 SecretCode and a new Session;
 * 3. VerifySoftwareToken with that Session and a code from the secret (RFC 6238: SHA-1, 6 digits,
 *    30-second steps, one step either way) answers `Status: SUCCESS` and a new Session, and the
 *    user's software token is verified and becomes its second factor; a wrong code answers
 *    EnableSoftwareTokenMFAException and may be tried again in the same Session;
 * 4. RespondToAuthChallenge `MFA_SETUP` with that Session and USERNAME issues the tokens.
 *
 * Each Session is good for the next step only, once, for three minutes (Cognito's default
 * AuthSessionValidity); an expired one answers NotAuthorizedException "Invalid session for the
 * user, session is expired.", any other "Invalid session for the user.". The secret is kept with
 * the Session until it is verified, so an abandoned setup leaves the user as it was.
 *
 * Which users must set TOTP up: Cognito asks it of every user without a second factor in a pool
 * whose MfaConfiguration is ON. The local pool's MFA is OPTIONAL (most demo users have no second
 * factor), so the stand-in asks it of the users marked `MfaRequired` on their record
 * (`requireMfa`), as if they were in such a pool. TOTP codes are checked by cognito-local's own
 * TOTP module, the one its SOFTWARE_TOKEN_MFA challenge uses, so that a code accepted at setup is
 * accepted at the next sign-in.
 */
import { randomBytes } from 'node:crypto';
import { CognitoError, InvalidParameterError, NotAuthorizedError } from 'cognito-local/lib/errors.js';
import type { Services } from 'cognito-local/lib/services/index.js';
import { generateSecret, verify } from 'cognito-local/lib/services/totp.js';
import type { User } from 'cognito-local/lib/services/userPoolService.js';

/** Cognito's default AuthSessionValidity: each step must follow the previous one within three minutes. */
export const authSessionMillis = 3 * 60_000;
/** How long an expired Session is remembered, to be answered "session is expired" rather than "invalid". */
const expiredMemoryMillis = 60 * 60_000;

type MfaUser = User & { readonly MfaRequired?: boolean };
type Strings = Record<string, string | undefined>;
type Body = Record<string, unknown>;

/** What each Session of the setup allows next. */
type Step = 'associate' | 'verify' | 'respond';

interface SetupSession {
  readonly clientId: string;
  readonly username: string;
  readonly step: Step;
  readonly expiresAt: number;
  /** The secret AssociateSoftwareToken gave, until it is verified. */
  readonly secret?: string;
}

/** Whether a user must set TOTP up before it gets tokens: MFA is required of it and it has no verified software token. */
export function needsMfaSetup(user: User): boolean {
  const hasToken = user.SoftwareTokenMfaConfiguration?.Verified === true && (user.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA');
  return (user as MfaUser).MfaRequired === true && !hasToken;
}

const invalidSession = () => new NotAuthorizedError('Invalid session for the user.');
const expiredSession = () => new NotAuthorizedError('Invalid session for the user, session is expired.');
const codeMismatch = () => new CognitoError('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');

export interface MfaSetup {
  /** The MFA_SETUP challenge for a user whose password was just proved. */
  challenge(clientId: string, username: string): { ChallengeName: 'MFA_SETUP'; ChallengeParameters: Record<string, string>; Session: string };
  /** AssociateSoftwareToken with a Session. */
  associate(body: Body): Promise<{ SecretCode: string; Session: string }>;
  /** VerifySoftwareToken with a Session. */
  verify(body: Body): Promise<{ Status: 'SUCCESS'; Session: string }>;
  /** RespondToAuthChallenge MFA_SETUP, for the app client `clientId` (already checked). */
  respond(clientId: string, body: Body): Promise<unknown>;
  /** Marks a user as one of whom MFA is required (the stand-in's stand-in for a pool with MFA ON). */
  requireMfa(userPoolId: string, username: string): Promise<void>;
}

export function mfaSetup(services: Services, ctx: never): MfaSetup {
  const sessions = new Map<string, SetupSession>();

  const issue = (session: Omit<SetupSession, 'expiresAt'>): string => {
    const now = Date.now();
    for (const [key, pending] of sessions) if (pending.expiresAt + expiredMemoryMillis < now) sessions.delete(key);
    const id = randomBytes(96).toString('base64');
    sessions.set(id, { ...session, expiresAt: now + authSessionMillis });
    return id;
  };

  /** The Session's record if it allows `step` now; it stays until the step succeeds. */
  const sessionFor = (value: unknown, step: Step): SetupSession & { id: string } => {
    if (typeof value !== 'string' || value === '') throw new InvalidParameterError('Missing required parameter Session');
    const session = sessions.get(value);
    if (!session || session.step !== step) throw invalidSession();
    if (session.expiresAt < Date.now()) throw expiredSession();
    return { ...session, id: value };
  };

  const userOf = async (session: SetupSession) => {
    const pool = await services.cognito.getUserPoolForClientId(ctx, session.clientId);
    const user = await pool.getUserByUsername(ctx, session.username);
    if (!user) throw invalidSession();
    if (!user.Enabled) throw new NotAuthorizedError('User is disabled.');
    return { pool, user };
  };

  /** "takes an access token or a session string, but not both" (Cognito's API reference). */
  const sessionOnly = (body: Body) => {
    if (body['AccessToken'] !== undefined) throw new InvalidParameterError('Only one of AccessToken or Session may be given');
  };

  return {
    challenge(clientId, username) {
      return {
        ChallengeName: 'MFA_SETUP',
        ChallengeParameters: { MFAS_CAN_SETUP: JSON.stringify(['SOFTWARE_TOKEN_MFA']) },
        Session: issue({ clientId, username, step: 'associate' }),
      };
    },

    async associate(body) {
      sessionOnly(body);
      const session = sessionFor(body['Session'], 'associate');
      await userOf(session);
      const secret = generateSecret();
      sessions.delete(session.id);
      return { SecretCode: secret, Session: issue({ clientId: session.clientId, username: session.username, step: 'verify', secret }) };
    },

    async verify(body) {
      sessionOnly(body);
      const code = body['UserCode'];
      if (typeof code !== 'string' || code === '') throw new InvalidParameterError('Missing required parameter UserCode');
      if (!/^[0-9]{6}$/.test(code)) {
        throw new InvalidParameterError(
          "1 validation error detected: Value at 'userCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+ and have length 6",
        );
      }
      const session = sessionFor(body['Session'], 'verify');
      const { pool, user } = await userOf(session);
      if (!session.secret || !verify(session.secret, code)) throw codeMismatch();
      const friendlyName = typeof body['FriendlyDeviceName'] === 'string' ? body['FriendlyDeviceName'] : undefined;
      const methods = user.UserMFASettingList ?? [];
      await pool.saveUser(ctx, {
        ...user,
        SoftwareTokenMfaConfiguration: { Secret: session.secret, Verified: true, ...(friendlyName ? { FriendlyDeviceName: friendlyName } : {}) },
        UserMFASettingList: methods.includes('SOFTWARE_TOKEN_MFA') ? methods : [...methods, 'SOFTWARE_TOKEN_MFA'],
        PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
        UserLastModifiedDate: services.clock.get(),
      });
      sessions.delete(session.id);
      return { Status: 'SUCCESS', Session: issue({ clientId: session.clientId, username: session.username, step: 'respond' }) };
    },

    async respond(clientId, body) {
      const responses = (body['ChallengeResponses'] ?? {}) as Strings;
      const session = sessionFor(body['Session'], 'respond');
      if (session.clientId !== clientId || responses['USERNAME'] !== session.username) throw invalidSession();
      const { pool, user } = await userOf(session);
      const client = await services.cognito.getAppClient(ctx, clientId);
      if (!client) throw invalidSession();
      const groups = await pool.listUserGroupMembership(ctx, user);
      const tokens = await services.tokenGenerator.generate(ctx, user, groups, client, body['ClientMetadata'] as never, 'Authentication');
      await pool.storeRefreshToken(ctx, tokens.RefreshToken, user);
      sessions.delete(session.id);
      return { ChallengeParameters: {}, AuthenticationResult: tokens };
    },

    async requireMfa(userPoolId, username) {
      const pool = await services.cognito.getUserPool(ctx, userPoolId);
      const user = await pool.getUserByUsername(ctx, username);
      if (!user) throw new Error(`no user ${username} in ${userPoolId}`);
      await pool.saveUser(ctx, { ...user, MfaRequired: true } as User);
    },
  };
}

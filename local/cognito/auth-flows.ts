/**
 * InitiateAuth and RespondToAuthChallenge as the browser's sign-in calls them, in front of
 * cognito-local: USER_SRP_AUTH and its PASSWORD_VERIFIER challenge (./srp.ts), and a check that
 * every challenge answered was issued to that user in this sign-in (cognito-local accepts any
 * Session, so without it a NEW_PASSWORD_REQUIRED could be answered without the password).
 *
 * Everything after the password is proved is cognito-local's own logic, called in-process: the
 * temporary-password change, the TOTP challenge, the tokens; except MFA_SETUP, for a user who
 * must set TOTP up first, with AssociateSoftwareToken and VerifySoftwareToken by Session
 * (./mfa-setup.ts). Those two come here too, and go on to cognito-local when called with an
 * access token. Other operations never come here.
 *
 * Where this differs from Cognito is listed in docs/local-engine.md.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CognitoError } from 'cognito-local/lib/errors.js';
import type { Router } from 'cognito-local/lib/server/Router.js';
import type { Services } from 'cognito-local/lib/services/index.js';
import { authSessionMillis, type MfaSetup, mfaSetup, needsMfaSetup } from './mfa-setup.ts';
import {
  claimSignature,
  newSaltHex,
  parseClaimTimestamp,
  poolNameOf,
  type ServerExchange,
  serverKey,
  signaturesMatch,
  startExchange,
  verifierFor,
} from './srp.ts';

/** Cognito's default AuthSessionValidity: a challenge must be answered within three minutes. */
const sessionMillis = authSessionMillis;
/** How far the client's TIMESTAMP may be from the server's clock. */
const timestampToleranceMillis = 5 * 60_000;

type Body = Record<string, unknown> & { ClientId?: string; AuthFlow?: string; ChallengeName?: string; Session?: string };
type Strings = Record<string, string | undefined>;

interface PendingVerifier {
  readonly clientId: string;
  /** undefined for a user that does not exist: the sign-in fails at the verifier, as with preventUserExistenceErrors. */
  readonly username: string | undefined;
  readonly userIdForSrp: string;
  readonly exchange: ServerExchange;
  /** The client's SRP_A. */
  readonly A: bigint;
  readonly expiresAt: number;
}

interface PendingChallenge {
  readonly clientId: string;
  readonly username: string;
  readonly challengeName: string;
  readonly expiresAt: number;
}

const notAuthorized = (message: string) => new CognitoError('NotAuthorizedException', message);
const invalidParameter = (message: string) => new CognitoError('InvalidParameterException', message);
const wrongCredentials = () => notAuthorized('Incorrect username or password.');

export interface AuthFlows {
  /** Serves the request if it is one of the sign-in's; false leaves it to cognito-local. */
  serve(request: IncomingMessage, response: ServerResponse): boolean;
  /** Marks a user as one of whom MFA is required: its next sign-in without TOTP answers MFA_SETUP. */
  requireMfa: MfaSetup['requireMfa'];
}

/** `logger` is cognito-local's (its operations log through the context they are given). */
export function authFlows(services: Services, logger: unknown, router: Router): AuthFlows {
  const ctx = { logger } as never;
  const verifiers = new Map<string, PendingVerifier>();
  const challenges = new Map<string, PendingChallenge>();
  const cognitoLocalInitiate = router('InitiateAuth');
  const cognitoLocalRespond = router('RespondToAuthChallenge');
  const cognitoLocalAssociate = router('AssociateSoftwareToken');
  const cognitoLocalVerify = router('VerifySoftwareToken');
  const setup = mfaSetup(services, ctxOf());

  const forget = (now: number) => {
    for (const [key, pending] of verifiers) if (pending.expiresAt < now) verifiers.delete(key);
    for (const [key, pending] of challenges) if (pending.expiresAt < now) challenges.delete(key);
  };

  const appClient = async (clientId: unknown) => {
    if (typeof clientId !== 'string' || clientId === '') throw invalidParameter('Missing required parameter ClientId');
    const client = await services.cognito.getAppClient(ctxOf(), clientId);
    if (!client) throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
    return client;
  };

  /** Keeps the Session of a challenge cognito-local issued, so that only its user may answer it. */
  const remember = <T extends { ChallengeName?: string; Session?: string }>(result: T, clientId: string, username: string): T => {
    if (result.ChallengeName && result.Session) {
      challenges.set(result.Session, { clientId, username, challengeName: result.ChallengeName, expiresAt: Date.now() + sessionMillis });
    }
    return result;
  };

  const initiate = async (body: Body) => {
    const client = await appClient(body.ClientId);
    const parameters = (body['AuthParameters'] ?? {}) as Strings;
    const flows = client.ExplicitAuthFlows ?? [];
    if (body.AuthFlow === 'USER_SRP_AUTH') {
      if (!flows.includes('ALLOW_USER_SRP_AUTH')) throw invalidParameter('USER_SRP_AUTH flow not enabled for this client');
      const username = parameters['USERNAME'];
      const srpA = parameters['SRP_A'];
      if (!username) throw invalidParameter('Missing required parameter USERNAME');
      if (!srpA || !/^[0-9a-fA-F]+$/.test(srpA)) throw invalidParameter('Missing required parameter SRP_A');
      const pool = await services.cognito.getUserPoolForClientId(ctxOf(), client.ClientId);
      const user = await pool.getUserByUsername(ctxOf(), username);
      if (user?.Enabled === false) throw notAuthorized('User is disabled.');
      if (user?.UserStatus === 'RESET_REQUIRED') throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
      const poolName = poolNameOf(client.UserPoolId);
      const saltHex = newSaltHex();
      // An unknown user gets a challenge like any other (its verifier is of a random password):
      // the deployed client prevents user-existence errors, and so does this one.
      const userIdForSrp = user?.Username ?? username;
      const password = user?.Password ?? randomBytes(32).toString('hex');
      const exchange = startExchange({ v: verifierFor({ poolName, username: userIdForSrp, password, saltHex }), saltHex });
      const secretBlock = randomBytes(64).toString('base64');
      verifiers.set(secretBlock, {
        clientId: client.ClientId,
        username: user?.Username,
        userIdForSrp,
        exchange,
        A: BigInt(`0x${srpA}`),
        expiresAt: Date.now() + sessionMillis,
      });
      return {
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeParameters: {
          SALT: exchange.saltHex,
          SRP_B: exchange.B.toString(16),
          SECRET_BLOCK: secretBlock,
          USERNAME: userIdForSrp,
          USER_ID_FOR_SRP: userIdForSrp,
        },
      };
    }
    if (body.AuthFlow === 'USER_PASSWORD_AUTH') {
      if (!flows.includes('ALLOW_USER_PASSWORD_AUTH')) throw invalidParameter('USER_PASSWORD_AUTH flow not enabled for this client');
      const pool = await services.cognito.getUserPoolForClientId(ctxOf(), client.ClientId);
      const user = parameters['USERNAME'] ? await pool.getUserByUsername(ctxOf(), parameters['USERNAME']) : null;
      if (user?.Enabled && user.UserStatus === 'CONFIRMED' && user.Password === parameters['PASSWORD'] && needsMfaSetup(user))
        return setup.challenge(client.ClientId, user.Username);
    }
    const result = await cognitoLocalInitiate(ctxOf(), body as never);
    return body.AuthFlow === 'USER_PASSWORD_AUTH' ? remember(result, client.ClientId, parameters['USERNAME'] ?? '') : result;
  };

  const respond = async (body: Body) => {
    const client = await appClient(body.ClientId);
    const responses = (body['ChallengeResponses'] ?? {}) as Strings;
    if (body.ChallengeName === 'PASSWORD_VERIFIER') {
      const secretBlock = responses['PASSWORD_CLAIM_SECRET_BLOCK'] ?? '';
      const pending = verifiers.get(secretBlock);
      verifiers.delete(secretBlock);
      if (!pending || pending.clientId !== client.ClientId || pending.expiresAt < Date.now()) throw notAuthorized('Invalid session for the user.');
      if (responses['USERNAME'] !== pending.userIdForSrp) throw notAuthorized('Invalid session for the user.');
      const timestamp = parseClaimTimestamp(responses['TIMESTAMP'] ?? '');
      if (!timestamp) throw invalidParameter('TIMESTAMP format is invalid');
      if (Math.abs(timestamp.getTime() - Date.now()) > timestampToleranceMillis) throw notAuthorized('Incorrect username or password.');
      const key = serverKey(pending.A, pending.exchange);
      if (!key || !pending.username) throw wrongCredentials();
      const expected = claimSignature(key, {
        poolName: poolNameOf(client.UserPoolId),
        userIdForSrp: pending.userIdForSrp,
        secretBlock,
        timestamp: responses['TIMESTAMP']!,
      });
      if (!signaturesMatch(expected, responses['PASSWORD_CLAIM_SIGNATURE'] ?? '')) throw wrongCredentials();
      // The password is proved: what follows (a new password, a second factor, the tokens) is
      // cognito-local's, reached through its password flow with the password it stores.
      const pool = await services.cognito.getUserPoolForClientId(ctxOf(), client.ClientId);
      const user = await pool.getUserByUsername(ctxOf(), pending.username);
      if (!user) throw wrongCredentials();
      if (user.UserStatus === 'CONFIRMED' && needsMfaSetup(user)) return setup.challenge(client.ClientId, user.Username);
      const result = await cognitoLocalInitiate(ctxOf(), {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: client.ClientId,
        AuthParameters: { USERNAME: user.Username, PASSWORD: user.Password },
      } as never);
      return remember(result, client.ClientId, user.Username);
    }
    if (body.ChallengeName === 'MFA_SETUP') return setup.respond(client.ClientId, body);
    const sessionId = typeof body.Session === 'string' ? body.Session : '';
    const session = challenges.get(sessionId);
    if (
      !session ||
      session.expiresAt < Date.now() ||
      session.clientId !== client.ClientId ||
      session.challengeName !== body.ChallengeName ||
      session.username !== responses['USERNAME']
    ) {
      challenges.delete(sessionId);
      throw notAuthorized('Invalid session for the user.');
    }
    // A wrong code or a refused new password may be tried again in the same session, as on
    // Cognito; an answer that is accepted ends it.
    const result = await cognitoLocalRespond(ctxOf(), body as never);
    challenges.delete(sessionId);
    if (body.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
      // A new password set, a user who must set TOTP up gets MFA_SETUP instead of the tokens.
      const pool = await services.cognito.getUserPoolForClientId(ctxOf(), client.ClientId);
      const user = await pool.getUserByUsername(ctxOf(), session.username);
      if (user && needsMfaSetup(user)) return setup.challenge(client.ClientId, user.Username);
    }
    return remember(result, client.ClientId, session.username);
  };

  const handlers: Record<string, (body: Body) => Promise<unknown>> = {
    InitiateAuth: initiate,
    RespondToAuthChallenge: respond,
    // With an access token (a signed-in user adding TOTP), cognito-local's own; with a Session, MFA_SETUP's.
    AssociateSoftwareToken: (body) => (body['Session'] === undefined ? cognitoLocalAssociate(ctxOf(), body as never) : setup.associate(body)),
    VerifySoftwareToken: (body) => (body['Session'] === undefined ? cognitoLocalVerify(ctxOf(), body as never) : setup.verify(body)),
  };

  return {
    requireMfa: setup.requireMfa,
    serve(request, response) {
      const target = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const handle = handlers[target];
      if (request.method !== 'POST' || (request.url ?? '/') !== '/' || !handle) return false;
      void (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
        forget(Date.now());
        let status = 200;
        let answer: unknown;
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Body;
          answer = await handle(body);
        } catch (error) {
          status = 400;
          answer =
            error instanceof CognitoError
              ? { __type: error.code, message: error.message }
              : error instanceof SyntaxError
                ? { __type: 'SerializationException', message: 'the body is not JSON' }
                : ((status = 500), { __type: 'InternalErrorException', message: String(error) });
        }
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'access-control-allow-origin': '*' });
        response.end(JSON.stringify(answer));
      })();
      return true;
    },
  };

  function ctxOf(): never {
    return ctx;
  }
}

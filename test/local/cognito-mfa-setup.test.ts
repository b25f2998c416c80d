/**
 * MFA_SETUP on the local Cognito stand-in (local/cognito/mfa-setup.ts), through the real SDK
 * client as Cognito's API reference shapes it, and through amazon-cognito-identity-js as the
 * portal runs it: the challenge after the password, AssociateSoftwareToken and
 * VerifySoftwareToken by Session, RespondToAuthChallenge MFA_SETUP, and SOFTWARE_TOKEN_MFA at the
 * next sign-in; a wrong code, a malformed one, an expired, reused or made-up Session.
 */
import {
  AdminDisableUserCommand,
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { localClientConfig } from '../../local/aws-config.ts';
import { type LocalCognito, startCognito } from '../../local/cognito/index.ts';
import { base32Decode, totpCode } from '../../local/cognito/totp.ts';

const password = 'Second-factor-1!';

describe('MFA_SETUP on the local Cognito stand-in', () => {
  let cognito: LocalCognito;
  let client: CognitoIdentityProviderClient;
  let users = 0;

  /** A new focal point of whom MFA is required, with no TOTP device. */
  const newUser = async (options: { temporaryPassword?: boolean } = {}) => {
    const username = `setup${++users}.irl`;
    await cognito.createFocalPoint({ username, state: 'IRL', groups: ['focal-point'], password, mfaRequired: true, ...options });
    return username;
  };
  const signIn = (username: string, withPassword = password): Promise<InitiateAuthCommandOutput> =>
    client.send(
      new InitiateAuthCommand({ ClientId: cognito.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: withPassword } }),
    );
  const associate = (session: string | undefined) => client.send(new AssociateSoftwareTokenCommand({ Session: session }));
  const verify = (session: string | undefined, code: string) =>
    client.send(new VerifySoftwareTokenCommand({ Session: session, UserCode: code, FriendlyDeviceName: 'phone' }));
  const finish = (username: string, session: string | undefined) =>
    client.send(
      new RespondToAuthChallengeCommand({
        ClientId: cognito.clientId,
        ChallengeName: 'MFA_SETUP',
        Session: session,
        ChallengeResponses: { USERNAME: username },
      }),
    );
  /** The setup as far as a verified code; returns the secret and the Session for RespondToAuthChallenge. */
  const setUp = async (username: string) => {
    const { Session } = await signIn(username);
    const associated = await associate(Session);
    const verified = await verify(associated.Session, totpCode(associated.SecretCode!));
    return { secret: associated.SecretCode!, session: verified.Session };
  };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => ({ name: 'none', message: 'it succeeded' }),
      (error: Error) => ({ name: error.name, message: error.message }),
    );
  const invalidSession = { name: 'NotAuthorizedException', message: 'Invalid session for the user.' };
  const expiredSession = { name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' };

  beforeAll(async () => {
    cognito = await startCognito({ port: 0 });
    client = new CognitoIdentityProviderClient(localClientConfig(cognito.url));
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    client.destroy();
    await cognito.stop();
  });

  it('sets TOTP up at the first sign-in with Sessions, issues the tokens, then asks the code at the next sign-in', async () => {
    const username = await newUser();
    const first = await signIn(username);
    expect(first.ChallengeName).toBe('MFA_SETUP');
    expect(JSON.parse(first.ChallengeParameters?.['MFAS_CAN_SETUP'] ?? '[]')).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(first.AuthenticationResult).toBeUndefined();
    expect(first.Session!.length).toBeGreaterThanOrEqual(20);

    const associated = await associate(first.Session);
    // A base32 secret of 160 bits, as authenticator apps take it; and the next step's Session.
    expect(associated.SecretCode).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(associated.SecretCode!)).toHaveLength(20);
    expect(associated.Session).toBeDefined();
    expect(associated.Session).not.toBe(first.Session);
    // Each Session is for its step, once.
    await expect(failure(associate(first.Session))).resolves.toEqual(invalidSession);
    await expect(failure(finish(username, associated.Session))).resolves.toEqual(invalidSession);

    const secret = associated.SecretCode!;
    const wrong = totpCode(secret) === '000000' ? '111111' : '000000';
    await expect(failure(verify(associated.Session, wrong))).resolves.toEqual({
      name: 'EnableSoftwareTokenMFAException',
      message: 'Code mismatch and fail enable Software Token MFA',
    });
    await expect(failure(verify(associated.Session, '12ab56'))).resolves.toMatchObject({ name: 'InvalidParameterException' });
    // Not yet set up: a sign-in now still answers MFA_SETUP.
    await expect(signIn(username)).resolves.toMatchObject({ ChallengeName: 'MFA_SETUP' });

    // A wrong code may be followed by the right one in the same Session.
    const verified = await verify(associated.Session, totpCode(secret));
    expect(verified.Status).toBe('SUCCESS');
    expect(verified.Session).toBeDefined();
    await expect(failure(verify(associated.Session, totpCode(secret)))).resolves.toEqual(invalidSession);
    await expect(failure(finish('someone.else', verified.Session))).resolves.toEqual(invalidSession);

    const done = await finish(username, verified.Session);
    expect(done.ChallengeName).toBeUndefined();
    const { IdToken, AccessToken, RefreshToken } = done.AuthenticationResult ?? {};
    expect(decodeJwt(IdToken!)).toMatchObject({ 'cognito:username': username, 'custom:state': 'IRL', 'cognito:groups': ['focal-point'] });
    expect(decodeJwt(AccessToken!)).toMatchObject({ username });
    await expect(failure(finish(username, verified.Session))).resolves.toEqual(invalidSession);
    // The refresh token is the user's: it gives new tokens.
    const refreshed = await client.send(
      new InitiateAuthCommand({ ClientId: cognito.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: RefreshToken! } }),
    );
    expect(refreshed.AuthenticationResult?.IdToken).toBeDefined();

    // From now on the user has a second factor: SOFTWARE_TOKEN_MFA, answered with the app's code.
    const next = await signIn(username);
    expect(next.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    expect(next.ChallengeParameters?.['FRIENDLY_DEVICE_NAME']).toBe('phone');
    const answered = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: cognito.clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: next.Session,
        ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: totpCode(secret) },
      }),
    );
    expect(answered.AuthenticationResult?.IdToken).toBeDefined();
  });

  it('refuses an expired Session at each step, and a made-up one, with Cognito’s messages', async () => {
    const now = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now });
    const username = await newUser();
    const first = await signIn(username);
    vi.setSystemTime(now + 3 * 60_000 + 1000);
    await expect(failure(associate(first.Session))).resolves.toEqual(expiredSession);

    const second = await signIn(username);
    const associated = await associate(second.Session);
    vi.setSystemTime(now + 2 * (3 * 60_000 + 1000));
    await expect(failure(verify(associated.Session, totpCode(associated.SecretCode!)))).resolves.toEqual(expiredSession);

    const another = await newUser();
    const ready = await setUp(another);
    vi.setSystemTime(now + 3 * (3 * 60_000 + 1000));
    await expect(failure(finish(another, ready.session))).resolves.toEqual(expiredSession);

    vi.useRealTimers();
    await expect(failure(associate('a-session-cognito-never-issued'))).resolves.toEqual(invalidSession);
    await expect(failure(verify('a-session-cognito-never-issued', '123456'))).resolves.toEqual(invalidSession);
    // An access token or a Session, not both.
    const third = await signIn(username);
    await expect(failure(client.send(new AssociateSoftwareTokenCommand({ Session: third.Session, AccessToken: 'x.y.z' })))).resolves.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('refuses to go on with the setup of a user disabled meanwhile', async () => {
    const username = await newUser();
    const associated = await associate((await signIn(username)).Session);
    await client.send(new AdminDisableUserCommand({ UserPoolId: cognito.userPoolId, Username: username }));
    await expect(failure(verify(associated.Session, totpCode(associated.SecretCode!)))).resolves.toEqual({
      name: 'NotAuthorizedException',
      message: 'User is disabled.',
    });
  });

  it('accepts the code of the step before and after the current one (RFC 6238, ±30 s), not two steps away', async () => {
    // Frozen in the middle of a 30-second step, so that the steps around it are certain.
    vi.useFakeTimers({ toFake: ['Date'], now: Math.floor(Date.now() / 30_000) * 30_000 + 15_000 });
    const at = (offsetSeconds: number, secret: string) => totpCode(secret, new Date(Date.now() + offsetSeconds * 1000));
    for (const offset of [-30, 30]) {
      const username = await newUser();
      const associated = await associate((await signIn(username)).Session);
      const secret = associated.SecretCode!;
      for (const far of [-60, 60]) {
        if (at(far, secret) !== at(offset, secret)) {
          await expect(failure(verify(associated.Session, at(far, secret)))).resolves.toMatchObject({ name: 'EnableSoftwareTokenMFAException' });
        }
      }
      await expect(verify(associated.Session, at(offset, secret))).resolves.toMatchObject({ Status: 'SUCCESS' });
    }
  });

  it('asks a user with a temporary password for a new one, then to set TOTP up', async () => {
    const username = await newUser({ temporaryPassword: true });
    const first = await signIn(username);
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const changed = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: cognito.clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: first.Session,
        ChallengeResponses: { USERNAME: username, NEW_PASSWORD: 'Chosen-password-1!' },
      }),
    );
    expect(changed.ChallengeName).toBe('MFA_SETUP');
    expect(changed.AuthenticationResult).toBeUndefined();
    const associated = await associate(changed.Session);
    expect(associated.SecretCode).toMatch(/^[A-Z2-7]{32}$/);
    // The new password is kept: signing in with it asks to set TOTP up again (nothing was verified).
    await expect(signIn(username, 'Chosen-password-1!')).resolves.toMatchObject({ ChallengeName: 'MFA_SETUP' });
  });

  it('runs the portal’s path: amazon-cognito-identity-js over SRP, mfaSetup, associateSoftwareToken, verifySoftwareToken', async () => {
    const username = await newUser();
    const pool = new CognitoUserPool({ UserPoolId: cognito.userPoolId, ClientId: cognito.clientId, endpoint: `${cognito.url}/` });
    const user = new CognitoUser({ Username: username, Pool: pool });
    const secret = await new Promise<string>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
        onSuccess: () => reject(new Error('signed in without setting TOTP up')),
        onFailure: reject,
        mfaSetup: () => user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
      }),
    );
    const verifyCode = (code: string) =>
      new Promise<CognitoUserSession>((resolve, reject) => user.verifySoftwareToken(code, 'authenticator', { onSuccess: resolve, onFailure: reject }));
    await expect(verifyCode(totpCode(secret) === '000000' ? '111111' : '000000')).rejects.toMatchObject({ code: 'EnableSoftwareTokenMFAException' });
    const session = await verifyCode(totpCode(secret));
    expect(session.getIdToken().decodePayload()).toMatchObject({ 'cognito:username': username, 'custom:state': 'IRL' });

    const again = new CognitoUser({ Username: username, Pool: pool });
    const challenge = await new Promise<string>((resolve, reject) =>
      again.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
        onSuccess: () => reject(new Error('signed in without the second factor')),
        onFailure: reject,
        totpRequired: (name: string) => resolve(name),
        mfaSetup: () => reject(new Error('asked to set TOTP up a second time')),
      }),
    );
    expect(challenge).toBe('SOFTWARE_TOKEN_MFA');
  });

  it('runs a new user’s first sign-in on the deployed pool: a temporary password replaced, then TOTP set up', async () => {
    const username = await newUser({ temporaryPassword: true });
    const pool = new CognitoUserPool({ UserPoolId: cognito.userPoolId, ClientId: cognito.clientId, endpoint: `${cognito.url}/` });
    const user = new CognitoUser({ Username: username, Pool: pool });
    const mfaSetupAfterNewPassword = await new Promise<string>((resolve, reject) => {
      const callbacks = {
        onSuccess: () => reject(new Error('signed in without setting TOTP up')),
        onFailure: reject,
        newPasswordRequired: () => user.completeNewPasswordChallenge('Chosen-password-2!', {}, callbacks),
        mfaSetup: (name: string) => resolve(name),
      };
      user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), callbacks);
    });
    expect(mfaSetupAfterNewPassword).toBe('MFA_SETUP');
    const secret = await new Promise<string>((resolve, reject) => user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.verifySoftwareToken(totpCode(secret), 'authenticator', { onSuccess: resolve, onFailure: reject }),
    );
    expect(session.isValid()).toBe(true);
  });
});

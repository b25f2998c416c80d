/**
 * The Cognito stand-in's SRP sign-in, driven by amazon-cognito-identity-js itself (the library
 * the portal runs in the browser): USER_SRP_AUTH and PASSWORD_VERIFIER, the temporary-password
 * change, the TOTP challenge, refresh, and the refusals Cognito gives.
 */
import { CognitoIdentityProviderClient, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../local/aws-config.ts';
import { type LocalCognito, startCognito } from '../../local/cognito/index.ts';
import { createJwtAuthorizer } from '../../local/cognito/jwt-authorizer.ts';
import { claimSignature, g, k, modPow, N, padHex, parseClaimTimestamp, serverKey, startExchange, verifierFor } from '../../local/cognito/srp.ts';
import { totpCode } from '../../local/cognito/totp.ts';

type Outcome =
  | { kind: 'success'; session: CognitoUserSession }
  | { kind: 'failure'; error: { code?: string; name?: string; message: string } }
  | { kind: 'newPasswordRequired' }
  | { kind: 'totpRequired' }
  | { kind: 'mfaSetup' };

const callbacks = (resolve: (outcome: Outcome) => void) => ({
  onSuccess: (session: CognitoUserSession) => resolve({ kind: 'success', session }),
  onFailure: (error: { code?: string; name?: string; message: string }) => resolve({ kind: 'failure', error }),
  newPasswordRequired: () => resolve({ kind: 'newPasswordRequired' }),
  totpRequired: () => resolve({ kind: 'totpRequired' }),
  mfaSetup: () => resolve({ kind: 'mfaSetup' }),
});

describe('SRP sign-in on the local Cognito stand-in, with amazon-cognito-identity-js', () => {
  let cognito: LocalCognito;
  let pool: CognitoUserPool;
  let totpSecret: string;

  const userFor = (username: string) => new CognitoUser({ Username: username, Pool: pool });
  const signIn = (user: CognitoUser, password: string) =>
    new Promise<Outcome>((resolve) =>
      user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: password }), callbacks(resolve)),
    );

  beforeAll(async () => {
    cognito = await startCognito({ port: 0 });
    pool = new CognitoUserPool({ UserPoolId: cognito.userPoolId, ClientId: cognito.clientId, endpoint: `${cognito.url}/` });
    await cognito.createFocalPoint({ username: 'fp.fra', state: 'FRA', groups: ['focal-point'], password: 'Correct-horse-1!' });
    await cognito.createFocalPoint({ username: 'new.fra', state: 'FRA', groups: ['focal-point'], password: 'Temporary-pass-1!', temporaryPassword: true });
    await cognito.createFocalPoint({ username: 'mfa.ken', state: 'KEN', groups: ['focal-point'], password: 'Second-factor-1!' });
    totpSecret = await cognito.enableTotp('mfa.ken');
  });
  afterAll(() => cognito.stop());

  it('computes k, B and the key as the SRP-6a equations say (RFC 5054 group, SHA-256)', () => {
    expect(N.toString(16).length).toBe(768);
    expect(padHex(N).startsWith('00ff')).toBe(true);
    expect(padHex(0x7fn)).toBe('7f');
    expect(padHex(0x80n)).toBe('0080');
    expect(padHex(0xabcn)).toBe('0abc');
    // A client with secret a and password x must derive the same key as the server.
    const verifier = { v: verifierFor({ poolName: 'Pool', username: 'u', password: 'p', saltHex: '0a1b' }), saltHex: '0a1b' };
    const exchange = startExchange(verifier);
    expect(exchange.B).toBe((k * verifier.v + modPow(g, exchange.b, N)) % N);
    expect(serverKey(0n, exchange)).toBeUndefined();
    expect(serverKey(N, exchange)).toBeUndefined();
    expect(serverKey(modPow(g, 12345n, N), exchange)).toHaveLength(16);
    expect(parseClaimTimestamp('Sat Dec 5 09:03:07 UTC 2026')?.toISOString()).toBe('2026-12-05T09:03:07.000Z');
    expect(parseClaimTimestamp('2026-12-05T09:03:07Z')).toBeUndefined();
    expect(claimSignature(Buffer.alloc(16), { poolName: 'Pool', userIdForSrp: 'u', secretBlock: 'AA==', timestamp: 't' })).toHaveLength(32);
  });

  it('signs a user in with USER_SRP_AUTH, giving tokens the API authorizer accepts, and refreshes them', async () => {
    const user = userFor('fp.fra');
    const outcome = await signIn(user, 'Correct-horse-1!');
    expect(outcome.kind).toBe('success');
    if (outcome.kind !== 'success') return;
    const idToken = outcome.session.getIdToken().getJwtToken();
    expect(decodeJwt(idToken)).toMatchObject({ 'custom:state': 'FRA', 'cognito:username': 'fp.fra', 'cognito:groups': ['focal-point'] });
    const authorize = createJwtAuthorizer({ issuer: cognito.issuer, audiences: [cognito.clientId], jwksUrl: cognito.jwksUrl });
    expect(await authorize(`Bearer ${idToken}`)).toMatchObject({ ok: true });

    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.refreshSession(outcome.session.getRefreshToken(), (error: unknown, session: CognitoUserSession) => (error ? reject(error) : resolve(session))),
    );
    expect(decodeJwt(refreshed.getIdToken().getJwtToken())['custom:state']).toBe('FRA');
  });

  it('refuses a wrong password and an unknown user alike, as Cognito does when it prevents user-existence errors', async () => {
    const wrong = await signIn(userFor('fp.fra'), 'Wrong-horse-1!');
    const unknown = await signIn(userFor('nobody.fra'), 'Correct-horse-1!');
    for (const outcome of [wrong, unknown]) {
      expect(outcome).toMatchObject({ kind: 'failure', error: { code: 'NotAuthorizedException', message: 'Incorrect username or password.' } });
    }
  });

  it('asks a user with a temporary password for a new one, which then is the password', async () => {
    const user = userFor('new.fra');
    expect(await signIn(user, 'Wrong-temporary-1!')).toMatchObject({ kind: 'failure', error: { code: 'NotAuthorizedException' } });
    expect(await signIn(user, 'Temporary-pass-1!')).toEqual({ kind: 'newPasswordRequired' });
    const changed = await new Promise<Outcome>((resolve) => user.completeNewPasswordChallenge('Chosen-password-1!', {}, callbacks(resolve)));
    expect(changed.kind).toBe('success');
    expect((await signIn(userFor('new.fra'), 'Chosen-password-1!')).kind).toBe('success');
    expect(await signIn(userFor('new.fra'), 'Temporary-pass-1!')).toMatchObject({ kind: 'failure', error: { code: 'NotAuthorizedException' } });
  });

  it('asks a user with TOTP on for a code after the password, and refuses a wrong code', async () => {
    const user = userFor('mfa.ken');
    expect(await signIn(user, 'Second-factor-1!')).toEqual({ kind: 'totpRequired' });
    const wrongCode = String((Number(totpCode(totpSecret)) + 500_000) % 1_000_000).padStart(6, '0');
    const refused = await new Promise<Outcome>((resolve) => user.sendMFACode(wrongCode, callbacks(resolve), 'SOFTWARE_TOKEN_MFA'));
    expect(refused).toMatchObject({ kind: 'failure', error: { code: 'CodeMismatchException' } });

    const again = userFor('mfa.ken');
    expect(await signIn(again, 'Second-factor-1!')).toEqual({ kind: 'totpRequired' });
    const accepted = await new Promise<Outcome>((resolve) => again.sendMFACode(totpCode(totpSecret), callbacks(resolve), 'SOFTWARE_TOKEN_MFA'));
    expect(accepted.kind).toBe('success');
  });

  it('accepts an answer to a challenge only with the session issued for it', async () => {
    const client = new CognitoIdentityProviderClient(localClientConfig(cognito.url));
    try {
      await cognito.createFocalPoint({ username: 'new.mex', state: 'MEX', groups: ['focal-point'], password: 'Temporary-pass-1!', temporaryPassword: true });
      const forged = new RespondToAuthChallengeCommand({
        ClientId: cognito.clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: '00000000-0000-4000-8000-000000000000',
        ChallengeResponses: { USERNAME: 'new.mex', NEW_PASSWORD: 'Taken-over-1!' },
      });
      await expect(client.send(forged)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });
      // The same secret block twice: a PASSWORD_VERIFIER is answerable once.
      const user = userFor('fp.fra');
      expect((await signIn(user, 'Correct-horse-1!')).kind).toBe('success');
      const replay = new RespondToAuthChallengeCommand({
        ClientId: cognito.clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: {
          USERNAME: 'fp.fra',
          PASSWORD_CLAIM_SECRET_BLOCK: 'AAAA',
          TIMESTAMP: 'Sat Dec 5 09:03:07 UTC 2026',
          PASSWORD_CLAIM_SIGNATURE: 'AAAA',
        },
      });
      await expect(client.send(replay)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    } finally {
      client.destroy();
    }
  });
});

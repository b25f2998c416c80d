/**
 * The stand-in ends sessions as Cognito does (local/cognito/sessions.ts): a disabled user cannot
 * sign in or refresh, and after AdminUserGlobalSignOut or AdminDisableUser the user's refresh
 * tokens and access tokens are refused. Every call goes through the real SDK v3 client.
 */
import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminInitiateAuthCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  NotAuthorizedException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../local/aws-config.ts';
import { defaultPassword, type LocalCognito, startCognito } from '../../local/cognito/index.ts';

describe('sessions in the local Cognito stand-in', () => {
  let cognito: LocalCognito;
  let client: CognitoIdentityProviderClient;

  beforeAll(async () => {
    cognito = await startCognito({ port: 0 });
    client = new CognitoIdentityProviderClient(localClientConfig(cognito.url));
    for (const username of ['signed.out', 'disabled.one', 'self.out']) await cognito.createFocalPoint({ username, state: 'FRA', groups: ['focal-point'] });
  });
  afterAll(async () => {
    client.destroy();
    await cognito.stop();
  });

  const signIn = (username: string, password = defaultPassword) =>
    client.send(
      new InitiateAuthCommand({ ClientId: cognito.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
    );
  const refresh = (refreshToken: string) =>
    client.send(
      new AdminInitiateAuthCommand({
        UserPoolId: cognito.userPoolId,
        ClientId: cognito.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );
  const getUser = (accessToken: string) => client.send(new GetUserCommand({ AccessToken: accessToken }));
  /** Tokens carry whole seconds: wait for the next one, so that a new token postdates a sign-out. */
  const nextSecond = async () => {
    const second = Math.floor(Date.now() / 1000);
    await expect.poll(() => Math.floor(Date.now() / 1000), { interval: 20, timeout: 3000 }).toBeGreaterThan(second);
  };

  it('AdminUserGlobalSignOut revokes the refresh and access tokens; a new sign-in works', async () => {
    const { AuthenticationResult: before } = await signIn('signed.out');
    expect((await getUser(before!.AccessToken!)).Username).toBe('signed.out');
    expect((await refresh(before!.RefreshToken!)).AuthenticationResult?.IdToken).toBeTruthy();

    await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: cognito.userPoolId, Username: 'signed.out' }));
    await expect(refresh(before!.RefreshToken!)).rejects.toBeInstanceOf(NotAuthorizedException);
    await expect(getUser(before!.AccessToken!)).rejects.toThrow(/Access Token has been revoked/);

    await nextSecond();
    const { AuthenticationResult: after } = await signIn('signed.out');
    expect((await getUser(after!.AccessToken!)).Username).toBe('signed.out');
  });

  it('AdminUserGlobalSignOut of an unknown user is UserNotFoundException', async () => {
    await expect(client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: cognito.userPoolId, Username: 'nobody.here' }))).rejects.toBeInstanceOf(
      UserNotFoundException,
    );
  });

  it('GlobalSignOut with an access token signs its user out', async () => {
    const { AuthenticationResult: tokens } = await signIn('self.out');
    await client.send(new GlobalSignOutCommand({ AccessToken: tokens!.AccessToken! }));
    await expect(refresh(tokens!.RefreshToken!)).rejects.toBeInstanceOf(NotAuthorizedException);
    await expect(getUser(tokens!.AccessToken!)).rejects.toBeInstanceOf(NotAuthorizedException);
  });

  it('a disabled user cannot sign in or refresh, its access token is revoked; enabled again, it signs in', async () => {
    const { AuthenticationResult: before } = await signIn('disabled.one');
    await client.send(new AdminDisableUserCommand({ UserPoolId: cognito.userPoolId, Username: 'disabled.one' }));

    await expect(signIn('disabled.one')).rejects.toThrow(expect.objectContaining({ name: 'NotAuthorizedException', message: 'User is disabled.' }));
    await expect(cognito.tokenFor({ username: 'disabled.one' })).rejects.toThrow('User is disabled.');
    await expect(refresh(before!.RefreshToken!)).rejects.toThrow('User is disabled.');
    await expect(getUser(before!.AccessToken!)).rejects.toBeInstanceOf(NotAuthorizedException);
    // A wrong password is answered as for anyone: the refusal tells nothing without the password.
    await expect(signIn('disabled.one', 'Wrong-password-1')).rejects.not.toThrow('User is disabled.');

    await client.send(new AdminEnableUserCommand({ UserPoolId: cognito.userPoolId, Username: 'disabled.one' }));
    await nextSecond();
    const { AuthenticationResult: after } = await signIn('disabled.one');
    expect((await getUser(after!.AccessToken!)).Username).toBe('disabled.one');
  });
});

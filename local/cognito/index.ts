/**
 * The Cognito stand-in: cognito-local 5.3.0, run in-process, holding one user pool for the
 * States' focal points.
 *
 * Why cognito-local and not an issuer of our own on jose: through the real SDK v3 client it
 * answers every call the project makes (CreateUserPool with a custom attribute,
 * CreateUserPoolClient, CreateGroup, AdminCreateUser, AdminSetUserPassword, AdminAddUserToGroup,
 * AdminGetUser, AdminInitiateAuth and InitiateAuth, ListUsersInGroup, AdminListGroupsForUser,
 * AdminDeleteUser and the List calls), its RS256 ID tokens carry `custom:state` and
 * `cognito:groups`, they verify against its JWKS with jose, and it starts in about 0.1 s (0.3 s
 * more for the first import). Its quirks have workarounds (see ./cognito-local.ts and the notes
 * below), none of which needs its code changed.
 *
 * What differs from the deployed pool, and matters here:
 * - users sign in by username, where the deployed pool signs them in by e-mail (its usernames
 *   are generated, so `cognito:username` is a UUID there); a second factor (TOTP) is asked only
 *   of users who turned it on or are marked `mfaRequired` (the deployed pool requires it of all);
 *   USER_SRP_AUTH and MFA_SETUP are served by stand-ins of this project in front of cognito-local
 *   (./auth-flows.ts, ./srp.ts, ./mfa-setup.ts);
 * - the issuer is `http://<host>:<port>/<poolId>`, pool ids look like `local_AbC12xYz`, and every
 *   cognito-local signs with the same key pair, shipped in the package: anyone can mint tokens it
 *   accepts, so keep it on loopback (the default);
 * - CreateGroup on an existing group replaces it and empties its member list (Cognito refuses
 *   with GroupExistsException), so groups are created only when missing;
 * - sign-in results carry no ExpiresIn, a wrong password is InvalidPasswordException rather than
 *   NotAuthorizedException, each sign-in appends a refresh token to the user's record, and
 *   password policies are not enforced;
 * - tokens lack Cognito's `origin_jti`, `at_hash` and access-token `version` claims.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  type AttributeType,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InvalidPasswordException,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ListUsersInGroupCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolClientCommand,
  UsernameExistsException,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { type Role, roles } from '../../functions/core/caller.ts';
import { tokenValidityMinutes } from '../../functions/core/revocation.ts';
import { localClientConfig } from '../aws-config.ts';
import { startCognitoLocal } from './cognito-local.ts';
import { totpCode } from './totp.ts';

export const userPoolName = 'mpr-focal-points';
export const userPoolClientName = 'mpr-api';
/** The password focal points get unless one is given; it meets the deployed pool's policy. */
export const defaultPassword = 'Local-focal-point-1';

export interface FocalPoint {
  readonly username: string;
  /** ISO 3166-1 alpha-3 code; Secretariat users may have none. */
  readonly state?: string;
  readonly groups: readonly Role[];
  readonly password?: string;
  /** Where the pool sends its codes (forgot password); set when the user is created. */
  readonly email?: string;
  /**
   * The password is temporary: the first sign-in must set a new one (NEW_PASSWORD_REQUIRED). A
   * user who exists already keeps the password it has.
   */
  readonly temporaryPassword?: boolean;
  /**
   * MFA is required of the user, as of everyone in the deployed pool: a sign-in without a TOTP
   * device set up answers MFA_SETUP (./mfa-setup.ts). The local pool's MFA is otherwise optional.
   */
  readonly mfaRequired?: boolean;
}

/** The client's sign-in flows: SRP for people (as deployed), passwords for the engine's own token helper and scripts. */
export const localAuthFlows = ['ALLOW_USER_SRP_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;

/** A user by name, or the (first) member of `role` acting for `state`. */
export type TokenRequest = { readonly username: string } | { readonly role: Role; readonly state?: string };

export interface Tokens {
  readonly idToken: string;
  readonly accessToken: string;
  /** Seconds the tokens stay valid, as Cognito's `ExpiresIn`. */
  readonly expiresIn: number;
}

export interface LocalCognito {
  /** Endpoint for `CognitoIdentityProviderClient`. */
  readonly url: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** The `iss` of its tokens: what the API's JWT authorizer is configured with. */
  readonly issuer: string;
  readonly jwksUrl: string;
  /**
   * Creates the user if missing, sets its password (permanent) and adds it to `groups`; groups it
   * already has stay. `custom:state` is immutable, so a user who exists with another State is an error.
   */
  createFocalPoint(focalPoint: FocalPoint): Promise<void>;
  /**
   * Signs a user in with ADMIN_USER_PASSWORD_AUTH. Asked by State and role, it picks a member of
   * the role's group acting for that State, creating `<role>.<state>` (e.g. `focal-point.fra`)
   * when there is none. It knows the passwords given in this run and the default one; a user
   * given another password in an earlier run must go through createFocalPoint again.
   */
  tokenFor(request: TokenRequest): Promise<Tokens>;
  /**
   * Turns on TOTP for a user (a new software token, verified and made its second factor), as the
   * user would in an authenticator app; returns the base32 secret. Each call gives a new secret.
   */
  enableTotp(username: string): Promise<string>;
  /** The codes the pool "e-mailed" to a user (forgot password), oldest first: cognito-local prints them on the console. */
  codesSentTo(username: string): string[];
  stop(): Promise<void>;
}

/**
 * Starts the stand-in on `port` (0 picks a free one). With `dataDir` the pool persists there and
 * is reused on the next start; without, it lives in a temporary directory removed on stop.
 */
export async function startCognito(options: { port: number; host?: string; dataDir?: string }): Promise<LocalCognito> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'mpr-cognito-')));
  await mkdir(dataDir, { recursive: true });
  const server = await startCognitoLocal({ port: options.port, host: options.host, dataDir });
  const client = new CognitoIdentityProviderClient(localClientConfig(server.url));
  const stop = async () => {
    client.destroy();
    await server.stop();
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const userPoolId = await ensureUserPool(client);
    // TOTP for those who turn it on, and for those marked `mfaRequired` (the deployed pool
    // requires it of everyone: MFA_SETUP at first sign-in; see ./mfa-setup.ts).
    await client.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: userPoolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }),
    );
    const clientId = await ensureUserPoolClient(client, userPoolId);
    await ensureGroups(client, userPoolId);
    const issuer = `${server.url}/${userPoolId}`;
    const passwords = new Map<string, string>();

    const createFocalPoint = async (focalPoint: FocalPoint) => {
      checkFocalPoint(focalPoint);
      const { username, state, groups, password = defaultPassword, temporaryPassword = false } = focalPoint;
      let created = false;
      try {
        await client.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: username,
            MessageAction: 'SUPPRESS',
            UserAttributes: [
              ...(state ? [{ Name: 'custom:state', Value: state }] : []),
              ...(focalPoint.email ? [{ Name: 'email', Value: focalPoint.email }] : []),
            ],
            ...(temporaryPassword ? { TemporaryPassword: password } : {}),
          }),
        );
        created = true;
      } catch (error) {
        if (!(error instanceof UsernameExistsException)) throw error;
        const existing = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
        const existingState = attribute(existing.UserAttributes, 'custom:state');
        if (existingState !== state) {
          const change = `${existingState ?? '(none)'} to ${state ?? '(none)'}`;
          throw new Error(`${username} exists already, and its custom:state cannot change from ${change}`, { cause: error });
        }
      }
      if (!temporaryPassword) {
        await client.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: true }));
      } else if (!created) {
        // Whatever password it has now stays; tokenFor cannot know it.
        passwords.delete(username);
      }
      for (const group of groups) {
        await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: group }));
      }
      if (focalPoint.mfaRequired) await server.requireMfa(userPoolId, username);
      if (!temporaryPassword) passwords.set(username, password);
    };

    const memberFor = async (role: Role, state: string | undefined) => {
      const { Users = [] } = await client.send(new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: role }));
      // A member still to set its first password cannot be signed in for.
      const member = Users.find((user) => attribute(user.Attributes, 'custom:state') === state && user.UserStatus !== 'FORCE_CHANGE_PASSWORD');
      if (member?.Username) return member.Username;
      const username = state ? `${role}.${state.toLowerCase()}` : role;
      await createFocalPoint({ username, groups: [role], ...(state ? { state } : {}) });
      return username;
    };

    const tokenFor = async (request: TokenRequest): Promise<Tokens> => {
      const username = 'username' in request ? request.username : await memberFor(request.role, request.state);
      const password = passwords.get(username);
      const signIn = new AdminInitiateAuthCommand({
        UserPoolId: userPoolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password ?? defaultPassword },
      });
      const { AuthenticationResult: result } = await client.send(signIn).catch((error: unknown) => {
        // cognito-local answers a wrong password with InvalidPasswordException (Cognito: NotAuthorizedException).
        if (password !== undefined || !(error instanceof InvalidPasswordException)) throw error;
        throw new Error(`${username} has a password set in an earlier run: createFocalPoint it again to use tokenFor`, { cause: error });
      });
      if (!result?.IdToken || !result.AccessToken) throw new Error(`signing in ${username} returned no tokens`);
      // cognito-local leaves ExpiresIn out; Cognito reports the access token's lifetime.
      const { exp = 0, iat = 0 } = decodeJwt(result.AccessToken);
      return { idToken: result.IdToken, accessToken: result.AccessToken, expiresIn: result.ExpiresIn ?? exp - iat };
    };

    const enableTotp = async (username: string) => {
      const { accessToken } = await tokenFor({ username });
      const { SecretCode } = await client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
      if (!SecretCode) throw new Error(`AssociateSoftwareToken returned no secret for ${username}`);
      await client.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totpCode(SecretCode), FriendlyDeviceName: 'authenticator' }));
      await client.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
      return SecretCode;
    };

    return {
      url: server.url,
      userPoolId,
      clientId,
      issuer,
      jwksUrl: `${issuer}/.well-known/jwks.json`,
      createFocalPoint,
      tokenFor,
      enableTotp,
      codesSentTo: (username) => server.delivered.flatMap((message) => (message.username === username && message.code ? [message.code] : [])),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function ensureUserPool(client: CognitoIdentityProviderClient): Promise<string> {
  const { UserPools = [] } = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  const existing = UserPools.find((pool) => pool.Name === userPoolName)?.Id;
  if (existing) return existing;
  const { UserPool } = await client.send(
    new CreateUserPoolCommand({
      PoolName: userPoolName,
      // As deployed, accounts are made by administrators and the State never changes.
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Schema: [{ Name: 'state', AttributeDataType: 'String', Mutable: false, StringAttributeConstraints: { MinLength: '3', MaxLength: '3' } }],
    }),
  );
  if (!UserPool?.Id) throw new Error('CreateUserPool returned no pool id');
  return UserPool.Id;
}

async function ensureUserPoolClient(client: CognitoIdentityProviderClient, userPoolId: string): Promise<string> {
  const { UserPoolClients = [] } = await client.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  const existing = UserPoolClients.find((appClient) => appClient.ClientName === userPoolClientName)?.ClientId;
  if (existing) {
    // A pool kept from before SRP sign-in existed gets the flows it now needs.
    await client.send(new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: existing, ExplicitAuthFlows: [...localAuthFlows] }));
    return existing;
  }
  const { UserPoolClient } = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: userPoolClientName,
      ExplicitAuthFlows: [...localAuthFlows],
      // The deployed client's lifetimes; cognito-local would otherwise issue 24-hour tokens.
      AccessTokenValidity: tokenValidityMinutes,
      IdTokenValidity: tokenValidityMinutes,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes' },
    }),
  );
  if (!UserPoolClient?.ClientId) throw new Error('CreateUserPoolClient returned no client id');
  return UserPoolClient.ClientId;
}

async function ensureGroups(client: CognitoIdentityProviderClient, userPoolId: string): Promise<void> {
  const { Groups = [] } = await client.send(new ListGroupsCommand({ UserPoolId: userPoolId }));
  const present = new Set(Groups.map((group) => group.GroupName));
  for (const role of roles) {
    if (!present.has(role)) await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: role }));
  }
}

function checkFocalPoint({ state, groups }: FocalPoint): void {
  if (state !== undefined && !/^[A-Z]{3}$/.test(state)) throw new Error(`custom:state must be an ISO 3166-1 alpha-3 code, not ${state}`);
  const unknown = groups.filter((group) => !(roles as readonly string[]).includes(group));
  if (unknown.length > 0) throw new Error(`unknown groups: ${unknown.join(', ')}`);
}

function attribute(attributes: readonly AttributeType[] | undefined, name: string): string | undefined {
  return attributes?.find((candidate) => candidate.Name === name)?.Value;
}

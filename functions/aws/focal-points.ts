/**
 * A State's focal points in the Cognito user pool: listed, added and removed with the admin API.
 *
 * The State of a user is its `custom:state` attribute, immutable and set only at creation, so no
 * one can move a user to another State. Cognito's ListUsers cannot filter on custom attributes,
 * so a State's users are read from the members of the two State groups (focal-point,
 * mission-admin) and kept when their `custom:state` is the State: about 200 States with a few
 * users each is a few pages. Group membership decides no State: the attribute does.
 *
 * Removing a user deletes it; disabling keeps it (listed as disabled) until it is enabled again.
 * Either takes effect at once: the user's revocation record is written first (the API refuses
 * every token issued until then, functions/core/revocation.ts), then the user is signed out
 * everywhere (AdminUserGlobalSignOut: its refresh tokens stop working), then removed or
 * disabled. The ID and access tokens themselves are self-contained and would otherwise pass the
 * API's JWT authorizer until they expire. The audit trail, not the pool, remembers who was a
 * focal point.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminUserGlobalSignOutCommand,
  type AttributeType,
  CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '../core/caller.ts';
import type { StateCode } from '../core/codes.ts';
import type { RevocationReason } from '../core/revocation.ts';
import { RevocationsRepository } from './revocations-repository.ts';
import { tableAccess } from './table-access.ts';

/** The roles a State's own users hold; the Secretariat's role is granted outside this API. */
export const stateRoles = ['focal-point', 'mission-admin'] as const satisfies readonly Role[];
export type StateRole = (typeof stateRoles)[number];

export interface FocalPointAccount {
  readonly username: string;
  readonly state: StateCode;
  readonly email: string | null;
  readonly roles: readonly StateRole[];
  /** Cognito's user status, e.g. FORCE_CHANGE_PASSWORD until the first sign-in, then CONFIRMED. */
  readonly status: string;
  readonly enabled: boolean;
  readonly createdAt: string | null;
}

export interface NewFocalPoint {
  readonly username: string;
  readonly email: string;
  readonly state: StateCode;
  readonly missionAdmin: boolean;
  /**
   * `email`: Cognito mails the user a temporary password (its invitation). A given temporary
   * password is not mailed: whoever creates the user hands it over.
   */
  readonly invitation: 'email' | { readonly temporaryPassword: string };
}

export class FocalPointExistsError extends Error {
  override readonly name = 'FocalPointExistsError';
}

function attribute(attributes: readonly AttributeType[] | undefined, name: string): string | undefined {
  return attributes?.find((candidate) => candidate.Name === name)?.Value;
}

function account(
  user: Pick<UserType, 'Username' | 'Enabled' | 'UserStatus' | 'UserCreateDate'>,
  attributes: readonly AttributeType[] | undefined,
  state: StateCode,
  roles: readonly StateRole[],
): FocalPointAccount {
  return {
    username: user.Username!,
    state,
    email: attribute(attributes, 'email') ?? null,
    roles: stateRoles.filter((role) => roles.includes(role)),
    status: user.UserStatus ?? 'UNKNOWN',
    enabled: user.Enabled ?? true,
    createdAt: user.UserCreateDate ? new Date(user.UserCreateDate).toISOString() : null,
  };
}

export class FocalPointDirectory {
  private readonly client: CognitoIdentityProviderClient;
  private readonly userPoolId: string;
  private readonly revocations: Pick<RevocationsRepository, 'record'>;

  constructor(client: CognitoIdentityProviderClient, userPoolId: string, revocations: Pick<RevocationsRepository, 'record'>) {
    this.client = client;
    this.userPoolId = userPoolId;
    this.revocations = revocations;
  }

  /** The State's users, by username. */
  async list(state: StateCode): Promise<FocalPointAccount[]> {
    const found = new Map<string, { user: UserType; roles: StateRole[] }>();
    for (const role of stateRoles) {
      let token: string | undefined;
      do {
        const page = await this.client.send(new ListUsersInGroupCommand({ UserPoolId: this.userPoolId, GroupName: role, NextToken: token }));
        for (const user of page.Users ?? []) {
          if (attribute(user.Attributes, 'custom:state') !== state || !user.Username) continue;
          const entry = found.get(user.Username) ?? { user, roles: [] };
          entry.roles.push(role);
          found.set(user.Username, entry);
        }
        token = page.NextToken;
      } while (token);
    }
    return [...found.values()].map(({ user, roles }) => account(user, user.Attributes, state, roles)).sort((a, b) => (a.username < b.username ? -1 : 1));
  }

  /** A user of a State (undefined for a Secretariat user or a user that does not exist). */
  async get(username: string): Promise<FocalPointAccount | undefined> {
    let user;
    try {
      user = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: username }));
    } catch (error) {
      if (error instanceof Error && error.name === 'UserNotFoundException') return undefined;
      throw error;
    }
    const state = attribute(user.UserAttributes, 'custom:state');
    if (state === undefined) return undefined;
    const { Groups = [] } = await this.client.send(new AdminListGroupsForUserCommand({ UserPoolId: this.userPoolId, Username: username }));
    const roles = stateRoles.filter((role) => Groups.some((group) => group.GroupName === role));
    return account(user, user.UserAttributes, state, roles);
  }

  /** Creates the user in its State, verified e-mail and all, in the focal-point group (and mission-admin if asked). */
  async add(focalPoint: NewFocalPoint): Promise<FocalPointAccount> {
    const roles: StateRole[] = focalPoint.missionAdmin ? ['focal-point', 'mission-admin'] : ['focal-point'];
    let created;
    try {
      created = await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: focalPoint.username,
          UserAttributes: [
            { Name: 'email', Value: focalPoint.email },
            // The mission administrator (or the Secretariat) vouches for the address.
            { Name: 'email_verified', Value: 'true' },
            { Name: 'custom:state', Value: focalPoint.state },
          ],
          ...(focalPoint.invitation === 'email'
            ? { DesiredDeliveryMediums: ['EMAIL'] }
            : { MessageAction: 'SUPPRESS', TemporaryPassword: focalPoint.invitation.temporaryPassword }),
        }),
      );
    } catch (error) {
      if (error instanceof Error && (error.name === 'UsernameExistsException' || error.name === 'AliasExistsException')) {
        throw new FocalPointExistsError(`a user named ${focalPoint.username}, or with the address ${focalPoint.email}, exists already`, { cause: error });
      }
      throw error;
    }
    for (const role of roles) {
      await this.client.send(new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: focalPoint.username, GroupName: role }));
    }
    return account(created.User ?? { Username: focalPoint.username }, created.User?.Attributes, focalPoint.state, roles);
  }

  /** Deletes the user, after refusing its tokens and signing it out everywhere. */
  async remove(username: string): Promise<void> {
    await this.revoke(username, 'removed');
    await this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: username }));
  }

  /** Disables the user, after refusing its tokens and signing it out everywhere. */
  async disable(username: string): Promise<void> {
    await this.revoke(username, 'disabled');
    await this.client.send(new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: username }));
  }

  /** Lets a disabled user sign in again; the tokens it held before stay refused. */
  async enable(username: string): Promise<void> {
    await this.client.send(new AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: username }));
  }

  private async revoke(username: string, reason: RevocationReason): Promise<void> {
    await this.revocations.record(username, reason);
    await this.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: username }));
  }
}

let cognito: CognitoIdentityProviderClient | undefined;

/** The directory of the function's user pool, on a client built once per container. */
export function focalPointDirectory(env: { USER_POOL_ID: string; TABLE_NAME: string }): FocalPointDirectory {
  cognito ??= new CognitoIdentityProviderClient({});
  return new FocalPointDirectory(cognito, env.USER_POOL_ID, new RevocationsRepository(tableAccess(env)));
}

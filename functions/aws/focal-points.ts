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
 * Either takes effect at once (user-pool.ts). The audit trail, not the pool, remembers who was a
 * focal point.
 */
import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  type AttributeType,
  CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '../core/caller.ts';
import type { StateCode } from '../core/codes.ts';
import { RevocationsRepository } from './revocations-repository.ts';
import { tableAccess } from './table-access.ts';
import { attribute, type Invitation, type UserAccount, UserExistsError, UserPoolDirectory, userAccount } from './user-pool.ts';

/** The roles a State's own users hold; the Secretariat's role is granted outside this API. */
export const stateRoles = ['focal-point', 'mission-admin'] as const satisfies readonly Role[];
export type StateRole = (typeof stateRoles)[number];

export interface FocalPointAccount extends UserAccount {
  readonly state: StateCode;
  readonly roles: readonly StateRole[];
}

export interface NewFocalPoint {
  readonly username: string;
  readonly email: string;
  readonly state: StateCode;
  readonly missionAdmin: boolean;
  readonly invitation: Invitation;
}

export class FocalPointExistsError extends UserExistsError {
  override readonly name = 'FocalPointExistsError';
}

function account(
  user: Pick<UserType, 'Username' | 'Enabled' | 'UserStatus' | 'UserCreateDate'>,
  attributes: readonly AttributeType[] | undefined,
  state: StateCode,
  roles: readonly StateRole[],
): FocalPointAccount {
  return { ...userAccount(user, attributes), state, roles: stateRoles.filter((role) => roles.includes(role)) };
}

export class FocalPointDirectory extends UserPoolDirectory {
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
    const { username, email, state, invitation } = focalPoint;
    const created = await this.create(
      { username, email, invitation, attributes: [{ Name: 'custom:state', Value: state }], groups: roles },
      FocalPointExistsError,
    );
    return account(created, created.Attributes, state, roles);
  }
}

let cognito: CognitoIdentityProviderClient | undefined;

/** The directory of the function's user pool, on a client built once per container. */
export function focalPointDirectory(env: { USER_POOL_ID: string; TABLE_NAME: string }): FocalPointDirectory {
  cognito ??= new CognitoIdentityProviderClient({});
  return new FocalPointDirectory(cognito, env.USER_POOL_ID, new RevocationsRepository(tableAccess(env)));
}

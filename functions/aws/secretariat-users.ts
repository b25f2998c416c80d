/**
 * The Secretariat's own users in the Cognito user pool: listed, added and removed with the admin
 * API (the `mpr secretariat-users` commands; a fresh stack's first officer is made this way).
 *
 * A Secretariat user is a member of the `secretariat` group without a `custom:state`: the API
 * reads no State from its token and grants it the Secretariat role (functions/core/caller.ts).
 * The API knows no other Secretariat role. A user with a `custom:state` is a State's focal point
 * and is never managed here (nor is a Secretariat user managed by `mpr focal-points`).
 *
 * Removal takes effect at once, as for a focal point (functions/aws/focal-points.ts): the
 * revocation record first (the API refuses every token issued until then), then a global sign-out
 * (its refresh tokens stop working), then the deletion.
 */
import { AdminGetUserCommand, AdminListGroupsForUserCommand, ListUsersInGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '../core/caller.ts';
import type { StateCode } from '../core/codes.ts';
import { attribute, type Invitation, type UserAccount, UserExistsError, UserPoolDirectory, userAccount } from './user-pool.ts';

export const secretariatRole = 'secretariat' as const satisfies Role;

export type SecretariatAccount = UserAccount;

export interface NewSecretariatUser {
  readonly username: string;
  readonly email: string;
  readonly invitation: Invitation;
}

/** What a user name is, when it is not a Secretariat user. */
export type OtherUser = { readonly kind: 'none' } | { readonly kind: 'focal-point'; readonly state: StateCode } | { readonly kind: 'no-role' };

export class SecretariatUserExistsError extends UserExistsError {
  override readonly name = 'SecretariatUserExistsError';
}

export class SecretariatDirectory extends UserPoolDirectory {
  /** The Secretariat's users, by username (members of the group without a State). */
  async list(): Promise<SecretariatAccount[]> {
    const found: SecretariatAccount[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListUsersInGroupCommand({ UserPoolId: this.userPoolId, GroupName: secretariatRole, NextToken: token }));
      for (const user of page.Users ?? []) {
        if (user.Username && attribute(user.Attributes, 'custom:state') === undefined) found.push(userAccount(user, user.Attributes));
      }
      token = page.NextToken;
    } while (token);
    return found.sort((a, b) => (a.username < b.username ? -1 : 1));
  }

  /** The Secretariat user of that name, or what the name is instead. */
  async get(username: string): Promise<SecretariatAccount | OtherUser> {
    let user;
    try {
      user = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: username }));
    } catch (error) {
      if (error instanceof Error && error.name === 'UserNotFoundException') return { kind: 'none' };
      throw error;
    }
    const state = attribute(user.UserAttributes, 'custom:state');
    if (state !== undefined) return { kind: 'focal-point', state };
    const { Groups = [] } = await this.client.send(new AdminListGroupsForUserCommand({ UserPoolId: this.userPoolId, Username: username }));
    if (!Groups.some((group) => group.GroupName === secretariatRole)) return { kind: 'no-role' };
    return userAccount(user, user.UserAttributes);
  }

  /** Creates the user, verified e-mail and no State, in the `secretariat` group. */
  async add(user: NewSecretariatUser): Promise<SecretariatAccount> {
    const created = await this.create({ ...user, groups: [secretariatRole] }, SecretariatUserExistsError);
    return userAccount(created, created.Attributes);
  }
}

export function isSecretariatAccount(found: SecretariatAccount | OtherUser): found is SecretariatAccount {
  return 'username' in found;
}

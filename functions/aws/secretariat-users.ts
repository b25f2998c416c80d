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
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminUserGlobalSignOutCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '../core/caller.ts';
import type { StateCode } from '../core/codes.ts';
import type { RevocationsRepository } from './revocations-repository.ts';

export const secretariatRole = 'secretariat' as const satisfies Role;

export interface SecretariatAccount {
  readonly username: string;
  readonly email: string | null;
  /** Cognito's user status, e.g. FORCE_CHANGE_PASSWORD until the first sign-in, then CONFIRMED. */
  readonly status: string;
  readonly enabled: boolean;
  readonly createdAt: string | null;
}

export interface NewSecretariatUser {
  readonly username: string;
  readonly email: string;
  /** `email`: Cognito mails the invitation (its temporary password); a given temporary password is handed over by whoever creates the user. */
  readonly invitation: 'email' | { readonly temporaryPassword: string };
}

/** What a user name is, when it is not a Secretariat user. */
export type OtherUser = { readonly kind: 'none' } | { readonly kind: 'focal-point'; readonly state: StateCode } | { readonly kind: 'no-role' };

export class SecretariatUserExistsError extends Error {
  override readonly name = 'SecretariatUserExistsError';
}

function attribute(attributes: readonly AttributeType[] | undefined, name: string): string | undefined {
  return attributes?.find((candidate) => candidate.Name === name)?.Value;
}

function account(
  user: Pick<UserType, 'Username' | 'Enabled' | 'UserStatus' | 'UserCreateDate'>,
  attributes: readonly AttributeType[] | undefined,
): SecretariatAccount {
  return {
    username: user.Username!,
    email: attribute(attributes, 'email') ?? null,
    status: user.UserStatus ?? 'UNKNOWN',
    enabled: user.Enabled ?? true,
    createdAt: user.UserCreateDate ? new Date(user.UserCreateDate).toISOString() : null,
  };
}

export class SecretariatDirectory {
  private readonly client: CognitoIdentityProviderClient;
  private readonly userPoolId: string;
  private readonly revocations: Pick<RevocationsRepository, 'record'>;

  constructor(client: CognitoIdentityProviderClient, userPoolId: string, revocations: Pick<RevocationsRepository, 'record'>) {
    this.client = client;
    this.userPoolId = userPoolId;
    this.revocations = revocations;
  }

  /** The Secretariat's users, by username (members of the group without a State). */
  async list(): Promise<SecretariatAccount[]> {
    const found: SecretariatAccount[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListUsersInGroupCommand({ UserPoolId: this.userPoolId, GroupName: secretariatRole, NextToken: token }));
      for (const user of page.Users ?? []) {
        if (user.Username && attribute(user.Attributes, 'custom:state') === undefined) found.push(account(user, user.Attributes));
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
    return account(user, user.UserAttributes);
  }

  /** Creates the user, verified e-mail and no State, in the `secretariat` group. */
  async add(user: NewSecretariatUser): Promise<SecretariatAccount> {
    let created;
    try {
      created = await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: user.username,
          UserAttributes: [
            { Name: 'email', Value: user.email },
            // The operator who creates the account vouches for the address.
            { Name: 'email_verified', Value: 'true' },
          ],
          ...(user.invitation === 'email'
            ? { DesiredDeliveryMediums: ['EMAIL'] }
            : { MessageAction: 'SUPPRESS', TemporaryPassword: user.invitation.temporaryPassword }),
        }),
      );
    } catch (error) {
      if (error instanceof Error && (error.name === 'UsernameExistsException' || error.name === 'AliasExistsException')) {
        throw new SecretariatUserExistsError(`a user named ${user.username}, or with the address ${user.email}, exists already`, { cause: error });
      }
      throw error;
    }
    await this.client.send(new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: user.username, GroupName: secretariatRole }));
    return account(created.User ?? { Username: user.username }, created.User?.Attributes ?? [{ Name: 'email', Value: user.email }]);
  }

  /** Deletes the user, after refusing its tokens and signing it out everywhere. */
  async remove(username: string): Promise<void> {
    await this.revocations.record(username, 'removed');
    await this.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: username }));
    await this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: username }));
  }
}

export function isSecretariatAccount(found: SecretariatAccount | OtherUser): found is SecretariatAccount {
  return 'username' in found;
}

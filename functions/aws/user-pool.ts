/**
 * What the two directories of the user pool share (focal-points.ts for the States' users,
 * secretariat-users.ts for the Secretariat's): creating a user with a verified address and its
 * groups, and taking a user's access away at once. Removing or disabling writes the user's
 * revocation record first (the API refuses every token issued until then,
 * functions/core/revocation.ts), then signs it out everywhere (its refresh tokens stop working),
 * then deletes or disables it: the ID and access tokens are self-contained and would otherwise
 * pass the API's JWT authorizer until they expire.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUserGlobalSignOutCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '../core/caller.ts';
import type { RevocationReason } from '../core/revocation.ts';
import type { RevocationsRepository } from './revocations-repository.ts';

/** The fields every account shows, whichever directory lists it. */
export interface UserAccount {
  readonly username: string;
  readonly email: string | null;
  /** Cognito's user status, e.g. FORCE_CHANGE_PASSWORD until the first sign-in, then CONFIRMED. */
  readonly status: string;
  readonly enabled: boolean;
  readonly createdAt: string | null;
}

/**
 * `email`: Cognito mails the user a temporary password (its invitation). A given temporary
 * password is not mailed: whoever creates the user hands it over.
 */
export type Invitation = 'email' | { readonly temporaryPassword: string };

export interface NewUser {
  readonly username: string;
  readonly email: string;
  readonly invitation: Invitation;
  /** Attributes beyond the address, e.g. a focal point's `custom:state`. */
  readonly attributes?: readonly AttributeType[];
  readonly groups: readonly Role[];
}

/** A user of that name or address exists already. */
export class UserExistsError extends Error {
  override readonly name: string = 'UserExistsError';
}

export function attribute(attributes: readonly AttributeType[] | undefined, name: string): string | undefined {
  return attributes?.find((candidate) => candidate.Name === name)?.Value;
}

export function userAccount(
  user: Pick<UserType, 'Username' | 'Enabled' | 'UserStatus' | 'UserCreateDate'>,
  attributes: readonly AttributeType[] | undefined,
): UserAccount {
  return {
    username: user.Username!,
    email: attribute(attributes, 'email') ?? null,
    status: user.UserStatus ?? 'UNKNOWN',
    enabled: user.Enabled ?? true,
    createdAt: user.UserCreateDate ? new Date(user.UserCreateDate).toISOString() : null,
  };
}

export class UserPoolDirectory {
  protected readonly client: CognitoIdentityProviderClient;
  protected readonly userPoolId: string;
  private readonly revocations: Pick<RevocationsRepository, 'record'>;

  constructor(client: CognitoIdentityProviderClient, userPoolId: string, revocations: Pick<RevocationsRepository, 'record'>) {
    this.client = client;
    this.userPoolId = userPoolId;
    this.revocations = revocations;
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

  /**
   * Creates the user with its address verified (whoever creates it vouches for the address) and
   * puts it in its groups; `exists` names the error for a taken name or address.
   */
  protected async create(user: NewUser, exists: new (message: string, options: ErrorOptions) => UserExistsError): Promise<UserType> {
    let created;
    try {
      created = await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: user.username,
          UserAttributes: [{ Name: 'email', Value: user.email }, { Name: 'email_verified', Value: 'true' }, ...(user.attributes ?? [])],
          ...(user.invitation === 'email'
            ? { DesiredDeliveryMediums: ['EMAIL'] }
            : { MessageAction: 'SUPPRESS', TemporaryPassword: user.invitation.temporaryPassword }),
        }),
      );
    } catch (error) {
      if (error instanceof Error && (error.name === 'UsernameExistsException' || error.name === 'AliasExistsException')) {
        throw new exists(`a user named ${user.username}, or with the address ${user.email}, exists already`, { cause: error });
      }
      throw error;
    }
    for (const group of user.groups) {
      await this.client.send(new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: user.username, GroupName: group }));
    }
    return created.User ?? { Username: user.username, Attributes: [{ Name: 'email', Value: user.email }, ...(user.attributes ?? [])] };
  }

  private async revoke(username: string, reason: RevocationReason): Promise<void> {
    await this.revocations.record(username, reason);
    await this.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: username }));
  }
}

/**
 * Who may call the API: the focal points' Cognito user pool, its groups and the API's client.
 *
 * A construct of its own, created before the functions, so that the pool's id can be part of
 * their environment (mission administrators manage their State's focal points in it) while the
 * HTTP API's authorizer, created after them, still refers to the same pool.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { tokenValidityMinutes } from '../../functions/core/revocation.ts';

/** The Cognito groups a user can belong to; the handlers read them from `cognito:groups`. */
export const userGroups = ['focal-point', 'mission-admin', 'secretariat'] as const;

/**
 * What `access.userPool: 'admin'` allows: list, create, disable, enable and delete users, sign
 * them out everywhere, and manage their group membership. No password, attribute or MFA
 * administration: a new user sets those at first sign-in, and the State claim is immutable anyway.
 */
export const userPoolAdminActions = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminUserGlobalSignOut',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:ListUsers',
  'cognito-idp:ListUsersInGroup',
] as const;

export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new UserPool(this, 'FocalPoints', {
      // Accounts are created by the Secretariat, or by a mission administrator for its own
      // State, for the focal points each State designates.
      selfSignUpEnabled: false,
      // Focal points sign in with a username the Secretariat assigns (as on the local engine),
      // or with their verified e-mail address.
      signInAliases: { username: true, email: true },
      customAttributes: {
        // ISO 3166-1 alpha-3 code of the State the user acts for; set once, at creation.
        state: new StringAttribute({ minLen: 3, maxLen: 3, mutable: false }),
      },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Reports name diplomats and incidents: every sign-in takes a second factor (TOTP, which
      // needs no SMS spending or SNS role).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const groupName of userGroups) {
      this.userPool.addGroup(groupName, { groupName });
    }

    this.userPoolClient = this.userPool.addClient('Client', {
      // SRP only: the password never leaves the client. The Secretariat's CLI acts on the
      // deployed stack with its operator's IAM credentials, not with a pool token, so it needs
      // no password flow here; ADMIN_USER_PASSWORD_AUTH would let any holder of
      // cognito-idp:AdminInitiateAuth try passwords through this public client.
      authFlows: { userSrp: true },
      // There is no hosted UI to redirect to.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      // Short-lived ID and access tokens: the API's JWT authorizer cannot know of a sign-out, so a
      // token outlives its user's removal until it expires (the API's revocation check refuses it
      // sooner, functions/runtime/revoked-tokens.ts). The form signs in again when one expires.
      idTokenValidity: Duration.minutes(tokenValidityMinutes),
      accessTokenValidity: Duration.minutes(tokenValidityMinutes),
      // Revoked with AdminUserGlobalSignOut when a user is removed or disabled.
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
      // Users may edit their name; the State, the e-mail and every other attribute belong to
      // the Secretariat, which sets them with the admin API.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
  }

  /** The admin actions of `access.userPool`, on this pool only. */
  grantAdmin(grantee: IGrantable): void {
    this.userPool.grant(grantee, ...userPoolAdminActions);
  }
}

/// <reference lib="dom" />
/**
 * Signing in with the user pool through amazon-cognito-identity-js: SRP (USER_SRP_AUTH, the
 * password never leaves the browser), then whichever challenge Cognito asks for — a new password
 * for a temporary one (NEW_PASSWORD_REQUIRED), a TOTP code (SOFTWARE_TOKEN_MFA), or setting TOTP
 * up where the pool requires it (MFA_SETUP) — and forgot-password, refresh and sign-out.
 *
 * Tokens are kept in sessionStorage (this tab, gone when it closes), never in a URL; the password
 * is held only in the sign-in form.
 */
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession, type ICognitoStorage } from 'amazon-cognito-identity-js';

export interface AuthSettings {
  readonly userPoolId: string;
  readonly clientId: string;
  readonly cognitoEndpoint: string;
}

export type SignInStep =
  | { readonly kind: 'signed-in' }
  | { readonly kind: 'new-password' }
  | { readonly kind: 'totp' }
  /** TOTP must be set up: the base32 key for the user's authenticator app, and the account it is for. */
  | { readonly kind: 'mfa-setup'; readonly secret: string; readonly username: string };

export interface CognitoFailure {
  readonly code: string;
  readonly message: string;
}

export function failureOf(error: unknown): CognitoFailure {
  const candidate = error as { code?: string; name?: string; message?: string };
  return { code: candidate?.code ?? candidate?.name ?? 'Error', message: candidate?.message ?? String(error) };
}

export interface Identity {
  readonly username: string;
  readonly state: string | undefined;
  readonly groups: readonly string[];
  readonly idToken: string;
  readonly expiresAt: number;
}

export class Auth {
  private readonly pool: CognitoUserPool;
  private pending: CognitoUser | undefined;
  private refreshTimer: number | undefined;

  constructor(settings: AuthSettings, storage: ICognitoStorage = window.sessionStorage) {
    this.pool = new CognitoUserPool({ UserPoolId: settings.userPoolId, ClientId: settings.clientId, endpoint: settings.cognitoEndpoint, Storage: storage });
  }

  /** Called whenever the session changes (signed in, refreshed, ended). */
  onChange: (identity: Identity | undefined) => void = () => undefined;

  private callbacks(user: CognitoUser, resolve: (step: SignInStep) => void, reject: (failure: CognitoFailure) => void) {
    return {
      onSuccess: (session: CognitoUserSession) => {
        this.pending = undefined;
        this.started(session);
        resolve({ kind: 'signed-in' });
      },
      onFailure: (error: unknown) => reject(failureOf(error)),
      newPasswordRequired: () => {
        this.pending = user;
        resolve({ kind: 'new-password' });
      },
      totpRequired: () => {
        this.pending = user;
        resolve({ kind: 'totp' });
      },
      mfaSetup: () => {
        this.pending = user;
        user.associateSoftwareToken({
          associateSecretCode: (secret: string) => resolve({ kind: 'mfa-setup', secret, username: user.getUsername() }),
          onFailure: (error: unknown) => reject(failureOf(error)),
        });
      },
    };
  }

  signIn(username: string, password: string): Promise<SignInStep> {
    const user = new CognitoUser({ Username: username, Pool: this.pool, Storage: this.storage() });
    return new Promise((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), this.callbacks(user, resolve, reject)),
    );
  }

  completeNewPassword(password: string): Promise<SignInStep> {
    const user = this.requirePending();
    return new Promise((resolve, reject) => user.completeNewPasswordChallenge(password, {}, this.callbacks(user, resolve, reject)));
  }

  sendTotp(code: string): Promise<SignInStep> {
    const user = this.requirePending();
    return new Promise((resolve, reject) => user.sendMFACode(code, this.callbacks(user, resolve, reject), 'SOFTWARE_TOKEN_MFA'));
  }

  verifyTotpSetup(code: string): Promise<SignInStep> {
    const user = this.requirePending();
    return new Promise((resolve, reject) =>
      user.verifySoftwareToken(code, 'authenticator', {
        onSuccess: (session: CognitoUserSession) => {
          this.pending = undefined;
          this.started(session);
          resolve({ kind: 'signed-in' });
        },
        onFailure: (error: unknown) => reject(failureOf(error)),
      }),
    );
  }

  /** Asks Cognito to send a reset code; resolves with where it went. */
  forgotPassword(username: string): Promise<string> {
    const user = new CognitoUser({ Username: username, Pool: this.pool, Storage: this.storage() });
    return new Promise((resolve, reject) =>
      user.forgotPassword({
        onSuccess: (data: { CodeDeliveryDetails?: { Destination?: string } }) => resolve(data?.CodeDeliveryDetails?.Destination ?? ''),
        onFailure: (error: unknown) => reject(failureOf(error)),
        inputVerificationCode: (data: { CodeDeliveryDetails?: { Destination?: string } }) => resolve(data?.CodeDeliveryDetails?.Destination ?? ''),
      }),
    );
  }

  confirmPassword(username: string, code: string, password: string): Promise<void> {
    const user = new CognitoUser({ Username: username, Pool: this.pool, Storage: this.storage() });
    return new Promise((resolve, reject) =>
      user.confirmPassword(code, password, { onSuccess: () => resolve(), onFailure: (error: unknown) => reject(failureOf(error)) }),
    );
  }

  /** The session kept in this tab, refreshed first if its tokens have expired; undefined when signed out. */
  restore(): Promise<Identity | undefined> {
    const user = this.pool.getCurrentUser();
    if (!user) return Promise.resolve(undefined);
    return new Promise((resolve) =>
      user.getSession((error: unknown, session: CognitoUserSession | null) => {
        if (error || !session?.isValid()) return resolve(undefined);
        resolve(this.started(session));
      }),
    );
  }

  /** Gets fresh tokens with the refresh token (silently, before the ID token expires). */
  refresh(): Promise<Identity | undefined> {
    const user = this.pool.getCurrentUser();
    if (!user) return Promise.resolve(undefined);
    return new Promise((resolve) =>
      user.getSession((error: unknown, session: CognitoUserSession | null) => {
        if (error || !session) return resolve(this.ended());
        user.refreshSession(session.getRefreshToken(), (refreshError: unknown, refreshed: CognitoUserSession) => {
          if (refreshError) return resolve(this.ended());
          resolve(this.started(refreshed));
        });
      }),
    );
  }

  signOut(): void {
    const user = this.pool.getCurrentUser();
    user?.signOut();
    this.ended();
  }

  private started(session: CognitoUserSession): Identity {
    const idToken = session.getIdToken();
    const payload = idToken.decodePayload() as Record<string, unknown>;
    const identity: Identity = {
      username: String(payload['cognito:username'] ?? ''),
      state: typeof payload['custom:state'] === 'string' ? payload['custom:state'] : undefined,
      groups: Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as string[]) : [],
      idToken: idToken.getJwtToken(),
      expiresAt: idToken.getExpiration() * 1000,
    };
    window.clearTimeout(this.refreshTimer);
    // A minute before the ID token expires (at once if that is past), get new tokens.
    const inMillis = Math.max(0, identity.expiresAt - Date.now() - 60_000);
    this.refreshTimer = window.setTimeout(() => void this.refresh(), inMillis);
    this.onChange(identity);
    return identity;
  }

  private ended(): undefined {
    window.clearTimeout(this.refreshTimer);
    this.pending = undefined;
    this.onChange(undefined);
    return undefined;
  }

  private requirePending(): CognitoUser {
    if (!this.pending) throw new Error('no sign-in under way');
    return this.pending;
  }

  private storage(): ICognitoStorage {
    return window.sessionStorage;
  }
}

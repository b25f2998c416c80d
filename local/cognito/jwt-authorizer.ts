/**
 * The API Gateway HTTP API JWT authorizer, as the local API stand-in needs it.
 *
 * It follows the steps AWS documents for HTTP APIs ("Control access to HTTP APIs with JWT
 * authorizers", developer guide):
 * 1. the identity source (the Authorization header) holds the token, bare or after `Bearer `;
 * 2. the token is decoded;
 * 3. its algorithm and signature are checked with the key from the issuer's JWKS whose `kid`
 *    matches; only RSA algorithms are accepted, and keys are cached (AWS: up to two hours);
 * 4. claims: `iss` equals the configured issuer; `aud`, or `client_id` when there is no `aud`,
 *    is one of the configured audiences (when both are present `aud` decides); `exp` is after
 *    now, `nbf` and `iat` before now; when the route has authorization scopes, `scope` or `scp`
 *    holds at least one of them.
 * `token_use` is not among the checks, so an ID token (by `aud`) and an access token (by
 * `client_id`) of the same app client both pass, as on AWS.
 *
 * Any failure is a 401 `{"message":"Unauthorized"}`, except a scope mismatch: 403
 * `{"message":"Forbidden"}`. The result says which, with a reason for logs.
 *
 * Claims reach the integration as HTTP API passes them, every value a string. AWS does not
 * document the conversion; it has been observed on live APIs (and AWS's own Go event type
 * declares `claims` as `map[string]string`): numbers and booleans as their text (`"1787996002"`,
 * `"true"`), arrays space-separated in brackets (`cognito:groups` → `"[focal-point mission-admin]"`),
 * null claims left out; objects (none seen from Cognito) as JSON, an assumption. `scopes` is null
 * (here undefined) on routes without authorization scopes, even when the token has a `scope`
 * claim; on scoped routes it lists the token's scopes, also an assumption.
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from 'jose';

export interface JwtAuthorizerConfig {
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly jwksUrl: string;
  /** The time tokens are judged at; the real clock unless a test needs another. */
  readonly now?: () => Date;
}

export type AuthorizerResult =
  | { readonly ok: true; readonly claims: Record<string, string>; readonly scopes: string[] | undefined }
  | { readonly ok: false; readonly status: 401 | 403; readonly reason: string };

/** Judges an Authorization header value; `routeScopes` are the route's authorization scopes, if any. */
export type JwtAuthorizer = (authorization: string | undefined, routeScopes?: readonly string[]) => Promise<AuthorizerResult>;

const rsaAlgorithms = ['RS256', 'RS384', 'RS512'];
const keyCacheMs = 2 * 60 * 60 * 1000;

export function createJwtAuthorizer(config: JwtAuthorizerConfig): JwtAuthorizer {
  const keys = createRemoteJWKSet(new URL(config.jwksUrl), { cacheMaxAge: keyCacheMs });
  const now = config.now ?? (() => new Date());

  return async function authorize(authorization, routeScopes = []) {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : authorization;
    if (!token) return unauthorized('the Authorization header holds no token');
    try {
      if (!decodeProtectedHeader(token).kid) return unauthorized('the token header has no kid');
    } catch {
      return unauthorized('the token is not a JWT');
    }

    const currentDate = now();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { algorithms: rsaAlgorithms, issuer: config.issuer, requiredClaims: ['exp'], currentDate }));
    } catch (error) {
      return unauthorized(verificationFailure(error));
    }
    if (payload.iat !== undefined && payload.iat > currentDate.getTime() / 1000) return unauthorized('the token was issued in the future');
    if (!hasValidAudience(payload, config.audiences)) return unauthorized('the token does not have a valid audience');

    if (routeScopes.length === 0) return { ok: true, claims: httpApiClaims(payload), scopes: undefined };
    const tokenScopes = scopesOf(payload);
    if (!routeScopes.some((scope) => tokenScopes.includes(scope))) {
      return { ok: false, status: 403, reason: 'the token has none of the route scopes' };
    }
    return { ok: true, claims: httpApiClaims(payload), scopes: tokenScopes };
  };
}

/** A token's claims as HTTP API hands them to the integration (see the module comment). */
export function httpApiClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value !== null && value !== undefined) claims[name] = claimText(value);
  }
  return claims;
}

function claimText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(claimText).join(' ')}]`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function hasValidAudience(payload: JWTPayload, audiences: readonly string[]): boolean {
  if (payload.aud !== undefined) {
    const tokenAudiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return tokenAudiences.some((audience) => audiences.includes(audience));
  }
  return typeof payload['client_id'] === 'string' && audiences.includes(payload['client_id']);
}

function scopesOf(payload: JWTPayload): string[] {
  const scopes = payload['scope'] ?? payload['scp'];
  if (typeof scopes === 'string') return scopes.split(' ').filter((scope) => scope.length > 0);
  return Array.isArray(scopes) ? scopes.filter((scope): scope is string => typeof scope === 'string') : [];
}

function unauthorized(reason: string): AuthorizerResult {
  return { ok: false, status: 401, reason };
}

function verificationFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'the token does not have a valid issuer';
    if (error.claim === 'nbf') return 'the token is not valid yet';
    return `the token's ${error.claim} claim is invalid: ${error.message}`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return "no key in the issuer's JWKS has the token's kid";
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with an RSA algorithm';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return `the token is malformed: ${error.message}`;
  return `the token could not be verified: ${error instanceof Error ? error.message : String(error)}`;
}

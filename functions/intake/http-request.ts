/**
 * What every handler of the upload API checks before its own work: who calls (a State's user in
 * the right role, from the verified token only) and, for a body, that it is JSON of a sane size.
 */
import { type Caller, callerFromClaims, InvalidClaimsError, type Role } from '../core/caller.ts';
import type { StateCode } from '../core/codes.ts';
import type { AuthorizedHttpEvent, HttpResult } from '../runtime/http.ts';
import { firstDuplicateKey } from './duplicate-keys.ts';
import { forbiddenProblem, payloadTooLargeProblem, unsupportedMediaTypeProblem, validationProblem } from './problems.ts';

export type StateCaller = Caller & { readonly state: StateCode };

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly response: HttpResult };

/** The caller its verified token describes: 403 when the token's claims make no caller. */
export function signedInCaller(event: AuthorizedHttpEvent): Checked<Caller> {
  try {
    return { ok: true, value: callerFromClaims(event.requestContext.authorizer.jwt.claims) };
  } catch (error) {
    if (!(error instanceof InvalidClaimsError)) throw error;
    return { ok: false, response: forbiddenProblem(error.message) };
  }
}

/** The caller, if it is of the Secretariat. */
export function secretariatCaller(event: AuthorizedHttpEvent, forbidden: string): Checked<Caller> {
  const signedIn = signedInCaller(event);
  if (signedIn.ok && !signedIn.value.roles.includes('secretariat')) return { ok: false, response: forbiddenProblem(forbidden) };
  return signedIn;
}

/** The caller, if its token names a State and it holds one of `acceptedRoles`. */
export function stateCaller(event: AuthorizedHttpEvent, acceptedRoles: readonly Role[]): Checked<StateCaller> {
  const signedIn = signedInCaller(event);
  if (!signedIn.ok) return signedIn;
  const caller = signedIn.value;
  if (caller.state === undefined) return { ok: false, response: forbiddenProblem('This endpoint serves the users of a State; your account acts for none.') };
  if (!acceptedRoles.some((role) => caller.roles.includes(role))) {
    return { ok: false, response: forbiddenProblem(`This endpoint needs the role ${acceptedRoles.join(' or ')}; ask your mission administrator.`) };
  }
  return { ok: true, value: { ...caller, state: caller.state } };
}

/** A request header, whatever the case the client wrote it in (HTTP API passes them lower-cased). */
export function header(event: AuthorizedHttpEvent, name: string): string | undefined {
  return event.headers[name.toLowerCase()];
}

/**
 * The JSON body, parsed and as received (the raw text is kept as evidence): 415 unless sent as
 * `application/json` (UTF-8), 413 above `maxBytes`, 400 with the parser's complaint at the root
 * path when it is not JSON, 400 naming the key when an object names one key twice (the parser
 * would keep the last silently, while the evidence keeps both).
 */
export function jsonBody(event: AuthorizedHttpEvent, maxBytes: number): Checked<{ readonly raw: string; readonly value: unknown }> {
  const [mediaType = '', ...parameters] = (header(event, 'content-type') ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters
    .find((parameter) => parameter.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (mediaType !== 'application/json' || (charset !== undefined && charset !== 'utf-8')) {
    return { ok: false, response: unsupportedMediaTypeProblem('application/json (UTF-8)') };
  }
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  if (Buffer.byteLength(raw) > maxBytes) return { ok: false, response: payloadTooLargeProblem(maxBytes) };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { ok: false, response: validationProblem([{ path: '', message: `must be a JSON document (${(error as Error).message})` }]) };
  }
  const duplicate = firstDuplicateKey(raw);
  if (duplicate !== undefined)
    return { ok: false, response: validationProblem([{ path: duplicate, message: 'must appear once in its object: the body names this key twice' }]) };
  return { ok: true, value: { raw, value } };
}

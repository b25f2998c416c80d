/**
 * GET, POST /v1/focal-points, PATCH and DELETE /v1/focal-points/{username}: a mission
 * administrator lists, adds, disables or enables (`{"enabled": false}`) and removes its own
 * State's focal points; the Secretariat does the same for the State it names (`state` in the
 * query, or in the body of a POST). Removing or disabling a user refuses its tokens at once
 * (functions/aws/focal-points.ts). Each change is audited.
 */
import middy from '@middy/core';
import * as z from 'zod';
import { AuditRepository } from '../../aws/audit-repository.ts';
import { type FocalPointAccount, FocalPointExistsError, focalPointDirectory } from '../../aws/focal-points.ts';
import { RevocationsRepository } from '../../aws/revocations-repository.ts';
import { StatesRepository } from '../../aws/states-repository.ts';
import { tableAccess } from '../../aws/table-access.ts';
import type { Actor } from '../../core/audit.ts';
import { type Caller, callerFromClaims, InvalidClaimsError } from '../../core/caller.ts';
import type { StateCode } from '../../core/codes.ts';
import { mailboxOwners } from '../../core/inbound-email/sender-rules.ts';
import { fieldErrors } from '../../core/validation.ts';
import { type FocalPointView, newFocalPointSchema } from '../../intake/api-schemas.ts';
import { forbiddenProblem, notFoundProblem, validationProblem } from '../../intake/problems.ts';
import { functionRegistry } from '../../registry.ts';
import { type AuthorizedHttpEvent, type HttpResult, json, problem } from '../../runtime/http.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { unexpectedErrorsAsProblems } from '../../runtime/middleware.ts';
import { observability } from '../../runtime/observability.ts';
import { revokedTokensRefused } from '../../runtime/revoked-tokens.ts';
import { routeTable } from '../../runtime/routes.ts';
import { focalPointAuthority } from './authority.ts';

const env = loadEnvironment(functionRegistry.manageFocalPoints);
const observed = observability(functionRegistry.manageFocalPoints);
const directory = focalPointDirectory(env);
const audit = new AuditRepository(tableAccess(env));
const registry = new StatesRepository(tableAccess(env));

const accountChangeSchema = z.strictObject({ enabled: z.boolean() });

function view(account: FocalPointAccount): FocalPointView {
  return {
    username: account.username,
    email: account.email,
    state: account.state,
    roles: [...account.roles],
    status: account.status,
    enabled: account.enabled,
    createdAt: account.createdAt,
  };
}

function actorOf(caller: Caller): Actor {
  return caller.roles.includes('secretariat')
    ? { kind: 'secretariat', id: caller.username }
    : { kind: 'state', id: caller.username, ...(caller.state ? { state: caller.state } : {}) };
}

async function audited(caller: Caller, state: StateCode, change: 'added' | 'removed' | 'disabled' | 'enabled', account: FocalPointAccount): Promise<void> {
  await audit.append({
    actor: actorOf(caller),
    action: 'changed',
    subject: { kind: 'state', id: state },
    state,
    details: { focalPoint: change, username: account.username, roles: account.roles },
  });
}

function parseJson(event: AuthorizedHttpEvent): unknown {
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** The named account, if it is one of the State's and not the caller's own. */
async function ownAccount(
  event: AuthorizedHttpEvent,
  caller: Caller,
  state: StateCode,
  verb: 'remove' | 'disable',
): Promise<{ ok: true; account: FocalPointAccount } | { ok: false; response: HttpResult }> {
  const username = event.pathParameters?.['username'] ?? '';
  const account = await directory.get(username);
  if (account === undefined || account.state !== state) return { ok: false, response: notFoundProblem(`${state} has no focal point named ${username}.`) };
  if (account.username === caller.username) {
    return {
      ok: false,
      response: problem({
        type: '/problems/conflict',
        title: 'Conflict',
        status: 409,
        detail: `You cannot ${verb} your own account; another administrator of your mission, or the Secretariat, can.`,
      }),
    };
  }
  return { ok: true, account };
}

/** What every route knows once the caller's authority is checked: who asks, for which State, and a POST's or PATCH's body. */
interface Request {
  readonly caller: Caller;
  readonly state: StateCode;
  readonly body: unknown;
}

const route = routeTable(functionRegistry.manageFocalPoints).serve<Request>({
  'GET /v1/focal-points': async (_event, { state }) => json(200, { state, focalPoints: (await directory.list(state)).map(view) }),

  'POST /v1/focal-points': async (_event, { caller, state, body }) => {
    const parsed = newFocalPointSchema.safeParse(body);
    if (!parsed.success)
      return validationProblem(
        body === undefined ? [{ path: '', message: 'must be a JSON object' }] : fieldErrors(parsed.error.issues, 'is not a field of a new focal point'),
      );
    // The pool signs in by e-mail as well: an account under another State's mission mailbox
    // would pass, to a reader, for that mission.
    if (mailboxOwners(await registry.list(), parsed.data.email).some((owner) => owner.code !== state)) {
      return validationProblem([{ path: '/email', message: "is the registered mission mailbox of another State; give the focal point's own address" }]);
    }
    try {
      const account = await directory.add({
        username: parsed.data.username,
        email: parsed.data.email,
        state,
        missionAdmin: parsed.data.missionAdmin,
        invitation: 'email',
      });
      await audited(caller, state, 'added', account);
      return json(201, view(account), { location: `/v1/focal-points/${encodeURIComponent(account.username)}` });
    } catch (error) {
      if (!(error instanceof FocalPointExistsError)) throw error;
      return problem({ type: '/problems/conflict', title: 'Conflict', status: 409, detail: `${error.message}; choose another username or address.` });
    }
  },

  // PATCH and DELETE: a user of another State is, to this caller, no user at all.
  'PATCH /v1/focal-points/{username}': async (event, { caller, state, body }) => {
    const found = await ownAccount(event, caller, state, 'disable');
    if (!found.ok) return found.response;
    const change = accountChangeSchema.safeParse(body);
    if (!change.success)
      return validationProblem(
        body === undefined ? [{ path: '', message: 'must be a JSON object' }] : fieldErrors(change.error.issues, 'is not a field that can change'),
      );
    if (change.data.enabled) await directory.enable(found.account.username);
    else await directory.disable(found.account.username);
    await audited(caller, state, change.data.enabled ? 'enabled' : 'disabled', found.account);
    return json(200, view({ ...found.account, enabled: change.data.enabled }));
  },

  'DELETE /v1/focal-points/{username}': async (event, { caller, state }) => {
    const found = await ownAccount(event, caller, state, 'remove');
    if (!found.ok) return found.response;
    await directory.remove(found.account.username);
    await audited(caller, state, 'removed', found.account);
    return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
  },
});

export const handler = middy<AuthorizedHttpEvent, HttpResult>()
  .use(observed.middlewares)
  .use(unexpectedErrorsAsProblems(observed.logger))
  .use(revokedTokensRefused(new RevocationsRepository(tableAccess(env))))
  .handler(async (event) => {
    let caller: Caller;
    try {
      caller = callerFromClaims(event.requestContext.authorizer.jwt.claims);
    } catch (error) {
      if (!(error instanceof InvalidClaimsError)) throw error;
      return forbiddenProblem(error.message);
    }
    const body = ['POST', 'PATCH'].includes(event.requestContext.http.method) ? parseJson(event) : undefined;
    const requested =
      typeof body === 'object' && body !== null && typeof (body as { state?: unknown }).state === 'string'
        ? (body as { state: string }).state
        : event.queryStringParameters?.['state'];
    const authority = focalPointAuthority(caller, requested);
    if (!authority.ok)
      return authority.status === 403 ? forbiddenProblem(authority.detail) : validationProblem([{ path: '/state', message: authority.detail }]);
    return route(event, { caller, state: authority.state, body });
  });

/**
 * GET, POST /v1/focal-points, PATCH and DELETE /v1/focal-points/{username}: a mission
 * administrator lists, adds, disables or enables (`{"enabled": false}`) and removes its own
 * State's focal points; the Secretariat does the same for the State it names (`state` in the
 * query, or in the body of a POST). Removing or disabling a user refuses its tokens at once
 * (functions/aws/focal-points.ts). Each change is audited.
 */
import middy from '@middy/core';
import { z } from 'zod';
import { functionRegistry } from '../../registry.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { json, problem, type AuthorizedHttpEvent, type HttpResult } from '../../runtime/http.ts';
import { unexpectedErrorsAsProblems } from '../../runtime/middleware.ts';
import { observability } from '../../runtime/observability.ts';
import { revokedTokensRefused } from '../../runtime/revoked-tokens.ts';
import { callerFromClaims, InvalidClaimsError, type Caller } from '../../core/caller.ts';
import type { Actor } from '../../core/audit.ts';
import type { StateCode } from '../../core/codes.ts';
import { fieldErrors } from '../../core/validation.ts';
import { mailboxOwners } from '../../core/email-intake.ts';
import { AuditRepository } from '../../aws/audit-repository.ts';
import { RevocationsRepository } from '../../aws/revocations-repository.ts';
import { StatesRepository } from '../../aws/states-repository.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { focalPointDirectory, FocalPointExistsError, type FocalPointAccount } from '../../aws/focal-points.ts';
import { forbiddenProblem, notFoundProblem, validationProblem } from '../../intake/problems.ts';
import { focalPointAuthority, usernameSchema } from './authority.ts';

const env = loadEnvironment(functionRegistry.manageFocalPoints);
const observed = observability(functionRegistry.manageFocalPoints);
const directory = focalPointDirectory(env);
const audit = new AuditRepository(tableAccess(env));
const registry = new StatesRepository(tableAccess(env));

const newFocalPointSchema = z.strictObject({
  username: usernameSchema,
  email: z.email().max(254).toLowerCase(),
  missionAdmin: z.boolean().default(false),
  /** For the Secretariat: the State of the new focal point. A mission administrator's is its own. */
  state: z.string().optional(),
});

const accountChangeSchema = z.strictObject({ enabled: z.boolean() });

function view(account: FocalPointAccount) {
  return { username: account.username, email: account.email, state: account.state, roles: account.roles, status: account.status, enabled: account.enabled, createdAt: account.createdAt };
}

function actorOf(caller: Caller): Actor {
  return caller.roles.includes('secretariat') ? { kind: 'secretariat', id: caller.username } : { kind: 'state', id: caller.username, ...(caller.state ? { state: caller.state } : {}) };
}

async function audited(caller: Caller, state: StateCode, change: 'added' | 'removed' | 'disabled' | 'enabled', account: FocalPointAccount): Promise<void> {
  await audit.append({ actor: actorOf(caller), action: 'changed', subject: { kind: 'state', id: state }, state, details: { focalPoint: change, username: account.username, roles: account.roles } });
}

function parseJson(event: AuthorizedHttpEvent): unknown {
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

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
    const method = event.requestContext.http.method;
    const body = method === 'POST' ? parseJson(event) : undefined;
    const requested = method === 'POST' && typeof body === 'object' && body !== null && typeof (body as { state?: unknown }).state === 'string' ? (body as { state: string }).state : event.queryStringParameters?.['state'];
    const authority = focalPointAuthority(caller, requested);
    if (!authority.ok) return authority.status === 403 ? forbiddenProblem(authority.detail) : validationProblem([{ path: '/state', message: authority.detail }]);
    const { state } = authority;

    if (method === 'GET') return json(200, { state, focalPoints: (await directory.list(state)).map(view) });

    if (method === 'POST') {
      const parsed = newFocalPointSchema.safeParse(body);
      if (!parsed.success) return validationProblem(body === undefined ? [{ path: '', message: 'must be a JSON object' }] : fieldErrors(parsed.error.issues, 'is not a field of a new focal point'));
      // The pool signs in by e-mail as well: an account under another State's mission mailbox
      // would pass, to a reader, for that mission.
      if (mailboxOwners(await registry.list(), parsed.data.email).some((owner) => owner.code !== state)) {
        return validationProblem([{ path: '/email', message: "is the registered mission mailbox of another State; give the focal point's own address" }]);
      }
      try {
        const account = await directory.add({ username: parsed.data.username, email: parsed.data.email, state, missionAdmin: parsed.data.missionAdmin, invitation: 'email' });
        await audited(caller, state, 'added', account);
        return json(201, view(account), { location: `/v1/focal-points/${encodeURIComponent(account.username)}` });
      } catch (error) {
        if (!(error instanceof FocalPointExistsError)) throw error;
        return problem({ type: '/problems/conflict', title: 'Conflict', status: 409, detail: `${error.message}; choose another username or address.` });
      }
    }

    // PATCH and DELETE /v1/focal-points/{username}: a user of another State is, to this caller, no user at all.
    const username = event.pathParameters?.['username'] ?? '';
    const account = await directory.get(username);
    if (account === undefined || account.state !== state) return notFoundProblem(`${state} has no focal point named ${username}.`);
    if (account.username === caller.username) {
      return problem({ type: '/problems/conflict', title: 'Conflict', status: 409, detail: 'You cannot remove or disable your own account; another administrator of your mission, or the Secretariat, can.' });
    }
    if (method === 'PATCH') {
      const body = parseJson(event);
      const change = accountChangeSchema.safeParse(body);
      if (!change.success) return validationProblem(body === undefined ? [{ path: '', message: 'must be a JSON object' }] : fieldErrors(change.error.issues, 'is not a field that can change'));
      if (change.data.enabled) await directory.enable(account.username);
      else await directory.disable(account.username);
      await audited(caller, state, change.data.enabled ? 'enabled' : 'disabled', account);
      return json(200, view({ ...account, enabled: change.data.enabled }));
    }
    await directory.remove(account.username);
    await audited(caller, state, 'removed', account);
    return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
  });

/**
 * The authorization matrix: every route of the HTTP API (from the registry) against every kind of
 * caller, each cell an expected status. A State acts only as itself; Secretariat staff act for no
 * State on the State-facing routes; a token that is not genuine, current and of this pool never
 * reaches a function.
 */

import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { allFunctions } from '../../functions/registry.ts';
import { forgeToken } from '../../local/cognito/forge.ts';
import { useEngine } from '../support/engine.ts';
import { expiredToken, tamperedToken, tokenOfAnotherPool } from '../support/tokens.ts';

const testEngine = useEngine();

const callers = ['anonymous', 'focal point of FRA', 'mission admin of FRA', 'Secretariat', 'another pool', 'expired', 'forged', 'tampered'] as const;
type Caller = (typeof callers)[number];

/** A request per route: path parameters filled with values that exist for no one, bodies that are empty. */
const requests: Record<string, { path: string; body?: unknown }> = {
  'GET /v1/health': { path: '/v1/health' },
  'GET /v1/whoami': { path: '/v1/whoami' },
  'POST /v1/submissions': { path: '/v1/submissions', body: {} },
  'GET /v1/submissions': { path: '/v1/submissions' },
  'GET /v1/submissions/{reference}': { path: '/v1/submissions/MPR-2024-9999' },
  'GET /v1/obligations': { path: '/v1/obligations' },
  'POST /v1/submissions/{reference}/decisions': { path: '/v1/submissions/MPR-2024-9999/decisions', body: {} },
  'POST /v1/submissions/{reference}/withdrawal': { path: '/v1/submissions/MPR-2024-9999/withdrawal', body: {} },
  'POST /v1/attachments': { path: '/v1/attachments', body: {} },
  'GET /v1/focal-points': { path: '/v1/focal-points' },
  'POST /v1/focal-points': { path: '/v1/focal-points', body: {} },
  'PATCH /v1/focal-points/{username}': { path: '/v1/focal-points/nobody', body: { enabled: false } },
  'DELETE /v1/focal-points/{username}': { path: '/v1/focal-points/nobody' },
  'GET /v1/openapi.json': { path: '/v1/openapi.json' },
  'GET /v1/form': { path: '/v1/form' },
  'GET /v1/drafts': { path: '/v1/drafts' },
  'POST /v1/drafts': { path: '/v1/drafts', body: {} },
  'GET /v1/drafts/{id}': { path: '/v1/drafts/00000000-0000-4000-8000-000000000000' },
  'PUT /v1/drafts/{id}': { path: '/v1/drafts/00000000-0000-4000-8000-000000000000', body: { form: {} } },
  'DELETE /v1/drafts/{id}': { path: '/v1/drafts/00000000-0000-4000-8000-000000000000' },
  'GET /portal': { path: '/portal' },
  'GET /portal/{asset}': { path: '/portal/app.css' },
};

/** The refused tokens: 401 from the authorizer on every route that needs a token. */
const refused = { anonymous: 401, 'another pool': 401, expired: 401, forged: 401, tampered: 401 } as const;
const publicRoute = Object.fromEntries(callers.map((caller) => [caller, 200])) as Record<Caller, number>;

/**
 * Expected status per route and caller. A well-formed request with an empty body answers 400
 * once the caller may make it; 403 when the caller may not; 404 for what is not the caller's.
 */
const expected: Record<string, Record<Caller, number>> = {
  'GET /v1/health': publicRoute,
  'GET /v1/whoami': { ...refused, 'focal point of FRA': 200, 'mission admin of FRA': 200, Secretariat: 200 },
  'POST /v1/submissions': { ...refused, 'focal point of FRA': 400, 'mission admin of FRA': 400, Secretariat: 403 },
  'GET /v1/submissions': { ...refused, 'focal point of FRA': 200, 'mission admin of FRA': 200, Secretariat: 403 },
  'GET /v1/submissions/{reference}': { ...refused, 'focal point of FRA': 404, 'mission admin of FRA': 404, Secretariat: 403 },
  'GET /v1/obligations': { ...refused, 'focal point of FRA': 200, 'mission admin of FRA': 200, Secretariat: 403 },
  'POST /v1/submissions/{reference}/decisions': { ...refused, 'focal point of FRA': 403, 'mission admin of FRA': 403, Secretariat: 400 },
  'POST /v1/submissions/{reference}/withdrawal': { ...refused, 'focal point of FRA': 403, 'mission admin of FRA': 403, Secretariat: 400 },
  'POST /v1/attachments': { ...refused, 'focal point of FRA': 400, 'mission admin of FRA': 400, Secretariat: 403 },
  'GET /v1/focal-points': { ...refused, 'focal point of FRA': 403, 'mission admin of FRA': 200, Secretariat: 400 },
  'POST /v1/focal-points': { ...refused, 'focal point of FRA': 403, 'mission admin of FRA': 400, Secretariat: 400 },
  'PATCH /v1/focal-points/{username}': { ...refused, 'focal point of FRA': 403, 'mission admin of FRA': 404, Secretariat: 400 },
  'DELETE /v1/focal-points/{username}': { ...refused, 'focal point of FRA': 403, 'mission admin of FRA': 404, Secretariat: 400 },
  'GET /v1/openapi.json': publicRoute,
  'GET /v1/form': publicRoute,
  'GET /v1/drafts': { ...refused, 'focal point of FRA': 200, 'mission admin of FRA': 200, Secretariat: 403 },
  'POST /v1/drafts': { ...refused, 'focal point of FRA': 400, 'mission admin of FRA': 400, Secretariat: 403 },
  'GET /v1/drafts/{id}': { ...refused, 'focal point of FRA': 404, 'mission admin of FRA': 404, Secretariat: 403 },
  'PUT /v1/drafts/{id}': { ...refused, 'focal point of FRA': 404, 'mission admin of FRA': 404, Secretariat: 403 },
  'DELETE /v1/drafts/{id}': { ...refused, 'focal point of FRA': 404, 'mission admin of FRA': 404, Secretariat: 403 },
  'GET /portal': publicRoute,
  'GET /portal/{asset}': publicRoute,
};

const tokens = new Map<Caller, string | undefined>();

beforeAll(async () => {
  const { engine } = testEngine();
  const token = async (username: string) => (await engine.cognito.tokenFor({ username })).idToken;
  const focal = await token('focal.fra');
  tokens.set('anonymous', undefined);
  tokens.set('focal point of FRA', focal);
  tokens.set('mission admin of FRA', await token('admin.fra'));
  tokens.set('Secretariat', await token('secretariat.officer'));
  tokens.set('another pool', await tokenOfAnotherPool(engine.endpoints.cognito));
  tokens.set('expired', await expiredToken(focal));
  tokens.set('forged', await forgeToken(decodeJwt(focal)));
  tokens.set('tampered', tamperedToken(focal, { 'custom:state': 'KEN' }));
}, 60_000);

describe('the authorization matrix', () => {
  it('covers every route of the registry', () => {
    const routes = allFunctions.flatMap((spec) => spec.triggers.flatMap((trigger) => (trigger.kind === 'http' ? [`${trigger.method} ${trigger.path}`] : [])));
    expect(Object.keys(requests).sort()).toEqual(routes.sort());
  });

  it.each(Object.keys(requests))('%s', async (route) => {
    const { engine } = testEngine();
    const method = route.split(' ')[0]!;
    const { path, body } = requests[route]!;
    const answers: Partial<Record<Caller, number>> = {};
    for (const caller of callers) {
      const token = tokens.get(caller);
      const response = await fetch(`${engine.endpoints.api}${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      await response.arrayBuffer();
      answers[caller] = response.status;
    }
    expect(answers).toEqual(expected[route]);
  });
});

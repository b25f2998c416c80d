/**
 * Focal points through the API with real tokens from the local user pool, and the Secretariat's
 * `mpr focal-points` commands against the same pool.
 */
import { describe, expect, it } from 'vitest';
import { focalPointsCommands } from '../../cli/commands/focal-points.ts';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { runCli, useEmailEngine } from './support.ts';

const system = useEmailEngine({ endpointsFile: true });

async function call(
  username: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; type: string | null; json: Record<string, unknown> | undefined }> {
  const { idToken } = await system().engine.cognito.tokenFor({ username });
  const response = await fetch(`${system().engine.endpoints.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${idToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const usernames = (json: Record<string, unknown> | undefined) => (json?.['focalPoints'] as { username: string }[]).map((account) => account.username);

describe('a mission administrator', () => {
  it('lists its own State’s focal points, with their roles', async () => {
    const { status, json } = await call('admin.fra', 'GET', '/v1/focal-points');
    expect(status).toBe(200);
    expect(json).toMatchObject({ state: 'FRA' });
    expect(json!['focalPoints']).toEqual([
      expect.objectContaining({ username: 'admin.fra', state: 'FRA', roles: ['focal-point', 'mission-admin'], enabled: true }),
      expect.objectContaining({ username: 'focal.fra', state: 'FRA', roles: ['focal-point'] }),
      // The portal's demo user who has yet to replace its temporary password.
      expect.objectContaining({ username: 'newcomer.fra', state: 'FRA', roles: ['focal-point'], status: 'FORCE_CHANGE_PASSWORD' }),
    ]);
  });

  it('adds a focal point of its State, who can then sign in as FRA; a second with the same name is refused', async () => {
    const added = await call('admin.fra', 'POST', '/v1/focal-points', { username: 'deputy.fra', email: 'Deputy@FRA.example.org' });
    expect(added).toMatchObject({
      status: 201,
      json: { username: 'deputy.fra', email: 'deputy@fra.example.org', state: 'FRA', roles: ['focal-point'], status: 'FORCE_CHANGE_PASSWORD' },
    });
    expect(usernames((await call('admin.fra', 'GET', '/v1/focal-points')).json)).toContain('deputy.fra');
    await system().engine.cognito.createFocalPoint({ username: 'deputy.fra', state: 'FRA', groups: ['focal-point'] });
    const whoami = await call('deputy.fra', 'GET', '/v1/whoami');
    expect(whoami.json).toEqual({ username: 'deputy.fra', state: 'FRA', roles: ['focal-point'] });

    const again = await call('admin.fra', 'POST', '/v1/focal-points', { username: 'deputy.fra', email: 'other@fra.example.org' });
    expect(again).toMatchObject({ status: 409, type: 'application/problem+json' });
  });

  it('refuses a focal point with bad fields, naming each', async () => {
    const { status, type, json } = await call('admin.fra', 'POST', '/v1/focal-points', { username: 'X', email: 'not-an-address', role: 'secretariat' });
    expect(status).toBe(400);
    expect(type).toBe('application/problem+json');
    expect((json!['errors'] as { path: string }[]).map((error) => error.path).sort()).toEqual(['/email', '/role', '/username']);
  });

  it('removes a focal point of its State, but not itself', async () => {
    expect((await call('admin.fra', 'DELETE', '/v1/focal-points/deputy.fra')).status).toBe(204);
    expect(usernames((await call('admin.fra', 'GET', '/v1/focal-points')).json)).not.toContain('deputy.fra');
    expect((await call('admin.fra', 'DELETE', '/v1/focal-points/deputy.fra')).status).toBe(404);
    expect((await call('admin.fra', 'DELETE', '/v1/focal-points/admin.fra')).status).toBe(409);
  });

  it('cannot see, add or remove another State’s focal points', async () => {
    const listed = await call('admin.fra', 'GET', '/v1/focal-points?state=KEN');
    expect(listed).toMatchObject({ status: 403, type: 'application/problem+json' });
    expect(listed.json!['detail']).toMatch(/own State \(FRA\)/);
    expect((await call('admin.fra', 'POST', '/v1/focal-points', { username: 'intruder.ken', email: 'x@ken.example.org', state: 'KEN' })).status).toBe(403);
    expect((await call('admin.fra', 'DELETE', '/v1/focal-points/focal.ken')).status).toBe(404);
    expect(usernames((await call('secretariat.officer', 'GET', '/v1/focal-points?state=KEN')).json)).toEqual(['focal.ken', 'mfa.ken']);
  });

  it('leaves a trail of every change in its State’s audit', async () => {
    const changes = (await new AuditRepository(system().access).forState('FRA')).filter((event) => event.action === 'changed');
    expect(changes.map((event) => [event.actor.id, event.details['focalPoint'], event.details['username']])).toEqual([
      ['admin.fra', 'added', 'deputy.fra'],
      ['admin.fra', 'removed', 'deputy.fra'],
    ]);
  });
});

describe('other callers', () => {
  it('a focal point that is not an administrator is refused', async () => {
    for (const [method, path] of [
      ['GET', '/v1/focal-points'],
      ['POST', '/v1/focal-points'],
      ['DELETE', '/v1/focal-points/admin.fra'],
    ] as const) {
      const answer = await call('focal.fra', method, path, method === 'POST' ? { username: 'x.fra', email: 'x@fra.example.org' } : undefined);
      expect(answer).toMatchObject({ status: 403, type: 'application/problem+json', json: { type: '/problems/forbidden' } });
    }
  });

  it('the Secretariat acts for the State it names, and must name one', async () => {
    expect((await call('secretariat.officer', 'GET', '/v1/focal-points')).status).toBe(400);
    const added = await call('secretariat.officer', 'POST', '/v1/focal-points', {
      username: 'admin.ken',
      email: 'admin@ken.example.org',
      state: 'KEN',
      missionAdmin: true,
    });
    expect(added).toMatchObject({ status: 201, json: { state: 'KEN', roles: ['focal-point', 'mission-admin'] } });
    expect((await call('secretariat.officer', 'DELETE', '/v1/focal-points/admin.ken?state=KEN')).status).toBe(204);
  });

  it('without a token, the API refuses before the function runs', async () => {
    const response = await fetch(`${system().engine.endpoints.api}/v1/focal-points`);
    expect(response.status).toBe(401);
  });
});

describe('mpr focal-points', () => {
  const cli = (name: string, ...args: string[]) => runCli(focalPointsCommands, name, args);

  it('adds, lists and removes a State’s focal points in the local pool, audited as the officer', async () => {
    const added = await cli('add', '--state', 'MEX', '--username', 'admin.mex', '--email', 'admin@mex.example.org', '--mission-admin');
    expect(added).toMatch(/^Added admin.mex \(focal-point, mission-admin\) for MEX\. Temporary password: \S{14,}\n$/);
    const listed = await cli('list', '--state', 'MEX');
    expect(
      listed
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(/\s+/)[0]),
    ).toEqual(['admin.mex', 'focal.mex']);
    const [account] = JSON.parse(await cli('list', '--state', 'MEX', '--json')) as Record<string, unknown>[];
    expect(account).toMatchObject({ username: 'admin.mex', email: 'admin@mex.example.org', state: 'MEX', status: 'FORCE_CHANGE_PASSWORD' });
    expect(await cli('remove', '--username', 'admin.mex')).toBe('Removed admin.mex (focal-point, mission-admin) of MEX.\n');
    expect(await cli('list', '--state', 'MEX')).not.toContain('admin.mex');
    const trail = (await new AuditRepository(system().access).forState('MEX')).filter((event) => event.action === 'changed');
    expect(trail.map((event) => [event.actor, event.details['focalPoint']])).toEqual([
      [{ kind: 'secretariat', id: 'officer.test' }, 'added'],
      [{ kind: 'secretariat', id: 'officer.test' }, 'removed'],
    ]);
  });

  it('refuses what it cannot do, changing nothing', async () => {
    await expect(cli('add', '--state', 'XXX', '--username', 'a.xxx', '--email', 'a@x.example.org')).rejects.toThrow(/XXX is not in the States registry/);
    await expect(cli('add', '--state', 'FRA', '--username', 'A', '--email', 'a@x.example.org')).rejects.toThrow(/--username must be 3 to 64/);
    await expect(cli('add', '--state', 'FRA', '--username', 'focal.fra', '--email', 'b@fra.example.org')).rejects.toThrow(/exists already; nothing changed/);
    await expect(cli('remove', '--username', 'secretariat.officer')).rejects.toThrow(/a Secretariat account is not managed here/);
    await expect(cli('list', '--state', 'FRA', '--aws')).rejects.toThrow(/--user-pool-id/);
    await expect(cli('add', '--state', 'FRA', '--username', 'spoof.fra', '--email', 'pm.ken@missions.example.org')).rejects.toThrow(
      /--email pm.ken@missions.example.org is the registered mission mailbox of KEN/,
    );
  });

  it('disables a focal point, which can no longer sign in, and enables it again, audited', async () => {
    await system().engine.cognito.createFocalPoint({ username: 'paused.mex', state: 'MEX', groups: ['focal-point'] });
    expect(await cli('disable', '--username', 'paused.mex')).toBe('Disabled paused.mex (focal-point) of MEX.\n');
    expect(await cli('list', '--state', 'MEX')).toMatch(/paused\.mex .*\(disabled\)/);
    await expect(system().engine.cognito.tokenFor({ username: 'paused.mex' })).rejects.toThrow('User is disabled.');
    expect(await cli('enable', '--username', 'paused.mex')).toBe('Enabled paused.mex (focal-point) of MEX.\n');
    const trail = (await new AuditRepository(system().access).forState('MEX')).filter((event) => event.details['username'] === 'paused.mex');
    expect(trail.map((event) => event.details['focalPoint'])).toEqual(['disabled', 'enabled']);
  });
});

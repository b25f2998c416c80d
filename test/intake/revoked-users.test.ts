/**
 * Issue 18 §3: a focal point removed or disabled by its mission administrator loses its tokens at
 * once. Before, the API's JWT authorizer accepted the token it held until the token expired: a
 * removed user still read its State's non-circulated report and submitted a new one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RevocationsRepository } from '../../functions/aws/revocations-repository.ts';
import { functionRegistry } from '../../functions/registry.ts';
import { get, requestUpload, submit, useIntakeEngine, violationBody } from './support.ts';

const system = useIntakeEngine();

async function administer(username: string, method: 'DELETE' | 'PATCH', body?: unknown): Promise<number> {
  const token = await system().token('admin.fra');
  const response = await fetch(`${system().api}/v1/focal-points/${username}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  await response.text();
  return response.status;
}

const attachment = { fileName: 'photo.pdf', contentType: 'application/pdf', size: 10, sha256: '0'.repeat(64) };

describe('the tokens of a removed or disabled focal point', () => {
  const held = new Map<string, { token: string; reference: string }>();

  beforeAll(async () => {
    for (const username of ['gone.fra', 'paused.fra']) {
      await system().engine.cognito.createFocalPoint({ username, state: 'FRA', groups: ['focal-point'] });
      const { idToken } = await system().engine.cognito.tokenFor({ username });
      // A report FRA asked not to circulate: only FRA and the Secretariat may read it.
      const receipt = await submit(system().api, idToken, violationBody({}, { circulate: false }), {
        'idempotency-key': `revoked-${username.replace('.', '-')}`,
      });
      expect(receipt.status).toBe(201);
      held.set(username, { token: idToken, reference: String(receipt.body['reference']) });
      expect((await get(system().api, `/v1/submissions/${String(receipt.body['reference'])}`, idToken)).status).toBe(200);
    }
  });

  it('are refused at once after the user is removed: no read, no submission, no upload', async () => {
    const { token, reference } = held.get('gone.fra')!;
    expect(await administer('gone.fra', 'DELETE')).toBe(204);

    const read = await get(system().api, `/v1/submissions/${reference}`, token);
    expect(read).toMatchObject({ status: 401, body: { type: '/problems/token-revoked' } });
    expect(String(read.body['detail'])).toMatch(/removed/);
    expect((await get(system().api, '/v1/submissions', token)).status).toBe(401);
    expect((await submit(system().api, token, violationBody(), { 'idempotency-key': 'after-removal' })).status).toBe(401);
    expect((await requestUpload(system().api, token, attachment)).status).toBe(401);
    await expect(system().engine.cognito.tokenFor({ username: 'gone.fra' })).rejects.toThrow();
  });

  it('are refused by every signed-in route the registry declares, whoami aside (it reads nothing the token does not say)', async () => {
    const { token, reference } = held.get('gone.fra')!;
    const routes = Object.values(functionRegistry).flatMap((spec) =>
      spec.triggers.flatMap((trigger) => (trigger.kind === 'http' && trigger.auth === 'jwt' && spec.name !== 'whoami' ? [trigger] : [])),
    );
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const path = (template: string) =>
      template.replace('{reference}', reference).replace('{username}', 'focal.fra').replace('{id}', '00000000-0000-4000-8000-000000000000');
    const answers = await Promise.all(
      routes.map(async ({ method, path: template }) => {
        const response = await fetch(`${system().api}${path(template)}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
          ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
        });
        const body = (await response.json()) as { type?: string };
        return `${method} ${template}: ${response.status} ${body.type ?? ''}`;
      }),
    );
    expect(answers).toEqual(routes.map(({ method, path: template }) => `${method} ${template}: 401 /problems/token-revoked`));
  });

  it('are refused at once after the user is disabled, and it cannot sign in; enabled again, a new token works', async () => {
    const { token, reference } = held.get('paused.fra')!;
    expect(await administer('paused.fra', 'PATCH', { enabled: false })).toBe(200);

    expect((await get(system().api, `/v1/submissions/${reference}`, token)).status).toBe(401);
    expect((await submit(system().api, token, violationBody(), { 'idempotency-key': 'after-disabling' })).status).toBe(401);
    await expect(system().engine.cognito.tokenFor({ username: 'paused.fra' })).rejects.toThrow('User is disabled.');

    expect(await administer('paused.fra', 'PATCH', { enabled: true })).toBe(200);
    expect((await get(system().api, `/v1/submissions/${reference}`, token)).status).toBe(401);
    // Token times are whole seconds: a token of the second of the revocation is refused too.
    const revokedAt = Date.parse(
      (await new RevocationsRepository({ client: system().documents, tableName: system().engine.resources.tableName }).get('paused.fra'))!.revokedAt,
    );
    await expect.poll(() => Math.floor(Date.now() / 1000), { interval: 20, timeout: 3000 }).toBeGreaterThan(Math.floor(revokedAt / 1000));
    const { idToken: fresh } = await system().engine.cognito.tokenFor({ username: 'paused.fra' });
    expect((await get(system().api, `/v1/submissions/${reference}`, fresh)).status).toBe(200);
  });

  it('leave other users of the State untouched', async () => {
    expect((await get(system().api, '/v1/submissions', await system().token('focal.fra'))).status).toBe(200);
  });

  it('PATCH accepts only {"enabled": boolean}, naming the field', async () => {
    const token = await system().token('admin.fra');
    const response = await fetch(`${system().api}/v1/focal-points/focal.fra`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: 'no', roles: ['secretariat'] }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual(['/enabled', '/roles']);
  });
});

describe('a new focal point’s address', () => {
  it('may not be another State’s registered mission mailbox (400 naming /email); its own mission’s is accepted', async () => {
    const token = await system().token('admin.fra');
    const add = (username: string, email: string) =>
      fetch(`${system().api}/v1/focal-points`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ username, email }),
      });
    const refused = await add('spoof.fra', 'PM.KEN@missions.example.org');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ type: '/problems/validation', errors: [{ path: '/email', message: expect.stringMatching(/another State/) }] });
    expect((await add('mission.fra', 'pm.fra@missions.example.org')).status).toBe(201);
  });
});

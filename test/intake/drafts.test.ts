/**
 * Drafts (/v1/drafts) through the running engine: a State's focal points save, list, read,
 * replace and delete their State's drafts; another State's focal point can do none of it, and
 * finds nothing either by id or in its list; bad input is a 400 naming the field.
 */
import { describe, expect, it } from 'vitest';
import { type ApiAnswer, get, useIntakeEngine } from './support.ts';

const context = useIntakeEngine();

async function call<T = Record<string, unknown>>(method: string, path: string, token: string, body?: unknown): Promise<ApiAnswer<T>> {
  const response = await fetch(`${context().api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T } as ApiAnswer<T>;
}

describe('drafts of reports', () => {
  it('are saved, listed, read, replaced and deleted by the State’s own focal points only', async () => {
    const { api, token } = context();
    const france = await token('focal.fra');
    const franceAdmin = await token('admin.fra');
    const mexico = await token('focal.mex');
    const form = { kind: ['views'], 'note-date': '2026-01-05', 'views-text': 'Perimeters should be widened.', circulate: true };

    const created = await call<{ id: string; savedBy: string; title: string }>('POST', '/v1/drafts', france, { title: 'Views', form });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Views', form, savedBy: 'focal.fra' });
    const id = created.body.id;

    // Another focal point of the same State takes it up.
    const list = await get<{ drafts: { id: string }[] }>(api, '/v1/drafts', franceAdmin);
    expect(list.body.drafts.map((draft) => draft.id)).toEqual([id]);
    const replaced = await call('PUT', `/v1/drafts/${id}`, franceAdmin, {
      title: 'Views, cleared',
      form: { ...form, 'views-text': 'Cleared by the capital.' },
    });
    expect(replaced.status).toBe(200);
    expect((await get(api, `/v1/drafts/${id}`, france)).body).toMatchObject({
      title: 'Views, cleared',
      savedBy: 'admin.fra',
      form: { 'views-text': 'Cleared by the capital.' },
    });

    // Mexico sees none of it, and can change none of it.
    expect((await get<{ drafts: unknown[] }>(api, '/v1/drafts', mexico)).body.drafts).toEqual([]);
    expect((await get(api, `/v1/drafts/${id}`, mexico)).status).toBe(404);
    expect((await call('PUT', `/v1/drafts/${id}`, mexico, { title: 'x', form })).status).toBe(404);
    expect((await call('DELETE', `/v1/drafts/${id}`, mexico)).status).toBe(404);
    expect((await get(api, `/v1/drafts/${id}`, france)).status).toBe(200);

    expect((await call('DELETE', `/v1/drafts/${id}`, france)).status).toBe(204);
    expect((await get(api, `/v1/drafts/${id}`, france)).status).toBe(404);
    expect((await call('DELETE', `/v1/drafts/${id}`, france)).status).toBe(404);
    // A replace does not bring a deleted draft back.
    expect((await call('PUT', `/v1/drafts/${id}`, france, { title: 'again', form })).status).toBe(404);
  });

  it('refuses bad input with a problem naming the field, and needs a token', async () => {
    const { api, token } = context();
    const france = await token('focal.fra');
    const refused = await call<{ errors: { path: string }[] }>('POST', '/v1/drafts', france, { title: 'x', form: { 'Not A Name': 'x' }, extra: 1 });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error) => error.path)).toEqual(expect.arrayContaining(['/extra']));
    const tooLong = await call<{ errors: { path: string }[] }>('POST', '/v1/drafts', france, { form: { facts: 'x'.repeat(60_001) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors.map((error) => error.path)).toEqual(['/form/facts']);
    expect((await get(api, '/v1/drafts/not-an-id', france)).status).toBe(404);
    expect((await get(api, '/v1/drafts')).status).toBe(401);
  });
});

describe('the portal’s files', () => {
  it('serves the page with a policy that allows only its own script and the API, Cognito and the bucket', async () => {
    const { api, engine } = context();
    const page = await fetch(`${api}/portal`);
    expect(page.status).toBe(200);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain(`connect-src 'self' ${engine.endpoints.cognito} ${engine.endpoints.s3}`);
    const html = await page.text();
    expect(html).toContain('<script src="/portal/app.js" defer></script>');
    expect(html).toContain(`"userPoolId":"${engine.resources.userPoolId}"`);
    expect(html).not.toMatch(/<script>(?!<)/);
    const script = await fetch(`${api}/portal/app.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect((await script.text()).length).toBeGreaterThan(10_000);
    const { states } = (await (await fetch(`${api}/portal/states.json`)).json()) as {
      states: { code: string; nameEn: string; nameFr: string; language: string }[];
    };
    expect(states.find((state) => state.code === 'FRA')).toMatchObject({ nameEn: 'France', nameFr: 'France', language: 'fr' });
    expect((await fetch(`${api}/portal/secrets.txt`)).status).toBe(404);
  });
});

/**
 * The API answers only requests that came through CloudFront (functions/runtime/origin-check.ts):
 * on an engine started with an origin secret, as the deployed API is, a request without the
 * secret header is refused before any handler logic runs, on public and authenticated routes.
 */
import { describe, expect, it } from 'vitest';
import { originHeader } from '../../functions/runtime/origin-check.ts';
import { useEngine } from '../support/engine.ts';

const secret = 'a-secret-that-only-cloudfront-sends';
const system = useEngine({ originSecret: secret });

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${system().engine.endpoints.api}${path}`, { headers });
}

async function focalPointToken(): Promise<string> {
  return (await system().engine.cognito.tokenFor({ role: 'focal-point', state: 'FRA' })).idToken;
}

describe('an engine started with an origin secret', () => {
  it('refuses a public route without the header, with a problem document', async () => {
    const answer = await get('/v1/health');
    expect(answer.status).toBe(403);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(await answer.json()).toMatchObject({ type: '/problems/forbidden', status: 403 });
  });

  it('refuses a wrong secret, and one that only begins like it', async () => {
    expect((await get('/v1/health', { [originHeader]: 'not-the-secret' })).status).toBe(403);
    expect((await get('/v1/health', { [originHeader]: secret.slice(0, 10) })).status).toBe(403);
    expect((await get('/v1/health', { [originHeader]: `${secret}x` })).status).toBe(403);
  });

  it('refuses an authenticated route without the header, even with a valid token', async () => {
    const token = await focalPointToken();
    expect((await get('/v1/whoami', { authorization: `Bearer ${token}` })).status).toBe(403);
  });

  it('answers with the header, as through CloudFront', async () => {
    expect((await get('/v1/health', { [originHeader]: secret })).status).toBe(200);
    const token = await focalPointToken();
    const whoami = await get('/v1/whoami', { authorization: `Bearer ${token}`, [originHeader]: secret });
    expect(whoami.status).toBe(200);
    expect(await whoami.json()).toMatchObject({ state: 'FRA' });
  });

  it('still refuses a missing token first, as the JWT authorizer does before any function', async () => {
    expect((await get('/v1/whoami', { [originHeader]: secret })).status).toBe(401);
  });
});

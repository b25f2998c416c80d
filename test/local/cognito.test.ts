import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenValidityMinutes } from '../../functions/core/revocation.ts';
import { forgeToken } from '../../local/cognito/forge.ts';
import { type LocalCognito, startCognito } from '../../local/cognito/index.ts';
import { createJwtAuthorizer, type JwtAuthorizer, type JwtAuthorizerConfig } from '../../local/cognito/jwt-authorizer.ts';

describe('the local Cognito stand-in and the HTTP API JWT authorizer', () => {
  let cognito: LocalCognito;
  let idToken: string;
  let accessToken: string;
  /** Configured as the deployed API would be, with this pool's issuer and app client. */
  let authorize: JwtAuthorizer;

  const authorizerWith = (overrides: Partial<JwtAuthorizerConfig>) =>
    createJwtAuthorizer({ issuer: cognito.issuer, audiences: [cognito.clientId], jwksUrl: cognito.jwksUrl, ...overrides });

  beforeAll(async () => {
    cognito = await startCognito({ port: 0 });
    authorize = authorizerWith({});
    await cognito.createFocalPoint({ username: 'fp.fra', state: 'FRA', groups: ['focal-point', 'mission-admin'] });
    ({ idToken, accessToken } = await cognito.tokenFor({ username: 'fp.fra' }));
  });
  afterAll(() => cognito.stop());

  it('issues tokens the authorizer accepts, passing the claims as HTTP API does', async () => {
    const result = await authorize(`Bearer ${idToken}`);

    expect(result).toMatchObject({
      ok: true,
      scopes: undefined,
      claims: {
        'custom:state': 'FRA',
        'cognito:groups': '[focal-point mission-admin]',
        'cognito:username': 'fp.fra',
        token_use: 'id',
        iss: cognito.issuer,
        aud: cognito.clientId,
      },
    });
    if (!result.ok) return;
    expect(result.claims['exp']).toMatch(/^\d+$/);
    expect(Object.values(result.claims).every((value) => typeof value === 'string')).toBe(true);
  });

  it('gives tokens as short-lived as the deployed client’s, from the issuer its endpoint names', async () => {
    const tokens = await cognito.tokenFor({ username: 'fp.fra' });
    expect(tokens.expiresIn).toBe(tokenValidityMinutes * 60);
    expect(cognito.issuer).toBe(`${cognito.url}/${cognito.userPoolId}`);
    const discovery = (await (await fetch(`${cognito.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({ issuer: cognito.issuer, jwks_uri: cognito.jwksUrl });
  });

  it('accepts the token without the Bearer prefix, and the access token by its client_id', async () => {
    expect(await authorize(idToken)).toMatchObject({ ok: true });
    expect(await authorize(`Bearer ${accessToken}`)).toMatchObject({
      ok: true,
      claims: { client_id: cognito.clientId, token_use: 'access', 'cognito:groups': '[focal-point mission-admin]' },
    });
  });

  it('finds a focal point by State and role, and creates one where the State has none', async () => {
    const france = decodeJwt((await cognito.tokenFor({ state: 'FRA', role: 'focal-point' })).idToken);
    expect(france['cognito:username']).toBe('fp.fra');

    const germany = decodeJwt((await cognito.tokenFor({ state: 'DEU', role: 'focal-point' })).idToken);
    expect(germany).toMatchObject({ 'cognito:username': 'focal-point.deu', 'custom:state': 'DEU', 'cognito:groups': ['focal-point'] });

    const secretariat = decodeJwt((await cognito.tokenFor({ role: 'secretariat' })).idToken);
    expect(secretariat).toMatchObject({ 'cognito:username': 'secretariat', 'cognito:groups': ['secretariat'] });
    expect(secretariat['custom:state']).toBeUndefined();
  });

  it('creates focal points idempotently and keeps custom:state immutable', async () => {
    const focalPoint = { username: 'fp.ita', state: 'ITA', groups: ['focal-point'] as const, password: 'Another-secret-2' };
    await cognito.createFocalPoint(focalPoint);
    await cognito.createFocalPoint(focalPoint);
    expect(decodeJwt((await cognito.tokenFor({ username: 'fp.ita' })).idToken)['custom:state']).toBe('ITA');

    await expect(cognito.createFocalPoint({ ...focalPoint, state: 'ESP' })).rejects.toThrow(/custom:state cannot change/);
    await expect(cognito.createFocalPoint({ username: 'fp.x', state: 'France', groups: [] })).rejects.toThrow(/alpha-3/);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty Authorization header', ''],
    ['a Bearer prefix alone', 'Bearer '],
    ['garbage', 'Bearer not-a-jwt'],
  ])('refuses %s', async (_case, header) => {
    expect(await authorize(header)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a token signed with another key, under the issuer kid or an unknown one', async () => {
    const claims = decodeJwt(idToken);
    expect(await authorize(`Bearer ${await forgeToken(claims)}`)).toEqual({
      ok: false,
      status: 401,
      reason: 'the token signature does not verify',
    });
    expect(await authorize(`Bearer ${await forgeToken(claims, { kid: 'elsewhere' })}`)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses an expired token, and one issued in the future', async () => {
    const { exp = 0, iat = 0 } = decodeJwt(idToken);
    const expired = await authorizerWith({ now: () => new Date((exp + 1) * 1000) })(`Bearer ${idToken}`);
    expect(expired).toEqual({ ok: false, status: 401, reason: 'the token has expired' });

    const early = await authorizerWith({ now: () => new Date((iat - 60) * 1000) })(`Bearer ${idToken}`);
    expect(early).toEqual({ ok: false, status: 401, reason: 'the token was issued in the future' });
  });

  it('refuses a token for another audience or app client', async () => {
    const elsewhere = authorizerWith({ audiences: ['another-app-client'] });
    for (const token of [idToken, accessToken]) {
      expect(await elsewhere(`Bearer ${token}`)).toEqual({ ok: false, status: 401, reason: 'the token does not have a valid audience' });
    }
  });

  it('refuses a token from another issuer', async () => {
    const deployedIssuer = `https://cognito-idp.us-east-1.amazonaws.com/${cognito.userPoolId}`;
    expect(await authorizerWith({ issuer: deployedIssuer })(`Bearer ${idToken}`)).toEqual({
      ok: false,
      status: 401,
      reason: 'the token does not have a valid issuer',
    });
  });

  it('checks route scopes as HTTP API does: 403 without one of them', async () => {
    const scope = 'aws.cognito.signin.user.admin';
    expect(await authorize(`Bearer ${accessToken}`, [scope])).toMatchObject({ ok: true, scopes: [scope] });
    expect(await authorize(`Bearer ${idToken}`, [scope])).toMatchObject({ ok: false, status: 403 });
  });
});

describe('the local Cognito stand-in on a persisted data directory', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mpr-cognito-test-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps its pool, app client, users and group memberships across a restart', async () => {
    const first = await startCognito({ port: 0, dataDir });
    // Side by side: concurrent requests must not trample each other's writes to the data file.
    await Promise.all(
      ['FRA', 'DEU', 'ITA', 'ESP'].map((state) => first.createFocalPoint({ username: `fp.${state.toLowerCase()}`, state, groups: ['focal-point'] })),
    );
    const officer = { username: 'officer', groups: ['secretariat'] as const, password: 'Officer-secret-3' };
    await first.createFocalPoint(officer);
    await first.stop();

    const second = await startCognito({ port: 0, dataDir });
    try {
      expect([second.userPoolId, second.clientId]).toEqual([first.userPoolId, first.clientId]);
      for (const state of ['FRA', 'DEU', 'ITA', 'ESP']) {
        const claims = decodeJwt((await second.tokenFor({ username: `fp.${state.toLowerCase()}` })).idToken);
        expect(claims).toMatchObject({ 'custom:state': state, 'cognito:groups': ['focal-point'], iss: second.issuer });
      }
      // Cognito keeps no password in a readable form, so a new run must be told it again.
      await expect(second.tokenFor({ username: 'officer' })).rejects.toThrow(/password set in an earlier run/);
      await second.createFocalPoint(officer);
      expect(decodeJwt((await second.tokenFor({ username: 'officer' })).idToken)['cognito:groups']).toEqual(['secretariat']);
    } finally {
      await second.stop();
    }
  });
});

describe('stopping the local Cognito stand-in', () => {
  const openSockets = () => process.getActiveResourcesInfo().filter((resource) => resource.startsWith('TCP')).length;

  it('closes every server and socket it opened', async () => {
    const before = openSockets();
    const cognito = await startCognito({ port: 0 });
    const { idToken } = await cognito.tokenFor({ state: 'FRA', role: 'focal-point' });
    const authorizer = createJwtAuthorizer({ issuer: cognito.issuer, audiences: [cognito.clientId], jwksUrl: cognito.jwksUrl });
    expect(await authorizer(`Bearer ${idToken}`)).toMatchObject({ ok: true });
    expect(openSockets()).toBeGreaterThan(before);

    await cognito.stop();
    // Client sockets see the server's close a moment later.
    for (let attempt = 0; attempt < 50 && openSockets() > before; attempt += 1) await sleep(10);
    expect(openSockets()).toBe(before);
  });
});

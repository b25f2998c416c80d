/**
 * Who may do what through the upload API: a State sees and submits only as itself, its files are
 * its own, and tokens the API did not issue never reach a function.
 */

import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { forgeToken } from '../../local/cognito/forge.ts';
import { tokenOfAnotherPool } from '../support/tokens.ts';
import { get, requestUpload, submit, uploadAttachment, useIntakeEngine, violationBody } from './support.ts';

const context = useIntakeEngine();

describe('a State reads only its own submissions', () => {
  it('answers 404 for another State’s reference, exactly as for a reference that does not exist', async () => {
    const { api, token } = context();
    const ken = await submit(
      api,
      await token('focal.ken'),
      violationBody({}, { occurredIn: 'FRA', city: 'Paris', affected: { kinds: ['consulate'], missionState: 'KEN' }, circulate: false }),
    );
    expect(ken.status, JSON.stringify(ken.body)).toBe(201);
    const kenReference = String(ken.body['reference']);
    const fra = await token('focal.fra');

    const foreign = await get(api, `/v1/submissions/${kenReference}`, fra);
    const unknown = await get(api, '/v1/submissions/MPR-2019-9999', fra);
    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    const shape = ({ type, title, status }: Record<string, unknown>) => ({ type, title, status });
    expect(shape(foreign.body)).toEqual(shape(unknown.body));
    expect(foreign.body['detail']).toBe(`FRA has no submission ${kenReference}.`);

    const list = await get<{ submissions: { reference: string }[] }>(api, '/v1/submissions', fra);
    expect(list.body.submissions.map((receipt) => receipt.reference)).not.toContain(kenReference);
    expect((await get(api, `/v1/submissions/${kenReference}`, await token('focal.ken'))).status).toBe(200);
  });
});

describe('a State cites only its own files', () => {
  it('refuses (403) an attachment under another State’s prefix, whether or not the file exists', async () => {
    const { api, submissions, token } = context();
    const kenFile = await uploadAttachment(api, await token('focal.ken'), 'kenya.txt', 'text/plain', 'Kenya’s file');
    const invented = { ...kenFile, key: `uploads/KEN/${randomUUID()}/kenya.txt` };
    const fra = await token('focal.fra');
    const before = (await submissions.listByState('FRA')).length;
    for (const attachment of [kenFile, invented]) {
      const answer = await submit(api, fra, violationBody({}, { attachments: [attachment] }));
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({
        type: '/problems/forbidden',
        errors: [{ path: '/items/0/attachments/0/key', message: 'must be under uploads/FRA/' }],
      });
    }
    expect((await submissions.listByState('FRA')).length).toBe(before);
  });

  it('issues upload keys only under the caller’s State', async () => {
    const { api, token } = context();
    const granted = await requestUpload(api, await token('focal.mex'), {
      fileName: 'nota.pdf',
      contentType: 'application/pdf',
      size: 1000,
      sha256: 'a'.repeat(64),
    });
    expect(granted.status).toBe(201);
    expect(granted.body['key']).toMatch(/^uploads\/MEX\//);
  });
});

describe('tokens', () => {
  it('refuses (401) a request without a token, with a forged token and with a token of another user pool', async () => {
    const { api, token } = context();
    const genuine = await token('focal.fra');
    const forged = await forgeToken(decodeJwt(genuine));
    const foreignPool = await tokenOfAnotherPool(context().engine.endpoints.cognito);
    expect(decodeJwt(foreignPool)['custom:state']).toBe('FRA');
    for (const authorization of [undefined, `Bearer ${forged}`, `Bearer ${foreignPool}`, 'Bearer not-a-token']) {
      const response = await fetch(`${api}/v1/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(violationBody()),
      });
      expect(response.status, authorization).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthorized' });
      for (const path of ['/v1/submissions', '/v1/obligations']) {
        const read = await fetch(`${api}${path}`, authorization ? { headers: { authorization } } : {});
        expect(read.status).toBe(401);
      }
    }
  });
});

describe('roles', () => {
  it('lets a mission administrator who is not a focal point read, but not submit or upload', async () => {
    const { api, engine } = context();
    await engine.cognito.createFocalPoint({ username: 'admin.only.fra', state: 'FRA', groups: ['mission-admin'] });
    const { idToken } = await engine.cognito.tokenFor({ username: 'admin.only.fra' });
    const submitted = await submit(api, idToken, violationBody());
    expect(submitted.status).toBe(403);
    expect(submitted.body).toMatchObject({ type: '/problems/forbidden', detail: 'This endpoint needs the role focal-point; ask your mission administrator.' });
    expect((await requestUpload(api, idToken, { fileName: 'a.txt', contentType: 'text/plain', size: 1, sha256: 'a'.repeat(64) })).status).toBe(403);
    expect((await get(api, '/v1/submissions', idToken)).status).toBe(200);
  });

  it('refuses (403) a Secretariat user, who acts for no State, on every State endpoint', async () => {
    const { api, token } = context();
    const officer = await token('secretariat.officer');
    const submitted = await submit(api, officer, violationBody());
    expect(submitted.status).toBe(403);
    expect(submitted.body).toMatchObject({ type: '/problems/forbidden', detail: 'This endpoint serves the users of a State; your account acts for none.' });
    expect((await get(api, '/v1/submissions', officer)).status).toBe(403);
    expect((await get(api, '/v1/obligations', officer)).status).toBe(403);
    expect((await requestUpload(api, officer, { fileName: 'a.txt', contentType: 'text/plain', size: 1, sha256: 'a'.repeat(64) })).status).toBe(403);
  });

  it('refuses (403) a focal point whose State is not in the States registry', async () => {
    const { api, engine } = context();
    await engine.cognito.createFocalPoint({ username: 'focal.xkx', state: 'XKX', groups: ['focal-point'] });
    const { idToken } = await engine.cognito.tokenFor({ username: 'focal.xkx' });
    const answer = await submit(api, idToken, violationBody());
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ type: '/problems/forbidden', detail: 'XKX is not in the States registry; ask the Secretariat.' });
  });

  it('takes the reporting State from the token only: a body naming one is refused', async () => {
    const { api, token } = context();
    const answer = await submit(api, await token('focal.fra'), { ...violationBody(), reportingState: 'KEN' });
    expect(answer.status).toBe(400);
    expect(answer.body['errors']).toEqual([
      { path: '/reportingState', message: 'is not part of the form: it is the State of the signed-in user or of the registered sender' },
    ]);
  });
});

/**
 * `mpr secretariat-users` on the local engine: a Secretariat user added by the command signs in
 * and acts with the Secretariat's role on the API; its removal refuses its token at once; every
 * change is audited; what cannot be done is refused with a message, changing nothing.
 */
import { describe, expect, it } from 'vitest';
import { CliError } from '../../cli/command.ts';
import { localCommands } from '../../cli/commands/local.ts';
import { secretariatUsersCommands } from '../../cli/commands/secretariat-users.ts';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { mpr, run, useCliEngine } from './support.ts';

const context = useCliEngine();

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** A Secretariat route that checks revocations: a State's focal points, for the State named. */
async function focalPointsOfKenya(token: string): Promise<number> {
  const response = await fetch(`${context().engine.endpoints.api}/v1/focal-points?state=KEN`, { headers: { authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.status;
}

async function refusal(...args: string[]): Promise<CliError> {
  const refused = await run(secretariatUsersCommands, ...args).catch((error: unknown) => error);
  expect(refused, args.join(' ')).toBeInstanceOf(CliError);
  return refused as CliError;
}

describe('mpr secretariat-users', () => {
  it('adds a Secretariat user that signs in with the Secretariat role and no State, lists it, and removes it, audited', async () => {
    const test = context();
    expect(await run(secretariatUsersCommands, 'list')).toMatch(/^secretariat\.officer +\S* +CONFIRMED\n$/);

    const added = await run(secretariatUsersCommands, 'add', '--username', 'officer.two', '--email', 'Officer.Two@un.example.org');
    const password = /^Added officer\.two \(secretariat\)\. Temporary password: (\S{14,})\n$/.exec(added)?.[1];
    expect(password, added).toBeDefined();
    const listed = JSON.parse(await run(secretariatUsersCommands, 'list', '--json')) as Record<string, unknown>[];
    expect(listed.map((account) => account['username'])).toEqual(['officer.two', 'secretariat.officer']);
    expect(listed[0]).toMatchObject({ email: 'officer.two@un.example.org', status: 'FORCE_CHANGE_PASSWORD', enabled: true });

    const token = (await run(localCommands, 'token', '--user', 'officer.two', '--password', password!)).trim();
    expect(claims(token)).toMatchObject({ 'cognito:username': 'officer.two', 'cognito:groups': ['secretariat'] });
    expect(claims(token)).not.toHaveProperty('custom:state');
    expect(await focalPointsOfKenya(token)).toBe(200);

    expect(await run(secretariatUsersCommands, 'remove', '--username', 'officer.two')).toBe('Removed officer.two (secretariat).\n');
    expect(await focalPointsOfKenya(token)).toBe(401);
    expect(await run(secretariatUsersCommands, 'list')).not.toContain('officer.two');

    const trail = await new AuditRepository(test.table).forSubject('user', 'officer.two');
    expect(trail.map((event) => [event.action, event.actor, event.details['secretariatUser']])).toEqual([
      ['changed', { kind: 'secretariat', id: 'officer.test' }, 'added'],
      ['changed', { kind: 'secretariat', id: 'officer.test' }, 'removed'],
    ]);
  });

  it('refuses what it cannot do, changing nothing', async () => {
    const test = context();
    expect(await refusal('add', '--username', 'A', '--email', 'a@un.example.org')).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/--username must be 3 to 64/) as unknown,
    });
    expect(await refusal('add', '--username', 'officer.three', '--email', 'not-an-address')).toMatchObject({
      exitCode: 2,
      message: '--email must be an e-mail address',
    });
    expect(await refusal('list', '--aws')).toMatchObject({ exitCode: 2, message: expect.stringMatching(/--user-pool-id/) as unknown });
    expect((await refusal('add', '--username', 'secretariat.officer', '--email', 'other@un.example.org')).message).toMatch(/exists already; nothing changed/);
    expect((await refusal('add', '--username', 'officer.ken', '--email', 'pm.ken@missions.example.org')).message).toBe(
      "--email pm.ken@missions.example.org is the registered mission mailbox of KEN; give the officer's own address",
    );
    expect((await refusal('remove', '--username', 'focal.fra')).message).toBe(
      'focal.fra is a focal point of FRA, not a Secretariat user (see mpr focal-points)',
    );
    expect((await refusal('remove', '--username', 'nobody.here')).message).toMatch(/^no Secretariat user named nobody\.here/);
    // The demo officer is the only one left: removing it would leave the Secretariat locked out.
    const last = await mpr(test.localDir, 'secretariat-users', 'remove', '--username', 'secretariat.officer');
    expect(last).toMatchObject({ code: 1, stdout: '' });
    expect(last.stderr).toBe(
      'mpr secretariat-users remove: secretariat.officer is the last enabled Secretariat user: add another with mpr secretariat-users add first; nothing changed\n',
    );
    expect(await run(secretariatUsersCommands, 'list')).toMatch(/^secretariat\.officer /);
    expect(await new AuditRepository(test.table).forSubject('user', 'secretariat.officer')).toEqual([]);
  });
});

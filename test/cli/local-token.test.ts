/**
 * `mpr local token` for a focal point added with `mpr focal-points add`: without its password it
 * names the user and says to pass the password that command printed; with it, it signs in.
 */
import { describe, expect, it } from 'vitest';
import { focalPointsCommands } from '../../cli/commands/focal-points.ts';
import { localCommands } from '../../cli/commands/local.ts';
import { temporaryPassword } from '../../cli/user-pool.ts';
import { run, useCliEngine } from './support.ts';

const context = useCliEngine();

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('mpr local token', () => {
  it('signs in a focal point added with mpr focal-points add, given the password that command printed', async () => {
    context();
    const added = await run(focalPointsCommands, 'add', '--state', 'AZE', '--username', 'focal.aze', '--email', 'focal@aze.example.org');
    const password = /Temporary password: (\S+)/.exec(added)?.[1];
    expect(password).toBeDefined();

    await expect(run(localCommands, 'token', '--state', 'AZE')).rejects.toThrow(
      /AZE's focal-point users \(focal\.aze\) are not demo users: pass --user NAME --password PASSWORD, the temporary password mpr focal-points add printed/,
    );

    for (const args of [
      ['--state', 'aze', '--password', password!],
      ['--user', 'focal.aze', '--password', password!],
    ]) {
      const token = (await run(localCommands, 'token', ...args)).trim();
      expect(claims(token), args.join(' ')).toMatchObject({ 'cognito:username': 'focal.aze', 'custom:state': 'AZE' });
    }
  });

  it('prints temporary passwords that meet the pool’s policy and never start with "-", which the command line would take for an option', () => {
    for (let index = 0; index < 2_000; index += 1) {
      const password = temporaryPassword();
      expect(password).toMatch(/^[A-Za-z0-9]/);
      expect(password.length).toBeGreaterThanOrEqual(14);
      for (const kind of [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/]) expect(password).toMatch(kind);
    }
  });

  it('still signs in the demo users, and names them for a State without any user', async () => {
    context();
    expect(claims((await run(localCommands, 'token', '--state', 'FRA')).trim())).toMatchObject({ 'custom:state': 'FRA' });
    await expect(run(localCommands, 'token', '--state', 'BRA')).rejects.toThrow(
      /no local user for BRA with role focal-point \(add one with mpr focal-points add/,
    );
  });
});

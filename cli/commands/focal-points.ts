/**
 * `mpr focal-points …`: the Secretariat's view of a State's focal points in the user pool, for
 * setting up a mission's first administrator or helping one that is locked out. Missions manage
 * their own through the API (/v1/focal-points).
 *
 * The pool is the local engine's, or with `--aws` the deployed one, named by `--user-pool-id ID`
 * (the stack output UserPoolId), so that a command never acts on a pool by mistake. A user added locally gets a temporary password, printed here; on AWS, Cognito e-mails the user
 * its invitation.
 */
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { type FocalPointAccount, FocalPointDirectory, FocalPointExistsError } from '../../functions/aws/focal-points.ts';
import { RevocationsRepository } from '../../functions/aws/revocations-repository.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import type { StateCode } from '../../functions/core/codes.ts';
import { mailboxOwners } from '../../functions/core/inbound-email/sender-rules.ts';
import { cliActor } from '../actor.ts';
import { CliError, command, exitCodes, group, stateCodeOption } from '../command.ts';
import { jsonOption, printLine, printRows } from '../output.ts';
import { type Target, withTarget } from '../target.ts';
import { checkPoolNamed, emailOption, poolId, poolOptions, temporaryPassword, usernameOption } from '../user-pool.ts';

const stateOption = { state: { type: 'string', value: 'CODE', help: 'the State (ISO 3166-1 alpha-3 code)' } } as const;
function directory(target: Target, options: { 'user-pool-id'?: string | undefined }): FocalPointDirectory {
  return new FocalPointDirectory(target.cognito, poolId(target, options), new RevocationsRepository(target.table));
}

async function audited(target: Target, state: StateCode, change: 'added' | 'removed' | 'disabled' | 'enabled', account: FocalPointAccount): Promise<void> {
  await new AuditRepository(target.table).append({
    actor: cliActor(),
    action: 'changed',
    subject: { kind: 'state', id: state },
    state,
    details: { focalPoint: change, username: account.username, roles: account.roles },
  });
}

export const focalPointsCommands = group('focal-points', 'the focal points of a State in the user pool', [
  command({
    name: 'list',
    summary: 'A State’s focal points and mission administrators.',
    usage: '--state CODE',
    options: { ...poolOptions, ...stateOption, ...jsonOption },
    examples: ['mpr focal-points list --state FRA'],
    async run({ values }) {
      const state = stateCodeOption(values.state);
      checkPoolNamed(values);
      await withTarget(values, async (target) => {
        printRows(values.json, await directory(target, values).list(state), {
          header: null,
          row: (account) => [account.username, account.email ?? '', account.roles.join(', '), `${account.status}${account.enabled ? '' : ' (disabled)'}`],
          empty: `${state} has no focal points.`,
        });
      });
    },
  }),
  command({
    name: 'add',
    summary: 'Add a focal point (or a mission administrator) for a State.',
    usage: '--state CODE --username NAME --email ADDRESS',
    description: ['Locally the new user’s temporary password is printed; on AWS, Cognito e-mails the invitation. The change is audited.'],
    options: {
      ...poolOptions,
      ...stateOption,
      username: { type: 'string', value: 'NAME', help: 'the user name to create' },
      email: { type: 'string', value: 'ADDRESS', help: 'the user’s e-mail address' },
      'mission-admin': { type: 'boolean', help: 'make the user the mission’s administrator, who manages its focal points' },
    },
    examples: ['mpr focal-points add --state FRA --username admin.fra2 --email admin@missions.example.org --mission-admin'],
    async run({ values }) {
      const state = stateCodeOption(values.state);
      const username = usernameOption(values.username);
      const email = emailOption(values.email);
      checkPoolNamed(values);
      await withTarget(values, async (target) => {
        const registry = await new StatesRepository(target.table).list();
        if (!registry.some((known) => known.code === state)) throw new CliError(`${state} is not in the States registry of the ${target.description}`);
        const owner = mailboxOwners(registry, email).find((candidate) => candidate.code !== state);
        if (owner) throw new CliError(`--email ${email} is the registered mission mailbox of ${owner.code}; give the focal point's own address`);
        const password = target.local ? temporaryPassword() : undefined;
        let account: FocalPointAccount;
        try {
          account = await directory(target, values).add({
            username,
            email,
            state,
            missionAdmin: values['mission-admin'] ?? false,
            invitation: password ? { temporaryPassword: password } : 'email',
          });
        } catch (error) {
          if (error instanceof FocalPointExistsError) throw new CliError(`${error.message}; nothing changed`);
          throw error;
        }
        await audited(target, state, 'added', account);
        printLine(
          `Added ${account.username} (${account.roles.join(', ')}) for ${state}. ${password ? `Temporary password: ${password}` : `Cognito e-mails the invitation to ${email}.`}`,
        );
      });
    },
  }),
  ...(['disable', 'enable'] as const).map((change) =>
    command({
      name: change,
      summary:
        change === 'disable'
          ? 'Disable a focal point: it cannot sign in, and the tokens it holds are refused at once.'
          : 'Enable a disabled focal point again; the tokens it held stay refused.',
      usage: '--username NAME',
      options: { ...poolOptions, username: { type: 'string', value: 'NAME', help: `the user to ${change}` } },
      examples: [`mpr focal-points ${change} --username focal.fra`],
      async run({ values }) {
        const username = values.username;
        if (!username) throw new CliError(`name the user to ${change}: --username NAME`, exitCodes.badArguments);
        checkPoolNamed(values);
        await withTarget(values, async (target) => {
          const pool = directory(target, values);
          const account = await pool.get(username);
          if (!account) throw new CliError(`no focal point named ${username} (a Secretariat account is not managed here: see mpr secretariat-users)`);
          if (change === 'disable') await pool.disable(account.username);
          else await pool.enable(account.username);
          await audited(target, account.state, `${change}d`, account);
          printLine(`${change === 'disable' ? 'Disabled' : 'Enabled'} ${account.username} (${account.roles.join(', ')}) of ${account.state}.`);
        });
      },
    }),
  ),
  command({
    name: 'remove',
    summary: 'Remove a focal point: its account is deleted and the tokens it holds are refused at once.',
    usage: '--username NAME',
    options: { ...poolOptions, username: { type: 'string', value: 'NAME', help: 'the user to remove' } },
    examples: ['mpr focal-points remove --username focal.fra'],
    async run({ values }) {
      const username = values.username;
      if (!username) throw new CliError('name the user to remove: --username NAME', exitCodes.badArguments);
      checkPoolNamed(values);
      await withTarget(values, async (target) => {
        const pool = directory(target, values);
        const account = await pool.get(username);
        if (!account) throw new CliError(`no focal point named ${username} (a Secretariat account is not managed here: see mpr secretariat-users)`);
        await pool.remove(account.username);
        await audited(target, account.state, 'removed', account);
        printLine(`Removed ${account.username} (${account.roles.join(', ')}) of ${account.state}.`);
      });
    },
  }),
]);

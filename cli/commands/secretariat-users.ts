/**
 * `mpr secretariat-users …`: the Secretariat's own users in the user pool — the first officer of a
 * fresh stack, and the officers after. The API knows one Secretariat role (`secretariat`:
 * functions/core/caller.ts), so a user is a Secretariat user or is not one.
 *
 * The pool is the local engine's, or with `--aws` the deployed one named by `--user-pool-id`
 * (cli/user-pool.ts). Every change is audited on the user's trail (subject `user`). Removing the
 * last Secretariat user is refused, so that no one is locked out of the Secretariat's API.
 */
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { RevocationsRepository } from '../../functions/aws/revocations-repository.ts';
import {
  isSecretariatAccount,
  type SecretariatAccount,
  SecretariatDirectory,
  SecretariatUserExistsError,
  secretariatRole,
} from '../../functions/aws/secretariat-users.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { mailboxOwners } from '../../functions/core/inbound-email/sender-rules.ts';
import { cliActor } from '../actor.ts';
import { CliError, command, exitCodes, group } from '../command.ts';
import { jsonOption, printLine, printRows } from '../output.ts';
import { type Target, withTarget } from '../target.ts';
import { checkPoolNamed, emailOption, poolId, poolOptions, temporaryPassword, usernameOption } from '../user-pool.ts';

function directory(target: Target, options: { 'user-pool-id'?: string | undefined }): SecretariatDirectory {
  return new SecretariatDirectory(target.cognito, poolId(target, options), new RevocationsRepository(target.table));
}

async function audited(target: Target, change: 'added' | 'removed', account: SecretariatAccount): Promise<void> {
  await new AuditRepository(target.table).append({
    actor: cliActor(),
    action: 'changed',
    subject: { kind: 'user', id: account.username },
    details: { secretariatUser: change, username: account.username, email: account.email, role: secretariatRole },
  });
}

/** The Secretariat user of that name, or an error saying what the name is instead. */
async function existing(pool: SecretariatDirectory, username: string): Promise<SecretariatAccount> {
  const found = await pool.get(username);
  if (isSecretariatAccount(found)) return found;
  if (found.kind === 'focal-point') throw new CliError(`${username} is a focal point of ${found.state}, not a Secretariat user (see mpr focal-points)`);
  if (found.kind === 'no-role') throw new CliError(`${username} is in the user pool but not in the ${secretariatRole} group; nothing changed`);
  throw new CliError(`no Secretariat user named ${username} (mpr secretariat-users list shows them)`);
}

export const secretariatUsersCommands = group('secretariat-users', 'the Secretariat’s own users in the user pool', [
  command({
    name: 'list',
    summary: 'The Secretariat’s users: name, e-mail address and status.',
    options: { ...poolOptions, ...jsonOption },
    examples: ['mpr secretariat-users list', 'mpr secretariat-users list --aws --user-pool-id us-east-1_AbCdEf123'],
    async run({ values }) {
      checkPoolNamed(values);
      await withTarget(values, async (target) => {
        printRows(values.json, await directory(target, values).list(), {
          header: null,
          row: (account) => [account.username, account.email ?? '', `${account.status}${account.enabled ? '' : ' (disabled)'}`],
          empty: `The ${target.description}'s user pool has no Secretariat user: add one with mpr secretariat-users add --username NAME --email ADDRESS.`,
        });
      });
    },
  }),
  command({
    name: 'add',
    summary: 'Add a Secretariat user (the role the API grants the Secretariat).',
    usage: '--username NAME --email ADDRESS',
    description: [
      'The user belongs to no State and is in the secretariat group. Locally its temporary password is printed (mpr local token --user NAME --password PASSWORD signs it in); on AWS, Cognito e-mails the invitation, and the first sign-in sets a password and a second factor. The change is audited.',
    ],
    options: {
      ...poolOptions,
      username: { type: 'string', value: 'NAME', help: 'the user name to create' },
      email: { type: 'string', value: 'ADDRESS', help: 'the officer’s own e-mail address' },
    },
    examples: [
      'mpr secretariat-users add --username officer.two --email officer.two@un.example.org',
      'mpr secretariat-users add --username first.officer --email officer@un.example.org --aws --user-pool-id us-east-1_AbCdEf123',
    ],
    async run({ values }) {
      const username = usernameOption(values.username);
      const email = emailOption(values.email);
      checkPoolNamed(values);
      await withTarget(values, async (target) => {
        const owner = mailboxOwners(await new StatesRepository(target.table).list(), email)[0];
        if (owner) throw new CliError(`--email ${email} is the registered mission mailbox of ${owner.code}; give the officer's own address`);
        const password = target.local ? temporaryPassword() : undefined;
        let account: SecretariatAccount;
        try {
          account = await directory(target, values).add({ username, email, invitation: password ? { temporaryPassword: password } : 'email' });
        } catch (error) {
          if (error instanceof SecretariatUserExistsError) throw new CliError(`${error.message}; nothing changed`);
          throw error;
        }
        await audited(target, 'added', account);
        printLine(
          `Added ${account.username} (${secretariatRole}). ${password ? `Temporary password: ${password}` : `Cognito e-mails the invitation to ${email}.`}`,
        );
      });
    },
  }),
  command({
    name: 'remove',
    summary: 'Remove a Secretariat user: its account is deleted and the tokens it holds are refused at once.',
    usage: '--username NAME',
    description: ['The last Secretariat user cannot be removed: add its successor first.'],
    options: { ...poolOptions, username: { type: 'string', value: 'NAME', help: 'the user to remove' } },
    examples: ['mpr secretariat-users remove --username officer.two'],
    async run({ values }) {
      const username = values.username;
      if (!username) throw new CliError('name the user to remove: --username NAME', exitCodes.badArguments);
      checkPoolNamed(values);
      await withTarget(values, async (target) => {
        const pool = directory(target, values);
        const account = await existing(pool, username);
        const others = (await pool.list()).filter((other) => other.username !== account.username && other.enabled);
        if (others.length === 0) {
          throw new CliError(`${account.username} is the last enabled Secretariat user: add another with mpr secretariat-users add first; nothing changed`);
        }
        await pool.remove(account.username);
        await audited(target, 'removed', account);
        printLine(`Removed ${account.username} (${secretariatRole}).`);
      });
    },
  }),
]);

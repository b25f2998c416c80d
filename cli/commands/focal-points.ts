/**
 * `mpr focal-points …`: the Secretariat's view of a State's focal points in the user pool, for
 * setting up a mission's first administrator or helping one that is locked out. Missions manage
 * their own through the API (/v1/focal-points).
 *
 * The pool is the local engine's, or with `--aws` the deployed one, named by `--user-pool-id ID`
 * (the stack output UserPoolId). A user added locally gets a temporary password, printed here;
 * on AWS, Cognito e-mails the user its invitation.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { FocalPointDirectory, FocalPointExistsError, type FocalPointAccount } from '../../functions/aws/focal-points.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { stateCodeSchema, type StateCode } from '../../functions/core/codes.ts';
import { usernameSchema } from '../../functions/manage-focal-points/authority.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import { readEndpointsFile } from '../../local/endpoints-file.ts';
import { projectRoot } from '../../local/project-root.ts';
import { cliActor } from '../actor.ts';
import { CliError, type CommandGroup } from '../command.ts';
import { resolveTarget, targetOptions, type Target } from '../target.ts';

const poolOptions = { ...targetOptions, 'user-pool-id': { type: 'string' } } as const;

interface Pool {
  readonly directory: FocalPointDirectory;
  readonly local: boolean;
  close(): void;
}

async function userPool(options: { aws?: boolean | undefined; stack?: string | undefined; 'user-pool-id'?: string | undefined }): Promise<Pool> {
  if (options.aws || options.stack) {
    const id = options['user-pool-id'];
    if (!id) throw new CliError('with --aws, name the user pool: --user-pool-id ID (the stack output UserPoolId)', 2);
    const client = new CognitoIdentityProviderClient({});
    return { directory: new FocalPointDirectory(client, id), local: false, close: () => client.destroy() };
  }
  const { endpoints, resources } = await readEndpointsFile(projectRoot).catch((error: Error) => {
    throw new CliError(`${error.message} (or pass --aws --user-pool-id ID to act on the deployed pool)`);
  });
  const client = new CognitoIdentityProviderClient(localClientConfig(endpoints.cognito));
  return { directory: new FocalPointDirectory(client, resources.userPoolId), local: true, close: () => client.destroy() };
}

function stateOption(value: string | undefined): StateCode {
  const parsed = stateCodeSchema.safeParse(value?.toUpperCase());
  if (!parsed.success) throw new CliError('--state must name a State by its ISO 3166-1 alpha-3 code, e.g. --state FRA', 2);
  return parsed.data;
}

async function audited(target: Target, state: StateCode, change: 'added' | 'removed', account: FocalPointAccount): Promise<void> {
  await new AuditRepository({ client: target.documents, tableName: target.tableName }).append({
    actor: cliActor(),
    action: 'changed',
    subject: { kind: 'state', id: state },
    state,
    details: { focalPoint: change, username: account.username, roles: account.roles },
  });
}

/** Meets the deployed pool's policy: 14 characters or more, upper and lower case, a digit and a symbol. */
function temporaryPassword(): string {
  return `${randomBytes(12).toString('base64url')}-Aa7`;
}

/** Runs `work` with the pool and the table, closing both. */
async function withPool(values: Parameters<typeof userPool>[0], work: (pool: Pool, target: Target) => Promise<void>): Promise<void> {
  const pool = await userPool(values);
  try {
    const target = await resolveTarget(values);
    try {
      await work(pool, target);
    } finally {
      target.close();
    }
  } finally {
    pool.close();
  }
}

export const focalPointsCommands: CommandGroup = {
  name: 'focal-points',
  commands: [
    {
      name: 'list',
      summary: 'A State’s focal points and mission administrators: --state FRA [--json].',
      async run(args) {
        const { values } = parseArgs({ args: [...args], options: { ...poolOptions, state: { type: 'string' }, json: { type: 'boolean' } } });
        const state = stateOption(values.state);
        const pool = await userPool(values);
        try {
          const accounts = await pool.directory.list(state);
          if (values.json) return void process.stdout.write(`${JSON.stringify(accounts, null, 2)}\n`);
          if (accounts.length === 0) return void process.stdout.write(`${state} has no focal points.\n`);
          for (const account of accounts) {
            process.stdout.write(`${account.username.padEnd(24)} ${(account.email ?? '').padEnd(36)} ${account.roles.join(', ').padEnd(26)} ${account.status}${account.enabled ? '' : ' (disabled)'}\n`);
          }
        } finally {
          pool.close();
        }
      },
    },
    {
      name: 'add',
      summary: 'Add a focal point: --state FRA --username NAME --email ADDRESS [--mission-admin].',
      async run(args) {
        const { values } = parseArgs({ args: [...args], options: { ...poolOptions, state: { type: 'string' }, username: { type: 'string' }, email: { type: 'string' }, 'mission-admin': { type: 'boolean' } } });
        const state = stateOption(values.state);
        const username = usernameSchema.safeParse(values.username);
        if (!username.success) throw new CliError(`--username ${username.error.issues[0]!.message}`, 2);
        if (!values.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) throw new CliError('--email must be an e-mail address', 2);
        const email = values.email.toLowerCase();
        await withPool(values, async (pool, target) => {
          if (!(await new StatesRepository({ client: target.documents, tableName: target.tableName }).get(state))) throw new CliError(`${state} is not in the States registry of the ${target.description}`);
          const password = pool.local ? temporaryPassword() : undefined;
          let account: FocalPointAccount;
          try {
            account = await pool.directory.add({ username: username.data, email, state, missionAdmin: values['mission-admin'] ?? false, invitation: password ? { temporaryPassword: password } : 'email' });
          } catch (error) {
            if (error instanceof FocalPointExistsError) throw new CliError(`${error.message}; nothing changed`);
            throw error;
          }
          await audited(target, state, 'added', account);
          process.stdout.write(`Added ${account.username} (${account.roles.join(', ')}) for ${state}. ${password ? `Temporary password: ${password}` : `Cognito e-mails the invitation to ${email}.`}\n`);
        });
      },
    },
    {
      name: 'remove',
      summary: 'Remove a focal point (its account is deleted): --username NAME.',
      async run(args) {
        const { values } = parseArgs({ args: [...args], options: { ...poolOptions, username: { type: 'string' } } });
        if (!values.username) throw new CliError('usage: mpr focal-points remove --username NAME', 2);
        const username = values.username;
        await withPool(values, async (pool, target) => {
          const account = await pool.directory.get(username);
          if (!account) throw new CliError(`no focal point named ${username} (a Secretariat account is not managed here)`);
          await pool.directory.remove(account.username);
          await audited(target, account.state, 'removed', account);
          process.stdout.write(`Removed ${account.username} (${account.roles.join(', ')}) of ${account.state}.\n`);
        });
      },
    },
  ],
};

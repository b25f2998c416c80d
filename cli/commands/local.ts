/**
 * `mpr local …`: working with the local engine started by `npm start`.
 */
import { parseArgs } from 'node:util';
import {
  AdminInitiateAuthCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { formatEndpointTable, readEndpointsFile } from '../../local/endpoints-file.ts';
import { projectRoot } from '../../local/project-root.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import { demoUsers, localPassword } from '../../local/seed.ts';
import { roles, type Role } from '../../functions/core/caller.ts';
import { CliError, type CommandGroup } from '../command.ts';

async function engineFile() {
  try {
    return await readEndpointsFile(projectRoot);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

function pickDemoUser(options: { user?: string; state?: string; role?: string }): string {
  if (options.user) return options.user;
  const role = (options.role ?? (options.state ? 'focal-point' : 'secretariat')) as Role;
  if (!roles.includes(role)) throw new CliError(`--role must be one of ${roles.join(', ')}`, 2);
  const state = options.state?.toUpperCase();
  const user = demoUsers.find((candidate) => candidate.state === state && candidate.groups.includes(role));
  if (!user) {
    const known = demoUsers.map((candidate) => `${candidate.username} (${candidate.state ?? 'Secretariat'}: ${candidate.groups.join(', ')})`).join('; ');
    throw new CliError(`no local user for ${state ?? 'the Secretariat'} with role ${role}; the local users are ${known}`);
  }
  return user.username;
}

export const localCommands: CommandGroup = {
  name: 'local',
  commands: [
    {
      name: 'endpoints',
      summary: 'Show the running local engine’s endpoints (--json for the file as is).',
      async run(args) {
        const { values } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } } });
        const file = await engineFile();
        process.stdout.write(values.json ? `${JSON.stringify(file, null, 2)}\n` : `${formatEndpointTable(file.endpoints)}\n`);
      },
    },
    {
      name: 'token',
      summary: 'Print an ID token for a local user: --state FRA [--role mission-admin], or --user NAME.',
      async run(args) {
        const { values } = parseArgs({
          args: [...args],
          options: { state: { type: 'string' }, role: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' } },
        });
        const username = pickDemoUser(values);
        const { endpoints, resources } = await engineFile();
        const cognito = new CognitoIdentityProviderClient(localClientConfig(endpoints.cognito));
        try {
          const answer = await cognito.send(
            new AdminInitiateAuthCommand({
              UserPoolId: resources.userPoolId,
              ClientId: resources.userPoolClientId,
              AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
              AuthParameters: { USERNAME: username, PASSWORD: values.password ?? localPassword },
            }),
          );
          const token = answer.AuthenticationResult?.IdToken;
          if (!token) throw new CliError(`the user pool issued no ID token for ${username}`);
          process.stdout.write(`${token}\n`);
        } catch (error) {
          if (error instanceof CliError) throw error;
          throw new CliError(`could not sign in ${username}: ${(error as Error).name}: ${(error as Error).message}`);
        } finally {
          cognito.destroy();
        }
      },
    },
  ],
};

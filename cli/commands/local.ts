/**
 * `mpr local …`: working with the local engine started by `npm start`.
 */
import {
  AdminInitiateAuthCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { formatEndpointTable, readEndpointsFile } from '../../local/endpoints-file.ts';
import { projectRoot } from '../../local/project-root.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import { demoUsers, localPassword } from '../../local/seed.ts';
import { roles, type Role } from '../../functions/core/caller.ts';
import { CliError, command, exitCodes, group } from '../command.ts';
import { jsonOption, printLine, printResult } from '../output.ts';

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
  if (!roles.includes(role)) throw new CliError(`--role must be one of ${roles.join(', ')}`, exitCodes.badArguments);
  const state = options.state?.toUpperCase();
  const user = demoUsers.find((candidate) => candidate.state === state && candidate.groups.includes(role));
  if (!user) {
    const known = demoUsers.map((candidate) => `${candidate.username} (${candidate.state ?? 'Secretariat'}: ${candidate.groups.join(', ')})`).join('; ');
    throw new CliError(`no local user for ${state ?? 'the Secretariat'} with role ${role}; the local users are ${known}`);
  }
  return user.username;
}

export const localCommands = group('local', 'the local engine started by npm start', [
  command({
    name: 'endpoints',
    summary: 'Show the running local engine’s endpoints.',
    options: { ...jsonOption },
    examples: ['mpr local endpoints', 'mpr local endpoints --json | jq -r .endpoints.dynamodb'],
    async run({ values }) {
      printResult(values.json, await engineFile(), (file) => formatEndpointTable(file.endpoints));
    },
  }),
  command({
    name: 'token',
    summary: 'Print an ID token for a local user, to call the API as that user.',
    description: [`The demo users are ${demoUsers.map((user) => user.username).join(', ')}; --state picks the State's focal point (or the --role given), no option the Secretariat officer.`],
    options: {
      state: { type: 'string', value: 'CODE', help: 'a user of this State' },
      role: { type: 'string', value: 'ROLE', help: `the user's role: ${roles.join(', ')}` },
      user: { type: 'string', value: 'NAME', help: 'the user by name' },
      password: { type: 'string', value: 'PASSWORD', help: 'the password, if not the demo users’ one' },
    },
    examples: ['curl -H "Authorization: Bearer $(npx mpr local token --state FRA)" http://127.0.0.1:4510/v1/whoami'],
    async run({ values }) {
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
        printLine(`${token}`);
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError(`could not sign in ${username}: ${(error as Error).name}: ${(error as Error).message}`);
      } finally {
        cognito.destroy();
      }
    },
  }),
]);

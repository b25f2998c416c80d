/**
 * `mpr local …`: working with the local engine started by `npm start`.
 */
import { AdminInitiateAuthCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { FocalPointDirectory } from '../../functions/aws/focal-points.ts';
import { type Role, roles } from '../../functions/core/caller.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import { formatEndpointTable, readEndpointsFile } from '../../local/endpoints-file.ts';
import { projectRoot } from '../../local/project-root.ts';
import { demoUsers, localPassword } from '../../local/seed.ts';
import { CliError, command, exitCodes, group, stateCodeOption } from '../command.ts';
import { jsonOption, printLine, printResult } from '../output.ts';

async function engineFile() {
  try {
    return await readEndpointsFile(projectRoot);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/**
 * The user to sign in: the one named, else the demo user of the State and role, else a user of
 * the State in the engine's pool (added with `mpr focal-points add`), whose password only the
 * caller knows. Returns the password to use as well.
 */
/** The directory is only listed here: nothing is removed or disabled, so nothing is revoked. */
const listingOnly = { record: () => Promise.reject(new Error('mpr local token only lists users')) };

async function pickUser(
  options: { user?: string; state?: string; role?: string; password?: string },
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
): Promise<{ username: string; password: string }> {
  if (options.user) return { username: options.user, password: options.password ?? localPassword };
  const role = (options.role ?? (options.state ? 'focal-point' : 'secretariat')) as Role;
  if (!roles.includes(role)) throw new CliError(`--role must be one of ${roles.join(', ')}`, exitCodes.badArguments);
  const state = options.state === undefined ? undefined : stateCodeOption(options.state);
  const demo = demoUsers.find((candidate) => candidate.state === state && candidate.groups.includes(role));
  if (demo) return { username: demo.username, password: options.password ?? localPassword };
  const added =
    state && role !== 'secretariat'
      ? (await new FocalPointDirectory(cognito, userPoolId, listingOnly).list(state)).filter((account) => account.roles.includes(role))
      : [];
  if (added.length === 1 && options.password !== undefined) return { username: added[0]!.username, password: options.password };
  if (added.length > 0) {
    const names = added.map((account) => account.username).join(', ');
    throw new CliError(
      `${state}'s ${role} users (${names}) are not demo users: pass --user NAME --password PASSWORD, the temporary password mpr focal-points add printed for it`,
    );
  }
  const known = demoUsers.map((candidate) => `${candidate.username} (${candidate.state ?? 'Secretariat'}: ${candidate.groups.join(', ')})`).join('; ');
  throw new CliError(
    `no local user for ${state ?? 'the Secretariat'} with role ${role} (add one with ${role === 'secretariat' ? 'mpr secretariat-users add' : 'mpr focal-points add --state CODE'} …); the demo users are ${known}`,
  );
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
    description: [
      `The demo users are ${demoUsers.map((user) => user.username).join(', ')}; --state picks the State's focal point (or the --role given), no option the Secretariat officer.`,
      'A user added with mpr focal-points add or mpr secretariat-users add signs in with the temporary password that command printed: --state CODE --password PASSWORD, or --user NAME --password PASSWORD.',
    ],
    options: {
      state: { type: 'string', value: 'CODE', help: 'a user of this State' },
      role: { type: 'string', value: 'ROLE', help: `the user's role: ${roles.join(', ')}` },
      user: { type: 'string', value: 'NAME', help: 'the user by name' },
      password: { type: 'string', value: 'PASSWORD', help: 'the password, if not the demo users’ one' },
    },
    examples: [
      'curl -H "Authorization: Bearer $(npx mpr local token --state FRA)" http://127.0.0.1:4510/v1/whoami',
      'mpr local token --state AZE --password PASSWORD',
    ],
    async run({ values }) {
      const { endpoints, resources } = await engineFile();
      const cognito = new CognitoIdentityProviderClient(localClientConfig(endpoints.cognito));
      let username = values.user ?? 'the user';
      try {
        const user = await pickUser(values, cognito, resources.userPoolId);
        username = user.username;
        const answer = await cognito.send(
          new AdminInitiateAuthCommand({
            UserPoolId: resources.userPoolId,
            ClientId: resources.userPoolClientId,
            AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
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

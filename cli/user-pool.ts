/**
 * What the commands that manage users of the pool share (`mpr focal-points`, `mpr
 * secretariat-users`): the pool is the local engine's, or with `--aws` the deployed one, named by
 * `--user-pool-id ID` (the stack output UserPoolId), so that a command never acts on a pool by
 * mistake; a user added locally gets a temporary password printed, on AWS Cognito e-mails it.
 */
import { randomBytes } from 'node:crypto';
import { usernameSchema } from '../functions/intake/api-schemas.ts';
import { CliError, exitCodes } from './command.ts';
import { type Target, targetOptions } from './target.ts';

export const poolOptions = {
  ...targetOptions,
  'user-pool-id': { type: 'string', value: 'ID', help: 'with --aws, the user pool (the stack output UserPoolId)' },
} as const;

/** Checks, before anything is read, that a deployed pool is named. */
export function checkPoolNamed(options: { aws?: boolean | undefined; stack?: string | undefined; 'user-pool-id'?: string | undefined }): void {
  if ((options.aws || options.stack) && !options['user-pool-id'])
    throw new CliError('with --aws, name the user pool: --user-pool-id ID (the stack output UserPoolId)', exitCodes.badArguments);
}

/** The pool the command acts on: the one named, else the local engine's. */
export function poolId(target: Target, options: { 'user-pool-id'?: string | undefined }): string {
  return options['user-pool-id'] ?? target.userPoolId();
}

/**
 * Meets the deployed pool's policy: 14 characters or more, upper and lower case, a digit and a
 * symbol. It starts with a letter: one starting with "-" (base64url's alphabet has it) would be
 * taken for an option when passed on a command line (`mpr local token --password -x…`).
 */
export function temporaryPassword(): string {
  return `Aa7-${randomBytes(12).toString('base64url')}`;
}

/** `--username` checked as the API checks it. */
export function usernameOption(value: string | undefined): string {
  const username = usernameSchema.safeParse(value);
  if (!username.success) throw new CliError(`--username ${username.error.issues[0]!.message}`, exitCodes.badArguments);
  return username.data;
}

/** `--email`, lower-cased. */
export function emailOption(value: string | undefined): string {
  if (!value || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw new CliError('--email must be an e-mail address', exitCodes.badArguments);
  return value.toLowerCase();
}

import { checkEnvironment, type Environment, type EnvironmentSpec, type EnvironmentVariable } from './environment.ts';

/** Thrown at cold start when the environment does not match the function's rules. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

/**
 * Checks the function's environment against its registry entry (passed in: the runtime does not
 * import the registry, which builds on it). Called once at module load, so a misconfigured
 * function fails its first invocation with every wrong variable named.
 */
export function loadEnvironment<K extends EnvironmentVariable>(
  spec: { readonly name: string; readonly environment: EnvironmentSpec<K> },
  source: NodeJS.ProcessEnv = process.env,
): Environment<K> {
  const { values, problems } = checkEnvironment(spec.environment, source);
  if (problems.length > 0) throw new EnvironmentError(`function ${spec.name}: invalid environment (${problems.join('; ')})`);
  return values;
}

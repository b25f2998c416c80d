import type * as z from 'zod/mini';

/** Thrown at cold start when the environment does not match the function's schema. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

/**
 * Parses the function's environment with its registry schema (the registry's entry is passed in:
 * the runtime does not import the registry, which builds on it). Called once at module load, so a
 * misconfigured function fails its first invocation with every missing variable named.
 */
export function loadEnvironment<E extends z.ZodMiniObject>(
  spec: { readonly name: string; readonly environment: E },
  source: NodeJS.ProcessEnv = process.env,
): z.infer<E> {
  const parsed = spec.environment.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new EnvironmentError(`function ${spec.name}: invalid environment (${problems})`);
  }
  return parsed.data;
}

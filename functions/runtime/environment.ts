/**
 * Every environment variable a function may read, declared once with its schema.
 *
 * A function's environment (in the registry) is a pick of this catalogue; the CDK stack and the
 * local engine both produce values for the whole catalogue (typed as `EnvironmentValues`), so a
 * variable that a function needs and an engine forgets is a compile error, not a cold-start crash.
 */
import { z } from 'zod';

export const environmentCatalogue = {
  /** Name of the single DynamoDB table that holds every entity. */
  TABLE_NAME: z.string().min(3),
  /** Bucket for raw submissions (MIME, uploads) and attachments kept as evidence. */
  EVIDENCE_BUCKET: z.string().min(3),
  /** Key prefix under which the SES receipt rule stores raw inbound messages. */
  INBOUND_EMAIL_PREFIX: z.string().regex(/^[a-z0-9/-]*\/$/, 'a key prefix ending in /'),
  /**
   * Whether S3 must be addressed path-style (bucket in the path, not the host name). AWS needs
   * no such setting; S3 stand-ins that serve one host name do.
   */
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
} as const;

export type EnvironmentVariable = keyof typeof environmentCatalogue;

/** Values for the whole catalogue, as an engine (CDK or local) must provide them. */
export type EnvironmentValues = Record<EnvironmentVariable, string>;

type Picked<K extends EnvironmentVariable> = z.ZodObject<{ [P in K]: (typeof environmentCatalogue)[P] }>;

/** The schema of a function environment made of the named catalogue variables. */
export function environmentOf<K extends EnvironmentVariable>(...names: K[]): Picked<K> {
  const shape = Object.fromEntries(names.map((name) => [name, environmentCatalogue[name]]));
  return z.object(shape) as unknown as Picked<K>;
}

/** The subset of `values` that a function with this environment schema receives. */
export function environmentFor(schema: z.ZodObject, values: EnvironmentValues): Record<string, string> {
  return Object.fromEntries(Object.keys(schema.shape).map((name) => [name, values[name as EnvironmentVariable]]));
}

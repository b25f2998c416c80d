/**
 * The workflow definitions: every `workflows/<name>.asl.json` file, with `${Placeholder}`
 * substitutions. CDK hands the raw text and the substitutions to Step Functions; the local engine
 * applies the same substitutions itself before loading a definition.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FunctionSpec, functionArnSubstitutions } from '../functions/registry.ts';

export const workflowsDirectory = dirname(fileURLToPath(import.meta.url));

export interface WorkflowDefinition {
  /** File stem, e.g. `circular-dispatch`; the state machine is `<stack>-<name>`. */
  readonly name: string;
  /** The ASL text with its `${...}` placeholders still in place. */
  readonly template: string;
}

export function workflowDefinitions(directory = workflowsDirectory): WorkflowDefinition[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.asl.json'))
    .sort()
    .map((file) => ({ name: file.replace(/\.asl\.json$/, ''), template: readFileSync(join(directory, file), 'utf8') }));
}

/** Every substitution a workflow may use, given how an engine names a function's ARN. */
export function workflowSubstitutions(arnOf: (spec: FunctionSpec) => string): Record<string, string> {
  return functionArnSubstitutions(arnOf);
}

/** Replaces every `${Name}`; a placeholder without a value is an error, never left in place. */
export function substitute(template: string, substitutions: Readonly<Record<string, string>>): string {
  return template.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_whole, name: string) => {
    const value = substitutions[name];
    if (value === undefined) throw new Error(`no substitution for \${${name}}`);
    return value;
  });
}

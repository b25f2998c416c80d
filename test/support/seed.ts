/** The seed data files, parsed as the CLI and the local engine parse them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStatesCsv, type State } from '../../functions/core/states.ts';

const root = join(import.meta.dirname, '..', '..');

export function seedStates(): State[] {
  const result = parseStatesCsv(readFileSync(join(root, 'data', 'states.csv'), 'utf8'));
  if (!result.ok) throw new Error(`data/states.csv: ${JSON.stringify(result.errors)}`);
  return result.states;
}

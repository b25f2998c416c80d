/** The seed data files, parsed as the CLI and the local engine parse them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Cycle, parseCycle } from '../../functions/core/cycles.ts';
import { parseStatesCsv, type State } from '../../functions/core/states.ts';

const root = join(import.meta.dirname, '..', '..');

export function seedStates(): State[] {
  const result = parseStatesCsv(readFileSync(join(root, 'data', 'states.csv'), 'utf8'));
  if (!result.ok) throw new Error(`data/states.csv: ${JSON.stringify(result.errors)}`);
  return result.states;
}

/** The seeded 77/108 cycle: 11(a) due after 60 days, follow-up after 90, outcome after 365. */
export function seededCycle(): Cycle {
  const result = parseCycle(readFileSync(join(root, 'data', 'cycles', '77-108.json'), 'utf8'));
  if (!result.ok) throw new Error(`data/cycles/77-108.json: ${JSON.stringify(result.errors)}`);
  return result.value;
}

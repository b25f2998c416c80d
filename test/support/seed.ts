/** The seed data files, parsed as the CLI and the local engine parse them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import type { TableAccess } from '../../functions/aws/table-repository.ts';
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

/**
 * Keeps every State of the seed in the registry (to be named, chosen, reported on) and addresses
 * only `codes`: a circulation or a circular note is then a few notes, not 261, where what a test
 * checks is who receives what rather than the fan-out to 195 States.
 */
export async function addressOnly(table: TableAccess, codes: readonly string[]): Promise<void> {
  const kept = new Set(codes);
  await new StatesRepository(table).replaceAll(seedStates().map((state) => ({ ...state, addressed: kept.has(state.code) })));
}

/** Changing the seeded cycle in a test, as `mpr cycles set` would. */
import { CyclesRepository } from '../../functions/aws/cycles-repository.ts';
import type { TableAccess } from '../../functions/aws/table-repository.ts';
import { applyCycleChanges, type Cycle } from '../../functions/core/cycles.ts';

export async function changeCycle(table: TableAccess, cycleId: string, changes: Record<string, unknown>): Promise<Cycle> {
  const cycles = new CyclesRepository(table);
  const stored = await cycles.get(cycleId);
  if (!stored) throw new Error(`no cycle ${cycleId}`);
  const changed = applyCycleChanges(stored.cycle, changes);
  if (!changed.ok) throw new Error(JSON.stringify(changed.errors));
  await cycles.save(changed.value, stored.version);
  return changed.value;
}

/** A copy of a stored cycle under another id, e.g. to dispatch a second circular note. */
export async function copyCycle(table: TableAccess, from: string, id: string, changes: Record<string, unknown> = {}): Promise<Cycle> {
  const cycles = new CyclesRepository(table);
  const stored = await cycles.get(from);
  if (!stored) throw new Error(`no cycle ${from}`);
  const changed = applyCycleChanges({ ...stored.cycle, id }, changes);
  if (!changed.ok) throw new Error(JSON.stringify(changed.errors));
  await cycles.save(changed.value);
  return changed.value;
}

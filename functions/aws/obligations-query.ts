/**
 * "What does State X owe now": the incidents the State is concerned by, read from the table, put
 * through the core's one rule (`owedBy`) with each incident's cycle. The upload endpoint and the
 * CLI both answer with this.
 */
import type { StateCode } from '../core/codes.ts';
import type { Incident } from '../core/incidents.ts';
import { compareOwed, type OwedNow, owedBy } from '../core/obligations.ts';
import type { CyclesRepository } from './cycles-repository.ts';
import type { IncidentsRepository } from './incidents-repository.ts';

export async function obligationsOwedNow(
  state: StateCode,
  repositories: { readonly incidents: IncidentsRepository; readonly cycles: CyclesRepository },
  now: Date,
): Promise<OwedNow[]> {
  const ids = await repositories.incidents.idsConcerning(state);
  const stored = await Promise.all(ids.map((id) => repositories.incidents.get(id)));
  const byCycle = new Map<string, Incident[]>();
  for (const entry of stored) {
    if (!entry) continue;
    byCycle.set(entry.incident.cycleId, [...(byCycle.get(entry.incident.cycleId) ?? []), entry.incident]);
  }
  const owed: OwedNow[] = [];
  for (const [cycleId, incidents] of byCycle) {
    const cycle = await repositories.cycles.get(cycleId);
    if (!cycle) throw new Error(`incidents refer to cycle ${cycleId}, which is not stored`);
    owed.push(...owedBy(state, incidents, cycle.cycle, now));
  }
  return owed.sort(compareOwed);
}

/**
 * `mpr obligations …`: what States owe under paragraph 11, from the same rule the upload
 * endpoint and the reminder workflow use. Obligations are derived, never stored: `owed` reads one
 * State's incidents, `list` every incident of a cycle (one Query per State of the registry, by
 * the State where the incident took place).
 */
import { CyclesRepository } from '../../functions/aws/cycles-repository.ts';
import { IncidentsRepository } from '../../functions/aws/incidents-repository.ts';
import { obligationsOwedNow } from '../../functions/aws/obligations-query.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { compareOwed, type OwedNow, owedBy } from '../../functions/core/obligations.ts';
import { command, dateOption, group, stateCodeOption } from '../command.ts';
import { mapLimit } from '../concurrency.ts';
import { jsonOption, printRows } from '../output.ts';
import { targetOptions, withTarget } from '../target.ts';
import { cycleOption, readCycle } from './cycles.ts';

const kindNames = {
  'violation-report': 'its own report of the violation',
  'follow-up': 'a follow-up report on the measures taken',
  'follow-up-outcome': 'the final outcome of the proceedings',
  'follow-up-where-possible': 'where possible, a follow-up report (invitation, no due date)',
} as const;

/** Queries at once when reading every State's incidents. */
const queryConcurrency = 16;

const atOption = { at: { type: 'string', value: 'DATE', help: 'as of this date instead of today, e.g. 2024-06-01' } } as const;

const table = (now: Date, empty: string) => ({
  header: ['due', 'state', 'owes', 'para', 'incident', 'reported by'],
  row: (obligation: OwedNow) => [
    obligation.dueDate === null ? 'no due date' : `${obligation.dueDate}${obligation.overdue ? ' overdue' : ''}`,
    obligation.owingState,
    kindNames[obligation.kind],
    `${obligation.basis.paragraph}(${obligation.basis.subparagraph})`,
    obligation.incidentId,
    obligation.triggeredBy.reference,
  ],
  empty: `${empty} as of ${now.toISOString().slice(0, 10)}.`,
});

export const obligationsCommands = group('obligations', 'what States owe under paragraph 11, derived from the incidents reported', [
  command({
    name: 'owed',
    summary: 'What one State owes now, in every cycle.',
    usage: '--state CODE',
    options: { ...targetOptions, state: { type: 'string', value: 'CODE', help: 'the State (ISO 3166-1 alpha-3 code)' }, ...atOption, ...jsonOption },
    examples: ['mpr obligations owed --state KEN --at 2024-06-01'],
    async run({ values }) {
      const state = stateCodeOption(values.state);
      const at = dateOption(values.at, '--at');
      await withTarget(values, async (target) => {
        const now = at ?? target.now();
        const owed = await obligationsOwedNow(state, { incidents: new IncidentsRepository(target.table), cycles: new CyclesRepository(target.table) }, now);
        printRows(values.json, owed, table(now, `${state} owes no report`));
      });
    },
  }),
  command({
    name: 'list',
    summary: 'What every State owes now in a cycle, the earliest due first.',
    description: ['Reads every incident of the cycle, by the State where it took place, and derives who owes what as of today (or --at).'],
    options: {
      ...targetOptions,
      ...cycleOption,
      state: { type: 'string', value: 'CODE', help: 'only what this State owes' },
      overdue: { type: 'boolean', help: 'only reports past their due date' },
      ...atOption,
      ...jsonOption,
    },
    examples: ['mpr obligations list --overdue', 'mpr obligations list --cycle 77/108 --state KEN --at 2024-09-01 --json'],
    async run({ values }) {
      const state = values.state === undefined ? undefined : stateCodeOption(values.state);
      const at = dateOption(values.at, '--at');
      await withTarget(values, async (target) => {
        const now = at ?? target.now();
        const { cycle } = await readCycle(target, values.cycle);
        const incidentsRepository = new IncidentsRepository(target.table);
        const registry = await new StatesRepository(target.table).list();
        const incidents = (await mapLimit(registry, queryConcurrency, (territory) => incidentsRepository.inTerritory(territory.code)))
          .flat()
          .filter((incident) => incident.cycleId === cycle.id);
        const owing = state
          ? [state]
          : [...new Set(incidents.flatMap((incident) => [incident.statesConcerned.territorial, ...incident.statesConcerned.offenderPresentIn]))];
        const owed = owing
          .flatMap((code) => owedBy(code, incidents, cycle, now))
          .filter((obligation) => !values.overdue || obligation.overdue)
          .sort(compareOwed);
        printRows(
          values.json,
          owed,
          table(now, `${values.overdue ? 'No report is overdue' : 'No report is owed'}${state ? ` by ${state}` : ''} in cycle ${cycle.id}`),
        );
      });
    },
  }),
]);

/**
 * `mpr obligations owed --state KEN`: what a State owes now under paragraph 11, from the same
 * rule the upload endpoint and the reminder workflow use.
 */
import { parseArgs } from 'node:util';
import { stateCodeSchema } from '../../functions/core/codes.ts';
import { CyclesRepository } from '../../functions/aws/cycles-repository.ts';
import { IncidentsRepository } from '../../functions/aws/incidents-repository.ts';
import { obligationsOwedNow } from '../../functions/aws/obligations-query.ts';
import { CliError, type CommandGroup } from '../command.ts';
import { resolveTarget, targetOptions } from '../target.ts';

const kindNames = {
  'violation-report': 'its own report of the violation',
  'follow-up': 'a follow-up report on the measures taken',
  'follow-up-outcome': 'the final outcome of the proceedings',
  'follow-up-where-possible': 'where possible, a follow-up report (invitation, no due date)',
} as const;

export const obligationsCommands: CommandGroup = {
  name: 'obligations',
  commands: [
    {
      name: 'owed',
      summary: 'What a State owes now: --state KEN [--at 2024-06-01] [--json].',
      async run(args) {
        const { values } = parseArgs({ args: [...args], options: { ...targetOptions, state: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } } });
        const state = stateCodeSchema.safeParse(values.state?.toUpperCase());
        if (!state.success) throw new CliError('--state must name a State by its ISO 3166-1 alpha-3 code, e.g. --state KEN', 2);
        const now = values.at ? new Date(values.at) : new Date();
        if (Number.isNaN(now.getTime())) throw new CliError(`--at ${values.at} is not a date`, 2);
        const target = await resolveTarget(values);
        try {
          const access = { client: target.documents, tableName: target.tableName };
          const owed = await obligationsOwedNow(state.data, { incidents: new IncidentsRepository(access), cycles: new CyclesRepository(access) }, now);
          if (values.json) return void process.stdout.write(`${JSON.stringify(owed, null, 2)}\n`);
          if (owed.length === 0) return void process.stdout.write(`${state.data} owes no report as of ${now.toISOString().slice(0, 10)}.\n`);
          for (const obligation of owed) {
            const due = obligation.dueDate === null ? 'no due date' : `due ${obligation.dueDate}${obligation.overdue ? ' (overdue)' : ''}`;
            process.stdout.write(
              `${obligation.incidentId}  para ${obligation.basis.paragraph}(${obligation.basis.subparagraph})  ${kindNames[obligation.kind]}, ${due}; reported by ${obligation.triggeredBy.reference}\n`,
            );
          }
        } finally {
          target.close();
        }
      },
    },
  ],
};

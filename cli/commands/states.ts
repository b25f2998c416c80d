/**
 * `mpr states …`: the registry of States addressed by the procedure.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { addressees, compareStatesEnglish, parseStatesCsv, serializeStatesCsv } from '../../functions/core/states.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { VersionConflictError } from '../../functions/aws/errors.ts';
import { CliError, type CommandGroup } from '../command.ts';
import { resolveTarget, targetOptions } from '../target.ts';
import { cliActor } from '../actor.ts';

export const statesCommands: CommandGroup = {
  name: 'states',
  commands: [
    {
      name: 'export',
      summary: 'Print the States addressed (CSV, English order); --all adds other participants; --out FILE.',
      async run(args) {
        const { values } = parseArgs({ args: [...args], options: { ...targetOptions, all: { type: 'boolean' }, out: { type: 'string' } } });
        const target = await resolveTarget(values);
        try {
          const states = await new StatesRepository({ client: target.documents, tableName: target.tableName }).list();
          if (states.length === 0) throw new CliError(`the States registry of the ${target.description} is empty: import one with mpr states import FILE`);
          const chosen = values.all ? [...states].sort(compareStatesEnglish) : addressees(states);
          const csv = serializeStatesCsv(chosen);
          if (values.out) {
            await writeFile(values.out, csv);
            process.stderr.write(`${chosen.length} States written to ${values.out}\n`);
          } else {
            process.stdout.write(csv);
          }
        } finally {
          target.close();
        }
      },
    },
    {
      name: 'import',
      summary: 'Replace the registry with a CSV file (all rows valid, or nothing changes).',
      async run(args) {
        const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { ...targetOptions } });
        const [file] = positionals;
        if (!file) throw new CliError('usage: mpr states import FILE.csv', 2);
        const parsed = parseStatesCsv(await readFile(file, 'utf8'));
        if (!parsed.ok) {
          const lines = parsed.errors.map((error) => `  line ${error.line}${error.field ? `, ${error.field}` : ''}: ${error.message}`);
          throw new CliError(`${file} was not imported; nothing changed:\n${lines.join('\n')}`);
        }
        const target = await resolveTarget(values);
        try {
          const repository = new StatesRepository({ client: target.documents, tableName: target.tableName });
          const { version, count } = await repository.replaceAll(parsed.states);
          await new AuditRepository({ client: target.documents, tableName: target.tableName }).append({
            actor: cliActor(),
            action: 'imported',
            subject: { kind: 'states-registry', id: `v${version}` },
            details: { file, count, addressees: addressees(parsed.states).length },
          });
          process.stdout.write(`Imported ${count} States (${addressees(parsed.states).length} addressed) into the ${target.description} as registry version ${version}.\n`);
        } catch (error) {
          if (error instanceof VersionConflictError) throw new CliError(`${error.message}; nothing changed, run the import again`);
          throw error;
        } finally {
          target.close();
        }
      },
    },
  ],
};

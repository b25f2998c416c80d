/**
 * `mpr states …`: the registry of States addressed by the procedure.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { VersionConflictError } from '../../functions/aws/errors.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { addressees, compareStatesEnglish, parseStatesCsv, serializeStatesCsv } from '../../functions/core/states.ts';
import { cliActor } from '../actor.ts';
import { CliError, command, exitCodes, group } from '../command.ts';
import { printLine } from '../output.ts';
import { targetOptions, withTarget } from '../target.ts';

export const statesCommands = group('states', 'the registry of States: names, languages, mailboxes', [
  command({
    name: 'export',
    summary: 'Print the States addressed as CSV, in English alphabetical order.',
    options: {
      ...targetOptions,
      all: { type: 'boolean', help: 'include the treaty participants that are not addressed (e.g. Niue, Cook Islands)' },
      out: { type: 'string', value: 'FILE', help: 'write the CSV to FILE instead of printing it' },
    },
    examples: ['mpr states export --all --out states.csv'],
    async run({ values }) {
      await withTarget(values, async (target) => {
        const states = await new StatesRepository(target.table).list();
        if (states.length === 0) throw new CliError(`the States registry of the ${target.description} is empty: import one with mpr states import FILE`);
        const chosen = values.all ? [...states].sort(compareStatesEnglish) : addressees(states);
        const csv = serializeStatesCsv(chosen);
        if (values.out) {
          await writeFile(values.out, csv);
          process.stderr.write(`${chosen.length} States written to ${values.out}\n`);
        } else {
          process.stdout.write(csv);
        }
      });
    },
  }),
  command({
    name: 'import',
    summary: 'Replace the registry with a CSV file: every row valid, or nothing changes.',
    usage: 'FILE.csv',
    description: [
      'The file has the columns of mpr states export. Errors are reported by line; mailbox health is kept, since it lives apart from the registry.',
    ],
    options: { ...targetOptions },
    operands: ['FILE.csv'],
    examples: ['mpr states import states.csv'],
    async run({ values, operands }) {
      const [file] = operands;
      if (!file) throw new CliError('name the CSV file to import', exitCodes.badArguments);
      const parsed = parseStatesCsv(await readFile(file, 'utf8'));
      if (!parsed.ok) {
        const lines = parsed.errors.map((error) => `  line ${error.line}${error.field ? `, ${error.field}` : ''}: ${error.message}`);
        throw new CliError(`${file} was not imported; nothing changed:\n${lines.join('\n')}`);
      }
      await withTarget(values, async (target) => {
        try {
          const { version, count } = await new StatesRepository(target.table).replaceAll(parsed.states);
          await new AuditRepository(target.table).append({
            actor: cliActor(),
            action: 'imported',
            subject: { kind: 'states-registry', id: `v${version}` },
            details: { file, count, addressees: addressees(parsed.states).length },
          });
          printLine(`Imported ${count} States (${addressees(parsed.states).length} addressed) into the ${target.description} as registry version ${version}.`);
        } catch (error) {
          if (error instanceof VersionConflictError) throw new CliError(`${error.message}; nothing changed, run the import again`);
          throw error;
        }
      });
    },
  }),
]);

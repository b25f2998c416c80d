/**
 * `mpr instruments …`: the status tables of the instruments that section IV of the report of the
 * Secretary-General covers, imported from the UN Treaty Collection. The list of instruments is
 * data/instruments/instruments.json.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { VersionConflictError } from '../../functions/aws/errors.ts';
import { InstrumentsRepository } from '../../functions/aws/instruments-repository.ts';
import { isoDateSchema } from '../../functions/core/codes.ts';
import { type Instrument, type ParticipantStatus, parseInstrumentCatalogue, parseStatusTable, partiesAsOf } from '../../functions/core/instruments.ts';
import { projectRoot } from '../../local/project-root.ts';
import { cliActor } from '../actor.ts';
import { CliError, command, exitCodes, group } from '../command.ts';
import { jsonOption, printLine, printRows } from '../output.ts';
import { targetOptions, withTarget } from '../target.ts';

const catalogueFile = join(projectRoot, 'data', 'instruments', 'instruments.json');

/** Every instrument listed, whether the report covers it or not, in the order the report lists them. */
export async function readInstrumentCatalogue(): Promise<Instrument[]> {
  const parsed = parseInstrumentCatalogue(await readFile(catalogueFile, 'utf8'));
  if (!parsed.ok)
    throw new CliError(
      `${catalogueFile} is not a valid list of instruments:\n${parsed.errors.map((error) => `  ${error.path || '(list)'}: ${error.message}`).join('\n')}`,
    );
  return parsed.value;
}

/** A calendar date option (`YYYY-MM-DD`, a date that exists), checked. */
export function dayOption(value: string | undefined, option: string): string {
  if (value === undefined || !isoDateSchema.safeParse(value).success) throw new CliError(`${option} must be a date as YYYY-MM-DD`, exitCodes.badArguments);
  return value;
}

interface ImportFile {
  readonly file: string;
  readonly instrument: Instrument;
}

/** The files to import: the one named, for `--instrument`; or those of a folder named `<id>.*.csv|json` after an instrument. */
async function filesToImport(path: string, instrumentId: string | undefined, catalogue: readonly Instrument[]): Promise<ImportFile[]> {
  if ((await stat(path)).isDirectory()) {
    if (instrumentId) throw new CliError('--instrument names the instrument of one file; the files of a folder are named after theirs', exitCodes.badArguments);
    const matched = (await readdir(path))
      .filter((name) => ['.csv', '.json'].includes(extname(name)))
      .sort()
      .flatMap((name) => {
        const instrument = catalogue.find((candidate) => name.startsWith(`${candidate.id}.`));
        return instrument ? [{ file: join(path, name), instrument }] : [];
      });
    if (matched.length === 0) throw new CliError(`${path} holds no file named after an instrument (e.g. III-3.csv)`);
    const twice = [
      ...new Set(
        matched
          .filter((entry, index) => matched.findIndex((other) => other.instrument.id === entry.instrument.id) !== index)
          .map((entry) => entry.instrument.id),
      ),
    ];
    if (twice.length > 0) throw new CliError(`${path} holds more than one file for ${twice.join(', ')}`);
    return matched;
  }
  if (!instrumentId) throw new CliError('name the instrument of the file: --instrument III-3', exitCodes.badArguments);
  const instrument = catalogue.find((candidate) => candidate.id === instrumentId);
  if (!instrument) throw new CliError(`${instrumentId} is not in ${catalogueFile} (${catalogue.map((candidate) => candidate.id).join(', ')})`);
  return [{ file: path, instrument }];
}

export const instrumentsCommands = group('instruments', 'treaty participation: the status tables of the instruments the report covers', [
  command({
    name: 'import',
    summary: 'Import status tables as new versions: every row of every file valid, or nothing changes.',
    usage: 'FILE|FOLDER',
    description: [
      'A file (CSV or JSON, see data/instruments/README.md) is the status table of the instrument --instrument names. A folder imports each file named after an instrument (III-3.csv, III-3.sample.csv). Errors are reported by file and line. Earlier versions stay readable.',
    ],
    options: { ...targetOptions, instrument: { type: 'string', value: 'ID', help: 'the instrument of the file, by its Treaty Collection number, e.g. III-3' } },
    operands: ['FILE|FOLDER'],
    examples: ['mpr instruments import III-3.csv --instrument III-3', 'mpr instruments import data/instruments'],
    async run({ values, operands }) {
      const [path] = operands;
      if (!path) throw new CliError('name the file or folder to import', exitCodes.badArguments);
      const files = await filesToImport(path, values.instrument, await readInstrumentCatalogue());
      // Every file is read and checked before anything is written: one bad file imports nothing.
      const tables: (ImportFile & { participants: ParticipantStatus[] })[] = [];
      const faults: string[] = [];
      for (const entry of files) {
        const result = parseStatusTable(await readFile(entry.file, 'utf8'), extname(entry.file) === '.json' ? 'json' : 'csv');
        if (result.ok) tables.push({ ...entry, participants: result.participants });
        else
          faults.push(
            ...result.errors.map((error) => `  ${basename(entry.file)}, line ${error.line}${error.field ? `, ${error.field}` : ''}: ${error.message}`),
          );
      }
      if (faults.length > 0) throw new CliError(`nothing was imported; nothing changed:\n${faults.join('\n')}`);
      await withTarget(values, async (target) => {
        const repository = new InstrumentsRepository(target.table);
        for (const { file, instrument, participants } of tables) {
          try {
            const imported = await repository.replace(instrument.id, participants, { source: basename(file), by: cliActor().id });
            printLine(
              `${instrument.id.padEnd(8)} ${String(participants.length).padStart(4)} participants from ${basename(file)}: version ${imported.version} on the ${target.description}`,
            );
          } catch (error) {
            if (error instanceof VersionConflictError) throw new CliError(`${error.message}; run the import again`);
            throw error;
          }
        }
      });
    },
  }),
  command({
    name: 'list',
    summary: 'List the instruments and the status table in use for each: version, date, source.',
    options: { ...targetOptions, ...jsonOption },
    examples: ['mpr instruments list'],
    async run({ values }) {
      const catalogue = await readInstrumentCatalogue();
      await withTarget(values, async (target) => {
        const pointers = new Map((await new InstrumentsRepository(target.table).currentAll()).map((pointer) => [pointer.instrumentId, pointer]));
        const rows = catalogue.map((instrument) => ({ ...instrument, table: pointers.get(instrument.id) ?? null }));
        printRows(values.json, rows, {
          header: ['instrument', 'in report', 'version', 'participants', 'imported', 'by', 'from', 'title'],
          row: ({ id, included, table, title, year }) => [
            id,
            included ? 'yes' : 'no',
            table ? String(table.version) : '-',
            table ? String(table.count) : '-',
            table?.importedAt.slice(0, 10) ?? '-',
            table?.by ?? '-',
            table?.source ?? '-',
            `${title}, ${year}`,
          ],
          empty: 'No instrument is listed.',
        });
      });
    },
  }),
  command({
    name: 'status',
    summary: 'Parties and signatories of each instrument the report covers, on a date.',
    options: { ...targetOptions, ...jsonOption, 'as-of': { type: 'string', value: 'DATE', help: 'the date (YYYY-MM-DD; default today)' } },
    examples: ['mpr instruments status --as-of 2024-07-01'],
    async run({ values }) {
      const given = values['as-of'] === undefined ? undefined : dayOption(values['as-of'], '--as-of');
      const included = (await readInstrumentCatalogue()).filter((instrument) => instrument.included);
      await withTarget(values, async (target) => {
        const asOf = given ?? target.now().toISOString().slice(0, 10);
        const repository = new InstrumentsRepository(target.table);
        const tables = await Promise.all(included.map((instrument) => repository.table(instrument.id)));
        const rows = included.map((instrument, index) => {
          const table = tables[index];
          return {
            instrument: instrument.id,
            asOf,
            parties: table ? partiesAsOf(table.participants, asOf) : null,
            signatories: table ? table.participants.filter((row) => row.signature !== undefined && row.signature <= asOf).length : null,
            version: table?.pointer.version ?? null,
            title: instrument.title,
          };
        });
        printRows(values.json, rows, {
          header: ['instrument', 'parties', 'signatories', 'table version', 'title'],
          row: (row) => [
            row.instrument,
            row.parties === null ? 'no table imported' : String(row.parties),
            row.signatories === null ? '-' : String(row.signatories),
            row.version === null ? '-' : String(row.version),
            row.title,
          ],
          empty: 'The report covers no instrument (data/instruments/instruments.json).',
        });
      });
    },
  }),
]);

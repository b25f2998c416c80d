/**
 * `mpr report compile`: the report of the Secretary-General (paragraph 14 of resolution 77/108),
 * or its addendum, as a Word document, Markdown or HTML for the drafter to edit. It reads the
 * cycle, the States registry, the cycle's replies (one Query on the cycle's index) and the status
 * tables of the instruments; what the report says is decided in functions/core/report/.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InstrumentsRepository } from '../../functions/aws/instruments-repository.ts';
import { NotesRepository } from '../../functions/aws/notes-repository.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import type { TableAccess } from '../../functions/aws/table-repository.ts';
import { addDays, type Cycle } from '../../functions/core/cycles.ts';
import { noteId } from '../../functions/core/dispatch.ts';
import { type CompiledReport, compileReport, dayAfterDeadline, isSample, type ReportRequest } from '../../functions/core/report/compile.ts';
import type { ReportDocument } from '../../functions/core/report/document.ts';
import { renderDocx } from '../../functions/core/report/docx.ts';
import { renderHtml } from '../../functions/core/report/html.ts';
import { renderMarkdown } from '../../functions/core/report/markdown.ts';
import { type HeadlineStatus, parseHeadlineStatus } from '../../functions/core/report/treaty-status.ts';
import { englishDate } from '../../functions/core/submission-text.ts';
import { CliError, choiceOption, command, exitCodes, group } from '../command.ts';
import { printLine } from '../output.ts';
import { targetOptions, withTarget } from '../target.ts';
import { cycleOption, readCycle } from './cycles.ts';
import { dayOption, readInstrumentCatalogue } from './instruments.ts';

const reportFormats = ['docx', 'md', 'html'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export async function renderReport(document: ReportDocument, format: ReportFormat): Promise<Buffer> {
  if (format === 'docx') return renderDocx(document);
  return Buffer.from(format === 'md' ? renderMarkdown(document) : renderHtml(document), 'utf8');
}

/** The Treaty Collection's headline counts that travel with the system (data/instruments/untc-status.json). */
export const headlineStatusFile = join(import.meta.dirname, '..', '..', 'data', 'instruments', 'untc-status.json');

export async function readHeadlineStatus(): Promise<HeadlineStatus[]> {
  const parsed = parseHeadlineStatus(await readFile(headlineStatusFile, 'utf8'));
  if (!parsed.ok)
    throw new CliError(
      `${headlineStatusFile} is not a valid status file:\n${parsed.errors.map((error) => `  ${error.path || '(file)'}: ${error.message}`).join('\n')}`,
    );
  return parsed.value;
}

/**
 * The circular note of the cycle as it was sent: the symbol and date allocated to it when its
 * dispatch began, kept only if it reached at least one State.
 */
export async function sentCircularNote(table: TableAccess, cycle: Cycle): Promise<{ symbol: string; date: string } | undefined> {
  const notes = new NotesRepository(table);
  const id = noteId('circular', cycle.id);
  const [record, counts] = await Promise.all([notes.get(id), notes.sendCounts(id)]);
  return record && counts.statesSent > 0 ? { symbol: record.symbol, date: record.date } : undefined;
}

/**
 * What a report of `cycle` as at `asOf` is compiled from. The cycle's replies are read from its
 * start whatever the period, since a follow-up is described by the violation report it answers;
 * the Query ends two days after `asOf` at 00:00 UTC, past the end of `asOf` in New York in any
 * season, and the compilation keeps exactly the replies of the dates it covers.
 */
export async function loadReportData(table: TableAccess, cycle: Cycle, asOf: string): Promise<Omit<ReportRequest, 'mode'>> {
  const instruments = (await readInstrumentCatalogue()).filter((instrument) => instrument.included);
  const repository = new InstrumentsRepository(table);
  const [states, submissions, tables, circularNote, headlineStatus] = await Promise.all([
    new StatesRepository(table).list(),
    new SubmissionsRepository(table).listByCycle(cycle.id, { to: `${addDays(asOf, 2)}T00:00:00.000Z` }),
    Promise.all(instruments.map((instrument) => repository.table(instrument.id))),
    sentCircularNote(table, cycle),
    readHeadlineStatus(),
  ]);
  return {
    cycle,
    states,
    submissions,
    ...(circularNote ? { circularNote } : {}),
    headlineStatus,
    instruments: instruments.map((instrument, index) => {
      const imported = tables[index];
      if (!imported) return { instrument };
      const { version, importedAt, source } = imported.pointer;
      return { instrument, table: { participants: imported.participants, version, importedAt, source } };
    }),
    asOf,
  };
}

function describe(out: string, format: ReportFormat, bytes: number, request: ReportRequest, { counts }: CompiledReport, where: string): string[] {
  const { mode, cycle } = request;
  const previous = cycle.report.previous;
  return [
    `Wrote ${out} (${format}, ${(bytes / 1024).toFixed(1)} KB) from the ${where}: ${mode.kind === 'addendum' ? `addendum for the replies received from ${englishDate(mode.from)} to ${englishDate(request.asOf)}` : `report as at ${englishDate(request.asOf)}`}, cycle ${cycle.id}`,
    `  section II   reports from ${counts.reportingStates} State(s)`,
    `  section III  views from ${counts.viewsStates} State(s)`,
    ...(mode.kind === 'report'
      ? [
          `  section IV   ${counts.newParticipants === undefined ? 'new parties not counted (see the notes to the drafter)' : `${counts.newParticipants} State(s) became parties since ${previous?.symbol ?? ''}`}; ${request.instruments.filter((entry) => entry.table && !isSample(entry.table)).length} of ${request.instruments.length} status tables imported (samples not counted)`,
          `  circular     ${request.circularNote ? `${request.circularNote.symbol} of ${englishDate(request.circularNote.date)}` : 'no circular note sent from this system is on record (passage left for the drafter)'}`,
        ]
      : []),
    `  replies      ${counts.summarized} summarized of ${request.submissions.length} read; ${counts.notSummarized.length} not to be summarized${mode.kind === 'report' ? `; ${counts.afterDeadline} after the deadline, for the addendum` : ''}`,
    `  drafting     ${counts.drafts} passage(s) marked for the drafter`,
  ];
}

export const reportCommands = group('report', 'the report of the Secretary-General to the General Assembly', [
  command({
    name: 'compile',
    summary: 'Compile the report of the Secretary-General, or its addendum, for the drafter to edit.',
    usage: '--as-of DATE --out FILE',
    description: [
      'The report summarizes the replies received by the reply deadline, by State in English alphabetical order, and sets out the status of participation in the instruments (mpr instruments import). Replies received after the deadline go into the addendum (--addendum), for the period from --from (default: the day after the deadline) to --as-of. Replies the Secretariat decided not to summarize are left out and listed in the notes to the drafter at the top of the document.',
      'Paragraph 2 gives the date and symbol of the circular note as its dispatch recorded them (mpr circular send). Section IV is set out from the imported status tables of the Treaty Collection; for an instrument without one (sample tables do not count), from the counts in data/instruments/untc-status.json, with a passage for the drafter. See docs/report-drafting.md.',
    ],
    options: {
      ...targetOptions,
      ...cycleOption,
      'as-of': { type: 'string', value: 'DATE', help: 'the date of the report (YYYY-MM-DD): nothing later is counted' },
      out: { type: 'string', value: 'FILE', help: 'the file to write' },
      format: { type: 'string', value: 'FORMAT', help: `${reportFormats.join(', ')} (default: from the extension of --out)` },
      addendum: { type: 'boolean', help: 'compile the addendum: the replies received after the deadline' },
      from: { type: 'string', value: 'DATE', help: "the first day of the addendum's period (default: the day after the deadline)" },
    },
    examples: [
      'mpr report compile --cycle 77/108 --as-of 2024-07-01 --out report.docx',
      'mpr report compile --cycle 77/108 --as-of 2024-09-30 --addendum --out addendum.md',
    ],
    async run({ values }) {
      const asOf = dayOption(values['as-of'], '--as-of');
      if (!values.out) throw new CliError('name the file to write: --out report.docx', exitCodes.badArguments);
      const format = choiceOption(values.format ?? extname(values.out).slice(1), reportFormats, '--format (or the extension of --out)')!;
      if (values.from !== undefined && !values.addendum)
        throw new CliError("--from is the start of an addendum's period: add --addendum", exitCodes.badArguments);
      const from = values.from === undefined ? undefined : dayOption(values.from, '--from');
      const started = performance.now();
      await withTarget(values, async (target) => {
        const { cycle } = await readCycle(target, values.cycle);
        const data = await loadReportData(target.table, cycle, asOf);
        const request: ReportRequest = { ...data, mode: values.addendum ? { kind: 'addendum', from: from ?? dayAfterDeadline(cycle) } : { kind: 'report' } };
        const read = performance.now();
        const compiled = compileReport(request);
        const built = performance.now();
        const bytes = await renderReport(compiled.document, format);
        await writeFile(values.out!, bytes);
        const done = performance.now();
        const seconds = (from: number, to: number) => ((to - from) / 1000).toFixed(2);
        printLine(
          [
            ...describe(values.out!, format, bytes.length, request, compiled, target.description),
            `  time         ${seconds(started, done)} s: read ${seconds(started, read)} s, compile ${seconds(read, built)} s, render and write ${seconds(built, done)} s`,
          ].join('\n'),
        );
      });
    },
  }),
]);

/**
 * The report of the Secretary-General for a cycle with 10,000 reports, compiled as `mpr report
 * compile` does: one Query of the cycle's replies (with the registry and the status tables),
 * the document model, and the Word document. Prints one table of medians.
 *
 *   node bench/report.ts                  10,000 replies, 3 runs
 *   node bench/report.ts --replies 2000   another size (BENCH_RUNS sets the runs)
 *
 * The replies are written as the repository writes them (its items, recorded), with BatchWrite:
 * what is measured is the compilation, not the intake.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, type PutCommand } from '@aws-sdk/lib-dynamodb';
import { readInstrumentCatalogue } from '../cli/commands/instruments.ts';
import { loadReportData, renderReport } from '../cli/commands/report.ts';
import { writeInBatches } from '../functions/aws/batch-write.ts';
import { CyclesRepository } from '../functions/aws/cycles-repository.ts';
import { InstrumentsRepository } from '../functions/aws/instruments-repository.ts';
import { StatesRepository } from '../functions/aws/states-repository.ts';
import { SubmissionsRepository } from '../functions/aws/submissions-repository.ts';
import { addDays, applyCycleChanges } from '../functions/core/cycles.ts';
import { parseStatusTable } from '../functions/core/instruments.ts';
import { formatReference } from '../functions/core/references.ts';
import { compileReport } from '../functions/core/report/compile.ts';
import { addressees } from '../functions/core/states.ts';
import { createSubmission, type Submission, validateSubmissionBody } from '../functions/core/submissions.ts';
import { localClientConfig } from '../local/aws-config.ts';
import { startEngine } from '../local/engine.ts';
import { projectRoot } from '../local/project-root.ts';
import { machine } from './stats.ts';

const { values } = parseArgs({ options: { replies: { type: 'string', default: '10000' } } });
const replies = Number(values.replies);
const runs = Number(process.env['BENCH_RUNS'] ?? '3');
const asOf = '2024-07-01';

function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Reply `n`: a violation report, a follow-up answering an earlier one, or views, spread over the States and the cycle's months. */
function reply(n: number, states: readonly string[], deadline: string): Submission {
  const state = states[n % states.length]!;
  const territory = states[(n * 7 + 3) % states.length]!;
  // Ninety-five in a hundred before the deadline, the rest in the six weeks after it.
  const day = n % 20 === 19 ? addDays(deadline, 1 + (n % 45)) : addDays(deadline, -(n % 480));
  const receivedAt = `${day}T${String(10 + (n % 8)).padStart(2, '0')}:00:00.000Z`;
  const kind = n % 10;
  const items =
    kind < 6
      ? [
          {
            kind: 'violation',
            occurredIn: territory === state ? states[(n + 1) % states.length] : territory,
            city: `City ${n % 97}`,
            incidentDate: addDays(day, -3),
            affected: { kinds: ['embassy'], missionState: state },
            violationKinds: [['attack', 'intrusion', 'demonstration', 'damage'][n % 4]],
            facts: `The chancery was affected on the night of the incident; the report numbered ${n} describes it.`,
            allegedOffender: { known: n % 3 === 0, detained: n % 6 === 0 },
          },
        ]
      : kind < 9 && n > 10
        ? // The first reply of the previous ten, a violation report.
          [
            {
              kind: 'follow-up',
              answers: `INC-${formatReference(2024, n - (n % 10) - 9)}-1`,
              justiceMeasures: { taken: ['investigation', 'charges'], description: 'Proceedings are under way.' },
              preventiveMeasures: { taken: ['guards'], description: 'Guards were posted.' },
            },
          ]
        : [
            {
              kind: 'views',
              text: 'Host States should strengthen the protection of mission premises. Training for police units is essential.',
              legislation: [{ title: 'Diplomatic Privileges Act', year: 1990 }],
            },
          ];
  const body = validateSubmissionBody({ formVersion: 1, language: 'en', note: { date: day }, items }, new Date('2024-12-31T00:00:00Z'));
  if (!body.ok) throw new Error(`reply ${n}: ${JSON.stringify(body.errors)}`);
  return createSubmission({
    body: body.value,
    reference: formatReference(2024, n),
    cycleId: '77/108',
    reportingState: state,
    source: 'upload',
    receivedAt,
    attachments: [],
    evidence: { bucket: 'mpr-evidence', key: `bench/${n}.json` },
  });
}

/** The items the repository would write for `submissions`: it writes through a client that records instead of sending. */
async function repositoryItems(submissions: readonly Submission[], tableName: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const recorder = { send: async (command: PutCommand) => void items.push(command.input.Item!) } as unknown as DynamoDBDocumentClient;
  const repository = new SubmissionsRepository({ client: recorder, tableName });
  for (const submission of submissions) await repository.create(submission);
  return items;
}

const engine = await startEngine({ ports: { api: 0, dynamodb: 0, s3: 0, ses: 0, cognito: 0, stepfunctions: 0, smtp: 0 } });
const table = {
  client: DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(engine.endpoints.dynamodb)), { marshallOptions: { removeUndefinedValues: true } }),
  tableName: engine.resources.tableName,
};
try {
  const cycles = new CyclesRepository(table);
  const stored = (await cycles.get('77/108'))!;
  const changed = applyCycleChanges(stored.cycle, { 'report.previous': { symbol: 'A/77/186', date: '2022-07-20' } });
  if (!changed.ok) throw new Error(JSON.stringify(changed.errors));
  await cycles.save(changed.value, stored.version);
  const cycle = changed.value;

  const instruments = new InstrumentsRepository(table);
  for (const instrument of (await readInstrumentCatalogue()).filter((entry) => entry.included)) {
    const file = `${instrument.id}.sample.csv`;
    const parsed = parseStatusTable(await readFile(join(projectRoot, 'data', 'instruments', file), 'utf8'), 'csv');
    if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.errors)}`);
    // Recorded under a name that is not a sample file's, so that section IV shows and counts the tables as it would real ones.
    await instruments.replace(instrument.id, parsed.participants, { source: `${instrument.id}.csv`, by: 'bench' });
  }

  const states = addressees(await new StatesRepository(table).list()).map((state) => state.code);
  const submissions = Array.from({ length: replies }, (_, index) => reply(index + 1, states, cycle.replyDeadline));
  const items = await repositoryItems(submissions, table.tableName);
  const writeStarted = performance.now();
  const chunk = Math.ceil(items.length / 8);
  await Promise.all(Array.from({ length: 8 }, (_, index) => writeInBatches(table, items.slice(index * chunk, (index + 1) * chunk))));
  const writeSeconds = (performance.now() - writeStarted) / 1000;

  const samples = { read: [] as number[], compile: [] as number[], docx: [] as number[], total: [] as number[], md: [] as number[], html: [] as number[] };
  let last: { bytes: number; summarized: number; states: number; paragraphs: number } | undefined;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const data = await loadReportData(table, cycle, asOf);
    const read = performance.now();
    const compiled = compileReport({ ...data, mode: { kind: 'report' } });
    const built = performance.now();
    const docx = await renderReport(compiled.document, 'docx');
    const done = performance.now();
    samples.read.push(read - started);
    samples.compile.push(built - read);
    samples.docx.push(done - built);
    samples.total.push(done - started);
    const md = performance.now();
    await renderReport(compiled.document, 'md');
    samples.md.push(performance.now() - md);
    const html = performance.now();
    await renderReport(compiled.document, 'html');
    samples.html.push(performance.now() - html);
    if (data.submissions.length !== replies) throw new Error(`the Query read ${data.submissions.length} replies, not ${replies}`);
    last = {
      bytes: docx.length,
      summarized: compiled.counts.summarized,
      states: compiled.counts.reportingStates,
      paragraphs: compiled.document.sections.flatMap((section) => section.blocks).filter((block) => block.kind === 'paragraph').length,
    };
  }

  const ms = (values: readonly number[]) => Math.round(median(values)).toString();
  const rows: [string, string][] = [
    ['replies in the cycle (Query on gsi2)', String(replies)],
    ['summarized in the report (by the deadline)', String(last!.summarized)],
    ['States in section II / numbered paragraphs', `${last!.states} / ${last!.paragraphs}`],
    ['.docx size', `${(last!.bytes / 1024 / 1024).toFixed(2)} MB`],
    ['read: cycle Query + registry + status tables (ms)', ms(samples.read)],
    ['compile: document model (ms)', ms(samples.compile)],
    ['render: .docx (ms)', ms(samples.docx)],
    ['whole compile, read to .docx (ms)', ms(samples.total)],
    ['render: Markdown / HTML (ms)', `${ms(samples.md)} / ${ms(samples.html)}`],
    ['setup: BatchWrite of the replies (s, not part of the compile)', writeSeconds.toFixed(1)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\nReport of the Secretary-General, ${replies} replies (${runs} runs, median; ${machine()})`);
  console.log(`${'measure'.padEnd(width)}  figure\n${'-'.repeat(width)}  ------`);
  for (const [label, figure] of rows) console.log(`${label.padEnd(width)}  ${figure.padStart(6)}`);
} finally {
  table.client.destroy();
  await engine.stop();
}

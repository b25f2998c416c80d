/**
 * Bundle size and module init time of every registry function, against a baseline: a bundle of
 * only the AWS SDK clients the function's access needs, built by esbuild with the options
 * `cdk synth` uses. Goals per function: the bundle at most 150 KB more than its baseline, the init
 * at most 1.3 × the baseline's; a function with no SDK client, at most 150 KB and 25 ms.
 *
 *   node bench/coldstart.ts
 *
 * BENCH_INIT_RUNS fresh processes per bundle (default 20; 5 for a quick look), BENCH_PARALLEL at
 * once (default 2, the cores of the reference machine). Each process imports one bundle with
 * the Lambda runtime's variables and `--enable-source-maps`, as the function is deployed, and
 * reports the time of the import alone (Node's own start is the same for every bundle).
 *
 * The init goal is judged on the median of paired ratios: each run imports the function and its
 * baseline one after the other (in alternating order), and divides the two. A burst of other
 * work on a shared machine then slows both halves of a pair, where the ratio of two medians taken
 * apart moved by ±20 % between functions with the same baseline in one run.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import type { Access, FunctionSpec } from '../functions/registry.ts';
import { type Bundle, sampleEnvironment, synthesizeBundles } from '../infra/bundles.ts';
import { lambdaBuildOptions } from '../infra/bundling.ts';
import { projectRoot } from '../local/project-root.ts';
import { machine, median, table } from './stats.ts';

const initRuns = Number(process.env['BENCH_INIT_RUNS'] ?? '20');
const parallel = Number(process.env['BENCH_PARALLEL'] ?? '2');
/** A bundle may add this much to its baseline's; a function with no SDK client, this much in all. */
const bundleGoalKb = 150;
const initGoalRatio = 1.3;
/** The module init of a function with no SDK client (whose baseline is an empty module). */
const clientlessInitGoalMs = 25;
const run = promisify(execFile);

/** The esbuild options the stack bundles its functions with (infra/bundling.ts), and quiet. */
const synthOptions: BuildOptions = { ...lambdaBuildOptions, logLevel: 'silent' };

/** What the generated baseline entry imports and creates for each kind of access. */
const clientsFor = (access: Access) => [
  ...(access.table
    ? [
        {
          name: 'DynamoDB',
          code: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'; clients.push(DynamoDBDocumentClient.from(new DynamoDBClient({})));",
        },
      ]
    : []),
  ...(access.evidenceBucket ? [{ name: 'S3', code: "import { S3Client } from '@aws-sdk/client-s3'; clients.push(new S3Client({}));" }] : []),
  ...(access.sendEmail ? [{ name: 'SESv2', code: "import { SESv2Client } from '@aws-sdk/client-sesv2'; clients.push(new SESv2Client({}));" }] : []),
  ...(access.startWorkflows?.length ? [{ name: 'SFN', code: "import { SFNClient } from '@aws-sdk/client-sfn'; clients.push(new SFNClient({}));" }] : []),
  ...(access.userPool
    ? [
        {
          name: 'Cognito',
          code: "import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'; clients.push(new CognitoIdentityProviderClient({}));",
        },
      ]
    : []),
];

/** The entry of a baseline: the clients created at module load, and a handler that uses them. */
function baselineEntry(access: Access): string {
  const clients = clientsFor(access);
  // Imports are hoisted, so the statements may follow the array they push to.
  return ['const clients = [];', ...clients.map((client) => client.code), 'export const handler = async () => clients.length;'].join('\n');
}

/** Bytes in the bundle per npm package (the project's own code as `(project)`). */
function packageBytes(metafile: Metafile): Map<string, number> {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const name = match ? match[1]! : '(project)';
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return totals;
}

/**
 * What a function's bundle holds beyond its baseline's, per package, largest first: the bytes the
 * bundle goal is about (an SDK package appears when the commands the function sends bring code
 * that creating its client does not).
 */
function addedBytes(bundle: Map<string, number>, baseline: Map<string, number>): [string, number][] {
  return [...bundle]
    .map(([name, bytes]): [string, number] => [name, bytes - (baseline.get(name) ?? 0)])
    .filter(([, bytes]) => bytes >= 512)
    .sort((a, b) => b[1] - a[1]);
}

interface Measured {
  readonly spec: FunctionSpec;
  readonly bundleBytes: number;
  readonly baselineBytes: number;
  readonly baselineClients: string[];
  /** What the bundle adds to its baseline, per package. */
  readonly added: [string, number][];
  readonly init: number[];
  readonly baselineInit: number[];
  /** Each run's init over its baseline's, measured as a pair. */
  readonly ratios: number[];
}

/** Module init of `file` in a fresh Node process, in milliseconds. */
async function initMillis(file: string, spec: FunctionSpec): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const environment = {
    ...sampleEnvironment,
    PATH: process.env['PATH'],
    AWS_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: `bench-${spec.name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb ?? 256),
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    NODE_OPTIONS: '--enable-source-maps',
  };
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env: environment, encoding: 'utf8' });
  const millis = Number(stdout);
  if (!Number.isFinite(millis)) throw new Error(`${file}: no init time in ${JSON.stringify(stdout)}`);
  return millis;
}

/** Which goals a function meets: against its baseline, or, with no SDK client, against fixed bounds. */
function verdictOf(entry: Measured): { bundle: boolean; init: boolean; text: string } {
  const clientless = entry.baselineClients.length === 0;
  const bundleLimit = (clientless ? 0 : entry.baselineBytes) + bundleGoalKb * 1024;
  const bundle = entry.bundleBytes <= bundleLimit;
  const init = clientless ? median(entry.init) <= clientlessInitGoalMs : median(entry.ratios) <= initGoalRatio;
  const missed = [
    ...(bundle ? [] : [`bundle +${((entry.bundleBytes - bundleLimit) / 1024).toFixed(0)} KB over`]),
    ...(init ? [] : [clientless ? `init > ${clientlessInitGoalMs} ms` : `init > ${initGoalRatio}×`]),
  ];
  return { bundle, init, text: missed.length ? `misses: ${missed.join(', ')}` : 'meets' };
}

/** Runs `tasks` with at most `limit` at once. */
async function pool(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
}

const outdir = await mkdtemp(join(tmpdir(), 'mpr-bench-coldstart-'));
try {
  const started = performance.now();
  const bundles: Bundle[] = synthesizeBundles(join(outdir, 'cdk.out'));
  const measured: Measured[] = [];
  for (const { spec, file } of bundles) {
    const baselineFile = join(outdir, 'baseline', spec.name, 'index.mjs');
    const [own, baseline] = await Promise.all([
      // The same entry rebuilt with a metafile: which packages make up the bundle.
      build({
        ...synthOptions,
        entryPoints: [join(projectRoot, spec.entry)],
        outfile: join(outdir, 'parts', spec.name, 'index.mjs'),
        metafile: true,
        write: false,
      }),
      build({
        ...synthOptions,
        stdin: { contents: baselineEntry(spec.access), resolveDir: projectRoot, sourcefile: 'baseline.mjs', loader: 'js' },
        outfile: baselineFile,
        metafile: true,
      }),
    ]);
    const bundleBytes = (await stat(file)).size;
    const rebuilt = own.outputFiles.find((output) => output.path.endsWith('.mjs'))!.contents.byteLength;
    if (Math.abs(rebuilt - bundleBytes) > bundleBytes * 0.01)
      throw new Error(`${spec.name}: the rebuilt bundle (${rebuilt} B) is not the synthesized one (${bundleBytes} B): the options above drifted from infra`);
    measured.push({
      spec,
      bundleBytes,
      baselineBytes: (await stat(baselineFile)).size,
      baselineClients: clientsFor(spec.access).map((client) => client.name),
      added: addedBytes(packageBytes(own.metafile), packageBytes(baseline.metafile)),
      init: [],
      baselineInit: [],
      ratios: [],
    });
  }
  const built = performance.now();

  // A function and its baseline in pairs, one after the other, the first of the pair alternating.
  const tasks = Array.from({ length: initRuns }, (_run, run) =>
    measured.map((entry) => async () => {
      const file = bundles.find((bundle) => bundle.spec === entry.spec)!.file;
      const baselineFile = join(outdir, 'baseline', entry.spec.name, 'index.mjs');
      const functionFirst = run % 2 === 0;
      const first = await initMillis(functionFirst ? file : baselineFile, entry.spec);
      const second = await initMillis(functionFirst ? baselineFile : file, entry.spec);
      const [init, baselineInit] = functionFirst ? [first, second] : [second, first];
      entry.init.push(init);
      entry.baselineInit.push(baselineInit);
      entry.ratios.push(init / baselineInit);
    }),
  ).flat();
  await pool(tasks, parallel);
  const timed = performance.now();

  const kb = (bytes: number) => (bytes / 1024).toFixed(0);
  const yes = (met: boolean) => (met ? 'yes' : 'no');
  const verdicts = measured.map(verdictOf);
  console.log(
    `\nCold start of every function (${machine()}): bundle as cdk synth builds it (minified ESM, AWS SDK included), module init = median of ${initRuns} fresh processes, ${parallel} at once`,
  );
  console.log(
    `baseline = a bundle, same esbuild options, of only the SDK clients the function's access needs, created at load; goals: bundle ≤ baseline + ${bundleGoalKb} KB, init ≤ ${initGoalRatio} × baseline; with no client, bundle ≤ ${bundleGoalKb} KB and init ≤ ${clientlessInitGoalMs} ms`,
  );
  console.log(
    table([
      ['function', 'bundle KB', 'init ms', 'baseline clients', 'baseline KB', 'baseline ms', 'init ÷ baseline (paired)', 'bundle goal', 'init goal', 'verdict'],
      ...measured.map((entry, index) => {
        const verdict = verdicts[index]!;
        return [
          entry.spec.name,
          kb(entry.bundleBytes),
          median(entry.init).toFixed(1),
          entry.baselineClients.join('+') || '(none)',
          kb(entry.baselineBytes),
          median(entry.baselineInit).toFixed(1),
          median(entry.ratios).toFixed(2),
          yes(verdict.bundle),
          yes(verdict.init),
          verdict.text,
        ];
      }),
    ]),
  );
  const met = (goal: 'bundle' | 'init') => verdicts.filter((verdict) => verdict[goal]).length;
  console.log(
    `goals met: bundle ${met('bundle')}/${measured.length}, init ${met('init')}/${measured.length}, both ${verdicts.filter((verdict) => verdict.bundle && verdict.init).length}/${measured.length}; synth and builds ${((built - started) / 1000).toFixed(0)} s, ${initRuns * measured.length * 2} inits ${((timed - built) / 1000).toFixed(0)} s`,
  );

  console.log("\nWhat each bundle adds to its baseline (KB of minified output per package, the five largest; `(project)` is the project's own code)");
  console.log(
    table(
      [
        ['function', 'added KB', 'largest additions'],
        ...measured.map((entry) => [
          entry.spec.name,
          kb(entry.bundleBytes - entry.baselineBytes),
          entry.added
            .slice(0, 5)
            .map(([name, bytes]) => `${name} ${kb(bytes)}`)
            .join(', '),
        ]),
      ],
      3,
    ),
  );
} finally {
  await rm(outdir, { recursive: true, force: true });
}

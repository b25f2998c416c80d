/**
 * `npm run bench`: figures that are measured, not assumed. Each section prints its own table;
 * docs/benchmarks.md records a run with the machine it ran on.
 *
 *   npm run bench                 every section
 *   npm run bench -- engine       one section (engine | bundles | dispatch | report)
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../local/project-root.ts';
import { sampleEnvironment, synthesizeBundles } from '../infra/bundles.ts';

const runs = Number(process.env['BENCH_RUNS'] ?? '5');

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function table(rows: readonly (readonly (string | number)[])[]): string {
  const text = rows.map((row) => row.map(String));
  const widths = text[0]!.map((_cell, column) => Math.max(...text.map((row) => row[column]!.length)));
  return text.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}

/** Time from spawning `node local/start.ts` to endpoints.json, and the engine's own figure. */
async function engineReady(): Promise<void> {
  const wall: number[] = [];
  const reported: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const localDir = await mkdtemp(join(tmpdir(), 'mpr-bench-'));
    const ports = Object.fromEntries(['API', 'DYNAMODB', 'S3', 'SES', 'COGNITO', 'STEPFUNCTIONS', 'SMTP'].map((service) => [`MPR_PORT_${service}`, '0']));
    const started = performance.now();
    const child = spawn(process.execPath, ['local/start.ts'], { cwd: projectRoot, env: { ...process.env, ...ports, MPR_LOCAL_DIR: localDir }, stdio: 'ignore' });
    const file = join(localDir, 'endpoints.json');
    while (!existsSync(file)) {
      if (performance.now() - started > 30_000) throw new Error('engine not ready in 30 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    wall.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
    reported.push((JSON.parse(await readFile(file, 'utf8')) as { readyMillis: number }).readyMillis);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
    await rm(localDir, { recursive: true, force: true });
  }
  console.log(`\nLocal engine start (${runs} runs, median)`);
  console.log(
    table([
      ['measure', 'ms'],
      ['process spawn → endpoints.json', Math.round(median(wall))],
      ['process start → ready (as the engine reports it)', Math.round(median(reported))],
    ]),
  );
}

/** Each function's bundle as `cdk synth` builds it, and its module init time in a fresh process. */
async function bundles(): Promise<void> {
  const outdir = await mkdtemp(join(tmpdir(), 'mpr-bench-bundles-'));
  try {
    const rows: (string | number)[][] = [['function', 'bundle KB', 'init ms (median)']];
    for (const { spec, file } of synthesizeBundles(outdir)) {
      const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
      const environment = { ...sampleEnvironment, PATH: process.env['PATH'], AWS_REGION: 'us-east-1' };
      const inits = Array.from({ length: runs }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: environment, encoding: 'utf8' })));
      rows.push([spec.name, ((await stat(file)).size / 1024).toFixed(1), median(inits).toFixed(1)]);
    }
    console.log(`\nFunction bundles (minified ESM, AWS SDK included; init over ${runs} fresh Node ${process.version} processes)`);
    console.log(table(rows));
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

/** AWS list prices (us-east-1, on-demand) used to turn counts into cost. */
const prices = {
  stepFunctionsTransition: 0.025 / 1000,
  lambdaRequest: 0.2 / 1_000_000,
  lambdaGbSecondArm: 0.0000133334,
  sesMessage: 0.1 / 1000,
};

interface DispatchFigures {
  rate: number;
  recipients: number;
  dispatchSeconds: number;
  boundSeconds: number | null;
  sent: number;
  throttlingSurfaced: number;
  circulation: { transitions: number; invocations: number; functionMillis: number; emails: number };
}

/** The circular note to 195 addressees × 2 mailboxes at several send rates, and one circulation's counts. */
async function dispatch(): Promise<void> {
  const figures: DispatchFigures[] = [];
  for (const rate of [14, 50, 0]) {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['bench/dispatch.ts', '--rate', String(rate)], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`bench/dispatch.ts --rate ${rate} exited ${code}`))));
    });
    figures.push(JSON.parse(output.trim().split('\n').at(-1)!) as DispatchFigures);
  }
  console.log('\nCircular-note dispatch, 195 addressees × 2 mailboxes (wall time from StartExecution to the dispatch record)');
  console.log(
    table([
      ['send rate', 'recipients', 'seconds', 'bound (recipients ÷ rate)', 'ratio to bound', 'throttling errors surfaced'],
      ...figures.map((figure) => [
        figure.rate > 0 ? `${figure.rate}/s` : 'unlimited',
        figure.recipients,
        figure.dispatchSeconds.toFixed(1),
        figure.boundSeconds === null ? '—' : figure.boundSeconds.toFixed(1),
        figure.boundSeconds === null ? '—' : (figure.dispatchSeconds / figure.boundSeconds).toFixed(2),
        figure.throttlingSurfaced,
      ]),
    ]),
  );
  const { circulation } = figures.at(-1)!;
  // Lambda duration is priced from the local durations at the memory of send-note (512 MB), an upper bound.
  const gbSeconds = (circulation.functionMillis / 1000) * 0.5;
  const stepFunctions = circulation.transitions * prices.stepFunctionsTransition;
  const lambda = circulation.invocations * prices.lambdaRequest + gbSeconds * prices.lambdaGbSecondArm;
  const ses = circulation.emails * prices.sesMessage;
  console.log('\nOne circulation of a violation report (to every addressee, plus attention notes)');
  console.log(
    table([
      ['measure', 'count', 'cost (USD)'],
      ['state transitions', circulation.transitions, stepFunctions.toFixed(5)],
      ['Lambda invocations', circulation.invocations, (circulation.invocations * prices.lambdaRequest).toFixed(5)],
      ['Lambda GB-seconds (local durations × 0.5 GB)', gbSeconds.toFixed(1), (gbSeconds * prices.lambdaGbSecondArm).toFixed(5)],
      ['SES messages', circulation.emails, ses.toFixed(5)],
      ['system overhead ÷ SES price', '', ((stepFunctions + lambda) / ses).toFixed(2)],
    ]),
  );
}

/** The draft report of a cycle with 10,000 replies: bench/report.ts in its own process (one engine per process). */
async function report(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/report.ts'], { cwd: projectRoot, stdio: 'inherit' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench/report.ts exited ${code}`))));
  });
}

const sections: Record<string, () => Promise<void>> = { engine: engineReady, bundles, dispatch, report };
const wanted = process.argv.slice(2);
console.log(`mission-protection-reporting benchmarks — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`);
for (const [name, section] of Object.entries(sections)) {
  if (wanted.length === 0 || wanted.includes(name)) await section();
}

/**
 * `npm run bench`: figures that are measured, not assumed. Each section prints its own table;
 * docs/benchmarks.md records a run with the machine it ran on.
 *
 *   npm run bench                 every section
 *   npm run bench -- engine       one or more sections: engine | coldstart (alias bundles) | intake | dispatch | report | revocation
 *
 * Sections that start an engine run in a process of their own (bench/*.ts), one engine each.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../local/project-root.ts';
import { machine, median, runScript, table } from './stats.ts';

const runs = Number(process.env['BENCH_RUNS'] ?? '5');

/** Time from spawning `node local/start.ts` to endpoints.json, and the engine's own figure. */
async function engineReady(): Promise<void> {
  const wall: number[] = [];
  const reported: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const localDir = await mkdtemp(join(tmpdir(), 'mpr-bench-'));
    const ports = Object.fromEntries(['API', 'DYNAMODB', 'S3', 'SES', 'COGNITO', 'STEPFUNCTIONS', 'SMTP'].map((service) => [`MPR_PORT_${service}`, '0']));
    const started = performance.now();
    const child = spawn(process.execPath, ['local/start.ts'], {
      cwd: projectRoot,
      env: { ...process.env, ...ports, MPR_LOCAL_DIR: localDir },
      stdio: 'ignore',
    });
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
  console.log(`\nLocal engine start (${runs} runs, median; ${machine()})`);
  console.log(
    table([
      ['measure', 'ms'],
      ['process spawn → endpoints.json', Math.round(median(wall))],
      ['process start → ready (as the engine reports it)', Math.round(median(reported))],
    ]),
  );
}

/** Every function's bundle size and module init against a baseline of its SDK clients (bench/coldstart.ts). */
async function coldstart(): Promise<void> {
  await runScript('bench/coldstart.ts', [], { echo: true });
}

/** Upload latency at 1, 10 and 50 clients, and e-mail to stored (bench/intake.ts, its own engine). */
async function intake(): Promise<void> {
  await runScript('bench/intake.ts', [], { echo: true });
}

/** AWS list prices (us-east-1, on-demand) used to turn counts into cost. */
const prices = {
  stepFunctionsTransition: 0.025 / 1000,
  lambdaRequest: 0.2 / 1_000_000,
  lambdaGbSecondArm: 0.0000133334,
  sesMessage: 0.1 / 1000,
};

/** Goals: a paced dispatch within 10% of recipients ÷ rate; Step Functions and Lambda at most 25% of what SES costs. */
const dispatchGoalRatio = 1.1;
const overheadGoal = 0.25;

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
    const output = await runScript('bench/dispatch.ts', ['--rate', String(rate)], { stderr: 'inherit' });
    figures.push(JSON.parse(output.trim().split('\n').at(-1)!) as DispatchFigures);
  }
  console.log(`\nCircular-note dispatch, 195 addressees × 2 mailboxes (wall time from StartExecution to the dispatch record; ${machine()})`);
  console.log(
    table([
      ['send rate', 'recipients', 'seconds', 'bound (recipients ÷ rate)', 'ratio to bound', `≤ ${dispatchGoalRatio} × bound`, 'throttling errors surfaced'],
      ...figures.map((figure) => [
        figure.rate > 0 ? `${figure.rate}/s` : 'unlimited',
        figure.recipients,
        figure.dispatchSeconds.toFixed(1),
        figure.boundSeconds === null ? '—' : figure.boundSeconds.toFixed(1),
        figure.boundSeconds === null ? '—' : (figure.dispatchSeconds / figure.boundSeconds).toFixed(2),
        figure.boundSeconds === null ? '—' : figure.dispatchSeconds / figure.boundSeconds <= dispatchGoalRatio ? 'yes' : 'no',
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
      [
        `system overhead ÷ SES price (goal ≤ ${overheadGoal}: ${(stepFunctions + lambda) / ses <= overheadGoal ? 'met' : 'missed'})`,
        '',
        ((stepFunctions + lambda) / ses).toFixed(2),
      ],
    ]),
  );
}

/** The draft report of a cycle with 10,000 replies: bench/report.ts in its own process (one engine per process). */
async function report(): Promise<void> {
  await runScript('bench/report.ts', [], { echo: true, stderr: 'inherit' });
}

/** The revocation check's cost per request (bench/revocation.ts, its own engine). */
async function revocation(): Promise<void> {
  await runScript('bench/revocation.ts', [], { echo: true });
}

const sections: Record<string, () => Promise<void>> = { engine: engineReady, coldstart, intake, dispatch, report, revocation };
const aliases: Record<string, string> = { bundles: 'coldstart' };
const wanted = process.argv.slice(2).map((name) => aliases[name] ?? name);
const unknown = wanted.filter((name) => !(name in sections));
if (unknown.length > 0) throw new Error(`no benchmark section ${unknown.join(', ')}; the sections: ${Object.keys(sections).join(', ')}`);
console.log(`mission-protection-reporting benchmarks — ${machine()}`);
for (const [name, section] of Object.entries(sections)) {
  if (wanted.length === 0 || wanted.includes(name)) await section();
}

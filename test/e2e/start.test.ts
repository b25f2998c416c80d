/**
 * `npm start` as a newcomer runs it: a child process, reached only through what it writes to
 * endpoints.json, its HTTP API and the `mpr` CLI.
 */

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgeToken } from '../../local/cognito/forge.ts';
import type { EndpointsFile } from '../../local/endpoints-file.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const freePorts = Object.fromEntries(['API', 'DYNAMODB', 'S3', 'SES', 'COGNITO', 'STEPFUNCTIONS', 'SMTP'].map((service) => [`MPR_PORT_${service}`, '0']));

let localDir: string;
let engine: ChildProcess;
let output = '';
let file: EndpointsFile;
let environment: NodeJS.ProcessEnv;

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; engine output:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  localDir = await mkdtemp(join(tmpdir(), 'mpr-e2e-'));
  environment = { ...process.env, ...freePorts, MPR_LOCAL_DIR: localDir, MPR_SES_MAX_SEND_RATE: '2000' };
  engine = spawn('npm', ['start', '--silent'], { cwd: root, env: environment, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  engine.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  engine.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  file = await waitFor(
    async () => {
      if (!existsSync(join(localDir, 'endpoints.json'))) return undefined;
      return JSON.parse(await readFile(join(localDir, 'endpoints.json'), 'utf8')) as EndpointsFile;
    },
    'endpoints.json',
    120_000,
  );
}, 180_000);

function groupAlive(): boolean {
  try {
    process.kill(-engine.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  if (groupAlive()) process.kill(-engine.pid!, 'SIGKILL');
  await rm(localDir, { recursive: true, force: true });
});

async function whoami(authorization?: string): Promise<Response> {
  return fetch(`${file.endpoints.api}/v1/whoami`, authorization ? { headers: { authorization } } : {});
}

/**
 * Runs the CLI as a process, as `npx mpr` does, minus npx's own start-up (about 2 s of CPU each,
 * more than the command): the README's `npx mpr` itself is run once, by the endpoints test.
 */
function mpr(args: readonly string[], options: { readonly timeout?: number } = {}) {
  return run(process.execPath, [join(root, 'bin', 'mpr.js'), ...args], { cwd: root, env: environment, ...options });
}

// Each test starts `mpr` processes: a second on an idle machine, more beside other work.
describe('npm start', { timeout: 120_000 }, () => {
  // How fast it is ready is measured by `npm run bench -- engine` (docs/benchmarks.md), not
  // asserted here, where the machine's load would decide.
  it('prints the endpoint table it wrote to endpoints.json, with the time it took to be ready', async () => {
    await waitFor(async () => (output.includes('Ctrl-C stops') ? true : undefined), 'the ready message');
    for (const url of Object.values(file.endpoints)) expect(output).toContain(url);
    expect(output).toContain(`Ready in ${file.readyMillis} ms`);
  });

  it('lists the endpoints through the CLI', async () => {
    const { stdout } = await run('npx', ['mpr', 'local', 'endpoints'], { cwd: root, env: environment });
    expect(stdout).toContain(file.endpoints.api);
    expect(stdout).toContain(file.endpoints.outbox);
  });

  it('answers 401 without a token', async () => {
    const response = await whoami();
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
  });

  it('answers 200 with the State of a focal point whose token the CLI obtained', async () => {
    const { stdout } = await mpr(['local', 'token', '--state', 'FRA']);
    const response = await whoami(`Bearer ${stdout.trim()}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ username: 'focal.fra', state: 'FRA', roles: ['focal-point'] });
  });

  it('answers 401 to a well-formed token signed by another key', async () => {
    const { stdout } = await mpr(['local', 'token', '--state', 'FRA']);
    const genuine = JSON.parse(Buffer.from(stdout.trim().split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    const forged = await forgeToken(genuine);
    expect((await whoami(`Bearer ${forged}`)).status).toBe(401);
  });

  it('exports the seeded registry: 195 States addressed, in English order', async () => {
    const { stdout } = await mpr(['states', 'export']);
    const rows = stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('code,name_en,name_fr,sort_key,status,language,mailboxes,name_en_in_text,name_fr_in_text,name_es');
    expect(rows).toHaveLength(196);
    expect(rows[1]).toMatch(/^AFG,Afghanistan,/);
    expect(rows.at(-1)).toMatch(/^ZWE,Zimbabwe,/);
  });

  it('refuses a registry file with errors, naming each line, and changes nothing', async () => {
    const file = join(localDir, 'bad-states.csv');
    await writeFile(
      file,
      'code,name_en,name_fr,sort_key,status,language,mailboxes\nFRA,France,France,,member,fr,pm.fra@missions.example.org\nFRA,France,France,,member,fr,not-an-address\nXYZ,Nowhere,Nulle part,,member,en,pm.xyz@missions.example.org\n',
    );
    const failure = await mpr(['states', 'import', file]).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failure && failure.code).toBe(1);
    expect(failure.stderr).toMatch(/nothing changed/);
    expect(failure.stderr).toMatch(/line 3/);
    expect(failure.stderr).toMatch(/line 4/);
    const { stdout } = await mpr(['states', 'export', '--all']);
    expect(stdout.trimEnd().split('\n')).toHaveLength(198);
  });

  it('imports a registry file as a new version', async () => {
    const file = join(localDir, 'states.csv');
    await mpr(['states', 'export', '--all', '--out', file]);
    const { stdout } = await mpr(['states', 'import', file]);
    expect(stdout).toMatch(/Imported 197 States \(195 addressed\) into the local engine as registry version 2/);
  });

  it('shows the seeded 77/108 cycle and changes it, refusing a bad setting', async () => {
    const shown = await mpr(['cycles', 'show', '--cycle', '77/108']);
    expect(shown.stdout).toMatch(/reply deadline\s+2024-05-15 \(reminders 2024-02-21, 2024-05-01\)/);
    const changed = await mpr([
      'cycles',
      'set',
      '--cycle',
      '77/108',
      'replyDeadline=2024-05-31',
      'periods.followUp.dueAfterDays=120',
      'periods.followUp.remindAfterDays=[120,180]',
    ]);
    expect(changed.stdout).toMatch(/Cycle 77\/108 \(version 2\)/);
    expect(changed.stdout).toMatch(/reply deadline\s+2024-05-31/);
    expect(changed.stdout).toMatch(/follow-up\s+due 120 days after the report/);
    const refused = await mpr(['cycles', 'set', 'replyDeadline=2021-01-01']).catch((error: { code: number; stderr: string }) => error);
    expect('code' in refused && refused.code).toBe(1);
    expect(refused.stderr).toMatch(/\/replyDeadline: must be after the adoption of the resolution \(2022-12-07\)/);
  });

  it('tells what a State owes now', async () => {
    const { stdout } = await mpr(['obligations', 'owed', '--state', 'KEN', '--at', '2024-06-01']);
    expect(stdout).toBe('KEN owes no report as of 2024-06-01.\n');
  });

  it('sends the circular note to all 195 addressees, showing progress until done', async () => {
    // The seeded deadline has passed and a circular note after its deadline is refused: move it
    // as the README says, to four months from today (the reminders then wait for their days).
    const deadline = new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10);
    await mpr(['cycles', 'set', '--cycle', '77/108', `replyDeadline=${deadline}`]);
    const { stdout } = await mpr(['circular', 'send', '--cycle', '77/108'], { timeout: 120_000 });
    expect(stdout).toMatch(/Dispatching the circular note of cycle 77\/108 to 195 States \(\d+ mailboxes\)/);
    expect(stdout).toMatch(/Sent to 195\/195 States/);
    expect(stdout).toMatch(/Done: \d+ sent now, 0 already sent before, 0 uncertain; 0 State\(s\) unreached\./);
    const outbox = (await (await fetch(`${file.endpoints.ses}/store`)).json()) as { emails: unknown[] };
    expect(outbox.emails.length).toBeGreaterThanOrEqual(195);
  }, 150_000);

  it('compiles the draft report of the Secretary-General, with the sample status tables it starts with', async () => {
    const out = join(localDir, 'report.md');
    const { stdout } = await mpr(['report', 'compile', '--cycle', '77/108', '--as-of', '2024-07-01', '--format', 'md', '--out', out]);
    expect(stdout).toContain(out);
    const report = await readFile(out, 'utf8');
    expect(report).toContain('Report of the Secretary-General');
    expect(report).toMatch(/Status of participation/);
    expect(report).toMatch(/Vienna Convention on Diplomatic Relations/);
  });

  it('stops cleanly on Ctrl-C and removes endpoints.json', async () => {
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      engine.once('exit', (code, signal) => resolve({ code, signal })),
    );
    // Ctrl-C in a terminal signals the whole foreground group: npm and the engine under it.
    process.kill(-engine.pid!, 'SIGINT');
    const { code, signal } = await exited;
    // npm re-raises the signal on itself once its script has ended; the engine's own clean exit
    // shows in what it printed and in the endpoints file it removed.
    expect(code === 0 || signal === 'SIGINT').toBe(true);
    await waitFor(async () => (groupAlive() ? undefined : true), 'every process of npm start to exit', 10_000);
    expect(output).toContain('SIGINT: stopping');
    expect(existsSync(join(localDir, 'endpoints.json'))).toBe(false);
    await expect(fetch(`${file.endpoints.api}/v1/health`)).rejects.toThrow();
  });
});

/**
 * Support for the `mpr` tests: one seeded engine per test file, reached by the commands through
 * the endpoints.json written for it (as `npm start` would write it), records put straight into
 * the table and the evidence bucket, and commands run in this process or as the `mpr` program.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, vi } from 'vitest';
import type { Command, CommandGroup } from '../../cli/command.ts';
import { IncidentsRepository } from '../../functions/aws/incidents-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { attachReport, type Incident, linkedReportOf, openIncident } from '../../functions/core/incidents.ts';
import type { Submission } from '../../functions/core/submissions.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import type { EndpointsFile } from '../../local/endpoints-file.ts';
import type { EngineOptions } from '../../local/engine.ts';
import { type TestEngine, useEngine } from '../support/engine.ts';

const root = join(import.meta.dirname, '..', '..');

export interface CliTestEngine extends TestEngine {
  readonly s3: S3Client;
  /** The folder holding the engine's endpoints.json (MPR_LOCAL_DIR of the commands). */
  readonly localDir: string;
}

/** One seeded engine for the test file (with `options`), with its endpoints.json for the CLI; the operator is `officer.test`. */
export function useCliEngine(options: EngineOptions = {}): () => CliTestEngine {
  const engine = useEngine(options);
  let context: CliTestEngine | undefined;
  beforeAll(async () => {
    const test = engine();
    const localDir = await mkdtemp(join(tmpdir(), 'mpr-cli-'));
    const file: EndpointsFile = {
      endpoints: test.engine.endpoints,
      resources: test.engine.resources,
      pid: process.pid,
      readyMillis: 0,
      clock: { origin: test.engine.clock.origin, timeScale: test.engine.clock.timeScale },
    };
    await writeFile(join(localDir, 'endpoints.json'), JSON.stringify(file));
    vi.stubEnv('MPR_LOCAL_DIR', localDir);
    vi.stubEnv('MPR_OPERATOR', 'officer.test');
    context = { ...test, localDir, s3: new S3Client({ ...localClientConfig(test.engine.endpoints.s3), forcePathStyle: true }) };
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    context?.s3.destroy();
    if (context) await rm(context.localDir, { recursive: true, force: true });
  });
  return () => {
    if (!context) throw new Error('the engine is not started yet');
    return context;
  };
}

/** Runs a command in this process, as `mpr <group> <command> …` would; returns what it printed on stdout. */
export async function run(group: CommandGroup | Command, ...args: string[]): Promise<string> {
  const command = 'commands' in group ? group.commands.find((candidate) => candidate.name === args[0]) : group;
  if (!command) throw new Error(`no command ${args[0]}`);
  const rest = 'commands' in group ? args.slice(1) : args;
  let printed = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
  try {
    await command.run(rest);
  } finally {
    write.mockRestore();
  }
  return printed;
}

/** Runs the `mpr` program (bin/mpr.js) against the test's engine: its exit code and output. */
export async function mpr(localDir: string | undefined, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return mprProgram({ localDir }, args);
}

/**
 * The same, as `operator` (officer.test unless given), with `nodeArguments` before the program
 * (a preload, say).
 */
export async function mprProgram(
  options: { readonly localDir?: string | undefined; readonly operator?: string; readonly nodeArguments?: readonly string[] },
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [...(options.nodeArguments ?? []), join(root, 'bin', 'mpr.js'), ...args], {
      cwd: root,
      env: { ...process.env, ...(options.localDir ? { MPR_LOCAL_DIR: options.localDir } : {}), MPR_OPERATOR: options.operator ?? 'officer.test' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A file stored in the evidence bucket, described as a submission's attachment. */
export async function storeAttachment(
  test: CliTestEngine,
  key: string,
  fileName: string,
  content: string,
  itemIndex = 0,
): Promise<Submission['attachments'][number]> {
  await test.s3.send(new PutObjectCommand({ Bucket: test.engine.resources.evidenceBucket, Key: key, Body: content, ContentType: 'application/pdf' }));
  return {
    fileName,
    contentType: 'application/pdf',
    size: Buffer.byteLength(content),
    sha256: createHash('sha256').update(content).digest('hex'),
    itemIndex,
    key,
  };
}

/** Stores submissions as intake would, and opens or joins the incidents of their reports (the first violation of each opens one). */
export async function storeSubmissions(test: CliTestEngine, submissions: readonly Submission[]): Promise<Incident[]> {
  const repository = new SubmissionsRepository(test.table);
  const incidents = new IncidentsRepository(test.table);
  const opened: Incident[] = [];
  for (const submission of submissions) {
    await repository.create(submission);
    for (const [index, item] of submission.items.entries()) {
      if (item.kind === 'violation') opened.push((await incidents.save(openIncident(submission, index))).incident);
      if (item.kind === 'follow-up') {
        const incident = opened.find((candidate) => candidate.id === item.answers || candidate.reports.some((report) => report.reference === item.answers))!;
        const stored = (await incidents.get(incident.id))!;
        await incidents.save(attachReport(stored.incident, linkedReportOf(submission, index)), stored.version);
      }
    }
  }
  return opened;
}

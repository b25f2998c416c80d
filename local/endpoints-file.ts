/**
 * `.local/endpoints.json`: how the running engine is reached. Written by `npm start`, read by
 * the CLI and the end-to-end tests.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEngineClock, type EngineClock, type EngineClockSetting } from './clock.ts';
import type { Endpoints, EngineResources } from './engine.ts';

export interface EndpointsFile {
  readonly endpoints: Endpoints;
  readonly resources: EngineResources;
  readonly pid: number;
  readonly readyMillis: number;
  /** The engine clock, so that a client reads the engine's time (absent: real time). */
  readonly clock?: EngineClockSetting;
}

/** The running engine's clock as a client outside it reads it (real time when the file names none). */
export function engineClockOf(file: Pick<EndpointsFile, 'clock'>): EngineClock {
  return createEngineClock(file.clock ?? {});
}

/** `.local/` in the repository, or MPR_LOCAL_DIR (tests run an engine without touching yours). */
export function localStateDirectory(root: string, environment: NodeJS.ProcessEnv = process.env): string {
  return environment['MPR_LOCAL_DIR'] || join(root, '.local');
}

export function endpointsFile(root: string): string {
  return join(localStateDirectory(root), 'endpoints.json');
}

export async function readEndpointsFile(root: string): Promise<EndpointsFile> {
  try {
    return JSON.parse(await readFile(endpointsFile(root), 'utf8')) as EndpointsFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('the local engine is not running (no .local/endpoints.json): start it with npm start', { cause: error });
    throw error;
  }
}

const descriptions: Record<keyof Endpoints, string> = {
  api: 'HTTP API (/v1/...)',
  dynamodb: 'DynamoDB',
  s3: 'S3',
  ses: 'SES v2',
  outbox: 'Sent mail (web outbox)',
  cognito: 'Cognito user pool',
  stepfunctions: 'Step Functions',
  smtp: 'Inbound email (SMTP)',
};

export function formatEndpointTable(endpoints: Endpoints): string {
  const rows = (Object.keys(descriptions) as (keyof Endpoints)[]).map((service) => [service, descriptions[service], endpoints[service]] as const);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length), ['service', 'what', 'url'][column]!.length));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(['service', 'what', 'url']), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

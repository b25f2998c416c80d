/**
 * One local engine per test file, on free ports, with clients for what the tests inspect.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, type DescribeExecutionCommandOutput, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import type { TableAccess } from '../../functions/aws/table-repository.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import { type Engine, type EngineOptions, startEngine } from '../../local/engine.ts';

export const allFreePorts = { api: 0, dynamodb: 0, s3: 0, ses: 0, cognito: 0, stepfunctions: 0, smtp: 0 } as const;

export interface TestEngine {
  readonly engine: Engine;
  readonly table: TableAccess;
  readonly sfn: SFNClient;
}

/** Starts an engine before the file's tests and stops it after them. */
export function useEngine(options: Omit<EngineOptions, 'ports'> = {}): () => TestEngine {
  let current: TestEngine | undefined;
  beforeAll(async () => {
    const engine = await startEngine({ ports: allFreePorts, ...options });
    current = {
      engine,
      table: {
        client: DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(engine.endpoints.dynamodb)), {
          marshallOptions: { removeUndefinedValues: true },
        }),
        tableName: engine.resources.tableName,
      },
      sfn: new SFNClient(localClientConfig(engine.endpoints.stepfunctions)),
    };
  }, 60_000);
  afterAll(async () => {
    await current?.engine.stop();
  });
  return () => {
    if (!current) throw new Error('the engine is not started yet');
    return current;
  };
}

/** The first pause between two probes, and the longest. */
const firstPauseMillis = 50;
const longestPauseMillis = 1_000;
/** A pause lasts at least this many times the probe before it, so probing takes at most a fifth of the time. */
const pausePerProbeTime = 4;
/** How much later than asked a pause may end before its lateness is taken as time the process was not running. */
const lateWakeUpMillis = 1_000;

/**
 * Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`.
 *
 * The engine runs in the test's own process: a probe competes with the work it waits for. A
 * probe of the SES outbox reads every message sent so far (PDFs included: about 3 MB after a
 * 195-State dispatch, 200 ms of a busy core), so probing at a fixed 50 ms slowed a dispatch
 * five times over. The pause grows from 50 ms to a second, and is at least four times the
 * probe's own time.
 *
 * `everyMillis`, a fixed pause instead, is for an engine in a process of its own, where a probe
 * is cheap and takes nothing from it (test/reliability/restart.test.ts): the test goes on as soon
 * as what it waits for has happened.
 *
 * The deadline counts the time this process could run. A pause that ends more than a second
 * later than asked means the process was not running (the machine suspended, or starved by other
 * work): the engine in it was not running either, so the lateness is added to the deadline. One
 * fresh-clone run failed two files at once, each at its deadline and each about two minutes
 * longer than usual, while the run as a whole had used one core of two: most likely the machine
 * had stopped, and those two files were the ones waiting at the time.
 */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000, everyMillis?: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let notRunningMillis = 0;
  let pause = firstPauseMillis;
  for (;;) {
    const probed = performance.now();
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline + notRunningMillis) throw new Error(`timed out waiting for ${what}`);
    const probeMillis = performance.now() - probed;
    const asked = everyMillis ?? Math.max(pause, pausePerProbeTime * probeMillis);
    const paused = performance.now();
    await new Promise((resolve) => setTimeout(resolve, asked));
    const late = performance.now() - paused - asked;
    if (late > lateWakeUpMillis) notRunningMillis += late;
    pause = Math.min(longestPauseMillis, pause * 1.5);
  }
}

/** Starts an execution of a workflow of workflows/ and waits until it is no longer running. */
export async function runWorkflow(
  test: TestEngine,
  workflow: string,
  name: string,
  input: unknown,
  timeoutMs = 60_000,
): Promise<DescribeExecutionCommandOutput> {
  const { executionArn } = await test.sfn.send(
    new StartExecutionCommand({ stateMachineArn: test.engine.resources.stateMachines[workflow], name, input: JSON.stringify(input) }),
  );
  return eventually(
    async () => {
      const execution = await test.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return execution.status === 'RUNNING' ? undefined : execution;
    },
    `execution ${name} to finish`,
    timeoutMs,
  );
}

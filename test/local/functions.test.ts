/**
 * The engine's function timeout counts what Lambda counts: the invocation's own run, not the time
 * it waited behind other invocations sharing the process.
 */
import { describe, expect, it } from 'vitest';
import type { FunctionSpec } from '../../functions/registry.ts';
import { environmentOf } from '../../functions/runtime/environment.ts';
import { type InvocationRecord, LocalFunctions } from '../../local/functions.ts';
import { projectRoot } from '../../local/project-root.ts';

const busy: FunctionSpec = {
  name: 'busy',
  entry: 'test/local/fixtures/busy-handler.ts',
  description: 'works for a given CPU time',
  environment: environmentOf(),
  triggers: [],
  access: {},
  timeoutSeconds: 1,
};

describe('function timeout', () => {
  it('lets a burst of invocations, each well within its timeout alone, all finish', async () => {
    const functions = new LocalFunctions(projectRoot, { instancesPerFunction: 2 });
    const records: InvocationRecord[] = [];
    functions.events.on('invocation', (record) => records.push(record));
    // 40 × 80 ms of work is over 3 s: run all at once, each would take as long, past its 1 s.
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => functions.invoke(busy, { millis: 80 })));
    expect(results.filter((result) => result.status === 'rejected').map((result) => String(result.reason))).toEqual([]);
    expect(records).toHaveLength(40);
    // The waits are counted apart: some invocations waited longer than the timeout itself.
    expect(Math.max(...records.map((record) => record.queuedMillis))).toBeGreaterThan(Math.max(...records.map((record) => record.millis)));
  }, 60_000);

  it('still times out an invocation whose own run is longer than its timeout', async () => {
    const functions = new LocalFunctions(projectRoot);
    await expect(functions.invoke(busy, { millis: 1500 })).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
  }, 30_000);
});

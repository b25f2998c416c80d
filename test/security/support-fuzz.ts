/**
 * Shared settings of the fuzz tests: one fixed seed, so that a failure seen in CI is seen again on
 * any machine, and run counts that a long run can raise.
 *
 * - `MPR_FUZZ_SEED`: another seed (fast-check prints the seed and path of a failure to replay it).
 * - `MPR_FUZZ_RUNS`: at least this many runs per property, e.g. `MPR_FUZZ_RUNS=200000` overnight.
 *
 * Each file prints, when it ends, its seed and the runs each property made.
 */

import fc from 'fast-check';
import { afterAll } from 'vitest';

export const fuzzSeed = Number(process.env['MPR_FUZZ_SEED'] ?? 20_240_515);

const requestedRuns = Number(process.env['MPR_FUZZ_RUNS'] ?? 0);

/** The runs of a property: its CI default, or more when `MPR_FUZZ_RUNS` asks for more. */
export function fuzzRuns(ciDefault: number): number {
  return Number.isFinite(requestedRuns) && requestedRuns > ciDefault ? Math.floor(requestedRuns) : ciDefault;
}

/** Counts the runs of a file's properties and prints them, with the seed, when the file ends. */
export function fuzzLedger(file: string): {
  assert<Ts extends [unknown, ...unknown[]]>(target: string, property: fc.IProperty<Ts>, ciDefault: number): void;
  assertAsync<Ts extends [unknown, ...unknown[]]>(target: string, property: fc.IAsyncProperty<Ts>, ciDefault: number): Promise<void>;
} {
  const runs = new Map<string, number>();
  const count = (target: string, numRuns: number) => runs.set(target, (runs.get(target) ?? 0) + numRuns);
  afterAll(() => {
    const lines = [...runs].map(([target, total]) => `  ${target}: ${total} runs`);
    console.info(`${file}: seed ${fuzzSeed}\n${lines.join('\n')}`);
  });
  return {
    assert(target, property, ciDefault) {
      const numRuns = fuzzRuns(ciDefault);
      fc.assert(property, { seed: fuzzSeed, numRuns });
      count(target, numRuns);
    },
    async assertAsync(target, property, ciDefault) {
      const numRuns = fuzzRuns(ciDefault);
      await fc.assert(property, { seed: fuzzSeed, numRuns });
      count(target, numRuns);
    },
  };
}

/** The segments of a JSON pointer (RFC 6901). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * Whether `pointer` names a field of `input`: every segment but the last is there, and the last
 * is there or is the one missing (a required field left out).
 */
export function namesFieldOf(input: unknown, pointer: string): boolean {
  const segments = pointerSegments(pointer);
  let node = input;
  for (const segment of segments.slice(0, -1)) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, segment)) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  return segments.length === 0 || (typeof node === 'object' && node !== null);
}

/** Whether Object.prototype gained anything: what a prototype-polluting input would leave behind. */
export function prototypePolluted(): boolean {
  const probe: Record<string, unknown> = {};
  return (
    Object.getOwnPropertyNames(Object.prototype).some((name) => !baselinePrototypeNames.has(name)) ||
    probe['polluted'] !== undefined ||
    probe['isAdmin'] !== undefined
  );
}
const baselinePrototypeNames = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * `eventually`, the wait every engine test uses: its deadline counts only the time the process
 * could run, so a machine that stops (or starves the process) does not fail a test whose
 * condition is met once it runs again.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/engine.ts';

/** Holds this process for `millis`, as a machine that stops it would. */
function holdProcess(millis: number): void {
  const until = performance.now() + millis;
  while (performance.now() < until);
}

describe('eventually', () => {
  it('adds to its deadline the time the process was held, and finds what happens after', async () => {
    let ready = false;
    // 20 ms in, the process is held for 1.5 s, past the 1 s deadline; the condition becomes true 300 ms after it resumes.
    setTimeout(() => {
      holdProcess(1_500);
      setTimeout(() => (ready = true), 300);
    }, 20);
    await expect(eventually(async () => (ready ? 'ready' : undefined), 'the condition', 1_000)).resolves.toBe('ready');
  });

  it('still fails at its deadline when the process ran and the condition never came', async () => {
    const started = performance.now();
    await expect(eventually(async () => undefined, 'a condition that never comes', 300)).rejects.toThrow('timed out waiting for a condition that never comes');
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

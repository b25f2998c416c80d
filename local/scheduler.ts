/**
 * The registry's `schedule` triggers on the engine clock: each function runs every so many
 * minutes of engine time (never more often than once a second of real time, however fast the
 * clock runs), and never twice at once.
 */
import { allFunctions } from '../functions/registry.ts';
import type { EngineClock } from './clock.ts';
import type { LocalFunctions } from './functions.ts';

const minimumRealMillis = 1000;

export function startScheduler(options: { clock: EngineClock; functions: LocalFunctions }): { stop(): Promise<void> } {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  for (const spec of allFunctions) {
    for (const trigger of spec.triggers) {
      if (trigger.kind !== 'schedule') continue;
      const realMillis = Math.max(minimumRealMillis, (trigger.everyMinutes * 60_000) / options.clock.timeScale);
      let busy = false;
      timers.push(
        setInterval(() => {
          if (busy) return;
          busy = true;
          const event = { source: 'aws.events', 'detail-type': 'Scheduled Event', time: options.clock.now().toISOString(), detail: {} };
          // A failed run shows in the invocation records; the next tick tries again, as on AWS.
          const run = options.functions
            .invoke(spec, event)
            .catch(() => undefined)
            .finally(() => {
              busy = false;
              running.delete(run);
            });
          running.add(run);
        }, realMillis),
      );
    }
  }
  return {
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running]);
    },
  };
}

/**
 * The engine clock: the local engine's notion of "now", which can run faster than real time so
 * that a workflow waiting 90 days can be watched in seconds.
 *
 * Engine time starts at the real time the clock is created and then advances `timeScale` times
 * faster: after one real second at a scale of 3600, one engine hour has passed. Everything in the
 * engine that means time (Wait states, retry intervals, execution dates, history timestamps) is
 * read from this clock; code that merely runs (a function's own work) still takes real time.
 */

/** setTimeout's largest delay; longer ones would fire at once, so sleeps are taken in slices. */
const maxTimerMs = 2 ** 31 - 1;

export interface EngineClock {
  /** How many engine milliseconds pass per real millisecond. */
  readonly timeScale: number;
  /** The real instant (epoch milliseconds) at which engine time and real time were equal. */
  readonly origin: number;
  /** The current engine time. */
  now(): Date;
  /** The engine time at a real instant (epoch milliseconds, as from `Date.now()`). */
  toEngineTime(realEpochMs: number): Date;
  /**
   * Resolves after `engineMs` of engine time, i.e. `engineMs / timeScale` real milliseconds.
   * Rejects with the signal's reason when `signal` aborts first, like `timers/promises`.
   */
  sleep(engineMs: number, signal?: AbortSignal): Promise<void>;
}

export interface EngineClockOptions {
  /** Engine milliseconds per real millisecond; 1 (the default) is real time. */
  readonly timeScale?: number;
}

/** What a process outside the engine needs to read the engine's time (the CLI, from endpoints.json). */
export interface EngineClockSetting {
  readonly origin: number;
  readonly timeScale: number;
}

export function createEngineClock({ timeScale = 1, origin = Date.now() }: EngineClockOptions & { readonly origin?: number } = {}): EngineClock {
  if (!(Number.isFinite(timeScale) && timeScale > 0)) throw new RangeError(`timeScale must be a positive number, not ${timeScale}`);
  const toEngineTime = (realEpochMs: number) => new Date(origin + (realEpochMs - origin) * timeScale);
  return {
    timeScale,
    origin,
    now: () => toEngineTime(Date.now()),
    toEngineTime,
    sleep: (engineMs, signal) => sleepReal(Math.max(0, engineMs) / timeScale, signal),
  };
}

function sleepReal(realMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const deadline = Date.now() + realMs;
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const next = () => {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      } else {
        timer = setTimeout(next, Math.min(remaining, maxTimerMs));
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    next();
  });
}

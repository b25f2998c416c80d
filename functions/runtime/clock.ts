/**
 * The one clock every function reads the time of the procedure from: when a report was received,
 * what is owed now, the date of a note. On AWS it is the system clock. The local engine, whose
 * workflows may run faster than real time (MPR_TIME_SCALE), sets it to the engine clock before it
 * runs any function, so that a receipt, a note's date and a workflow's Wait are on one time line.
 *
 * Durations of a function's own work (pacing sends, leases on a send or a claim in flight,
 * timeouts) are not procedure time: they stay on `Date.now()`, as Lambda's timeouts do.
 */
export type TimeSource = () => Date;

const systemTime: TimeSource = () => new Date();

let source: TimeSource = systemTime;

/** The procedure's "now". */
export function now(): Date {
  return source();
}

/** Makes `time` the clock every function reads; `undefined` restores the system clock. */
export function setTimeSource(time: TimeSource | undefined): void {
  source = time ?? systemTime;
}

/**
 * The one clock every function reads the time of the procedure from: when a report was received,
 * what is owed now, the date of a note. On AWS it is the system clock. The local engine, whose
 * workflows may run faster than real time (MPR_TIME_SCALE), sets it to the engine clock before it
 * runs any function, so that a receipt, a note's date and a workflow's Wait are on one time line.
 *
 * Durations of a function's own work (pacing sends, leases on a send or a claim in flight,
 * timeouts) are not procedure time: they stay on `Date.now()`, as Lambda's timeouts do. One wait
 * is scaled all the same: the SDK clients' back-off before a retry (`retryBackoffScale`).
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

let backoffScale = 1;

/**
 * How many times faster than real time the SDK clients back off before a retry: 1 on AWS. The
 * local engine sets it as it scales its Step Functions retriers (by its clock's scale, at most
 * 60: local/stepfunctions/definition.ts). A retry waits for a fault to clear, and the faults the
 * engine injects clear at the next request; a limit the engine enforces in real time, as SES's
 * sending rate, is still waited for in real time (functions/aws/clients.ts).
 */
export function retryBackoffScale(): number {
  return backoffScale;
}

/** Sets `retryBackoffScale`; `undefined` restores real time. */
export function setRetryBackoffScale(scale: number | undefined): void {
  if (scale !== undefined && !(Number.isFinite(scale) && scale >= 1)) throw new RangeError(`the back-off scale must be a number of at least 1, not ${scale}`);
  backoffScale = scale ?? 1;
}

/**
 * Runs the registry's functions in this process, the way Lambda would run them: the same handler
 * module, an event of the trigger's shape, a Lambda context, the function's timeout.
 *
 * Handlers are imported on first use (after the engine has set the environment they parse at
 * load), like a Lambda cold start.
 *
 * Lambda gives each invocation an instance of its own, and its timeout counts that invocation's
 * run only. Here every function shares one process: a burst of invocations run all at once would
 * each wait for the others' work, and that wait would count against each one's timeout, a fault
 * Lambda never has. So at most `instancesPerFunction` invocations of a function run at a time,
 * the others wait their turn as they would for a new instance, and the timeout (and the
 * remaining time the handler reads) starts when the invocation runs, as on Lambda.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { allFunctions, type FunctionSpec } from '../functions/registry.ts';
import { localFunctionArn } from './aws-config.ts';
import { CrashedAfterSideEffects, type FaultPlan } from './faults.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface InvocationRecord {
  readonly functionName: string;
  readonly requestId: string;
  readonly millis: number;
  /** How long the invocation waited for an instance before it ran (not part of `millis`). */
  readonly queuedMillis: number;
  readonly outcome: 'success' | 'error';
  readonly errorName?: string;
}

/** Thrown when a function runs past its configured timeout, as Lambda reports it. */
export class FunctionTimeoutError extends Error {
  override readonly name = 'Sandbox.Timedout';
}

const defaultTimeoutSeconds = 10;
const defaultMemoryMb = 256;
/** Enough to overlap one function's waits on the stand-ins, few enough not to slow each other down. */
export const defaultInstancesPerFunction = 4;

/** The instances of one function: how many run, and the invocations waiting for one. */
interface Instances {
  running: number;
  readonly waiting: (() => void)[];
}

export class LocalFunctions {
  /** Emits `invocation` with an `InvocationRecord` after every call. */
  readonly events = new EventEmitter<{ invocation: [InvocationRecord] }>();
  private readonly handlers = new Map<string, Promise<Handler>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly root: string;
  private readonly instancesPerFunction: number;
  private readonly instances = new Map<string, Instances>();
  private crashes: FaultPlan<{ readonly name: string }> | undefined;
  private stopping = false;

  constructor(root: string, options: { readonly instancesPerFunction?: number } = {}) {
    this.root = root;
    this.instancesPerFunction = options.instancesPerFunction ?? defaultInstancesPerFunction;
  }

  /** Fault injection: the invocations the plan picks crash after their handler has finished. */
  crashAfterSideEffects(plan: FaultPlan<{ readonly name: string }>): void {
    this.crashes = plan;
  }

  /** The registry function named by a plain name, a `mpr-<name>` name or a local ARN. */
  resolve(nameOrArn: string): FunctionSpec {
    const name = nameOrArn.split(':').at(-1)!.replace(/^mpr-/, '');
    const spec = allFunctions.find((candidate) => candidate.name === name);
    if (!spec) throw new Error(`no registered function ${nameOrArn}`);
    return spec;
  }

  arnOf(spec: FunctionSpec): string {
    return localFunctionArn(spec.name);
  }

  /** Invokes the function; the invocation counts as in flight until it settles (see `drain`). */
  invoke(spec: FunctionSpec, event: unknown): Promise<unknown> {
    // Once the engine is stopping, nothing new starts: a workflow still running would otherwise
    // start tasks against stand-ins about to close.
    if (this.stopping) return Promise.reject(new Error(`the local engine is stopping: ${spec.name} was not invoked`));
    const invocation = this.run(spec, event);
    this.inFlight.add(invocation);
    void invocation.catch(() => undefined).finally(() => this.inFlight.delete(invocation));
    return invocation;
  }

  /**
   * Refuses new invocations and waits (at most `timeoutMs`) for those under way, so that the
   * stand-ins stop after them. The wait is as long as the longest function may run.
   */
  async drain(timeoutMs = Math.max(...allFunctions.map((spec) => spec.timeoutSeconds ?? defaultTimeoutSeconds)) * 1000): Promise<void> {
    this.stopping = true;
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())))]);
    }
  }

  private async run(spec: FunctionSpec, event: unknown): Promise<unknown> {
    const handler = await this.load(spec);
    const arrived = performance.now();
    const release = await this.instance(spec);
    try {
      return await this.runOn(spec, handler, event, Math.round(performance.now() - arrived));
    } finally {
      release();
    }
  }

  /** Waits for a free instance of the function; the returned function frees it. */
  private async instance(spec: FunctionSpec): Promise<() => void> {
    let instances = this.instances.get(spec.name);
    if (!instances) this.instances.set(spec.name, (instances = { running: 0, waiting: [] }));
    const pool = instances;
    if (pool.running >= this.instancesPerFunction) await new Promise<void>((resolve) => pool.waiting.push(resolve));
    else pool.running += 1;
    // A freed instance passes straight to the next waiting invocation, so `running` stays counted.
    return () => {
      const next = pool.waiting.shift();
      if (next) next();
      else pool.running -= 1;
    };
  }

  private async runOn(spec: FunctionSpec, handler: Handler, event: unknown, queuedMillis: number): Promise<unknown> {
    const requestId = randomUUID();
    const timeoutMs = (spec.timeoutSeconds ?? defaultTimeoutSeconds) * 1000;
    const deadline = Date.now() + timeoutMs;
    const context: Context = {
      callbackWaitsForEmptyEventLoop: false,
      functionName: `mpr-${spec.name}`,
      functionVersion: '$LATEST',
      invokedFunctionArn: this.arnOf(spec),
      memoryLimitInMB: String(spec.memoryMb ?? defaultMemoryMb),
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/mpr-${spec.name}`,
      logStreamName: `local/${requestId}`,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new FunctionTimeoutError(`Task timed out after ${timeoutMs / 1000} seconds`)), timeoutMs);
      });
      const result = await Promise.race([handler(structuredClone(event), context), timeout]);
      if (this.crashes?.draw()) throw new CrashedAfterSideEffects(spec.name);
      this.record(spec, requestId, started, queuedMillis, 'success');
      // A Lambda result crosses the wire as JSON: callers never share objects with the handler.
      return result === undefined ? null : JSON.parse(JSON.stringify(result));
    } catch (error) {
      this.record(spec, requestId, started, queuedMillis, 'error', error instanceof Error ? error.name : 'Error');
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private record(spec: FunctionSpec, requestId: string, started: number, queuedMillis: number, outcome: 'success' | 'error', errorName?: string): void {
    const millis = Math.round(performance.now() - started);
    this.events.emit('invocation', { functionName: spec.name, requestId, millis, queuedMillis, outcome, ...(errorName ? { errorName } : {}) });
  }

  private load(spec: FunctionSpec): Promise<Handler> {
    let handler = this.handlers.get(spec.name);
    if (!handler) {
      handler = import(pathToFileURL(resolve(this.root, spec.entry)).href).then((module: { handler?: Handler }) => {
        if (typeof module.handler !== 'function') throw new Error(`${spec.entry} does not export a handler`);
        return module.handler;
      });
      this.handlers.set(spec.name, handler);
    }
    return handler;
  }
}

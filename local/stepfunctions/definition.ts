/**
 * Turns an ASL definition into what aws-local-stepfunctions runs, and refuses what it would run
 * wrongly.
 *
 * The library is faithful to the States Language for JSONPath definitions, but it silently
 * ignores JSONata, variables (`Assign`), task tokens and distributed-map readers, and it would
 * call AWS for any Task it is not told how to run. Such definitions are rejected here with
 * InvalidDefinition, so a workflow never behaves differently on this machine without saying so.
 *
 * The definition that is run differs from the one that was created, so that time and context
 * follow the engine rather than the library's wall clock:
 *
 * - Wait states become Task states routed to a local sleep (see `WaitRoute`). The library's
 *   `waitTimeOverrides` takes one fixed number per state name, chosen before the run starts, so it
 *   cannot express `SecondsPath`, `TimestampPath` or even `Timestamp` (whose duration depends on
 *   when the state is entered) on a scaled clock. The rewritten Task keeps the Wait's InputPath
 *   and OutputPath and resolves its field through `Parameters`, so the library's own JSONPath
 *   (including `$$` references) evaluates it, and the sleep hands back the effective input.
 * - Retry intervals are divided by the time scale, so a retry waits engine time like a Wait does,
 *   but by no more than `retryScaleLimit`: a retry waits for a transient fault to clear, which
 *   takes real time however fast the clock runs. Task timeouts are not scaled: they bound a
 *   function's real work, which no clock speeds up.
 * - The top-level TimeoutSeconds is removed and enforced on the engine clock by the caller.
 * - `$$.Execution` and `$$.State` paths point at context entries the engine fills in. The library
 *   overwrites `$$.Execution.StartTime` with the wall-clock time and knows nothing of `$$.State`.
 * - Durations the library hands to setTimeout are capped where setTimeout would overflow.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { projectRoot } from '../project-root.ts';

type Json = null | boolean | number | string | Json[] | JsonObject;
type JsonObject = { [key: string]: Json };

/** A definition the engine cannot run faithfully, reported to clients as InvalidDefinition. */
export class InvalidDefinitionError extends Error {
  override readonly name = 'InvalidDefinition';
}

/** A Task whose Resource is a Lambda function ARN: the function's result is the task result. */
export interface FunctionRoute {
  readonly kind: 'function';
  readonly resource: string;
}

/** A Task on `arn:aws:states:::lambda:invoke`: Parameters name the function and its Payload. */
export interface LambdaInvokeRoute {
  readonly kind: 'lambda:invoke';
  readonly resource: string;
}

/**
 * A Wait state rewritten as a Task. Its input is `{ input, seconds }` or `{ input, timestamp }`
 * (the effective input and the resolved duration or instant); it sleeps and returns `input`.
 */
export interface WaitRoute {
  readonly kind: 'wait';
}

export type TaskRoute = FunctionRoute | LambdaInvokeRoute | WaitRoute;

export interface PreparedDefinition {
  /** The definition as created, kept for DescribeStateMachine. */
  readonly text: string;
  /** The definition the library runs. */
  readonly runnable: StateMachine;
  /** How to run each Task state (and each rewritten Wait state), by state name. */
  readonly routes: ReadonlyMap<string, TaskRoute>;
  /** Every state's name, indexed as the rewritten `$$.State` paths index the context. */
  readonly stateNames: readonly string[];
  /** The execution timeout in engine seconds, if the definition sets one. */
  readonly timeoutSeconds: number | undefined;
}

/** Context keys the rewritten `$$.Execution` and `$$.State` paths read. */
export const executionContextKey = 'EngineExecution';
export const statesContextKey = 'EngineStates';

const lambdaFunctionArn = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/;
const lambdaInvoke = 'arn:aws:states:::lambda:invoke';
/** The Resource the rewritten Wait states carry; never called, only routed by state name. */
const localWaitResource = 'arn:aws:states:::local:wait';
/**
 * The library times Tasks with setTimeout, which fires at once beyond this many seconds; a larger
 * TimeoutSeconds (AWS allows 99999999) is clamped to it, about 24.8 days of real time.
 */
const maxTimerSeconds = Math.floor((2 ** 31 - 1) / 1000);

/**
 * Definitions the library's validator has accepted on this machine: an empty file per SHA-256 of
 * the library's version and the definition's text. The validator compiles its JSON schemas afresh
 * on every call (about 0.3 s of CPU), and every engine start creates the same definitions; what it
 * accepted once it accepts again, so it is not asked twice. A refusal is never kept.
 */
const acceptedDefinitions = join(projectRoot, 'node_modules', '.cache', 'mpr-local-engine', 'accepted-definitions');
const libraryPackage = join(projectRoot, 'node_modules', 'aws-local-stepfunctions', 'package.json');
const libraryVersion = (JSON.parse(readFileSync(libraryPackage, 'utf8')) as { version: string }).version;

function acceptedBefore(text: string): { readonly known: boolean; remember(): void } {
  const file = join(acceptedDefinitions, createHash('sha256').update(`${libraryVersion}\n${text}`).digest('hex'));
  return {
    known: existsSync(file),
    remember: () => {
      try {
        mkdirSync(acceptedDefinitions, { recursive: true });
        writeFileSync(file, '');
      } catch {
        // A read-only checkout validates every time: slower, never wrong.
      }
    },
  };
}

export function prepareDefinition(text: string, timeScale: number): PreparedDefinition {
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    throw new InvalidDefinitionError(`Definition is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(definition)) throw new InvalidDefinitionError('Definition must be a JSON object');
  // These checks come first: the validator accepts JSONata and Assign, which the library then ignores.
  rejectUnsupportedLanguage(definition);
  const accepted = acceptedBefore(text);
  if (!accepted.known) {
    try {
      // The library's own validation (asl-validator): structure, JSONPaths, ARNs, reachability and
      // state names unique across the whole machine, which keeps by-name routing unambiguous.
      // It marks every state with its query language as it goes, so it is given a copy.
      new StateMachine(structuredClone(definition) as unknown as StateMachineDefinition);
    } catch (error) {
      throw new InvalidDefinitionError((error as Error).message);
    }
    accepted.remember();
  }

  const routes = new Map<string, TaskRoute>();
  const stateNames: string[] = [];
  const runnable = rewriteMachine(definition, { routes, stateNames, timeScale });
  const timeoutSeconds = typeof runnable['TimeoutSeconds'] === 'number' ? runnable['TimeoutSeconds'] : undefined;
  delete runnable['TimeoutSeconds'];
  return {
    text,
    runnable: new StateMachine(runnable as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } }),
    routes,
    stateNames,
    timeoutSeconds,
  };
}

/** JSONata and variables, anywhere in the machine, tolerant of a shape the validator will refuse. */
function rejectUnsupportedLanguage(machine: JsonObject): void {
  if (machine['QueryLanguage'] === 'JSONata') throw new InvalidDefinitionError('JSONata (QueryLanguage: JSONata) is not supported locally; use JSONPath');
  for (const [name, state] of Object.entries(isObject(machine['States']) ? machine['States'] : {})) {
    if (!isObject(state)) continue;
    if (state['QueryLanguage'] === 'JSONata') throw new InvalidDefinitionError(`State ${name}: JSONata is not supported locally; use JSONPath`);
    const assigners = [state, ...arrayOf(state['Catch']), ...arrayOf(state['Choices'])];
    if (assigners.some((holder) => isObject(holder) && 'Assign' in holder)) {
      throw new InvalidDefinitionError(`State ${name}: variables (Assign) are not supported locally`);
    }
    for (const nested of nestedMachines(state)) rejectUnsupportedLanguage(nested);
  }
}

interface RewriteContext {
  readonly routes: Map<string, TaskRoute>;
  readonly stateNames: string[];
  readonly timeScale: number;
}

function rewriteMachine(machine: JsonObject, context: RewriteContext): JsonObject {
  const states = machine['States'] as JsonObject;
  const rewritten = Object.fromEntries(Object.entries(states).map(([name, state]) => [name, rewriteState(name, state as JsonObject, context)]));
  return { ...machine, States: rewritten };
}

function rewriteState(name: string, original: JsonObject, context: RewriteContext): JsonObject {
  const index = context.stateNames.push(name) - 1;
  let state = rewriteContextPaths(original, index);
  switch (state['Type']) {
    case 'Task':
      context.routes.set(name, taskRoute(name, state));
      if (typeof state['TimeoutSeconds'] === 'number') state = { ...state, TimeoutSeconds: Math.min(state['TimeoutSeconds'], maxTimerSeconds) };
      break;
    case 'Wait':
      context.routes.set(name, { kind: 'wait' });
      state = waitAsTask(state);
      break;
    case 'Map': {
      if ('ItemReader' in state || 'ResultWriter' in state)
        throw new InvalidDefinitionError(`State ${name}: distributed Map (ItemReader, ResultWriter) is not supported locally`);
      const processorKey = 'ItemProcessor' in state ? 'ItemProcessor' : 'Iterator';
      state = { ...state, [processorKey]: rewriteMachine(state[processorKey] as JsonObject, context) };
      break;
    }
    case 'Parallel':
      state = { ...state, Branches: (state['Branches'] as JsonObject[]).map((branch) => rewriteMachine(branch, context)) };
      break;
  }
  if (Array.isArray(state['Retry'])) state = { ...state, Retry: state['Retry'].map((retrier) => scaleRetrier(retrier as JsonObject, context.timeScale)) };
  return state;
}

function taskRoute(name: string, state: JsonObject): TaskRoute {
  const resource = state['Resource'] as string;
  if (resource.includes('${'))
    throw new InvalidDefinitionError(`State ${name}: Resource ${resource} still holds a \${...} placeholder; apply the substitutions before loading`);
  if (lambdaFunctionArn.test(resource)) return { kind: 'function', resource };
  if (resource === lambdaInvoke) {
    const parameters = state['Parameters'];
    if (!isObject(parameters) || !('FunctionName' in parameters || 'FunctionName.$' in parameters)) {
      throw new InvalidDefinitionError(`State ${name}: ${lambdaInvoke} needs Parameters with FunctionName`);
    }
    if (typeof parameters['FunctionName'] === 'string' && parameters['FunctionName'].includes('${')) {
      throw new InvalidDefinitionError(
        `State ${name}: FunctionName ${parameters['FunctionName']} still holds a \${...} placeholder; apply the substitutions before loading`,
      );
    }
    return { kind: 'lambda:invoke', resource };
  }
  if (resource.endsWith('.waitForTaskToken')) throw new InvalidDefinitionError(`State ${name}: task tokens (${resource}) are not supported locally`);
  throw new InvalidDefinitionError(`State ${name}: Resource ${resource} is not supported locally; use a Lambda function ARN or ${lambdaInvoke}`);
}

/** See the module comment. Exactly one of the four wait fields is set (the validator checks). */
function waitAsTask(wait: JsonObject): JsonObject {
  const parameters: JsonObject = { 'input.$': '$' };
  if ('Seconds' in wait) parameters['seconds'] = wait['Seconds']!;
  if ('SecondsPath' in wait) parameters['seconds.$'] = wait['SecondsPath']!;
  if ('Timestamp' in wait) parameters['timestamp'] = wait['Timestamp']!;
  if ('TimestampPath' in wait) parameters['timestamp.$'] = wait['TimestampPath']!;
  const kept = Object.fromEntries(Object.entries(wait).filter(([key]) => ['Comment', 'InputPath', 'OutputPath', 'Next', 'End'].includes(key)));
  return { ...kept, Type: 'Task', Resource: localWaitResource, Parameters: parameters, TimeoutSeconds: maxTimerSeconds };
}

/**
 * The most a retry's interval is shortened. At a day a second, a 2-second retry interval would be
 * 23 microseconds: eight attempts would be spent before a busy stand-in answered once, and a
 * passing fault (a contended counter, a slow dynalite write) would fail the task for good. At 60,
 * the same retries spread over seconds of real time, as short as a test can afford.
 */
export const retryScaleLimit = 60;

/**
 * The library waits `IntervalSeconds × BackoffRate^attempt`, capped by MaxDelaySeconds, in real
 * time; scaling both bounds makes that engine time (up to `retryScaleLimit`). The cap also keeps
 * the delay within setTimeout.
 */
function scaleRetrier(retrier: JsonObject, timeScale: number): JsonObject {
  const scale = Math.min(timeScale, retryScaleLimit);
  const interval = typeof retrier['IntervalSeconds'] === 'number' ? retrier['IntervalSeconds'] : 1;
  const maxDelay = typeof retrier['MaxDelaySeconds'] === 'number' ? retrier['MaxDelaySeconds'] / scale : maxTimerSeconds;
  return { ...retrier, IntervalSeconds: interval / scale, MaxDelaySeconds: Math.min(maxDelay, maxTimerSeconds) };
}

/**
 * Repoints `$$.Execution` and `$$.State` in every path of one state (fields named `...Path`,
 * `Variable`, and payload-template keys ending in `.$`, intrinsic functions included). Nested
 * machines are left to their own states' rewrite, and a Pass state's literal `Result` is left alone.
 */
function rewriteContextPaths(state: JsonObject, stateIndex: number): JsonObject {
  const repoint = (path: string) =>
    path.replace(/\$\$\.Execution(?![\w$])/g, `$$$$.${executionContextKey}`).replace(/\$\$\.State(?![\w$])/g, `$$$$.${statesContextKey}[${stateIndex}]`);
  const visit = (value: Json, key: string): Json => {
    if (typeof value === 'string') return key.endsWith('.$') || key.endsWith('Path') || key === 'Variable' ? repoint(value) : value;
    if (Array.isArray(value)) return value.map((item) => visit(item, key));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([innerKey, inner]) => [innerKey, visit(inner, innerKey)]));
    return value;
  };
  const untouched = new Set(['Result', 'ItemProcessor', 'Iterator', 'Branches']);
  return Object.fromEntries(Object.entries(state).map(([key, value]) => [key, untouched.has(key) ? value : visit(value, key)]));
}

function nestedMachines(state: JsonObject): JsonObject[] {
  return [state['ItemProcessor'], state['Iterator'], ...arrayOf(state['Branches'])].filter(isObject);
}

function arrayOf(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

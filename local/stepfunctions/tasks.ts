/**
 * The local handlers that run each Task state in place of the library's own AWS call: Lambda
 * functions through the engine's `invokeFunction`, and rewritten Wait states on the engine clock.
 *
 * Errors follow what Step Functions reports for Lambda: the task fails with the function's error
 * type as Error (so Retry and Catch on that name, on States.TaskFailed or on States.ALL match as
 * on AWS) and with a Cause that is the JSON Lambda returns, `{errorType, errorMessage, trace}`.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as afterPendingCallbacks } from 'node:timers/promises';
import type { RunOptions } from 'aws-local-stepfunctions';
import type { EngineClock } from '../clock.ts';
import type { TaskRoute } from './definition.ts';
import type { HistoryEventBody } from './history.ts';

export type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type JsonValue = Parameters<LocalHandlers[string]>[0];

export type InvokeFunction = (functionArnOrName: string, payload: unknown) => Promise<unknown>;

export interface TaskEnvironment {
  readonly invokeFunction: InvokeFunction;
  readonly clock: EngineClock;
  readonly region: string;
  /** Aborts when the execution ends, cutting short any Wait in progress. */
  readonly signal: AbortSignal;
  /** Appends to the execution's history. */
  readonly record: (event: HistoryEventBody) => void;
}

/** A function's failure as the Task sees it: named by the function's error type. */
export class LambdaFunctionError extends Error {
  constructor(thrown: unknown) {
    const errorType = thrown instanceof Error ? thrown.name : 'Error';
    const errorMessage = thrown instanceof Error ? thrown.message : String(thrown);
    const trace = thrown instanceof Error ? (thrown.stack?.split('\n') ?? []) : [];
    super(JSON.stringify({ errorType, errorMessage, trace }));
    this.name = errorType;
  }
}

/**
 * States.Runtime: a malformed value the state itself cannot use. The library honours
 * `isRetryable`/`isCatchable` on any error, and like AWS neither Retry nor Catch handles this one.
 */
export class StatesRuntimeError extends Error {
  override readonly name = 'States.Runtime';
  readonly isRetryable = false;
  readonly isCatchable = false;
}

/** One handler per routed state, for `overrides.taskResourceLocalHandlers`. */
export function localHandlers(routes: ReadonlyMap<string, TaskRoute>, environment: TaskEnvironment): LocalHandlers {
  return Object.fromEntries(
    [...routes].map(([stateName, route]) => {
      switch (route.kind) {
        case 'function':
          return [stateName, (input: JsonValue) => invokeDirect(route.resource, input, environment)];
        case 'lambda:invoke':
          return [stateName, (input: JsonValue) => invokeIntegration(route.resource, input, environment)];
        case 'wait':
          return [stateName, (input: JsonValue) => wait(input, environment)];
      }
    }),
  );
}

/** A Lambda ARN as Resource: the function gets the effective input and its result is the task result. */
async function invokeDirect(resource: string, input: JsonValue, environment: TaskEnvironment): Promise<JsonValue> {
  await inOrder();
  environment.record({
    type: 'LambdaFunctionScheduled',
    lambdaFunctionScheduledEventDetails: { resource, input: JSON.stringify(input), inputDetails: { truncated: false } },
  });
  environment.record({ type: 'LambdaFunctionStarted' });
  try {
    const output = asJson(await environment.invokeFunction(resource, asJson(input)));
    environment.record({
      type: 'LambdaFunctionSucceeded',
      lambdaFunctionSucceededEventDetails: { output: JSON.stringify(output), outputDetails: { truncated: false } },
    });
    return output;
  } catch (thrown) {
    const failure = new LambdaFunctionError(thrown);
    environment.record({ type: 'LambdaFunctionFailed', lambdaFunctionFailedEventDetails: { error: failure.name, cause: failure.message } });
    throw failure;
  }
}

/**
 * `arn:aws:states:::lambda:invoke`: the resolved Parameters name the function and carry its
 * Payload; the task result is the Invoke response, with the function's result under `Payload`.
 */
async function invokeIntegration(resource: string, parameters: JsonValue, environment: TaskEnvironment): Promise<JsonValue> {
  if (!isObject(parameters) || typeof parameters['FunctionName'] !== 'string') {
    throw new StatesRuntimeError(`${resource} needs a string FunctionName in its Parameters`);
  }
  const functionName = parameters['FunctionName'];
  const details = { resourceType: 'lambda', resource: 'invoke' };
  await inOrder();
  environment.record({ type: 'TaskScheduled', taskScheduledEventDetails: { ...details, region: environment.region, parameters: JSON.stringify(parameters) } });
  environment.record({ type: 'TaskStarted', taskStartedEventDetails: details });
  try {
    const payload = asJson(await environment.invokeFunction(functionName, asJson(parameters['Payload'] ?? {})));
    const requestId = randomUUID();
    const response = {
      ExecutedVersion: '$LATEST',
      Payload: payload,
      SdkHttpMetadata: {
        HttpHeaders: { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': '$LATEST', 'x-amzn-RequestId': requestId },
        HttpStatusCode: 200,
      },
      SdkResponseMetadata: { RequestId: requestId },
      StatusCode: 200,
    };
    environment.record({
      type: 'TaskSucceeded',
      taskSucceededEventDetails: { ...details, output: JSON.stringify(response), outputDetails: { truncated: false } },
    });
    return response;
  } catch (thrown) {
    const failure = new LambdaFunctionError(thrown);
    environment.record({ type: 'TaskFailed', taskFailedEventDetails: { ...details, error: failure.name, cause: failure.message } });
    throw failure;
  }
}

/** A rewritten Wait state (see definition.ts): sleeps on the engine clock, then passes `input` on. */
async function wait(parameters: JsonValue, environment: TaskEnvironment): Promise<JsonValue> {
  const { input, seconds, timestamp } = isObject(parameters) ? parameters : {};
  let engineMs: number;
  if (seconds !== undefined) {
    if (!(typeof seconds === 'number' && Number.isInteger(seconds) && seconds >= 0)) {
      throw new StatesRuntimeError(`Wait seconds must be a non-negative integer, not ${JSON.stringify(seconds)}`);
    }
    engineMs = seconds * 1000;
  } else {
    const instant = typeof timestamp === 'string' && rfc3339.test(timestamp) ? Date.parse(timestamp) : NaN;
    if (Number.isNaN(instant)) throw new StatesRuntimeError(`Wait timestamp must be an RFC 3339 timestamp, not ${JSON.stringify(timestamp)}`);
    engineMs = instant - environment.clock.now().getTime();
  }
  await environment.clock.sleep(engineMs, environment.signal);
  return input ?? null;
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The library announces a state before calling its handler, but its event log is read
 * asynchronously; yielding once lets the reader record `...StateEntered` before the handler
 * records `...Scheduled`, so the history keeps AWS's order.
 */
function inOrder(): Promise<void> {
  return afterPendingCallbacks();
}

/** Values cross to and from a function as JSON, as they do through Lambda. */
function asJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

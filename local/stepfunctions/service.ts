/**
 * The Step Functions operations over aws-local-stepfunctions: state machines and executions kept
 * in memory, executions running in the background on the engine clock. Requests and responses
 * have the shapes of the AWS API (the SDK's own types); the HTTP framing lives in index.ts.
 */
import { randomUUID } from 'node:crypto';
import type {
  CreateStateMachineOutput,
  DescribeExecutionOutput,
  DescribeStateMachineOutput,
  ExecutionListItem,
  ExecutionStatus,
  GetExecutionHistoryOutput,
  HistoryEvent,
  ListExecutionsOutput,
  ListStateMachinesOutput,
  StartExecutionOutput,
  StopExecutionOutput,
} from '@aws-sdk/client-sfn';
import { ExecutionError } from 'aws-local-stepfunctions';
import { z } from 'zod';
import type { EngineClock } from '../clock.ts';
import { executionContextKey, InvalidDefinitionError, type PreparedDefinition, prepareDefinition, statesContextKey } from './definition.ts';
import { History, type HistoryEventBody, translate, withoutExecutionData } from './history.ts';
import { type InvokeFunction, localHandlers } from './tasks.ts';

/** An error the API reports to the client: `type` is the AWS error code the SDK maps to its exception class. */
export class ServiceError extends Error {
  readonly type: string;

  constructor(type: string, message: string) {
    super(message);
    this.name = type;
    this.type = type;
  }
}

/** Every history event as it is written, for whoever counts transitions or invocations. */
export interface StepFunctionsEvent {
  readonly stateMachineArn: string;
  readonly executionArn: string;
  readonly event: HistoryEvent;
}

export interface ServiceOptions {
  readonly clock: EngineClock;
  readonly region: string;
  readonly accountId: string;
  readonly invokeFunction: InvokeFunction;
  readonly onEvent?: (event: StepFunctionsEvent) => void;
}

interface StateMachineRecord {
  readonly name: string;
  readonly arn: string;
  readonly roleArn: string;
  readonly creationDate: Date;
  readonly definition: PreparedDefinition;
}

interface Outcome {
  readonly status: Exclude<ExecutionStatus, 'RUNNING' | 'PENDING_REDRIVE'>;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

interface ExecutionRecord {
  readonly arn: string;
  readonly name: string;
  readonly stateMachine: StateMachineRecord;
  readonly input: string;
  readonly startDate: Date;
  readonly history: History;
  /** Aborted when the execution closes, for whatever reason: stops the run, its Waits and its timeout. */
  readonly lifetime: AbortController;
  /** Resolves once the execution is closed and its history complete. */
  readonly closed: Promise<void>;
  outcome: (Outcome & { readonly stopDate: Date }) | undefined;
}

// AWS's rule for state machine and execution names: 1-80 characters, none of them whitespace,
// brackets, wildcards, special or control characters.
const validName = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u;
const maxPayloadBytes = 256 * 1024;
const defaultPageSize = 100;

export const requests = {
  CreateStateMachine: z.object({ name: z.string(), definition: z.string(), roleArn: z.string().optional(), type: z.enum(['STANDARD', 'EXPRESS']).optional() }),
  DescribeStateMachine: z.object({ stateMachineArn: z.string() }),
  ListStateMachines: z.object({ maxResults: z.number().int().min(0).max(1000).optional(), nextToken: z.string().optional() }),
  StartExecution: z.object({ stateMachineArn: z.string(), name: z.string().optional(), input: z.string().optional() }),
  DescribeExecution: z.object({ executionArn: z.string() }),
  ListExecutions: z.object({
    stateMachineArn: z.string(),
    statusFilter: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']).optional(),
    maxResults: z.number().int().min(0).max(1000).optional(),
    nextToken: z.string().optional(),
  }),
  GetExecutionHistory: z.object({
    executionArn: z.string(),
    maxResults: z.number().int().min(0).max(1000).optional(),
    nextToken: z.string().optional(),
    reverseOrder: z.boolean().optional(),
    includeExecutionData: z.boolean().optional(),
  }),
  StopExecution: z.object({ executionArn: z.string(), error: z.string().optional(), cause: z.string().optional() }),
};

type Request<Operation extends keyof typeof requests> = z.infer<(typeof requests)[Operation]>;

export class StepFunctionsService {
  private readonly options: ServiceOptions;
  private readonly stateMachines = new Map<string, StateMachineRecord>();
  /** In start order; listings reverse it to show the newest first, as AWS does. */
  private readonly executions = new Map<string, ExecutionRecord>();

  constructor(options: ServiceOptions) {
    this.options = options;
  }

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.options.region}:${this.options.accountId}:stateMachine:${name}`;
  }

  createStateMachine(request: Request<'CreateStateMachine'>): CreateStateMachineOutput {
    if (!validName.test(request.name)) throw new ServiceError('InvalidName', `Invalid Name: '${request.name}'`);
    if (request.type === 'EXPRESS') throw new ServiceError('ValidationException', 'Only STANDARD state machines run locally');
    const arn = this.stateMachineArn(request.name);
    const existing = this.stateMachines.get(arn);
    // Idempotent like AWS: the same name and definition answer with the existing machine.
    if (existing) {
      if (existing.definition.text !== request.definition) throw new ServiceError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
      return { stateMachineArn: arn, creationDate: existing.creationDate };
    }
    let definition: PreparedDefinition;
    try {
      definition = prepareDefinition(request.definition, this.options.clock.timeScale);
    } catch (error) {
      if (error instanceof InvalidDefinitionError) throw new ServiceError('InvalidDefinition', `Invalid State Machine Definition: '${error.message}'`);
      throw error;
    }
    const roleArn = request.roleArn ?? `arn:aws:iam::${this.options.accountId}:role/local-stepfunctions`;
    const record = { name: request.name, arn, roleArn, creationDate: this.options.clock.now(), definition };
    this.stateMachines.set(arn, record);
    return { stateMachineArn: arn, creationDate: record.creationDate };
  }

  describeStateMachine(request: Request<'DescribeStateMachine'>): DescribeStateMachineOutput {
    const machine = this.stateMachine(request.stateMachineArn);
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: machine.definition.text,
      roleArn: machine.roleArn,
      type: 'STANDARD',
      creationDate: machine.creationDate,
    };
  }

  listStateMachines(request: Request<'ListStateMachines'>): ListStateMachinesOutput {
    const machines = [...this.stateMachines.values()].map((machine) => ({
      stateMachineArn: machine.arn,
      name: machine.name,
      type: 'STANDARD' as const,
      creationDate: machine.creationDate,
    }));
    const page = paginate(machines, request.maxResults, request.nextToken);
    return { stateMachines: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }

  startExecution(request: Request<'StartExecution'>): StartExecutionOutput {
    const machine = this.stateMachine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    if (!validName.test(name)) throw new ServiceError('InvalidName', `Invalid Name: '${name}'`);
    const inputText = request.input ?? '{}';
    const arn = `arn:aws:states:${this.options.region}:${this.options.accountId}:execution:${machine.name}:${name}`;
    const existing = this.executions.get(arn);
    if (existing) {
      // AWS: the same name and input as an open execution is the same start; anything else is refused.
      if (existing.outcome === undefined && existing.input === inputText) return { executionArn: arn, startDate: existing.startDate };
      throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    if (Buffer.byteLength(inputText) > maxPayloadBytes) throw new ServiceError('InvalidExecutionInput', `Input exceeds ${maxPayloadBytes} bytes`);
    let input: Parameters<PreparedDefinition['runnable']['run']>[0];
    try {
      input = JSON.parse(inputText) as typeof input;
    } catch (error) {
      throw new ServiceError('InvalidExecutionInput', `Invalid execution input: ${(error as Error).message}`);
    }
    const execution = this.run(machine, arn, name, inputText, input);
    return { executionArn: execution.arn, startDate: execution.startDate };
  }

  describeExecution(request: Request<'DescribeExecution'>): DescribeExecutionOutput {
    return describe(this.execution(request.executionArn));
  }

  listExecutions(request: Request<'ListExecutions'>): ListExecutionsOutput {
    const machine = this.stateMachine(request.stateMachineArn);
    const items: ExecutionListItem[] = [...this.executions.values()]
      .filter((execution) => execution.stateMachine === machine && (!request.statusFilter || status(execution) === request.statusFilter))
      .reverse()
      .map((execution) => ({
        executionArn: execution.arn,
        stateMachineArn: machine.arn,
        name: execution.name,
        status: status(execution),
        startDate: execution.startDate,
        ...(execution.outcome ? { stopDate: execution.outcome.stopDate } : {}),
      }));
    const page = paginate(items, request.maxResults, request.nextToken);
    return { executions: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }

  getExecutionHistory(request: Request<'GetExecutionHistory'>): GetExecutionHistoryOutput {
    let events = [...this.execution(request.executionArn).history.events];
    if (request.reverseOrder) events.reverse();
    if (request.includeExecutionData === false) events = events.map(withoutExecutionData);
    const page = paginate(events, request.maxResults, request.nextToken);
    return { events: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }

  /** The whole history, unpaged. */
  history(executionArn: string): HistoryEvent[] {
    return [...this.execution(executionArn).history.events];
  }

  stopExecution(request: Request<'StopExecution'>): StopExecutionOutput {
    const execution = this.execution(request.executionArn);
    this.close(execution, {
      status: 'ABORTED',
      ...(request.error !== undefined ? { error: request.error } : {}),
      ...(request.cause !== undefined ? { cause: request.cause } : {}),
    });
    return { stopDate: execution.outcome!.stopDate };
  }

  /** Resolves with the execution's description once it has closed. */
  async whenClosed(executionArn: string): Promise<DescribeExecutionOutput> {
    const execution = this.execution(executionArn);
    await execution.closed;
    return describe(execution);
  }

  /** Aborts every open execution and waits until their histories are complete. */
  async abortAll(cause: string): Promise<void> {
    const open = [...this.executions.values()].filter((execution) => !execution.outcome);
    for (const execution of open) this.close(execution, { status: 'ABORTED', cause });
    await Promise.all(open.map((execution) => execution.closed));
  }

  private run(
    machine: StateMachineRecord,
    arn: string,
    name: string,
    inputText: string,
    input: Parameters<PreparedDefinition['runnable']['run']>[0],
  ): ExecutionRecord {
    const { clock, invokeFunction, onEvent, region } = this.options;
    const { definition } = machine;
    const closed = Promise.withResolvers<void>();
    const execution: ExecutionRecord = {
      arn,
      name,
      stateMachine: machine,
      input: inputText,
      startDate: clock.now(),
      history: new History(),
      lifetime: new AbortController(),
      closed: closed.promise,
      outcome: undefined,
    };
    this.executions.set(arn, execution);
    // Events still arriving after the execution closed (from a run being aborted) are dropped.
    const record = (body: HistoryEventBody, timestamp = clock.now()) => {
      if (execution.outcome) return;
      const event = execution.history.append(body, timestamp);
      onEvent?.({ stateMachineArn: machine.arn, executionArn: arn, event });
    };
    record(
      {
        type: 'ExecutionStarted',
        executionStartedEventDetails: { input: inputText, inputDetails: { truncated: false }, roleArn: machine.roleArn },
      },
      execution.startDate,
    );

    const contextExecution = { Id: arn, Name: name, Input: input, StartTime: execution.startDate.toISOString(), RoleArn: machine.roleArn, RedriveCount: 0 };
    const run = definition.runnable.run(input, {
      overrides: { taskResourceLocalHandlers: localHandlers(definition.routes, { invokeFunction, clock, region, signal: execution.lifetime.signal, record }) },
      context: {
        Execution: contextExecution,
        StateMachine: { Id: machine.arn, Name: machine.name },
        [executionContextKey]: contextExecution,
        // Read when a path is evaluated, which for InputPath, Parameters and Choice rules is the entry.
        [statesContextKey]: definition.stateNames.map((stateName) => ({
          Name: stateName,
          get EnteredTime() {
            return clock.now().toISOString();
          },
        })),
      },
    });
    execution.lifetime.signal.addEventListener('abort', () => run.abort(), { once: true });

    const historyRead = (async () => {
      for await (const event of run.eventLogs) {
        for (const body of translate(event, definition.routes)) record(body, clock.toEngineTime(event.timestamp));
      }
    })();
    run.result
      .then((output): Outcome => ({ status: 'SUCCEEDED', output: JSON.stringify(output) }), failure)
      .then(async (outcome) => {
        await historyRead;
        this.close(execution, outcome);
      })
      .then(closed.resolve, closed.reject);
    if (definition.timeoutSeconds !== undefined) {
      clock.sleep(definition.timeoutSeconds * 1000, execution.lifetime.signal).then(
        () =>
          this.close(execution, { status: 'TIMED_OUT', error: 'States.Timeout', cause: `The execution ran longer than ${definition.timeoutSeconds} seconds` }),
        () => undefined, // closed before the timeout
      );
    }
    return execution;
  }

  /** Closes an open execution once: records its outcome and last event, then ends its run. */
  private close(execution: ExecutionRecord, outcome: Outcome): void {
    if (execution.outcome) return;
    const stopDate = this.options.clock.now();
    const details = { error: outcome.error, cause: outcome.cause };
    const last: Record<Outcome['status'], HistoryEventBody> = {
      SUCCEEDED: { type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: outcome.output, outputDetails: { truncated: false } } },
      FAILED: { type: 'ExecutionFailed', executionFailedEventDetails: details },
      ABORTED: { type: 'ExecutionAborted', executionAbortedEventDetails: details },
      TIMED_OUT: { type: 'ExecutionTimedOut', executionTimedOutEventDetails: details },
    };
    const event = execution.history.append(last[outcome.status], stopDate);
    execution.outcome = { ...outcome, stopDate };
    this.options.onEvent?.({ stateMachineArn: execution.stateMachine.arn, executionArn: execution.arn, event });
    execution.lifetime.abort();
  }

  private stateMachine(arn: string): StateMachineRecord {
    const machine = this.stateMachines.get(arn);
    if (!machine) throw new ServiceError(arn.startsWith('arn:') ? 'StateMachineDoesNotExist' : 'InvalidArn', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  private execution(arn: string): ExecutionRecord {
    const execution = this.executions.get(arn);
    if (!execution) throw new ServiceError(arn.startsWith('arn:') ? 'ExecutionDoesNotExist' : 'InvalidArn', `Execution Does Not Exist: '${arn}'`);
    return execution;
  }
}

/** How a run that did not succeed ended: a failed state's error, or the engine's own failure. */
function failure(error: unknown): Outcome {
  const reason = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
  return reason instanceof Error
    ? { status: 'FAILED', error: reason.name, cause: reason.message }
    : { status: 'FAILED', error: 'Error', cause: String(reason) };
}

function status(execution: ExecutionRecord): ExecutionStatus {
  return execution.outcome?.status ?? 'RUNNING';
}

function describe(execution: ExecutionRecord): DescribeExecutionOutput {
  const { outcome } = execution;
  return {
    executionArn: execution.arn,
    stateMachineArn: execution.stateMachine.arn,
    name: execution.name,
    status: status(execution),
    startDate: execution.startDate,
    input: execution.input,
    inputDetails: { included: true },
    ...(outcome
      ? {
          stopDate: outcome.stopDate,
          ...(outcome.output !== undefined ? { output: outcome.output, outputDetails: { included: true } } : {}),
          ...(outcome.error !== undefined ? { error: outcome.error } : {}),
          ...(outcome.cause !== undefined ? { cause: outcome.cause } : {}),
        }
      : {}),
    redriveCount: 0,
    redriveStatus: 'NOT_REDRIVABLE',
  };
}

/** Opaque page tokens, as AWS gives them; a token from elsewhere is InvalidToken. */
function paginate<Item>(items: Item[], maxResults: number | undefined, nextToken: string | undefined): { items: Item[]; nextToken?: string } {
  const size = maxResults || defaultPageSize;
  let start = 0;
  if (nextToken !== undefined) {
    start = Number(Buffer.from(nextToken, 'base64url').toString());
    if (!Number.isInteger(start) || start < 0 || start > items.length) throw new ServiceError('InvalidToken', `Invalid Token: '${nextToken}'`);
  }
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { nextToken: Buffer.from(String(end)).toString('base64url') } : {}) };
}

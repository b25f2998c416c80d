/**
 * The Step Functions stand-in: an endpoint speaking the AWS JSON 1.0 protocol of the Step
 * Functions API (POST /, `X-Amz-Target: AWSStepFunctions.<Operation>`), so the SDK's SFNClient and
 * the AWS CLI talk to it as to AWS. Executions run on aws-local-stepfunctions in the background,
 * with Tasks routed to the engine's functions and time read from the engine clock.
 *
 * Errors answer 400 with `{"__type": "com.amazonaws.states#<Code>", "message": ...}`, from which
 * the SDK raises its typed exception (ExecutionAlreadyExists, StateMachineDoesNotExist, ...).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { DescribeExecutionOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import type { z } from 'zod';
import type { EngineClock } from '../clock.ts';
import { close, listen, loopback } from '../net.ts';
import { requests, ServiceError, type StepFunctionsEvent, StepFunctionsService } from './service.ts';
import type { InvokeFunction } from './tasks.ts';

export type { StepFunctionsEvent } from './service.ts';
export type { InvokeFunction } from './tasks.ts';

export interface StepFunctionsOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  readonly clock: EngineClock;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Default `000000000000`. */
  readonly accountId?: string;
  /** Runs a function for a Task: a Lambda ARN from Resource, or the FunctionName of `lambda:invoke`. */
  readonly invokeFunction: InvokeFunction;
  /** State machines created at start, with their `${...}` substitutions already applied. */
  readonly stateMachines?: readonly { readonly name: string; readonly definition: string }[];
  /**
   * Called with every history event as it is written: `...StateEntered` events count state
   * transitions, `LambdaFunctionScheduled` and `TaskScheduled` count function invocations.
   */
  readonly onEvent?: (event: StepFunctionsEvent) => void;
}

export interface StepFunctions {
  readonly url: string;
  stateMachineArn(name: string): string;
  /** In-process views of the executions, in the API's shapes. */
  readonly executions: {
    describe(executionArn: string): DescribeExecutionOutput;
    history(executionArn: string): HistoryEvent[];
    /** Resolves when the execution has closed (succeeded, failed, aborted or timed out). */
    whenClosed(executionArn: string): Promise<DescribeExecutionOutput>;
  };
  /** Aborts running executions, then closes the server. */
  stop(): Promise<void>;
}

type Operation = keyof typeof requests;

export async function startStepFunctions(options: StepFunctionsOptions): Promise<StepFunctions> {
  const service = new StepFunctionsService({
    clock: options.clock,
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
    invokeFunction: options.invokeFunction,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  for (const { name, definition } of options.stateMachines ?? []) {
    try {
      service.createStateMachine({ name, definition });
    } catch (error) {
      throw new Error(`State machine ${name}: ${(error as Error).message}`, { cause: error });
    }
  }

  const operations: { [Name in Operation]: (request: z.infer<(typeof requests)[Name]>) => unknown } = {
    CreateStateMachine: (request) => service.createStateMachine(request),
    DescribeStateMachine: (request) => service.describeStateMachine(request),
    ListStateMachines: (request) => service.listStateMachines(request),
    StartExecution: (request) => service.startExecution(request),
    DescribeExecution: (request) => service.describeExecution(request),
    ListExecutions: (request) => service.listExecutions(request),
    GetExecutionHistory: (request) => service.getExecutionHistory(request),
    StopExecution: (request) => service.stopExecution(request),
  };

  const server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const target = request.headers['x-amz-target'];
      const operation = typeof target === 'string' && target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : undefined;
      if (request.method !== 'POST' || !operation || !Object.hasOwn(operations, operation)) {
        throw new ServiceError('UnknownOperationException', `Unsupported operation ${String(target)}`);
      }
      const name = operation as Operation;
      const body = await readJson(request);
      const parsed = requests[name].safeParse(body);
      if (!parsed.success)
        throw new ServiceError('ValidationException', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
      send(response, 200, (operations[name] as (request: unknown) => unknown)(parsed.data));
    } catch (error) {
      if (error instanceof ServiceError) send(response, 400, { __type: `com.amazonaws.states#${error.type}`, message: error.message });
      else send(response, 500, { __type: 'com.amazonaws.states#InternalFailure', message: String(error) });
    }
  }

  const url = await listen(server, options.port, options.host ?? loopback);
  return {
    url,
    stateMachineArn: (name) => service.stateMachineArn(name),
    executions: {
      describe: (executionArn) => service.describeExecution({ executionArn }),
      history: (executionArn) => service.history(executionArn),
      whenClosed: (executionArn) => service.whenClosed(executionArn),
    },
    async stop() {
      await service.abortAll('The local engine stopped');
      await close(server);
    },
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ServiceError('SerializationException', 'Request body is not valid JSON');
  }
}

/** AWS JSON writes timestamps as epoch seconds. */
function send(response: ServerResponse, statusCode: number, body: unknown): void {
  const json = JSON.stringify(body, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : value;
  });
  response.writeHead(statusCode, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() }).end(json);
}

/**
 * The Step Functions stand-in, driven through the real SDK client as the application drives AWS.
 * Functions are plain in-test functions recording their calls: this tests the endpoint, not the
 * handlers.
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionOutput,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidDefinition,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngineClock } from '../../local/clock.ts';
import { type StepFunctions, type StepFunctionsEvent, startStepFunctions } from '../../local/stepfunctions/index.ts';

const region = 'us-east-1';
const accountId = '000000000000';
/** One engine hour per 100 real milliseconds. */
const timeScale = 36_000;
const functionArn = (name: string) => `arn:aws:lambda:${region}:${accountId}:function:${name}`;

class ReportNotReady extends Error {
  override readonly name = 'ReportNotReady';
}

const functions: Record<string, (payload: never) => unknown> = {
  classify: (report: { days: number }) => ({ ...report, late: report.days > 30 }),
  summarize: (report: { paragraphs: string[] }) => ({ count: report.paragraphs.length }),
  notify: (item: { state: string }) => ({ notified: item.state }),
  flaky: () => {
    throw new ReportNotReady('the report is not compiled yet');
  },
};

const calls: { target: string; payload: unknown }[] = [];
const events: StepFunctionsEvent[] = [];
const clock = createEngineClock({ timeScale });
let endpoint: StepFunctions;
let sfn: SFNClient;

beforeAll(async () => {
  endpoint = await startStepFunctions({
    port: 0,
    clock,
    region,
    accountId,
    invokeFunction: async (target, payload) => {
      calls.push({ target, payload });
      const run = functions[target.split(':').at(-1)!];
      if (!run) throw new Error(`no function ${target}`);
      return run(payload as never);
    },
    onEvent: (event) => events.push(event),
  });
  sfn = new SFNClient({ endpoint: endpoint.url, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  sfn?.destroy();
  await endpoint?.stop();
});

beforeEach(() => {
  calls.length = 0;
  events.length = 0;
});

async function createMachine(name: string, definition: object): Promise<string> {
  const created = await sfn.send(
    new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: `arn:aws:iam::${accountId}:role/workflows` }),
  );
  return created.stateMachineArn!;
}

async function start(stateMachineArn: string, input: unknown, name?: string): Promise<string> {
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input), ...(name ? { name } : {}) }));
  return started.executionArn!;
}

/** Polls DescribeExecution, as a client of AWS would, until the execution has closed. */
async function closed(executionArn: string): Promise<DescribeExecutionOutput> {
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') return execution;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function historyTypes(executionArn: string): Promise<string[]> {
  const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
  return history.events!.map((event) => event.type!);
}

const waitAnHour = { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } } };

describe('state machines and executions', () => {
  let triage: string;

  beforeAll(async () => {
    triage = await createMachine('triage', {
      StartAt: 'Classify',
      States: {
        Classify: { Type: 'Task', Resource: functionArn('classify'), Next: 'Route' },
        Route: { Type: 'Choice', Choices: [{ Variable: '$.late', BooleanEquals: true, Next: 'Late' }], Default: 'OnTime' },
        OnTime: { Type: 'Succeed' },
        Late: { Type: 'Fail', Error: 'ReportLate', Cause: 'submitted after the deadline' },
      },
    });
  });

  it('runs a Task and a Choice to Succeed, with the output in DescribeExecution', async () => {
    const executionArn = await start(triage, { days: 3 });
    const execution = await closed(executionArn);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', stateMachineArn: triage, input: '{"days":3}' });
    expect(JSON.parse(execution.output!)).toEqual({ days: 3, late: false });
    expect(execution.startDate).toBeInstanceOf(Date);
    expect(execution.stopDate!.getTime()).toBeGreaterThanOrEqual(execution.startDate!.getTime());
    expect(calls).toEqual([{ target: functionArn('classify'), payload: { days: 3 } }]);
  });

  it('ends in a Fail state with its error and cause', async () => {
    const execution = await closed(await start(triage, { days: 40 }));
    expect(execution).toMatchObject({ status: 'FAILED', error: 'ReportLate', cause: 'submitted after the deadline' });
  });

  it('describes and lists state machines and executions, newest first and filtered by status', async () => {
    const machine = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: triage }));
    expect(machine).toMatchObject({ name: 'triage', status: 'ACTIVE', type: 'STANDARD' });
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines!.map((listed) => listed.stateMachineArn)).toContain(triage);

    const first = await start(triage, { days: 1 }, 'listed-first');
    const second = await start(triage, { days: 99 }, 'listed-second');
    await Promise.all([closed(first), closed(second)]);
    const all = await sfn.send(new ListExecutionsCommand({ stateMachineArn: triage }));
    expect(all.executions!.slice(0, 2).map((execution) => execution.name)).toEqual(['listed-second', 'listed-first']);
    const failed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: triage, statusFilter: 'FAILED' }));
    expect(failed.executions!.every((execution) => execution.status === 'FAILED')).toBe(true);
    expect(failed.executions!.map((execution) => execution.executionArn)).toContain(second);
  });

  it('records an AWS-shaped history and reports it as it is written', async () => {
    const executionArn = await start(triage, { days: 2 });
    await closed(executionArn);
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events!.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(history.events!.map((event) => event.id)).toEqual(history.events!.map((_event, index) => index + 1));
    expect(history.events![0]!.timestamp).toBeInstanceOf(Date);
    expect(history.events![2]!.lambdaFunctionScheduledEventDetails).toMatchObject({ resource: functionArn('classify'), input: '{"days":2}' });
    expect(events.filter((event) => event.executionArn === executionArn).map((event) => event.event.type)).toEqual(history.events!.map((event) => event.type));

    const reversed = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1, includeExecutionData: false }));
    expect(reversed.events).toMatchObject([{ type: 'ExecutionSucceeded', executionSucceededEventDetails: {} }]);
    expect(reversed.events![0]!.executionSucceededEventDetails!.output).toBeUndefined();
    expect(reversed.nextToken).toBeDefined();
  });

  it('answers with the typed SDK exceptions for unknown machines and executions', async () => {
    const missingMachine = `arn:aws:states:${region}:${accountId}:stateMachine:missing`;
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: missingMachine }))).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    const missingExecution = `arn:aws:states:${region}:${accountId}:execution:triage:missing`;
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn: missingExecution }))).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });
});

describe('starting by name', () => {
  it('returns the running execution for the same name and input, and refuses a different input or a closed one', async () => {
    const holding = await createMachine('holding', { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 86_400, End: true } } });
    const executionArn = await start(holding, { cycle: 2026 }, 'cycle-2026');
    expect(await start(holding, { cycle: 2026 }, 'cycle-2026')).toBe(executionArn);
    await expect(start(holding, { cycle: 2027 }, 'cycle-2026')).rejects.toBeInstanceOf(ExecutionAlreadyExists);

    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'cycle cancelled' }));
    expect(await closed(executionArn)).toMatchObject({ status: 'ABORTED', error: 'Withdrawn', cause: 'cycle cancelled' });
    expect(await historyTypes(executionArn)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionAborted']);
    // As on AWS, a closed execution's name stays taken even for the same input.
    await expect(start(holding, { cycle: 2026 }, 'cycle-2026')).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });
});

describe('task routing', () => {
  it('retries a function error by its name, then catches it, with the Lambda error as cause', async () => {
    const machine = await createMachine('retry-then-catch', {
      StartAt: 'Compile',
      States: {
        Compile: {
          Type: 'Task',
          Resource: functionArn('flaky'),
          Retry: [{ ErrorEquals: ['ReportNotReady'], IntervalSeconds: 60, BackoffRate: 2, MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.failure', Next: 'Escalate' }],
          Next: 'Done',
        },
        Escalate: { Type: 'Pass', End: true },
        Done: { Type: 'Succeed' },
      },
    });
    const execution = await closed(await start(machine, { report: 7 }));
    expect(execution.status).toBe('SUCCEEDED');
    expect(calls).toHaveLength(3);
    const output = JSON.parse(execution.output!) as { report: number; failure: { Error: string; Cause: string } };
    expect(output.failure.Error).toBe('ReportNotReady');
    expect(JSON.parse(output.failure.Cause)).toMatchObject({ errorType: 'ReportNotReady', errorMessage: 'the report is not compiled yet' });
  });

  it('fails the execution with the function error when nothing catches it', async () => {
    const machine = await createMachine('uncaught', { StartAt: 'Compile', States: { Compile: { Type: 'Task', Resource: functionArn('flaky'), End: true } } });
    const executionArn = await start(machine, {});
    expect(await closed(executionArn)).toMatchObject({ status: 'FAILED', error: 'ReportNotReady' });
    expect(await historyTypes(executionArn)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'ExecutionFailed',
    ]);
  });

  it('wraps the result of a lambda:invoke task as the Invoke response, with the Payload', async () => {
    const machine = await createMachine('invoke', {
      StartAt: 'Summarize',
      States: {
        Summarize: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: functionArn('summarize'), 'Payload.$': '$.report' },
          ResultPath: '$.invocation',
          End: true,
        },
      },
    });
    const executionArn = await start(machine, { report: { paragraphs: ['11', '12', '13'] } });
    const output = JSON.parse((await closed(executionArn)).output!) as { invocation: Record<string, unknown> };
    expect(output.invocation).toMatchObject({ Payload: { count: 3 }, StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(calls).toEqual([{ target: functionArn('summarize'), payload: { paragraphs: ['11', '12', '13'] } }]);
    expect(await historyTypes(executionArn)).toContain('TaskSucceeded');
  });

  it('calls the function once per item of a Map', async () => {
    const machine = await createMachine('fan-out', {
      StartAt: 'NotifyEach',
      States: {
        NotifyEach: {
          Type: 'Map',
          ItemsPath: '$.states',
          ItemSelector: { 'state.$': '$$.Map.Item.Value' },
          ItemProcessor: { StartAt: 'Notify', States: { Notify: { Type: 'Task', Resource: functionArn('notify'), End: true } } },
          End: true,
        },
      },
    });
    const executionArn = await start(machine, { states: ['Austria', 'Brazil', 'Chad'] });
    expect(JSON.parse((await closed(executionArn)).output!)).toEqual([{ notified: 'Austria' }, { notified: 'Brazil' }, { notified: 'Chad' }]);
    expect(calls.map((call) => call.payload)).toEqual(expect.arrayContaining([{ state: 'Austria' }, { state: 'Brazil' }, { state: 'Chad' }]));
    const types = await historyTypes(executionArn);
    expect(types.filter((type) => type === 'MapIterationSucceeded')).toHaveLength(3);
    expect(types.at(-2)).toBe('MapStateExited');
  });
});

describe('time on the engine clock', () => {
  it('passes a one-hour Wait in about a tenth of a second at a scale of 36000', async () => {
    const machine = await createMachine('wait-an-hour', waitAnHour);
    const began = performance.now();
    const execution = await closed(await start(machine, { keep: true }));
    const elapsed = performance.now() - began;
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({ keep: true });
    expect(elapsed).toBeGreaterThanOrEqual(90);
    expect(elapsed).toBeLessThan(1000);
    expect(execution.stopDate!.getTime() - execution.startDate!.getTime()).toBeGreaterThanOrEqual(3600_000 - 1000);
  });

  it('waits until the engine instant a TimestampPath names, keeping InputPath and OutputPath', async () => {
    const machine = await createMachine('wait-until', {
      StartAt: 'UntilDeadline',
      States: { UntilDeadline: { Type: 'Wait', InputPath: '$.cycle', TimestampPath: '$.deadline', OutputPath: '$.name', End: true } },
    });
    const deadline = new Date(clock.now().getTime() + 2 * 3600_000).toISOString();
    const execution = await closed(await start(machine, { cycle: { name: 'A/77/108', deadline } }));
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toBe('A/77/108');
    expect(execution.stopDate!.getTime()).toBeGreaterThanOrEqual(Date.parse(deadline));
  });

  it('fills the context object from the engine: execution name, id, start time, state entry', async () => {
    const machine = await createMachine('context', {
      StartAt: 'Hold',
      States: {
        Hold: { Type: 'Wait', Seconds: 3600, Next: 'Stamp' },
        Stamp: {
          Type: 'Pass',
          Parameters: {
            'name.$': '$$.Execution.Name',
            'id.$': '$$.Execution.Id',
            'started.$': '$$.Execution.StartTime',
            'entered.$': '$$.State.EnteredTime',
            'state.$': '$$.State.Name',
          },
          End: true,
        },
      },
    });
    const executionArn = await start(machine, {}, 'context-run');
    const execution = await closed(executionArn);
    const output = JSON.parse(execution.output!) as Record<string, string>;
    expect(output).toMatchObject({ name: 'context-run', id: executionArn, state: 'Stamp' });
    expect(Date.parse(output['started']!)).toBe(execution.startDate!.getTime());
    expect(Date.parse(output['entered']!) - Date.parse(output['started']!)).toBeGreaterThanOrEqual(3600_000);
  });

  it('times an execution out after TimeoutSeconds of engine time', async () => {
    const machine = await createMachine('too-slow', { ...waitAnHour, TimeoutSeconds: 60 });
    const executionArn = await start(machine, {});
    expect(await closed(executionArn)).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect((await historyTypes(executionArn)).at(-1)).toBe('ExecutionTimedOut');
  });
});

describe('definitions the engine would run unfaithfully', () => {
  const rejected = async (definition: object) => {
    const creating = sfn.send(
      new CreateStateMachineCommand({ name: 'refused', definition: JSON.stringify(definition), roleArn: 'arn:aws:iam::000000000000:role/x' }),
    );
    await expect(creating).rejects.toBeInstanceOf(InvalidDefinition);
    return creating.catch((error: Error) => error.message);
  };

  it('refuses JSONata, variables, task tokens, other services and invalid ASL', async () => {
    expect(await rejected({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', Output: '{% $states.input %}', End: true } } })).toMatch(
      /JSONata/,
    );
    expect(await rejected({ StartAt: 'A', States: { A: { Type: 'Pass', Assign: { cycle: 1 }, End: true } } })).toMatch(/Assign/);
    expect(
      await rejected({
        StartAt: 'A',
        States: { A: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'f' }, End: true } },
      }),
    ).toMatch(/task tokens/);
    expect(await rejected({ StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true } } })).toMatch(/not supported/);
    expect(await rejected({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } })).toMatch(/invalid/i);
  });
});

describe('stopping the endpoint', () => {
  const handles = (kind: string) => process.getActiveResourcesInfo().filter((resource) => resource === kind).length;
  const kinds = ['TCPServerWrap', 'TCPSocketWrap', 'Timeout'];

  it('aborts running executions and closes, leaving no handles open', async () => {
    const before = kinds.map(handles);
    const waitADay = { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 86_400, End: true } } };
    const local = await startStepFunctions({
      port: 0,
      clock,
      invokeFunction: async () => null,
      stateMachines: [{ name: 'holding', definition: JSON.stringify(waitADay) }],
    });
    const client = new SFNClient({ endpoint: local.url, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: local.stateMachineArn('holding') }));
    client.destroy();

    await local.stop();
    expect(local.executions.describe(executionArn!)).toMatchObject({ status: 'ABORTED' });
    await expect(fetch(local.url, { method: 'POST' })).rejects.toThrow();
    // Client sockets finish closing a moment after the server drops them.
    for (const [index, kind] of kinds.entries()) await expect.poll(() => handles(kind), { message: kind }).toBeLessThanOrEqual(before[index]!);
  });
});

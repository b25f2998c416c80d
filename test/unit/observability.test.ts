import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { z } from 'zod';
import { allFunctions } from '../../functions/registry.ts';
import { businessMetrics, metricsNamespace } from '../../functions/runtime/business-metrics.ts';
import type { HttpResult } from '../../functions/runtime/http.ts';
import { unexpectedErrorsAsProblems } from '../../functions/runtime/middleware.ts';
import { observability } from '../../functions/runtime/observability.ts';
import { InvalidTaskInput, workflowTask } from '../../functions/runtime/task.ts';

interface EmfDocument {
  readonly _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  readonly [member: string]: unknown;
}

let stdout: MockInstance<typeof process.stdout.write>;
let stderr: MockInstance<typeof process.stderr.write>;

// The logger and the metrics write to the process's streams (log.ts, emf.ts), read here; metrics
// stay enabled explicitly. A cold start is counted only in a container Lambda says it started on
// demand.
beforeEach(() => {
  vi.stubEnv('METRICS_DISABLED', 'false');
  vi.stubEnv('LOG_LEVEL', 'INFO');
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** Each write is one whole line. */
const lines = (stream: MockInstance<typeof process.stdout.write>) =>
  stream.mock.calls.map(([chunk]) => {
    expect(String(chunk)).toMatch(/^[^\n]+\n$/);
    return JSON.parse(String(chunk)) as Record<string, unknown>;
  });

function emitted(): EmfDocument[] {
  return lines(stdout).filter((document): document is EmfDocument => '_aws' in document);
}

/** A fresh set per test: `observability` keeps one per function name, as a Lambda container does. */
let tests = 0;
const fresh = () => observability({ name: `observability-test-${(tests += 1)}` });

function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: 'request-1',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

describe('business events', () => {
  it.each([
    ['submissionsReceived', 'upload', 'SubmissionsReceived', 'path'],
    ['submissionsReceived', 'email', 'SubmissionsReceived', 'path'],
    ['notesSent', 'circular', 'NotesSent', 'kind'],
    ['notesSent', 'acknowledgement', 'NotesSent', 'kind'],
    ['notesSent', 'not-circulated-notice', 'NotesSent', 'kind'],
    ['bounces', 'permanent', 'Bounces', 'type'],
    ['emailsQuarantined', 'unknown-sender', 'EmailsQuarantined', 'reason'],
    ['statesUnreached', 'attention', 'StatesUnreached', 'kind'],
  ] as const)('%s (%s) is one %s metric with its %s dimension only', (event, value, metricName, dimension) => {
    const { business } = fresh();
    business.count(event, value as never);
    const [document, ...others] = emitted();
    expect(others).toEqual([]);
    expect(document!._aws.CloudWatchMetrics).toEqual([
      { Namespace: metricsNamespace, Dimensions: [[dimension]], Metrics: [{ Name: metricName, Unit: 'Count' }] },
    ]);
    expect(document).toMatchObject({ [dimension]: value, [metricName]: 1 });
  });

  it.each([
    ['complaints', 'Complaints'],
    ['obligationsOverdue', 'ObligationsOverdue'],
  ] as const)('%s is a %s metric without dimensions (one empty dimension set)', (event, metricName) => {
    const { business } = fresh();
    business.count(event);
    const [document] = emitted();
    expect(document!._aws.CloudWatchMetrics).toEqual([{ Namespace: metricsNamespace, Dimensions: [[]], Metrics: [{ Name: metricName, Unit: 'Count' }] }]);
    expect(document![metricName]).toBe(1);
  });

  it('names the counting function in the log line, not as a dimension', () => {
    fresh().business.count('notesSent', 'reminder');
    const [document] = emitted();
    expect(document!['service']).toBe(`observability-test-${tests}`);
    expect(document!._aws.CloudWatchMetrics[0]!.Dimensions.flat()).not.toContain('service');
  });

  it('counts several at once, and nothing for none', () => {
    const { business } = fresh();
    business.count('statesUnreached', 'circular', 3);
    business.count('statesUnreached', 'circulation', 0);
    business.count('complaints', 2);
    const documents = emitted();
    expect(documents.map((document) => [document['kind'] ?? null, document['StatesUnreached'] ?? document['Complaints']])).toEqual([
      ['circular', 3],
      [null, 2],
    ]);
  });

  it('keeps events of one invocation apart when their dimensions differ', () => {
    const { business } = fresh();
    business.count('emailsQuarantined', 'virus');
    business.count('emailsQuarantined', 'failed-authentication');
    expect(emitted().map((document) => [document['reason'], document['EmailsQuarantined']])).toEqual([
      ['virus', 1],
      ['failed-authentication', 1],
    ]);
  });

  it('are distinct metrics, named as CloudWatch allows', () => {
    const names = Object.values(businessMetrics).map((metric) => metric.metricName);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Za-z][A-Za-z0-9]{0,254}$/);
  });
});

describe('the middleware bundle', () => {
  it('emits the cold-start metric once, under the function as service', async () => {
    const spec = allFunctions.find((candidate) => candidate.name === 'whoami')!;
    const observed = observability(spec);
    expect(observability(spec)).toBe(observed);
    const handler = middy<unknown, string>()
      .use(observed.middlewares)
      .handler(async () => 'ok');
    await handler({}, lambdaContext('MissionProtectionReporting-whoami'));
    await handler({}, lambdaContext('MissionProtectionReporting-whoami'));
    const coldStarts = emitted().filter((document) => 'ColdStart' in document);
    expect(coldStarts).toHaveLength(1);
    expect(coldStarts[0]).toMatchObject({ service: 'whoami', function_name: 'MissionProtectionReporting-whoami', ColdStart: 1 });
    expect(coldStarts[0]!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service', 'function_name']]);
  });

  it('puts the Lambda context in every log line of the invocation', async () => {
    const observed = fresh();
    const handler = middy<unknown, HttpResult>()
      .use(observed.middlewares)
      .use(unexpectedErrorsAsProblems(observed.logger))
      .handler(async () => {
        throw new Error('the table is gone');
      });
    const response = await handler({}, lambdaContext('MissionProtectionReporting-test'));
    expect(response.statusCode).toBe(500);
    const logged = lines(stderr);
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'unhandled error',
        function_request_id: 'request-1',
        function_name: 'MissionProtectionReporting-test',
        error: expect.objectContaining({ name: 'Error', message: 'the table is gone' }),
      }),
    ]);
  });

  it('wraps every workflow task, which still refuses input of the wrong shape', async () => {
    const handler = workflowTask({ name: 'observability-test-task' }, z.object({ state: z.string() }), async ({ state }) => state);
    const context = lambdaContext('MissionProtectionReporting-observability-test-task');
    await expect(handler({ state: 'FRA' }, context)).resolves.toBe('FRA');
    await expect(handler({}, context)).rejects.toBeInstanceOf(InvalidTaskInput);
    expect(emitted().filter((document) => 'ColdStart' in document)).toHaveLength(1);
  });
});

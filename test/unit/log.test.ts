/**
 * The functions' log lines and metric documents (functions/runtime/log.ts, emf.ts) are the ones
 * Powertools for AWS Lambda wrote before them: the same keys, in the same order, with the same
 * values, for the same calls. Powertools stays a dev dependency to be compared with.
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { emfDocument, metricWriter } from '../../functions/runtime/emf.ts';
import { configuredLevel, type LogExtra, StructuredLogger } from '../../functions/runtime/log.ts';

let stdout: MockInstance<typeof process.stdout.write>;
let stderr: MockInstance<typeof process.stderr.write>;

beforeEach(() => {
  vi.stubEnv('POWERTOOLS_DEV', '');
  vi.stubEnv('LOG_LEVEL', 'DEBUG');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
  vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', '');
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  vi.stubEnv('_X_AMZN_TRACE_ID', 'Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1');
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const context = {
  functionName: 'MissionProtectionReporting-submit-report',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:MissionProtectionReporting-submit-report',
  memoryLimitInMB: '256',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  functionVersion: '$LATEST',
  logGroupName: '/aws/lambda/MissionProtectionReporting-submit-report',
  logStreamName: 'stream',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

/** Every line written to either stream, in order, parsed; the timestamps checked and set aside. */
function written(): { stream: 'stdout' | 'stderr'; line: Record<string, unknown> }[] {
  const calls = [
    ...stdout.mock.calls.map(([chunk], index) => ({ stream: 'stdout' as const, chunk, order: stdout.mock.invocationCallOrder[index]! })),
    ...stderr.mock.calls.map(([chunk], index) => ({ stream: 'stderr' as const, chunk, order: stderr.mock.invocationCallOrder[index]! })),
  ].sort((a, b) => a.order - b.order);
  stdout.mockClear();
  stderr.mockClear();
  return calls.map(({ stream, chunk }) => {
    const text = String(chunk);
    expect(text).toMatch(/^[^\n]+\n$/);
    const { timestamp, ...line } = JSON.parse(text) as Record<string, unknown>;
    // A log line's time (an EMF document has its own, in `_aws`).
    if (!('_aws' in line)) expect(Date.now() - Date.parse(String(timestamp))).toBeLessThan(60_000);
    return { stream, line };
  });
}

class Refusal extends Error {
  override readonly name = 'Refusal';
  readonly status = 400;
}

/** The calls the functions make: a message alone, with keys of its own, with an Error, with both. */
const calls: [level: 'debug' | 'info' | 'warn' | 'error', message: string, extra: LogExtra[]][] = [
  ['info', 'obligation overdue', [{ obligationId: 'OBL-1', state: 'FRA', remindersSent: 2 }]],
  ['warn', 'acknowledgement not sent', [{ reference: 'MPR/2026/0001', address: 'pm.fra@missions.example.org', error: 'MessageRejected' }]],
  ['error', 'unhandled error', [new Error('the table is gone', { cause: new Refusal('refused') })]],
  ['error', 'stored, not circulated', [{ reference: 'MPR/2026/0002', error: new Refusal('no') }]],
  ['debug', 'detail', [{ nested: { list: [1, 2], big: 12n } }, undefined]],
  // A State's text in a line stays inside its value: no second line, no terminal control.
  ['warn', 'refused\n{"level":"ERROR","message":"forged"}', [{ city: 'Nairobi\r\n\u001b[2J\u0007', reference: 'MPR/2026/0003' }]],
  // A line may not replace its level, message, timestamp, service or sampling rate.
  ['info', 'reserved keys', [{ level: 'FORGED', service: 'other', function_request_id: 'forged', own: 'kept' }]],
];

describe('a log line', () => {
  it('is the line Powertools wrote, before an invocation and in one, cold and warm', () => {
    const mine = new StructuredLogger('submit-report');
    const theirs = new PowertoolsLogger({ serviceName: 'submit-report' });
    const run = (logger: StructuredLogger | PowertoolsLogger) => {
      for (const [level, message, extra] of calls) logger[level](message, ...(extra as Error[]));
      for (const requestId of ['first', 'second']) {
        const invocation = { ...context, awsRequestId: requestId };
        if (logger instanceof StructuredLogger) logger.startInvocation(invocation);
        else logger.addContext(invocation);
        for (const [level, message, extra] of calls) logger[level](message, ...(extra as Error[]));
      }
      return written();
    };
    const expected = run(theirs);
    const actual = run(mine);
    // Each call a line, and a warning for each of the two reserved keys.
    expect(actual.length).toBe((calls.length + 2) * 3);
    // Key order too: Logs Insights shows the fields as they come.
    expect(actual.map(({ stream, line }) => ({ stream, keys: Object.keys(line), line }))).toEqual(
      expected.map(({ stream, line }) => ({ stream, keys: Object.keys(line), line })),
    );
    const invocations = actual.map(({ line }) => [line['function_request_id'], line['cold_start']]);
    expect(invocations).toContainEqual(['first', true]);
    expect(invocations).toContainEqual(['second', false]);
  });

  it('has no cold start in a container started ahead of demand', () => {
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'provisioned-concurrency');
    const logger = new StructuredLogger('whoami');
    expect(logger.startInvocation(context)).toBe(false);
    logger.info('ready');
    expect(written()[0]!.line['cold_start']).toBe(false);
  });

  it('is written at Lambda’s application log level and above, else at the configured level', () => {
    expect(configuredLevel({})).toBe('INFO');
    expect(configuredLevel({ LOG_LEVEL: 'warn' })).toBe('WARN');
    expect(configuredLevel({ LOG_LEVEL: 'loud' })).toBe('INFO');
    expect(configuredLevel({ LOG_LEVEL: 'SILENT' })).toBe('SILENT');
    // Lambda's level decides where it is set, as it did for Powertools.
    expect(configuredLevel({ LOG_LEVEL: 'DEBUG', AWS_LAMBDA_LOG_LEVEL: 'ERROR' })).toBe('ERROR');
    expect(configuredLevel({ LOG_LEVEL: 'ERROR', AWS_LAMBDA_LOG_LEVEL: 'INFO' })).toBe('INFO');
    expect(configuredLevel({ LOG_LEVEL: 'WARN', AWS_LAMBDA_LOG_LEVEL: 'DEBUG' })).toBe('DEBUG');
    const levels = (level: string) => {
      vi.stubEnv('LOG_LEVEL', level);
      const logger = new StructuredLogger('health');
      for (const method of ['debug', 'info', 'warn', 'error'] as const) logger[method](method);
      return written().map(({ line }) => line['message']);
    };
    expect(levels('DEBUG')).toEqual(['debug', 'info', 'warn', 'error']);
    expect(levels('WARN')).toEqual(['warn', 'error']);
    expect(levels('SILENT')).toEqual([]);
  });

  it('writes a hostile value as text on the one line: C0 and C1 controls, DEL and line separators escaped', () => {
    const hostile = 'Nairobi\n\r\u001b[2J\u0007\u007f\u009b31m\u0085\u2028\u2029end';
    new StructuredLogger('inbound-email').warn(hostile, { subject: hostile });
    const [chunk] = stderr.mock.calls[0]!;
    const text = String(chunk);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(text.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    const line = JSON.parse(text) as Record<string, unknown>;
    expect([line['message'], line['subject']]).toEqual([hostile, hostile]);
  });

  it('survives a cycle in what it is given', () => {
    const looped: Record<string, unknown> = { name: 'loop' };
    looped['self'] = looped;
    new StructuredLogger('drafts').info('cycle', { looped });
    expect(written()[0]!.line['looped']).toEqual({ name: 'loop' });
  });
});

describe('a metric document', () => {
  it('is the document Powertools wrote for a business event', () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const metrics = new Metrics({ namespace: 'MissionProtectionReporting', serviceName: 'send-note' });
    for (const dimensions of [{ kind: 'circular' }, {}] as Record<string, string>[]) {
      const single = metrics.singleMetric();
      single.clearDefaultDimensions();
      single.addDimensions(dimensions);
      single.addMetadata('service', 'send-note');
      single.addMetric('NotesSent', MetricUnit.Count, 3);
      const [theirs] = written();
      const mine = emfDocument(
        { namespace: 'MissionProtectionReporting', name: 'NotesSent', unit: 'Count', value: 3, dimensions, metadata: { service: 'send-note' } },
        (theirs!.line['_aws'] as { Timestamp: number }).Timestamp,
      );
      expect(JSON.stringify(mine)).toBe(JSON.stringify(theirs!.line));
    }
  });

  it('is the document Powertools wrote for the cold start', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const metrics = new Metrics({ namespace: 'MissionProtectionReporting', serviceName: 'whoami' });
    metrics.captureColdStartMetric(context.functionName);
    const [theirs] = written().filter(({ line }) => '_aws' in line);
    const mine = emfDocument(
      {
        namespace: 'MissionProtectionReporting',
        name: 'ColdStart',
        unit: 'Count',
        value: 1,
        dimensions: { service: 'whoami', function_name: context.functionName },
      },
      (theirs!.line['_aws'] as { Timestamp: number }).Timestamp,
    );
    expect(JSON.stringify(mine)).toBe(JSON.stringify(theirs!.line));
  });

  it('is not written when metrics are disabled', () => {
    vi.stubEnv('METRICS_DISABLED', 'true');
    metricWriter()({ namespace: 'N', name: 'M', unit: 'Count', value: 1, dimensions: {} });
    expect(stdout).not.toHaveBeenCalled();
  });
});

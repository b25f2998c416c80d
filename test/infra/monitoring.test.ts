import { beforeAll, describe, expect, it } from 'vitest';
import { allFunctions, type FunctionSpec } from '../../functions/registry.ts';
import { businessMetrics, metricsNamespace } from '../../functions/runtime/business-metrics.ts';
import { bounceRateThreshold, complaintRateThreshold } from '../../infra/constructs/monitoring.ts';
import { workflowDefinitions } from '../../workflows/index.ts';
import { logicalIdIn, type Resource, rendered, SynthesizedStack, sharedStack, synthTimeout, testApp } from './support.ts';

let stack: SynthesizedStack;

beforeAll(() => {
  stack = sharedStack();
}, synthTimeout);

const workflows = workflowDefinitions().map((definition) => definition.name);

/** What an alarm watches: its metric, or the metrics of its expression, with the expression. */
interface Watched {
  readonly expression?: string;
  readonly metrics: { namespace: string; metricName: string; dimensions: Record<string, string>; stat: string; period: number }[];
}

type MetricStat = { Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: unknown }[] }; Stat: string; Period: number };

function dimensionsOf(dimensions: { Name: string; Value: unknown }[] | undefined): Record<string, string> {
  return Object.fromEntries((dimensions ?? []).map((dimension) => [dimension.Name, rendered(dimension.Value)]));
}

function watched(alarm: Resource): Watched {
  const p = alarm.Properties;
  if (p['MetricName'] !== undefined) {
    return {
      metrics: [
        {
          namespace: p['Namespace'] as string,
          metricName: p['MetricName'] as string,
          dimensions: dimensionsOf(p['Dimensions'] as { Name: string; Value: unknown }[] | undefined),
          stat: p['Statistic'] as string,
          period: p['Period'] as number,
        },
      ],
    };
  }
  const queries = p['Metrics'] as { Expression?: string; MetricStat?: MetricStat; ReturnData?: boolean }[];
  const returned = queries.find((query) => query.ReturnData !== false)!;
  return {
    ...(returned.Expression ? { expression: returned.Expression } : {}),
    metrics: queries
      .flatMap((query) => (query.MetricStat ? [query.MetricStat] : []))
      .map((stat) => ({
        namespace: stat.Metric.Namespace,
        metricName: stat.Metric.MetricName,
        dimensions: dimensionsOf(stat.Metric.Dimensions),
        stat: stat.Stat,
        period: stat.Period,
      })),
  };
}

const alarmNamed = (suffix: string): Resource =>
  stack.only('AWS::CloudWatch::Alarm', (alarm) => alarm.Properties['AlarmName'] === `${stack.stackName}-${suffix}`)[1];
const topicId = (): string => stack.only('AWS::SNS::Topic')[0];
const functionId = (spec: Pick<FunctionSpec, 'name'>): string => stack.functionOf(spec)[0];
const stateMachineId = (workflow: string): string =>
  stack.only('AWS::StepFunctions::StateMachine', (machine) => machine.Properties['StateMachineName'] === `${stack.stackName}-${workflow}`)[0];
const queueId = (prefix: string): string => {
  const found = stack.ofType('AWS::SQS::Queue').filter(([id]) => id.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0]![0];
};
const deadLetterQueueId = (): string => queueId('MailEventDeadLetters');
const configurationSetId = (): string => stack.only('AWS::SES::ConfigurationSet')[0];

describe('alarms', () => {
  it('are one per workflow, one per function, and nine more, each e-mailing the alarm topic when it goes off', () => {
    const alarms = stack.ofType('AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(workflows.length + allFunctions.length + 9);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties['AlarmActions']).toEqual([{ Ref: topicId() }]);
      expect(alarm.Properties['TreatMissingData']).toBe('notBreaching');
      expect(alarm.Properties['EvaluationPeriods']).toBe(1);
      expect(alarm.Properties['AlarmDescription']).toMatch(/docs\/operations\.md, "[^"]+"/);
    }
  });

  it.each(workflows)('%s: any run failed, timed out or aborted', (workflow) => {
    const alarm = alarmNamed(`workflow-failed-${workflow}`);
    expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    const { expression, metrics } = watched(alarm);
    expect(metrics.map((metric) => metric.metricName).sort()).toEqual(['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']);
    for (const metric of metrics) {
      expect(metric).toMatchObject({ namespace: 'AWS/States', stat: 'Sum', period: 300, dimensions: { StateMachineArn: `<${stateMachineId(workflow)}>` } });
    }
    // Every execution metric counts: missing ones (no run of that outcome) as zero.
    const ids = (alarm.Properties['Metrics'] as { Id: string; MetricStat?: unknown }[]).filter((query) => query.MetricStat).map((query) => query.Id);
    expect(expression).toBe(ids.map((id) => `FILL(${id}, 0)`).join(' + '));
  });

  it.each(allFunctions.map((spec) => [spec.name, spec] as const))('%s: any error', (name, spec) => {
    const alarm = alarmNamed(`function-errors-${name}`);
    expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(watched(alarm).metrics).toEqual([
      { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: `<${functionId(spec)}>` }, stat: 'Sum', period: 300 },
    ]);
  });

  it('any 5xx answer of the API, which the API functions do not count as their errors', () => {
    const alarm = alarmNamed('api-server-errors');
    expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    const [metric] = watched(alarm).metrics;
    expect(metric).toMatchObject({ namespace: 'AWS/ApiGateway', metricName: '5xx', stat: 'Sum', period: 300 });
  });

  it('the bounce rate of the configuration set, above 5 %', () => {
    const alarm = alarmNamed('ses-bounce-rate');
    expect(bounceRateThreshold).toBe(0.05);
    expect(alarm.Properties).toMatchObject({ Threshold: 0.05, ComparisonOperator: 'GreaterThanThreshold' });
    expect(watched(alarm).metrics).toEqual([
      {
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        dimensions: { 'ses:configuration-set': `<${configurationSetId()}>` },
        stat: 'Average',
        period: 3600,
      },
    ]);
  });

  it('the complaint rate of the configuration set, above 0.1 %', () => {
    const alarm = alarmNamed('ses-complaint-rate');
    expect(complaintRateThreshold).toBe(0.001);
    expect(alarm.Properties).toMatchObject({ Threshold: 0.001, ComparisonOperator: 'GreaterThanThreshold' });
    expect(watched(alarm).metrics).toEqual([
      {
        namespace: 'AWS/SES',
        metricName: 'Reputation.ComplaintRate',
        dimensions: { 'ses:configuration-set': `<${configurationSetId()}>` },
        stat: 'Average',
        period: 3600,
      },
    ]);
  });

  it('any message in the dead-letter queue of the mail events', () => {
    const alarm = alarmNamed('dead-letters-mail-events');
    expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(watched(alarm).metrics).toEqual([
      {
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: `<${deadLetterQueueId()}.QueueName>` },
        stat: 'Maximum',
        period: 300,
      },
    ]);
  });

  it('any message in the dead-letter queue of the functions', () => {
    const alarm = alarmNamed('dead-letters-functions');
    expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(watched(alarm).metrics).toEqual([
      {
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: `<${queueId('FunctionsDeadLetters')}.QueueName>` },
        stat: 'Maximum',
        period: 300,
      },
    ]);
  });

  it('any obligation recorded overdue, from the business metric', () => {
    const alarm = alarmNamed('obligations-overdue');
    expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(watched(alarm).metrics).toEqual([
      { namespace: metricsNamespace, metricName: businessMetrics.obligationsOverdue.metricName, dimensions: {}, stat: 'Sum', period: 3600 },
    ]);
  });

  it('fires when the intake sweep finds a circulation that failed twice, within its five-minute run', () => {
    const alarm = alarmNamed('circulations-failed-twice');
    expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
    expect(alarm.Properties['AlarmActions']).toEqual([{ Ref: topicId() }]);
    expect(watched(alarm).metrics).toEqual([
      { namespace: metricsNamespace, metricName: businessMetrics.circulationsFailedTwice.metricName, dimensions: {}, stat: 'Sum', period: 300 },
    ]);
    expect(String(alarm.Properties['AlarmDescription'])).toContain('docs/operations.md, "A circulation failed twice"');
  });

  it('fires when the sends sweep releases an uncertain send, or an SES event comes after a release', () => {
    for (const [suffix, event] of [
      ['uncertain-sends-released', 'uncertainSendsReleased'],
      ['sends-settled-after-release', 'sendsSettledAfterRelease'],
    ] as const) {
      const alarm = alarmNamed(suffix);
      expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
      expect(watched(alarm).metrics).toEqual([
        { namespace: metricsNamespace, metricName: businessMetrics[event].metricName, dimensions: {}, stat: 'Sum', period: 300 },
      ]);
      expect(String(alarm.Properties['AlarmDescription'])).toContain('docs/operations.md, "Uncertain sends released"');
    }
  });
});

describe('alarm topic', () => {
  it('is encrypted with its own rotated key, which CloudWatch may use to publish', () => {
    const [, topic] = stack.only('AWS::SNS::Topic');
    const key = stack.resource(topic.Properties['KmsMasterKeyId']);
    expect(key).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
    const statements = (key.Properties['KeyPolicy'] as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
    );
  });

  it('accepts TLS only, and messages from the alarms of this account', () => {
    const [, policy] = stack.only('AWS::SNS::TopicPolicy');
    expect((policy.Properties['Topics'] as unknown[]).map(logicalIdIn)).toEqual([topicId()]);
    const statements = (policy.Properties['PolicyDocument'] as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const allow = statements.find((statement) => statement['Effect'] === 'Allow')!;
    expect(allow).toMatchObject({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: { Ref: topicId() } });
    const condition = allow['Condition'] as { StringEquals: Record<string, unknown>; ArnLike: Record<string, unknown> };
    expect(condition.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    expect(rendered(condition.ArnLike['aws:SourceArn'])).toBe('arn:aws:cloudwatch:us-east-1:<AWS::AccountId>:alarm:*');
  });

  it('has no subscription while mpr:secretariatAlarmEmail is empty', () => {
    expect(stack.built.stack.settings['mpr:secretariatAlarmEmail']).toBe('');
    expect(stack.ofType('AWS::SNS::Subscription')).toEqual([]);
  });

  it('e-mails the address mpr:secretariatAlarmEmail names', () => {
    const withEmail = new SynthesizedStack(testApp({ context: { 'aws:cdk:bundling-stacks': [], 'mpr:secretariatAlarmEmail': 'duty.officer@example.org' } }));
    const [, subscription] = withEmail.only('AWS::SNS::Subscription');
    expect(subscription.Properties).toEqual({
      Protocol: 'email',
      Endpoint: 'duty.officer@example.org',
      TopicArn: { Ref: withEmail.only('AWS::SNS::Topic')[0] },
    });
  });
});

describe('dashboard', () => {
  type Widget = { type: string; y: number; properties: { title?: string; markdown?: string; metrics?: unknown[][]; alarms?: string[]; query?: string } };
  let widgets: Widget[];
  let body: string;

  beforeAll(() => {
    const [, dashboard] = stack.only('AWS::CloudWatch::Dashboard');
    expect(dashboard.Properties['DashboardName']).toBe(stack.stackName);
    body = rendered(dashboard.Properties['DashboardBody']);
    widgets = (JSON.parse(body) as { widgets: Widget[] }).widgets;
  });

  const metricsOf = (widget: Widget): string => JSON.stringify(widget.properties.metrics ?? []);
  const firstHealthRow = (): number => widgets.find((widget) => widget.properties.markdown?.startsWith('# System health'))!.y;

  it('shows every business metric above the health of the system, each under a plain title', () => {
    for (const { metricName } of Object.values(businessMetrics)) {
      const showing = widgets.filter((widget) => metricsOf(widget).includes(`${metricsNamespace}`) && metricsOf(widget).includes(metricName));
      expect(showing.length, metricName).toBeGreaterThan(0);
      for (const widget of showing) {
        expect(widget.y).toBeLessThan(firstHealthRow());
        // A sentence, not the metric's name.
        expect(widget.properties.title).toMatch(/^[A-Z][^A-Z]*[a-z] /);
        expect(widget.properties.title).not.toContain(metricName);
      }
    }
  });

  it('counts the business metrics per day, one line per dimension value', () => {
    expect(body).toContain(String.raw`SEARCH('{MissionProtectionReporting,kind} MetricName=\"NotesSent\"', 'Sum', 86400)`);
    expect(body).toContain(String.raw`SEARCH('{MissionProtectionReporting,path} MetricName=\"SubmissionsReceived\"', 'Sum', 86400)`);
    expect(body).toContain(String.raw`SEARCH('{MissionProtectionReporting,reason} MetricName=\"EmailsQuarantined\"', 'Sum', 86400)`);
    expect(body).toContain("${PROP('Dim.kind')}");
  });

  it('shows errors and throttles of every registry function', () => {
    for (const metricName of ['Errors', 'Throttles']) {
      const [widget] = widgets.filter((candidate) => metricsOf(candidate).includes(`"AWS/Lambda","${metricName}"`));
      for (const spec of allFunctions) expect(metricsOf(widget!), `${metricName} of ${spec.name}`).toContain(`<${functionId(spec)}>`);
      expect(widget!.y).toBeGreaterThan(firstHealthRow());
    }
  });

  it('shows failed and timed-out runs of every workflow', () => {
    for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      const health = widgets.filter((widget) => widget.y > firstHealthRow() && metricsOf(widget).includes(`"AWS/States","${metricName}"`));
      expect(health.length, metricName).toBeGreaterThan(0);
      for (const workflow of workflows) expect(health.map(metricsOf).join(), `${metricName} of ${workflow}`).toContain(`<${stateMachineId(workflow)}>`);
    }
  });

  it('shows the API’s 4xx and 5xx responses and its latency', () => {
    const [apiId] = stack.only('AWS::ApiGatewayV2::Api');
    for (const metricName of ['4xx', '5xx', 'Latency']) {
      expect(body).toContain(`"AWS/ApiGateway","${metricName}","ApiId","<${apiId}>"`);
    }
  });

  it('shows the SES bounce and complaint rates against their alarm thresholds, and the dead letters', () => {
    for (const metricName of ['Reputation.BounceRate', 'Reputation.ComplaintRate']) {
      expect(body).toContain(`"AWS/SES","${metricName}","ses:configuration-set","<${configurationSetId()}>"`);
    }
    expect(body).toContain(`"annotations":{"horizontal":[{"value":${bounceRateThreshold}`);
    expect(body).toContain(`"annotations":{"horizontal":[{"value":${complaintRateThreshold}`);
    expect(body).toContain(`"AWS/SQS","ApproximateNumberOfMessagesVisible","QueueName","<${deadLetterQueueId()}.QueueName>"`);
  });

  it('lists every alarm, and the latest errors logged by any function', () => {
    const [status] = widgets.filter((widget) => widget.type === 'alarm');
    expect(status!.properties.alarms).toHaveLength(stack.ofType('AWS::CloudWatch::Alarm').length);
    const [logs] = widgets.filter((widget) => widget.type === 'log');
    expect(logs!.properties.query).toContain('filter level = "ERROR"');
    for (const spec of allFunctions) {
      const { LogGroup } = stack.functionOf(spec)[1]['LoggingConfig'] as { LogGroup: unknown };
      expect(logs!.properties.query, spec.name).toContain(`<${logicalIdIn(LogGroup)}>`);
    }
  });
});

describe('publication bucket', () => {
  const publication = (): [string, Resource] => {
    const output = stack.outputs['PublicationBucketName'];
    const id = logicalIdIn(output?.Value);
    expect(id).toBeDefined();
    return [id!, stack.resource(output!.Value)];
  };

  it('is a stack output', () => {
    const [id, bucket] = publication();
    expect(bucket.Type).toBe('AWS::S3::Bucket');
    expect(stack.outputs['PublicationBucketName']?.Value).toEqual({ Ref: id });
  });

  it('is versioned, encrypted, private and retained', () => {
    const [, bucket] = publication();
    expect(bucket.Properties['VersioningConfiguration']).toEqual({ Status: 'Enabled' });
    const [rule] = (
      bucket.Properties['BucketEncryption'] as {
        ServerSideEncryptionConfiguration: { BucketKeyEnabled: boolean; ServerSideEncryptionByDefault: { SSEAlgorithm: string; KMSMasterKeyID: unknown } }[];
      }
    ).ServerSideEncryptionConfiguration;
    expect(rule!.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    expect(rule!.BucketKeyEnabled).toBe(true);
    expect(stack.resource(rule!.ServerSideEncryptionByDefault.KMSMasterKeyID)).toMatchObject({
      Type: 'AWS::KMS::Key',
      Properties: { EnableKeyRotation: true },
    });
    expect(bucket.Properties['PublicAccessBlockConfiguration']).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties['OwnershipControls']).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it('accepts TLS requests only', () => {
    const [id] = publication();
    const [, policy] = stack.only('AWS::S3::BucketPolicy', (candidate) => logicalIdIn(candidate.Properties['Bucket']) === id);
    const statements = (policy.Properties['PolicyDocument'] as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('logs server access to the same log bucket as the evidence bucket, under its own prefix', () => {
    const [, bucket] = publication();
    // The evidence bucket: the one whose versions are locked by default (the inbound-mail bucket has Object Lock without a default).
    const [, evidence] = stack.only(
      'AWS::S3::Bucket',
      (candidate) => (candidate.Properties['ObjectLockConfiguration'] as { Rule?: unknown } | undefined)?.Rule !== undefined,
    );
    const logging = bucket.Properties['LoggingConfiguration'] as { DestinationBucketName: unknown; LogFilePrefix: string };
    const evidenceLogging = evidence.Properties['LoggingConfiguration'] as { DestinationBucketName: unknown; LogFilePrefix: string };
    expect(logicalIdIn(logging.DestinationBucketName)).toBe(logicalIdIn(evidenceLogging.DestinationBucketName));
    expect(logging.LogFilePrefix).toBe('publication/');
    expect(evidenceLogging.LogFilePrefix).not.toBe(logging.LogFilePrefix);
  });
});

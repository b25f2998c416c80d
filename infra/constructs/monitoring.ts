/**
 * What the Secretariat watches in the AWS console: one dashboard (the work done on top, the
 * system's health below) and the alarms that e-mail it when something needs a person.
 *
 * Everything is derived: every registry function, every workflow, the business metrics of
 * functions/runtime/business-metrics.ts. Each alarm's description names its section of
 * docs/operations.md, which says what it means and what to do.
 */
import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  type IWidget,
  LogQueryWidget,
  MathExpression,
  Metric,
  Stats,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { pascalName } from '../../functions/registry.ts';
import { type BusinessEvent, businessMetrics, metricsNamespace } from '../../functions/runtime/business-metrics.ts';
import type { Functions } from './functions.ts';
import type { Mail } from './mail.ts';
import type { ProjectFunction } from './project-function.ts';
import type { Workflows } from './workflows.ts';

/** SES reviews an account whose bounce rate reaches 5 % or complaint rate 0.1 %. */
export const bounceRateThreshold = 0.05;
export const complaintRateThreshold = 0.001;

/** Health is read in five-minute steps; the work done, per day. */
const healthPeriod = Duration.minutes(5);
const businessPeriod = Duration.days(1);
/** SES's reputation rates move slowly; an hour smooths a single bounce among few sends. */
const reputationPeriod = Duration.hours(1);

export interface MonitoringProps {
  readonly functions: Functions;
  readonly workflows: Workflows;
  readonly api: HttpApi;
  readonly mail: Mail;
  /** Who is e-mailed when an alarm goes off (`mpr:secretariatAlarmEmail`); empty for no one yet. */
  readonly alarmEmail: string;
}

export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = this.alarmTopic(props.alarmEmail);
    this.createAlarms(props);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: Stack.of(this).stackName,
      defaultInterval: Duration.days(28),
      widgets: [...this.businessWidgets(props), ...this.healthWidgets(props)],
    });
  }

  /**
   * Alarms publish to an encrypted topic: CloudWatch must be allowed to use the key (a key
   * managed by SNS could not grant that) and to publish, from this account's alarms only.
   */
  private alarmTopic(alarmEmail: string): Topic {
    const stack = Stack.of(this);
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the mission-protection-reporting alarm notifications',
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(new PolicyStatement({ principals: [cloudWatch], actions: ['kms:Decrypt', 'kms:GenerateDataKey*'], resources: ['*'] }));
    const topic = new Topic(this, 'Alarms', {
      // The sender name of the alarm e-mails.
      displayName: 'Mission protection reporting alarms',
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AlarmsOfThisAccount',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
          },
        },
      }),
    );
    // SNS sends a confirmation e-mail first; nothing arrives until it is confirmed.
    if (alarmEmail !== '') {
      topic.addSubscription(new EmailSubscription(alarmEmail));
      Validations.of(topic).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'The only subscription is the Secretariat’s e-mail address: an alarm whose e-mail is not delivered stays in ALARM on the dashboard and in the console, so a dead-letter queue would keep nothing that is not already visible.',
      });
    }
    return topic;
  }

  private alarm(id: string, name: string, props: { metric: IMetric; threshold: number; description: string }): void {
    const alarm = new Alarm(this, id, {
      alarmName: `${Stack.of(this).stackName}-${name}`,
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No data means nothing happened: no sends, no failures, no dead letters.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }

  private createAlarms({ functions, workflows, mail, api }: MonitoringProps): void {
    for (const [name, stateMachine] of workflows.stateMachines) {
      this.alarm(`${pascalName({ name })}WorkflowFailed`, `workflow-failed-${name}`, {
        metric: unsuccessfulRuns(stateMachine, name, healthPeriod),
        threshold: 0,
        description: `A run of the ${name} workflow failed, timed out or was stopped. See docs/operations.md, "A workflow run failed".`,
      });
    }
    for (const fn of functions.all) {
      this.alarm(`${pascalName(fn.spec)}Errors`, `function-errors-${fn.spec.name}`, {
        metric: fn.function.metricErrors({ period: healthPeriod, statistic: Stats.SUM }),
        threshold: 0,
        description: `The ${fn.spec.name} function failed. See docs/operations.md, "A function failed".`,
      });
    }
    // The API functions answer their own faults with a 500 page instead of failing: their error
    // alarms do not see them, nor a failure before a function runs (throttling, an integration).
    this.alarm('ApiServerErrors', 'api-server-errors', {
      metric: api.metricServerError({ period: healthPeriod, statistic: Stats.SUM }),
      threshold: 0,
      description: 'The API answered a request with a server error (5xx). See docs/operations.md, "The API answered 5xx".',
    });
    this.alarm('BounceRate', 'ses-bounce-rate', {
      metric: reputationMetric(mail, 'Reputation.BounceRate'),
      threshold: bounceRateThreshold,
      description: 'More than 5 % of the notes sent bounced: SES may stop the account sending. See docs/operations.md, "Bounce rate above 5 %".',
    });
    this.alarm('ComplaintRate', 'ses-complaint-rate', {
      metric: reputationMetric(mail, 'Reputation.ComplaintRate'),
      threshold: complaintRateThreshold,
      description:
        'More than 0.1 % of the notes sent were reported as spam: SES may stop the account sending. See docs/operations.md, "Complaint rate above 0.1 %".',
    });
    this.alarm('MailEventDeadLetters', 'dead-letters-mail-events', {
      metric: mail.deadLetters.metricApproximateNumberOfMessagesVisible({ period: healthPeriod, statistic: Stats.MAXIMUM }),
      threshold: 0,
      description: 'A bounce or complaint could not be recorded and waits in the dead-letter queue. See docs/operations.md, "Dead letters present".',
    });
    this.alarm('FunctionDeadLetters', 'dead-letters-functions', {
      metric: functions.deadLetters.metricApproximateNumberOfMessagesVisible({ period: healthPeriod, statistic: Stats.MAXIMUM }),
      threshold: 0,
      description:
        'An inbound e-mail or a scheduled run failed after its retries and waits in the functions’ dead-letter queue. See docs/operations.md, "Dead letters present".',
    });
    // The intake sweep (reconcile-intake, every five minutes) restarts a failed circulation and
    // counts those that failed twice: a third failure is not waited for.
    this.alarm('CirculationsFailedTwice', 'circulations-failed-twice', {
      metric: businessMetric('circulationsFailedTwice', { period: healthPeriod }),
      threshold: 0,
      description: 'A report’s circulation failed twice; the sweep keeps restarting it. See docs/operations.md, "A circulation failed twice".',
    });
    // The sends sweep (reconcile-sends, every quarter of an hour) releases sends left uncertain
    // past the window with no SES event: they never left, and the note's next run must send them.
    this.alarm('UncertainSendsReleased', 'uncertain-sends-released', {
      metric: businessMetric('uncertainSendsReleased', { period: healthPeriod }),
      threshold: 0,
      description:
        'Sends of a note that SES never accepted were released after the window: run the note again. See docs/operations.md, "Uncertain sends released".',
    });
    this.alarm('SendsSettledAfterRelease', 'sends-settled-after-release', {
      metric: businessMetric('sendsSettledAfterRelease', { period: healthPeriod }),
      threshold: 0,
      description: 'An SES event came after the sweep had released its send: the window is too short. See docs/operations.md, "Uncertain sends released".',
    });
    this.alarm('ObligationsOverdue', 'obligations-overdue', {
      metric: businessMetric('obligationsOverdue', { period: Duration.hours(1) }),
      threshold: 0,
      description: 'A State has not reported after its last reminder: the obligation is recorded as overdue. See docs/operations.md, "Obligation overdue".',
    });
  }

  /** The work done, per day, with plain titles. */
  private businessWidgets({ workflows }: MonitoringProps): IWidget[][] {
    const graph = (title: string, left: IMetric[], width = 8): GraphWidget =>
      new GraphWidget({ title, left, width, height: 6, stacked: true, leftYAxis: { min: 0, showUnits: false, label: 'per day' } });
    return [
      [
        new TextWidget({
          markdown: [
            '# Reports and notes',
            'What the system did each day. Each line is a count per day; hover over a line to read it.',
            'Below, **System health** shows whether anything needs attention. Every alarm is explained in the operations runbook (docs/operations.md).',
          ].join('\n\n'),
          width: 24,
          height: 3,
        }),
      ],
      [
        graph('Reports received (by upload form or by e-mail)', [businessMetric('submissionsReceived')]),
        graph('Notes verbales and acknowledgements sent, by kind', [businessMetric('notesSent')]),
        graph('E-mails held for the Secretariat (quarantined), by reason', [businessMetric('emailsQuarantined')]),
      ],
      [
        graph('Obligations overdue after the last reminder', [businessMetric('obligationsOverdue', { label: 'obligations overdue' })], 6),
        graph('Notes that bounced, by bounce type', [businessMetric('bounces')], 6),
        graph('Notes reported as spam', [businessMetric('complaints', { label: 'complaints' })], 6),
        graph(
          'Workflow failures: failed runs, and States a note did not reach',
          [
            ...[...workflows.stateMachines].map(([name, stateMachine]) => unsuccessfulRuns(stateMachine, name, businessPeriod)),
            businessMetric('statesUnreached', { label: 'States not reached: ' }),
            businessMetric('circulationsFailedTwice', { label: 'circulations failed twice (restarted)' }),
            businessMetric('uncertainSendsReleased', { label: 'uncertain sends released for resending' }),
            businessMetric('sendsSettledAfterRelease', { label: 'sends SES reported after their release' }),
          ],
          6,
        ),
      ],
    ];
  }

  /** Whether the system works: alarms first, then the health of each part. */
  private healthWidgets({ functions, workflows, api, mail }: MonitoringProps): IWidget[][] {
    const graph = (title: string, left: IMetric[], width: number, extra: Partial<ConstructorParameters<typeof GraphWidget>[0]> = {}): GraphWidget =>
      new GraphWidget({ title, left, width, height: 6, leftYAxis: { min: 0, showUnits: false }, ...extra });
    const perFunction = (metric: (fn: ProjectFunction) => IMetric) => functions.all.map(metric);
    const perWorkflow = (metric: (stateMachine: StateMachine, name: string) => IMetric) =>
      [...workflows.stateMachines].map(([name, stateMachine]) => metric(stateMachine, name));
    const rateAxis = { min: 0, max: 0.1, showUnits: false, label: 'share of notes sent (0.05 = 5 %)' };
    return [
      [
        new TextWidget({
          markdown: '# System health\n\nGreen alarms need nothing. A red alarm has a section of its own in the operations runbook (docs/operations.md).',
          width: 24,
          height: 2,
        }),
      ],
      [new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 })],
      [
        graph(
          'Function errors',
          perFunction((fn) => fn.function.metricErrors({ period: healthPeriod, statistic: Stats.SUM, label: fn.spec.name })),
          12,
        ),
        graph(
          'Function throttles',
          perFunction((fn) => fn.function.metricThrottles({ period: healthPeriod, statistic: Stats.SUM, label: fn.spec.name })),
          12,
        ),
      ],
      [
        graph(
          'Workflow runs failed or timed out',
          perWorkflow((stateMachine, name) => stateMachine.metricFailed({ period: healthPeriod, statistic: Stats.SUM, label: `${name} failed` })),
          8,
          {
            right: perWorkflow((stateMachine, name) => stateMachine.metricTimedOut({ period: healthPeriod, statistic: Stats.SUM, label: `${name} timed out` })),
            rightYAxis: { min: 0, showUnits: false },
          },
        ),
        graph(
          'API requests refused (4xx) and failed (5xx)',
          [api.metricClientError({ period: healthPeriod, label: '4xx' }), api.metricServerError({ period: healthPeriod, label: '5xx' })],
          8,
        ),
        graph(
          'API response time (ms)',
          [
            api.metricLatency({ period: healthPeriod, statistic: Stats.percentile(50), label: 'median' }),
            api.metricLatency({ period: healthPeriod, statistic: Stats.percentile(99), label: 'slowest 1 %' }),
          ],
          8,
        ),
      ],
      [
        graph('SES bounce rate (alarm above 5 %)', [reputationMetric(mail, 'Reputation.BounceRate').with({ label: 'bounce rate' })], 8, {
          leftYAxis: rateAxis,
          leftAnnotations: [{ value: bounceRateThreshold, label: 'alarm' }],
        }),
        graph('SES complaint rate (alarm above 0.1 %)', [reputationMetric(mail, 'Reputation.ComplaintRate').with({ label: 'complaint rate' })], 8, {
          leftYAxis: { ...rateAxis, max: 0.005 },
          leftAnnotations: [{ value: complaintRateThreshold, label: 'alarm' }],
        }),
        graph(
          'Mail events waiting in the dead-letter queue',
          [mail.deadLetters.metricApproximateNumberOfMessagesVisible({ period: healthPeriod, statistic: Stats.MAXIMUM, label: 'messages' })],
          8,
        ),
      ],
      [
        new LogQueryWidget({
          title: 'Latest errors in the functions’ logs',
          logGroupNames: functions.all.map((fn) => fn.function.logGroup.logGroupName),
          queryLines: ['fields @timestamp, service, message, error.message', 'filter level = "ERROR"', 'sort @timestamp desc', 'limit 20'],
          width: 24,
          height: 6,
        }),
      ],
    ];
  }
}

/** Runs that failed, timed out or were aborted: any of them means a dispatch may be incomplete. */
function unsuccessfulRuns(stateMachine: StateMachine, name: string, period: Duration): IMetric {
  const options = { period, statistic: Stats.SUM };
  // Ids unique per workflow: one graph shows every workflow's runs.
  const [failed, timedOut, aborted] = ['failed', 'timedOut', 'aborted'].map((outcome) => `${outcome}${pascalName({ name })}`) as [string, string, string];
  return new MathExpression({
    expression: `FILL(${failed}, 0) + FILL(${timedOut}, 0) + FILL(${aborted}, 0)`,
    usingMetrics: {
      [failed]: stateMachine.metricFailed(options),
      [timedOut]: stateMachine.metricTimedOut(options),
      [aborted]: stateMachine.metricAborted(options),
    },
    label: `${name} runs failed`,
    period,
  });
}

/**
 * A business metric, summed per period. A dimensioned one is every series of that dimension
 * (one line per value, e.g. per kind of note, labelled with the value after `label`), found by a
 * search, so that a new value appears without a change here.
 */
function businessMetric(event: BusinessEvent, { period = businessPeriod, label }: { period?: Duration; label?: string } = {}): IMetric {
  const { metricName, dimension } = businessMetrics[event] as { metricName: string; dimension?: string };
  if (dimension === undefined) return new Metric({ namespace: metricsNamespace, metricName, statistic: Stats.SUM, period, ...(label ? { label } : {}) });
  return new MathExpression({
    expression: `SEARCH('{${metricsNamespace},${dimension}} MetricName="${metricName}"', 'Sum', ${period.toSeconds()})`,
    label: `${label ?? ''}\${PROP('Dim.${dimension}')}`,
    period,
  });
}

/** The configuration set's reputation rate, as SES publishes it when reputation metrics are on. */
function reputationMetric(mail: Mail, metricName: 'Reputation.BounceRate' | 'Reputation.ComplaintRate'): Metric {
  return new Metric({
    namespace: 'AWS/SES',
    metricName,
    dimensionsMap: { 'ses:configuration-set': mail.configurationSet.configurationSetName },
    statistic: Stats.AVERAGE,
    period: reputationPeriod,
  });
}

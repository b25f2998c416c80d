/**
 * The customer-managed keys of what the system writes about itself: logs, dead letters and the
 * workflows' execution history. The stores (table, evidence, publication) and the alarm topic keep
 * keys of their own, declared beside them.
 *
 * One key per kind of data, so that a service allowed to use one (CloudWatch Logs, EventBridge)
 * cannot decrypt the others, and each can be disabled or audited on its own.
 */
import { ArnFormat, type IAspect, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';

export interface LogGroupOptions {
  /** A fixed name, where a service requires one (WAF: `aws-waf-logs-*`). */
  readonly logGroupName?: string;
}

export class OperationalKeys extends Construct {
  /** Every log group of the stack: functions, API access, workflows, firewall. */
  readonly logs: Key;
  /** The dead-letter queues: failed events still hold the messages they were about. */
  readonly deadLetters: Key;
  /** The state machines' definitions and execution history (which State was sent what). */
  readonly workflows: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);

    this.logs = createLogsKey(this, 'LogsKey');

    this.deadLetters = new Key(this, 'DeadLettersKey', {
      description: 'Encrypts the mission-protection-reporting dead-letter queues',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An EventBridge rule's dead-letter queue is written by EventBridge itself, which needs the
    // key to do so (EventBridge user guide, "Using dead-letter queues"): this account's rules only.
    this.deadLetters.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DeadLettersOfThisAccountsRules',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'events', resource: 'rule', resourceName: '*' }) },
        },
      }),
    );

    this.workflows = new Key(this, 'WorkflowsKey', {
      description: 'Encrypts the mission-protection-reporting state machines and their execution history',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** A log group encrypted with the logs key (see `encryptedLogGroup`). */
  logGroup(scope: Construct, id: string, options: LogGroupOptions = {}): LogGroup {
    return encryptedLogGroup(scope, id, this.logs, options);
  }
}

/** A key for log groups: CloudWatch Logs may use it for this account's log groups in this region. */
export function createLogsKey(scope: Construct, id: string): Key {
  const stack = Stack.of(scope);
  const key = new Key(scope, id, {
    description: 'Encrypts the mission-protection-reporting log groups',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // CloudWatch Logs encrypts each event with the group's key (CloudWatch Logs user guide,
  // "Encrypt log data in CloudWatch Logs using AWS KMS"); the condition names log groups only.
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'LogGroupsOfThisAccount',
      principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  return key;
}

/**
 * A log group encrypted with `key`, kept a year and retained with the stack: logs record who
 * submitted what, and when.
 */
export function encryptedLogGroup(scope: Construct, id: string, key: IKey, options: LogGroupOptions = {}): LogGroup {
  return new LogGroup(scope, id, {
    logGroupName: options.logGroupName,
    encryptionKey: key,
    retention: RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/**
 * Every key of the stack lets grants be created only by AWS services for AWS resources (DynamoDB,
 * SQS, Step Functions and CloudWatch Logs use grants on behalf of their callers): no principal of
 * the account, whatever its IAM policy, can grant itself or another the use of a key directly.
 * The statement is AWS Control Tower's CT.KMS.PR.3, added to each key as an aspect so that a key
 * declared later has it too.
 */
export class KeyGrantsForAwsResourcesOnly implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof Key)) return;
    node.addToResourcePolicy(
      new PolicyStatement({
        sid: 'GrantsOnlyForAwsResources',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }),
    );
  }
}

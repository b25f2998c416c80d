import { beforeAll, describe, expect, it } from 'vitest';
import { allFunctions } from '../../functions/registry.ts';
import { sendingEventDetailTypes } from '../../infra/constructs/mail.ts';
import type { SynthesizedStack } from './support.ts';
import { logicalIdIn, rendered, sharedStack, synthTimeout } from './support.ts';

let stack: SynthesizedStack;

beforeAll(() => {
  stack = sharedStack();
}, synthTimeout);

/** The mail events' dead-letter queue (the functions have one of their own). */
const mailDeadLetters = (): [string, { Properties: Record<string, unknown> }] => {
  const found = stack.ofType('AWS::SQS::Queue').filter(([id]) => id.startsWith('MailEventDeadLetters'));
  expect(found).toHaveLength(1);
  return found[0]!;
};

const configurationSet = (): [string, Record<string, unknown>] => {
  const [id, resource] = stack.only('AWS::SES::ConfigurationSet');
  return [id, resource.Properties];
};

describe('configuration set', () => {
  it('publishes reputation metrics, sends, and delivers over TLS only', () => {
    const [, properties] = configurationSet();
    expect(properties).toMatchObject({
      ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: true },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
    });
  });

  it('publishes sends, bounces, complaints, deliveries, rejections and delays to the default event bus', () => {
    const [configurationSetId] = configurationSet();
    const [, destination] = stack.only('AWS::SES::ConfigurationSetEventDestination');
    expect(logicalIdIn(destination.Properties['ConfigurationSetName'])).toBe(configurationSetId);
    const { EventBridgeDestination, MatchingEventTypes, Enabled } = destination.Properties['EventDestination'] as {
      EventBridgeDestination: { EventBusArn: unknown };
      MatchingEventTypes: string[];
      Enabled: boolean;
    };
    expect(Enabled).toBe(true);
    expect(rendered(EventBridgeDestination.EventBusArn)).toBe('arn:aws:events:us-east-1:<AWS::AccountId>:event-bus/default');
    expect([...MatchingEventTypes].sort()).toEqual(['bounce', 'complaint', 'delivery', 'deliveryDelay', 'reject', 'send']);
  });

  it('is the name functions send with, and a stack output', () => {
    const [configurationSetId] = configurationSet();
    expect(stack.outputs['SesConfigurationSetName']?.Value).toEqual({ Ref: configurationSetId });
  });
});

describe('sending identity', () => {
  it("is the sender address's domain, with the configuration set as its default", () => {
    const domain = stack.built.stack.settings['mpr:senderAddress'].split('@')[1];
    const [configurationSetId] = configurationSet();
    const [, identity] = stack.only('AWS::SES::EmailIdentity', (candidate) => candidate.Properties['EmailIdentity'] === domain);
    expect(logicalIdIn((identity.Properties['ConfigurationSetAttributes'] as { ConfigurationSetName: unknown }).ConfigurationSetName)).toBe(configurationSetId);
  });
});

describe('mailbox health events', () => {
  const receivers = allFunctions.filter((spec) => spec.triggers.some((trigger) => trigger.kind === 'ses-events'));
  /** The SES events rule: the one rule with an event pattern (scheduled rules have none). */
  const sesEventsRule = () => stack.only('AWS::Events::Rule', (candidate) => candidate.Properties['EventPattern'] !== undefined);
  const rule = (): Record<string, unknown> => sesEventsRule()[1].Properties;

  it('match the sending events of this configuration set only', () => {
    const [configurationSetId] = configurationSet();
    expect(rule()['EventPattern']).toEqual({
      source: ['aws.ses'],
      'detail-type': [...sendingEventDetailTypes],
      detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: configurationSetId }] } } },
    });
    expect([...sendingEventDetailTypes].sort()).toEqual([
      'Email Bounced',
      'Email Complaint Received',
      'Email Delivered',
      'Email Delivery Delayed',
      'Email Sent',
    ]);
  });

  it('reach every ses-events function, with retries and a dead-letter queue', () => {
    expect(receivers.map((spec) => spec.name)).toContain('record-mail-events');
    const targets = rule()['Targets'] as {
      Arn: unknown;
      DeadLetterConfig?: { Arn: unknown };
      RetryPolicy?: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
    }[];
    expect(targets.map((target) => logicalIdIn(target.Arn)).sort()).toEqual(receivers.map((spec) => stack.functionOf(spec)[0]).sort());
    const [queueId] = mailDeadLetters();
    for (const target of targets) {
      expect(logicalIdIn(target.DeadLetterConfig?.Arn)).toBe(queueId);
      expect(target.RetryPolicy?.MaximumRetryAttempts).toBeGreaterThan(0);
      expect(target.RetryPolicy?.MaximumEventAgeInSeconds).toBeGreaterThan(0);
    }
  });

  it('that a function accepted and then failed on end in the same queue', () => {
    const [queueId] = mailDeadLetters();
    for (const spec of receivers) {
      const [functionId] = stack.functionOf(spec);
      const [, config] = stack.only('AWS::Lambda::EventInvokeConfig', (candidate) => logicalIdIn(candidate.Properties['FunctionName']) === functionId);
      expect(logicalIdIn((config.Properties['DestinationConfig'] as { OnFailure: { Destination: unknown } }).OnFailure.Destination)).toBe(queueId);
      const actions = stack
        .statementsOf(spec)
        .filter((statement) => JSON.stringify(statement.Resource).includes(queueId))
        .flatMap((statement) => statement.Action);
      expect(actions).toContain('sqs:SendMessage');
    }
  });

  it('may invoke those functions, from this rule only', () => {
    const [ruleId] = sesEventsRule();
    for (const spec of receivers) {
      const [functionId] = stack.functionOf(spec);
      const [, permission] = stack.only(
        'AWS::Lambda::Permission',
        (candidate) => candidate.Properties['Principal'] === 'events.amazonaws.com' && logicalIdIn(candidate.Properties['FunctionName']) === functionId,
      );
      expect(logicalIdIn(permission.Properties['SourceArn'])).toBe(ruleId);
    }
  });

  it('dead-letter into an encrypted queue that accepts TLS only, and only from the rule', () => {
    const [queueId, queue] = mailDeadLetters();
    expect(stack.resource(queue.Properties['KmsMasterKeyId']).Type).toBe('AWS::KMS::Key');
    expect(queue.Properties['MessageRetentionPeriod']).toBe(14 * 24 * 3600);
    const [, policy] = stack.only('AWS::SQS::QueuePolicy', (candidate) => logicalIdIn((candidate.Properties['Queues'] as unknown[])[0]) === queueId);
    const statements = (policy.Properties['PolicyDocument'] as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const [ruleId] = sesEventsRule();
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
      }),
    );
  });
});

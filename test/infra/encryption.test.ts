import { beforeAll, describe, expect, it } from 'vitest';
import type { SynthesizedStack } from './support.ts';
import { logicalIdIn, type Resource, rendered, sharedStack, synthTimeout } from './support.ts';

/**
 * Where data rests without a customer-managed key, and why: the only exceptions. Keyed by the
 * start of the logical id.
 */
const bucketsWithoutCustomerKey: Record<string, string> = {
  // S3 server access logging delivers only to a bucket whose default encryption is SSE-S3
  // (S3 user guide, "Enabling Amazon S3 server access logging"); the logs hold request metadata.
  DataAccessLogs: 'server access logs: S3 log delivery refuses SSE-KMS destinations',
};

let stack: SynthesizedStack;

beforeAll(() => {
  stack = sharedStack();
}, synthTimeout);

/** The customer-managed key a reference names: a rotated AWS::KMS::Key of this stack. */
function expectCustomerKey(reference: unknown, what: string): string {
  const id = logicalIdIn(reference);
  expect(id, `${what}: ${JSON.stringify(reference)}`).toBeDefined();
  expect(stack.resources[id!], what).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
  return id!;
}

/** Every resource of a type, at least one. */
function every(type: string): [string, Resource][] {
  const found = stack.ofType(type);
  expect(found.length, type).toBeGreaterThan(0);
  return found;
}

describe('encryption at rest with customer-managed keys', () => {
  it('the table, in every replica', () => {
    for (const [id, table] of every('AWS::DynamoDB::GlobalTable')) {
      expect(table.Properties['SSESpecification'], id).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      for (const replica of table.Properties['Replicas'] as { SSESpecification: { KMSMasterKeyId: unknown } }[]) {
        expectCustomerKey(replica.SSESpecification.KMSMasterKeyId, id);
      }
    }
  });

  it('every bucket (evidence, inbound mail, publication), but the access-log bucket, which S3 cannot deliver to under SSE-KMS', () => {
    const exempt = (id: string): boolean => Object.keys(bucketsWithoutCustomerKey).some((prefix) => id.startsWith(prefix));
    const buckets = every('AWS::S3::Bucket');
    expect(buckets.filter(([id]) => exempt(id))).toHaveLength(Object.keys(bucketsWithoutCustomerKey).length);
    const keys = buckets
      .filter(([id]) => !exempt(id))
      .map(([id, bucket]) => {
        const [rule] = (
          bucket.Properties['BucketEncryption'] as {
            ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: { SSEAlgorithm: string; KMSMasterKeyID?: unknown } }[];
          }
        ).ServerSideEncryptionConfiguration;
        expect(rule!.ServerSideEncryptionByDefault.SSEAlgorithm, id).toBe('aws:kms');
        return expectCustomerKey(rule!.ServerSideEncryptionByDefault.KMSMasterKeyID, id);
      });
    // Evidence and the raw inbound mail under the evidence key, publication under its own.
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(2);
    for (const [id, bucket] of buckets.filter(([candidate]) => exempt(candidate))) {
      expect(bucket.Properties['BucketEncryption'], id).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
    }
  });

  it('every topic', () => {
    for (const [id, topic] of every('AWS::SNS::Topic')) expectCustomerKey(topic.Properties['KmsMasterKeyId'], id);
  });

  it('every queue (the dead-letter queues), never SQS-managed', () => {
    for (const [id, queue] of every('AWS::SQS::Queue')) {
      expectCustomerKey(queue.Properties['KmsMasterKeyId'], id);
      expect(queue.Properties['SqsManagedSseEnabled'], id).toBeUndefined();
    }
  });

  it('every log group, with a key CloudWatch Logs may use for this account’s log groups only', () => {
    const keys = new Set(every('AWS::Logs::LogGroup').map(([id, group]) => expectCustomerKey(group.Properties['KmsKeyId'], id)));
    expect(keys.size).toBe(1);
    const [keyId] = keys;
    const statements = (stack.resources[keyId!]!.Properties['KeyPolicy'] as { Statement: { Principal?: { Service?: unknown }; Condition?: unknown }[] })
      .Statement;
    const forLogs = statements.filter((statement) => rendered(statement.Principal?.Service ?? '').startsWith('logs.'));
    expect(forLogs).toHaveLength(1);
    expect(rendered((forLogs[0]!.Condition as { ArnLike: Record<string, unknown> }).ArnLike['kms:EncryptionContext:aws:logs:arn'])).toMatch(
      /^arn:.+:logs:us-east-1:.+:log-group:\*$/,
    );
  });

  it('every state machine’s definition and execution history', () => {
    for (const [id, machine] of every('AWS::StepFunctions::StateMachine')) {
      const configuration = machine.Properties['EncryptionConfiguration'] as { Type: string; KmsKeyId: unknown };
      expect(configuration.Type, id).toBe('CUSTOMER_MANAGED_KMS_KEY');
      expectCustomerKey(configuration.KmsKeyId, id);
    }
  });

  it('and every key is rotated and retained with the stack, except the alarm topic’s, which holds no data', () => {
    for (const [id, key] of every('AWS::KMS::Key')) {
      expect(key.Properties['EnableKeyRotation'], id).toBe(true);
      if (!id.startsWith('MonitoringAlarmTopicKey')) expect(key.DeletionPolicy, id).toBe('Retain');
    }
  });
});

describe('the workflows key', () => {
  it('is granted only under an encryption context: the state machine’s own ARN, or its log delivery', () => {
    const machines = every('AWS::StepFunctions::StateMachine');
    const keyArn = rendered((machines[0]![1].Properties['EncryptionConfiguration'] as { KmsKeyId: unknown }).KmsKeyId);
    const grants = stack
      .ofType('AWS::IAM::Policy')
      .flatMap(
        ([, policy]) =>
          (
            policy.Properties['PolicyDocument'] as {
              Statement: { Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> }[];
            }
          ).Statement,
      )
      .filter((statement) => [statement.Resource].flat().map(rendered).includes(keyArn));
    const ofStateMachines = grants.filter(
      (statement) => statement.Condition?.['StringEquals']?.['kms:EncryptionContext:aws:states:stateMachineArn'] !== undefined,
    );
    const ofLogDelivery = grants.filter((statement) => statement.Condition?.['StringEquals']?.['kms:EncryptionContext:SourceArn'] !== undefined);
    expect(ofStateMachines.length + ofLogDelivery.length).toBe(grants.length);
    // Each state machine's role, and at least one function that starts a workflow.
    expect(ofStateMachines.length).toBeGreaterThan(machines.length);
    for (const statement of ofStateMachines) {
      const arns = [statement.Condition!['StringEquals']!['kms:EncryptionContext:aws:states:stateMachineArn']].flat().map(rendered);
      expect(
        arns.every((arn) => /:states:us-east-1:.+:stateMachine:MissionProtectionReporting-/.test(arn)),
        arns.join(),
      ).toBe(true);
    }
  });
});

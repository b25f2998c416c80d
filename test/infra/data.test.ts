import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDesign, type KeyAttribute } from '../../functions/aws/data-design.ts';
import { logicalIdIn, testApp, synthTimeout } from './support.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

let template: Template;

beforeAll(() => {
  template = Template.fromStack(testApp().stack);
}, synthTimeout);

function onlyResource(type: string, properties: Record<string, unknown> = {}): [string, Resource] {
  const found = Object.entries(template.findResources(type, { Properties: properties })) as [string, Resource][];
  expect(found).toHaveLength(1);
  return found[0]!;
}

function keySchema(partitionKey: KeyAttribute, sortKey: KeyAttribute): unknown[] {
  return [
    { AttributeName: partitionKey.name, KeyType: 'HASH' },
    { AttributeName: sortKey.name, KeyType: 'RANGE' },
  ];
}

describe('table', () => {
  it('has the key schema and every index of the data design', () => {
    const [, table] = onlyResource('AWS::DynamoDB::GlobalTable');
    const keys = [tableDesign, ...tableDesign.globalSecondaryIndexes].flatMap((k) => [k.partitionKey, k.sortKey]);
    expect(table.Properties['KeySchema']).toEqual(keySchema(tableDesign.partitionKey, tableDesign.sortKey));
    expect(table.Properties['AttributeDefinitions']).toEqual(
      expect.arrayContaining(keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type }))),
    );
    expect(table.Properties['GlobalSecondaryIndexes']).toEqual(
      tableDesign.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    expect(table.Properties['BillingMode']).toBe('PAY_PER_REQUEST');
    expect(table.DeletionPolicy).toBe('Retain');
  });

  it('is encrypted with a rotated customer-managed key, recoverable and protected from deletion', () => {
    const [, table] = onlyResource('AWS::DynamoDB::GlobalTable');
    expect(table.Properties['SSESpecification']).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    const [replica] = table.Properties['Replicas'] as Record<string, unknown>[];
    expect(replica).toMatchObject({
      DeletionProtectionEnabled: true,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    const keyId = logicalIdIn((replica!['SSESpecification'] as { KMSMasterKeyId: unknown }).KMSMasterKeyId);
    expect(template.toJSON()['Resources'][keyId!]).toMatchObject({
      Type: 'AWS::KMS::Key',
      Properties: { EnableKeyRotation: true },
    });
  });
});

describe('evidence bucket', () => {
  const evidence = (): [string, Resource] => onlyResource('AWS::S3::Bucket', { ObjectLockEnabled: true });

  it('is versioned, KMS-encrypted with its own rotated key, private and retained', () => {
    const [, bucket] = evidence();
    expect(bucket.Properties['VersioningConfiguration']).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties['PublicAccessBlockConfiguration']).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const [rule] = (bucket.Properties['BucketEncryption'] as { ServerSideEncryptionConfiguration: Record<string, { KMSMasterKeyID?: unknown; SSEAlgorithm: string }>[] }).ServerSideEncryptionConfiguration;
    expect(rule!['ServerSideEncryptionByDefault']!.SSEAlgorithm).toBe('aws:kms');
    const keyId = logicalIdIn(rule!['ServerSideEncryptionByDefault']!.KMSMasterKeyID);
    expect(template.toJSON()['Resources'][keyId!]).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
    const [, table] = onlyResource('AWS::DynamoDB::GlobalTable');
    expect(JSON.stringify(table.Properties['Replicas'])).not.toContain(keyId);
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it('has Object Lock enabled, without the bucket-wide default retention that SES cannot write under', () => {
    const [, bucket] = evidence();
    expect(bucket.Properties['ObjectLockEnabled']).toBe(true);
    expect(bucket.Properties['ObjectLockConfiguration']).toBeUndefined();
  });

  it('is the bucket the functions and the SES receipt rule store evidence in', () => {
    const [bucketId] = evidence();
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Resource[];
    const named = functions
      .map((fn) => (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables['EVIDENCE_BUCKET'])
      .filter((value) => value !== undefined);
    expect(named.length).toBeGreaterThan(0);
    for (const value of named) expect(logicalIdIn(value)).toBe(bucketId);
    const [, rule] = onlyResource('AWS::SES::ReceiptRule');
    const actions = (rule.Properties['Rule'] as { Actions: { S3Action?: { BucketName: unknown } }[] }).Actions;
    expect(actions.flatMap((action) => (action.S3Action ? [logicalIdIn(action.S3Action.BucketName)] : []))).toEqual([bucketId]);
  });

  it('accepts TLS requests only and never lets an object version be deleted', () => {
    const [bucketId] = evidence();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:DeleteObjectVersion', Principal: { AWS: '*' } }),
        ]),
      },
    });
  });

  it('logs server access to a separate private bucket', () => {
    const [, bucket] = evidence();
    const logBucketId = logicalIdIn((bucket.Properties['LoggingConfiguration'] as { DestinationBucketName: unknown }).DestinationBucketName);
    expect(template.toJSON()['Resources'][logBucketId!]).toMatchObject({
      Type: 'AWS::S3::Bucket',
      Properties: { PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true } },
    });
  });
});

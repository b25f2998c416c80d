import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type KeyAttribute, tableDesign } from '../../functions/aws/data-design.ts';
import { logicalIdIn, sharedStack, skipBundling, synthTimeout, testApp } from './support.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

let template: Template;

beforeAll(() => {
  template = sharedStack().template;
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
    expect(table.Properties['AttributeDefinitions']).toEqual(expect.arrayContaining(keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type }))));
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

/** The two buckets of evidence: the functions' (a default retention) and SES's raw mail (none: SES cannot write under one). */
const evidence = (): [string, Resource] =>
  onlyResource('AWS::S3::Bucket', { ObjectLockEnabled: true, ObjectLockConfiguration: Match.objectLike({ Rule: Match.anyValue() }) });
const inboundMail = (): [string, Resource] => onlyResource('AWS::S3::Bucket', { ObjectLockEnabled: true, ObjectLockConfiguration: Match.absent() });

describe.each([
  ['evidence bucket', evidence],
  ['inbound-mail bucket', inboundMail],
])('%s', (_name, bucketOf) => {
  it('is versioned, KMS-encrypted with the evidence key (rotated, not the table’s), private and retained', () => {
    const [, bucket] = bucketOf();
    expect(bucket.Properties['VersioningConfiguration']).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties['PublicAccessBlockConfiguration']).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const [rule] = (
      bucket.Properties['BucketEncryption'] as { ServerSideEncryptionConfiguration: Record<string, { KMSMasterKeyID?: unknown; SSEAlgorithm: string }>[] }
    ).ServerSideEncryptionConfiguration;
    expect(rule!['ServerSideEncryptionByDefault']!.SSEAlgorithm).toBe('aws:kms');
    const keyId = logicalIdIn(rule!['ServerSideEncryptionByDefault']!.KMSMasterKeyID);
    expect(template.toJSON()['Resources'][keyId!]).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
    const [, table] = onlyResource('AWS::DynamoDB::GlobalTable');
    expect(JSON.stringify(table.Properties['Replicas'])).not.toContain(keyId);
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it('accepts TLS requests only and never lets an object version be deleted', () => {
    const [bucketId] = bucketOf();
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
    const [, bucket] = bucketOf();
    const logBucketId = logicalIdIn((bucket.Properties['LoggingConfiguration'] as { DestinationBucketName: unknown }).DestinationBucketName);
    expect(template.toJSON()['Resources'][logBucketId!]).toMatchObject({
      Type: 'AWS::S3::Bucket',
      Properties: { PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true } },
    });
  });
});

describe('Object Lock retention', () => {
  it('locks every version the functions store for the default retention of the settings (cdk.json: 10 years, governance)', () => {
    const [, bucket] = evidence();
    expect(bucket.Properties['ObjectLockConfiguration']).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Years: 10 } },
    });
  });

  it('takes its years and mode from the context', () => {
    const other = Template.fromStack(
      testApp({ context: { ...skipBundling, 'mpr:evidenceRetentionYears': 7, 'mpr:evidenceRetentionMode': 'COMPLIANCE' } }).stack,
    );
    const buckets = Object.values(
      other.findResources('AWS::S3::Bucket', { Properties: { ObjectLockConfiguration: Match.objectLike({ Rule: Match.anyValue() }) } }),
    ) as Resource[];
    expect(buckets.map((bucket) => bucket.Properties['ObjectLockConfiguration'])).toEqual([
      { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 7 } } },
    ]);
    expect(() => testApp({ context: { ...skipBundling, 'mpr:evidenceRetentionYears': 0 } })).toThrow(/mpr:evidenceRetentionYears/);
  });

  it('leaves the raw mail SES stores without a default retention, which SES cannot write under', () => {
    const [, bucket] = inboundMail();
    expect(bucket.Properties['ObjectLockConfiguration']).toBeUndefined();
  });
});

describe('where evidence goes', () => {
  it('the functions store in the evidence bucket; the SES receipt rule, and only it, in the inbound-mail bucket', () => {
    const [evidenceId] = evidence();
    const [inboundId] = inboundMail();
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Resource[];
    const variable = (name: string) =>
      functions.map((fn) => (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables[name]).filter((value) => value !== undefined);
    expect(variable('EVIDENCE_BUCKET').length).toBeGreaterThan(0);
    for (const value of variable('EVIDENCE_BUCKET')) expect(logicalIdIn(value)).toBe(evidenceId);
    expect(variable('INBOUND_EMAIL_BUCKET').map(logicalIdIn)).toEqual([inboundId]);
    const [, rule] = onlyResource('AWS::SES::ReceiptRule');
    const actions = (rule.Properties['Rule'] as { Actions: { S3Action?: { BucketName: unknown } }[] }).Actions;
    expect(actions.flatMap((action) => (action.S3Action ? [logicalIdIn(action.S3Action.BucketName)] : []))).toEqual([inboundId]);
  });
});

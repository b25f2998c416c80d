/**
 * The stored data: the single DynamoDB table and the evidence bucket, built from the shared data
 * design so that the table the functions meet on AWS has the keys and indexes they meet locally.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { bucketDesigns, tableDesign, type KeyAttribute } from '../../functions/aws/data-design.ts';

const attributeTypes = { S: AttributeType.STRING, N: AttributeType.NUMBER } as const;

function attribute(key: KeyAttribute): Attribute {
  return { name: key.name, type: attributeTypes[key.type] };
}

export class DataStore extends Construct {
  readonly table: TableV2;
  readonly evidenceBucket: Bucket;
  readonly evidenceKey: Key;
  /** Server access logs of the stack's buckets, each under its own prefix. */
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    // One key per store, so that a function allowed to read the table cannot decrypt evidence
    // objects (and the reverse) even if it came by their ciphertext some other way.
    const tableKey = new Key(this, 'TableKey', {
      description: 'Encrypts the mission-protection-reporting table',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.evidenceKey = new Key(this, 'EvidenceKey', {
      description: 'Encrypts the mission-protection-reporting evidence bucket',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new TableV2(this, 'Table', {
      partitionKey: attribute(tableDesign.partitionKey),
      sortKey: attribute(tableDesign.sortKey),
      globalSecondaryIndexes: tableDesign.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
      })),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(tableKey),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Server access logs must go to a bucket encrypted with S3-managed keys: S3 log delivery
    // cannot write to a bucket whose default encryption is SSE-KMS.
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const evidence = bucketDesigns.evidence;
    this.evidenceBucket = new Bucket(this, 'Evidence', {
      versioned: true,
      // Object Lock is enabled without a bucket-wide default retention: SES receipt rules cannot
      // write to a bucket that has one (SES developer guide, "Deliver to S3 bucket action"), and
      // losing inbound reports would defeat the purpose. Retention can still be set per object
      // (on upload, or with PutObjectRetention); the policy statement below keeps every version.
      objectLockEnabled: evidence.objectLock,
      encryption: BucketEncryption.KMS,
      encryptionKey: this.evidenceKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'evidence/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (evidence.objectLock) {
      // A delete only adds a delete marker in a versioned bucket; removing a version itself
      // first takes a change of this policy, a deliberate act that CloudTrail records.
      this.evidenceBucket.addToResourcePolicy(
        new PolicyStatement({
          sid: 'EvidenceVersionsAreKept',
          effect: Effect.DENY,
          principals: [new AnyPrincipal()],
          actions: ['s3:DeleteObjectVersion'],
          resources: [this.evidenceBucket.arnForObjects('*')],
        }),
      );
    }
  }
}

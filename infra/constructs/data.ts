/**
 * The stored data: the single DynamoDB table and the two evidence buckets, built from the shared data
 * design so that the table the functions meet on AWS has the keys and indexes they meet locally.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type Attribute, AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type BucketDesign, bucketDesigns, type KeyAttribute, tableDesign } from '../../functions/aws/data-design.ts';
import { acknowledgeControl } from '../control-tower.ts';

/**
 * An upload left unfinished (a client that gave up halfway through a multipart upload) is
 * abandoned after a week: its parts are billed, invisible and belong to no object.
 */
export const abandonUnfinishedUploads = { id: 'AbandonUnfinishedUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) } as const;

/** Server access logs are kept a year, as the log groups are (keys.ts); a replaced version a month. */
export const accessLogRetention = { current: Duration.days(365), noncurrent: Duration.days(30) } as const;

const attributeTypes = { S: AttributeType.STRING, N: AttributeType.NUMBER } as const;

function attribute(key: KeyAttribute): Attribute {
  return { name: key.name, type: attributeTypes[key.type] };
}

export interface DataStoreProps {
  /** The evidence bucket's default Object Lock retention (settings `mpr:evidenceRetention*`). */
  readonly evidenceRetention: { readonly years: number; readonly mode: 'GOVERNANCE' | 'COMPLIANCE' };
}

export class DataStore extends Construct {
  readonly table: TableV2;
  readonly evidenceBucket: Bucket;
  readonly inboundMailBucket: Bucket;
  readonly evidenceKey: Key;
  /** Server access logs of the stack's buckets, each under its own prefix. */
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: DataStoreProps) {
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
      // Versioned, so that a log overwritten or deleted can be recovered for a month.
      versioned: true,
      lifecycleRules: [
        { id: 'KeepAYear', expiration: accessLogRetention.current, noncurrentVersionExpiration: accessLogRetention.noncurrent },
        abandonUnfinishedUploads,
      ],
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeControl(
      this.accessLogs,
      'CT.S3.PR.2',
      'This is the bucket server access logs go to: logging its own access would log every delivery of a log, and another log bucket would only move the question.',
    );
    acknowledgeControl(this.accessLogs, 'CT.S3.PR.4', 'Nothing acts on a new log object; logs are read when an incident is investigated.');
    acknowledgeControl(
      this.accessLogs,
      'CT.S3.PR.9',
      'Logs expire after a year by a lifecycle rule, which a default Object Lock retention would forbid; versioning keeps an overwritten or deleted log for a month.',
    );
    acknowledgeControl(
      this.accessLogs,
      'CT.S3.PR.10',
      'S3 log delivery cannot write to a bucket whose default encryption is SSE-KMS; the logs are encrypted with S3-managed keys (SSE-S3).',
    );

    // What the functions store: uploads, their bodies, attachments taken out of e-mail. Every
    // version is locked for the default retention from the moment it is written.
    this.evidenceBucket = this.evidenceStore('Evidence', bucketDesigns.evidence, 'evidence/');
    const lock = this.evidenceBucket.node.defaultChild as CfnBucket;
    // In years, which CDK's objectLockDefaultRetention cannot express (it renders days).
    lock.objectLockConfiguration = {
      objectLockEnabled: 'Enabled',
      rule: { defaultRetention: { mode: props.evidenceRetention.mode, years: props.evidenceRetention.years } },
    };
    // The raw messages SES's receipt rule stores. SES cannot write to a bucket with a default
    // retention (SES developer guide, "Deliver to S3 bucket action"), so this bucket has Object
    // Lock enabled without one; the policy below keeps every version all the same.
    this.inboundMailBucket = this.evidenceStore('InboundMail', bucketDesigns.inboundMail, 'inbound-mail/');
  }

  /**
   * A versioned bucket of evidence under the evidence key, with Object Lock enabled and a policy
   * that denies deleting any version: a delete only adds a delete marker, and removing a version
   * first takes a change of this policy, a deliberate act that CloudTrail records.
   */
  private evidenceStore(id: string, design: BucketDesign, logPrefix: string): Bucket {
    const bucket = new Bucket(this, id, {
      versioned: true,
      objectLockEnabled: design.objectLock,
      encryption: BucketEncryption.KMS,
      encryptionKey: this.evidenceKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: logPrefix,
      // Nothing that was stored expires: evidence is kept. Only abandoned multipart uploads go.
      lifecycleRules: [abandonUnfinishedUploads],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeControl(
      bucket,
      'CT.S3.PR.4',
      'What arrives here is acted on by its writer: SES invokes the inbound-email function after storing a message, and an upload counts only when a submission cites it; bucket events would start the same work twice.',
    );
    bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EvidenceVersionsAreKept',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:DeleteObjectVersion'],
        resources: [bucket.arnForObjects('*')],
      }),
    );
    return bucket;
  }
}

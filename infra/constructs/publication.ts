/**
 * The published replies: the bucket a static site of the replies States agreed to publish is
 * built into. Private like every bucket of the stack; a site in front of it reads it through its
 * own grant, never through public access.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeControl } from '../control-tower.ts';
import { abandonUnfinishedUploads } from './data.ts';

export interface PublicationProps {
  /** Where server access logs go: the same log bucket as the evidence bucket's. */
  readonly accessLogs: IBucket;
}

export class Publication extends Construct {
  readonly bucket: Bucket;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: PublicationProps) {
    super(scope, id);
    // A key of its own: the site is built before the Secretariat releases it, and until then it
    // is as confidential as the replies. A distribution put in front later reads it through an
    // origin access control, granted on this key by the distribution's ARN.
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the mission-protection-reporting publication bucket',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new Bucket(this, 'Site', {
      // A replaced or withdrawn page can be restored, and what was published when can be shown.
      versioned: true,
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'publication/',
      // Every published version is kept; only abandoned multipart uploads (a sync cut short) go.
      lifecycleRules: [abandonUnfinishedUploads],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeControl(this.bucket, 'CT.S3.PR.4', 'The site is built and synchronized by `mpr publish`; nothing acts on a new object.');
    acknowledgeControl(
      this.bucket,
      'CT.S3.PR.9',
      'The site is derived, not evidence: `mpr publish` rebuilds it from the table and the evidence bucket, which has Object Lock. Versioning keeps each version that was published.',
    );
  }
}

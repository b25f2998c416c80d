/**
 * The published replies: the bucket a static site of the replies States agreed to publish is
 * built into. Private like every bucket of the stack; a site in front of it reads it through its
 * own grant, never through public access.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface PublicationProps {
  /** Where server access logs go: the same log bucket as the evidence bucket's. */
  readonly accessLogs: IBucket;
}

export class Publication extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: PublicationProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Site', {
      // A replaced or withdrawn page can be restored, and what was published when can be shown.
      versioned: true,
      // S3-managed keys: the content is meant to be public once released, and a content
      // delivery network reading the bucket needs no grant on a key of ours.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'publication/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

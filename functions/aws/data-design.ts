/**
 * The physical design of the stored data: one DynamoDB table and the S3 buckets.
 *
 * The CDK data construct and the local engine both build their resources from these values, so
 * the table the functions meet locally has the same keys and indexes as the one on AWS.
 * docs/data-model.md explains the entities and access patterns served by these keys.
 */

export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface IndexDesign {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
}

export interface TableDesign {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalSecondaryIndexes: readonly IndexDesign[];
}

export const tableDesign: TableDesign = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
    { indexName: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
  ],
};

export interface BucketDesign {
  /** Name the local engine gives the bucket (on AWS the name is generated). */
  readonly localName: string;
  /** Whether objects are retained under S3 Object Lock (evidence must not be altered). */
  readonly objectLock: boolean;
}

/**
 * Two buckets of evidence. `evidence` holds what the functions store (uploads, their bodies,
 * attachments taken out of e-mail) under a default Object Lock retention. `inboundMail` holds
 * the raw messages SES's receipt rule stores: SES cannot write to a bucket that has a default
 * retention (SES developer guide, "Deliver to S3 bucket action"), so that bucket has Object Lock
 * without one, and a policy that keeps every version.
 */
export const bucketDesigns = {
  evidence: { localName: 'mpr-evidence', objectLock: true },
  inboundMail: { localName: 'mpr-inbound-mail', objectLock: true },
} as const satisfies Record<string, BucketDesign>;

/**
 * Cross-origin uploads to the evidence bucket: the submission form PUTs each attachment to its
 * presigned URL straight from the browser, from the API's origin only. Both engines apply this.
 */
export const evidenceUploadCors = {
  allowedMethods: ['PUT'],
  allowedHeaders: ['content-type', 'x-amz-checksum-sha256'],
  maxAgeSeconds: 300,
} as const;

/** Where inbound email lands in the inbound-mail bucket. */
export const inboundEmailPrefix = 'inbound/email/';

/** Name the local engine gives the table (on AWS the name is generated). */
export const localTableName = 'mpr-data';

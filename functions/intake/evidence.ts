/**
 * The raw body of an upload, kept unaltered in the evidence bucket as the e-mail path keeps the
 * raw message. The key is the body's SHA-256 digest under the State's prefix: a retry of the same
 * bytes lands on the same object instead of leaving a copy no submission points to.
 */
import { createHash } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { StateCode } from '../core/codes.ts';
import type { Submission } from '../core/submissions.ts';

/** The SHA-256 digest of a body as received, in hexadecimal: what makes two bodies the same bytes. */
export function bodyDigest(raw: string): string {
  return createHash('sha256').update(raw).digest('hex');
}

export async function storeUploadEvidence(raw: string, state: StateCode, client: S3Client, bucket: string): Promise<Submission['evidence']> {
  const key = `intake/upload/${state}/${bodyDigest(raw)}.json`;
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: raw, ContentType: 'application/json; charset=utf-8' }));
  return { bucket, key };
}

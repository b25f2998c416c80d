/**
 * The files a submission cites: each must have been uploaded, under the key it names, with the
 * type, size and SHA-256 digest the form declares. The presigned upload already makes S3 refuse
 * anything else; this check is what holds wherever the file came from.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { StoredAttachment } from '../core/submissions.ts';
import type { FieldError } from '../core/validation.ts';
import type { CitedUpload } from './submission-request.ts';

export type VerifiedUploads = { readonly ok: true; readonly attachments: StoredAttachment[] } | { readonly ok: false; readonly errors: FieldError[] };

export async function verifyUploads(uploads: readonly CitedUpload[], client: S3Client, bucket: string): Promise<VerifiedUploads> {
  const firstCitation = new Map<string, string>();
  const errors: FieldError[] = [];
  const pathOf = (upload: CitedUpload, field: string) => `/items/${upload.itemIndex}/attachments/${upload.attachmentIndex}/${field}`;
  const distinct = uploads.filter((upload) => {
    const earlier = firstCitation.get(upload.key);
    if (earlier !== undefined) errors.push({ path: pathOf(upload, 'key'), message: `must not cite the same file as ${earlier}` });
    else firstCitation.set(upload.key, pathOf(upload, 'key'));
    return earlier === undefined;
  });
  const checked = await Promise.all(distinct.map(async (upload) => ({ upload, error: await mismatch(upload, client, bucket) })));
  for (const { upload, error } of checked) if (error) errors.push({ path: pathOf(upload, error.field), message: error.message });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    attachments: uploads.map(({ itemIndex, key, description }) => ({ ...description, itemIndex, key })),
  };
}

async function mismatch(upload: CitedUpload, client: S3Client, bucket: string): Promise<{ field: string; message: string } | undefined> {
  let head: HeadObjectCommandOutput;
  try {
    head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: upload.key, ChecksumMode: 'ENABLED' }));
  } catch (error) {
    if (error instanceof Error && error.name === 'NotFound')
      return { field: 'key', message: 'must name an uploaded file: nothing has been uploaded under this key' };
    throw error;
  }
  const { description } = upload;
  if (head.ContentLength !== description.size) return { field: 'size', message: `must be the size of the uploaded file (${head.ContentLength} bytes)` };
  if (head.ContentType !== description.contentType) return { field: 'contentType', message: `must be the type the file was uploaded as (${head.ContentType})` };
  if ((await sha256Of(upload.key, head, client, bucket)) !== description.sha256)
    return { field: 'sha256', message: 'must be the SHA-256 digest of the uploaded file' };
  return undefined;
}

/**
 * The file's SHA-256 digest: the one S3 checked on upload when it has it for the whole object
 * (a presigned upload sends it), otherwise computed from the file.
 */
async function sha256Of(key: string, head: HeadObjectCommandOutput, client: S3Client, bucket: string): Promise<string> {
  if (head.ChecksumSHA256 !== undefined && head.ChecksumType !== 'COMPOSITE') return Buffer.from(head.ChecksumSHA256, 'base64').toString('hex');
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = createHash('sha256');
  for await (const chunk of object.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest('hex');
}

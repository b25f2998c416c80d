/**
 * POST /v1/attachments: before it submits, a focal point describes each file (name, type, size,
 * SHA-256) and receives a presigned PUT under its own State's prefix. The signature covers the
 * type, the length and the digest, so S3 refuses any other file; the submission then cites the key.
 */
import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import middy from '@middy/core';
import { s3 } from '../../aws/clients.ts';
import { RevocationsRepository } from '../../aws/revocations-repository.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { fieldErrors } from '../../core/validation.ts';
import { type AttachmentUpload, attachmentDescriptionSchema } from '../../intake/api-schemas.ts';
import { jsonBody, stateCaller } from '../../intake/http-request.ts';
import { validationProblem } from '../../intake/problems.ts';
import { uploadKeyFor } from '../../intake/upload-keys.ts';
import { type AuthorizedHttpEvent, type HttpResult, json } from '../../runtime/http.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { unexpectedErrorsAsProblems } from '../../runtime/middleware.ts';
import { observability } from '../../runtime/observability.ts';
import { revokedTokensRefused } from '../../runtime/revoked-tokens.ts';
import { requestAttachmentUpload as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);
const observed = observability(thisFunction);

/** How long the presigned URL is valid: enough to upload 10 MiB on a slow line, short enough not to linger. */
const uploadUrlLifetimeSeconds = 15 * 60;

/** A description is a few hundred bytes. */
const maxRequestBytes = 16 * 1024;

export const handler = middy<AuthorizedHttpEvent, HttpResult>()
  .use(observed.middlewares)
  .use(unexpectedErrorsAsProblems(observed.logger))
  .use(revokedTokensRefused(new RevocationsRepository(tableAccess(env))))
  .handler(async (event) => {
    const access = stateCaller(event, ['focal-point']);
    if (!access.ok) return access.response;
    const request = jsonBody(event, maxRequestBytes);
    if (!request.ok) return request.response;
    const parsed = attachmentDescriptionSchema.safeParse(request.value.value, { reportInput: true });
    if (!parsed.success) return validationProblem(fieldErrors(parsed.error.issues, 'is not a field of an attachment'));

    const { fileName, contentType, size, sha256 } = parsed.data;
    const key = uploadKeyFor(access.value.state, randomUUID(), fileName);
    const checksum = Buffer.from(sha256, 'hex').toString('base64');
    const issuedAt = new Date();
    const uploadUrl = await getSignedUrl(
      s3(env),
      new PutObjectCommand({ Bucket: env.EVIDENCE_BUCKET, Key: key, ContentType: contentType, ContentLength: size, ChecksumSHA256: checksum }),
      {
        expiresIn: uploadUrlLifetimeSeconds,
        // Signed as headers, not query parameters, so that the PUT must carry exactly these values.
        signableHeaders: new Set(['content-type', 'content-length']),
        unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
      },
    );
    const upload: AttachmentUpload = {
      key,
      uploadUrl,
      method: 'PUT',
      headers: { 'content-type': contentType, 'x-amz-checksum-sha256': checksum },
      expiresAt: new Date(issuedAt.getTime() + uploadUrlLifetimeSeconds * 1000).toISOString(),
    };
    return json(201, upload);
  });

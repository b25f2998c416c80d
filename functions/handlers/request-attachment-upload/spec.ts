/** The `request-attachment-upload` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const requestAttachmentUpload = defineFunction({
  name: 'request-attachment-upload',
  description: 'POST /v1/attachments: a presigned upload, under the State’s own prefix, of one attachment of checked type, size and checksum.',
  environment: environmentOf('TABLE_NAME', 'EVIDENCE_BUCKET', 'S3_FORCE_PATH_STYLE'),
  triggers: [{ kind: 'http', method: 'POST', path: '/v1/attachments', auth: 'jwt' }],
  // Reads the table for its caller's revocation record only; signs a PutObject, reads nothing.
  access: { table: 'read', evidenceBucket: 'write' },
});

/** The `api-documents` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const apiDocuments = defineFunction({
  name: 'api-documents',
  description: 'The OpenAPI document of the API and the submission form for focal points.',
  // The bucket, S3 settings and DNS suffix name the origins of the form's Content-Security-Policy; nothing is read or written.
  environment: environmentOf('EVIDENCE_BUCKET', 'S3_FORCE_PATH_STYLE', 'DNS_SUFFIX'),
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/openapi.json', auth: 'none' },
    { kind: 'http', method: 'GET', path: '/v1/form', auth: 'none' },
  ],
  access: {},
  servedFile: { builder: 'functions/handlers/api-documents/build-document.ts', file: 'openapi.json' },
});

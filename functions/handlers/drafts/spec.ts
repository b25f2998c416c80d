/** The `drafts` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const drafts = defineFunction({
  name: 'drafts',
  description: 'A State’s drafts of reports: saved, listed, read back and deleted by its own focal points only.',
  environment: environmentOf('TABLE_NAME'),
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/drafts', auth: 'jwt' },
    { kind: 'http', method: 'POST', path: '/v1/drafts', auth: 'jwt' },
    { kind: 'http', method: 'GET', path: '/v1/drafts/{id}', auth: 'jwt' },
    { kind: 'http', method: 'PUT', path: '/v1/drafts/{id}', auth: 'jwt' },
    { kind: 'http', method: 'DELETE', path: '/v1/drafts/{id}', auth: 'jwt' },
  ],
  access: { table: 'readwrite' },
});

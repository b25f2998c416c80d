/** The `manage-focal-points` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const manageFocalPoints = defineFunction({
  name: 'manage-focal-points',
  description: 'A mission administrator lists, adds, disables and removes its own State’s focal points.',
  environment: environmentOf('USER_POOL_ID', 'TABLE_NAME'),
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/focal-points', auth: 'jwt' },
    { kind: 'http', method: 'POST', path: '/v1/focal-points', auth: 'jwt' },
    { kind: 'http', method: 'PATCH', path: '/v1/focal-points/{username}', auth: 'jwt' },
    { kind: 'http', method: 'DELETE', path: '/v1/focal-points/{username}', auth: 'jwt' },
  ],
  access: { userPool: 'admin', table: 'readwrite' },
});

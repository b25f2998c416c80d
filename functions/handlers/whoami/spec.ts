/** The `whoami` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const whoami = defineFunction({
  name: 'whoami',
  description: 'Tells a signed-in focal point which State and roles its token carries.',
  environment: environmentOf(),
  triggers: [{ kind: 'http', method: 'GET', path: '/v1/whoami', auth: 'jwt' }],
  access: {},
});

/** The `plan-circulation` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const planCirculation = defineFunction({
  name: 'plan-circulation',
  description:
    'Decides how a received submission is circulated: to all States, or (at the State’s request) to the Secretariat only, which send-note then tells.',
  environment: environmentOf('TABLE_NAME', 'DISPATCH_CONCURRENCY'),
  triggers: [{ kind: 'workflow-task' }],
  access: { table: 'readwrite' },
});

/** The `plan-dispatch` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const planDispatch = defineFunction({
  name: 'plan-dispatch',
  description: 'The addressees of a circular note or pre-deadline reminder, and how many to send to at once.',
  environment: environmentOf('TABLE_NAME', 'DISPATCH_CONCURRENCY'),
  triggers: [{ kind: 'workflow-task' }],
  access: { table: 'read' },
});

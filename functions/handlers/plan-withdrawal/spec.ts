/** The `plan-withdrawal` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const planWithdrawal = defineFunction({
  name: 'plan-withdrawal',
  description: 'The States to tell of a withdrawn report: those sent its circulation or an attention note about it.',
  environment: environmentOf('TABLE_NAME', 'DISPATCH_CONCURRENCY'),
  triggers: [{ kind: 'workflow-task' }],
  access: { table: 'read' },
});

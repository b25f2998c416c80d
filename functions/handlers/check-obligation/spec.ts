/** The `check-obligation` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const checkObligation = defineFunction({
  name: 'check-obligation',
  description: 'Re-reads an obligation: still owed (and the next reminder date), discharged, or overdue past its last reminder.',
  environment: environmentOf('TABLE_NAME'),
  triggers: [{ kind: 'workflow-task' }],
  access: { table: 'readwrite' },
});

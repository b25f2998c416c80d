/** The `reconcile-intake` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const reconcileIntake = defineFunction({
  name: 'reconcile-intake',
  description: 'Starts the circulation of any submission recorded without one (an intake that failed after storing it).',
  environment: environmentOf('TABLE_NAME', 'CIRCULATION_STATE_MACHINE_ARN'),
  triggers: [{ kind: 'schedule', everyMinutes: 5 }],
  access: { table: 'readwrite', startWorkflows: ['circulation'] },
  timeoutSeconds: 60,
});

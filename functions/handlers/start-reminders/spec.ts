/** The `start-reminders` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const startReminders = defineFunction({
  name: 'start-reminders',
  description: 'Starts one reminder workflow per obligation an incident gives rise to (deterministic names: a second start is harmless).',
  environment: environmentOf('TABLE_NAME', 'REMINDER_STATE_MACHINE_ARN'),
  triggers: [{ kind: 'workflow-task' }],
  access: { table: 'read', startWorkflows: ['reminder'] },
});

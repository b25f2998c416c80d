/** The `reconcile-sends` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const reconcileSends = defineFunction({
  name: 'reconcile-sends',
  description: 'Releases, audited, the sends of any note left uncertain past the window with no SES sending event, and starts their resend.',
  environment: environmentOf('TABLE_NAME', 'UNSETTLED_SEND_WINDOW_MINUTES', 'RESEND_STATE_MACHINE_ARN'),
  triggers: [{ kind: 'schedule', everyMinutes: 15 }],
  access: { table: 'readwrite', startWorkflows: ['resend'] },
  timeoutSeconds: 60,
});

/** The `record-dispatch` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const recordDispatch = defineFunction({
  name: 'record-dispatch',
  description: 'Totals a dispatch (sent, already sent, unreached), records it and tells the Secretariat of unreached States.',
  environment: environmentOf('TABLE_NAME', 'SENDER_ADDRESS', 'SECRETARIAT_ADDRESS', 'SES_CONFIGURATION_SET'),
  triggers: [{ kind: 'workflow-task' }],
  access: { table: 'readwrite', sendEmail: true },
});

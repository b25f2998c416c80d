/** The `record-mail-events` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const recordMailEvents = defineFunction({
  name: 'record-mail-events',
  description: 'Marks a mailbox unhealthy when mail to it hard-bounces or is reported as spam, and settles uncertain sends SES reports as sent.',
  environment: environmentOf('TABLE_NAME'),
  triggers: [{ kind: 'ses-events' }],
  access: { table: 'readwrite' },
});

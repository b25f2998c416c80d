/** The `inbound-email` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const inboundEmail = defineFunction({
  name: 'inbound-email',
  description: 'Accepts a report e-mailed by a registered mission mailbox, or quarantines it with the reason.',
  environment: environmentOf(
    'TABLE_NAME',
    'EVIDENCE_BUCKET',
    'INBOUND_EMAIL_BUCKET',
    'INBOUND_EMAIL_PREFIX',
    'S3_FORCE_PATH_STYLE',
    'CIRCULATION_STATE_MACHINE_ARN',
    'SENDER_ADDRESS',
    'REPORTING_ADDRESS',
    'SES_CONFIGURATION_SET',
  ),
  // Also every five minutes: messages whose every attempt failed are handled again from their record.
  triggers: [{ kind: 'inbound-email' }, { kind: 'schedule', everyMinutes: 5 }],
  // Writes each accepted attachment beside the raw message; parses messages of up to ~36 MB in memory.
  access: { table: 'readwrite', evidenceBucket: 'readwrite', inboundMail: 'read', sendEmail: true, startWorkflows: ['circulation'] },
  memoryMb: 1024,
  timeoutSeconds: 60,
});

/** The `send-note` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const sendNote = defineFunction({
  name: 'send-note',
  description:
    'Renders one note verbale for one State and sends it once to each of its healthy mailboxes; or the Secretariat’s notice of a report not circulated.',
  environment: environmentOf(
    'TABLE_NAME',
    'EVIDENCE_BUCKET',
    'S3_FORCE_PATH_STYLE',
    'SENDER_ADDRESS',
    'REPORTING_ADDRESS',
    'SECRETARIAT_ADDRESS',
    'SUBMISSION_FORM_URL',
    'SES_CONFIGURATION_SET',
    'SES_MAX_SEND_RATE',
    'DISPATCH_CONCURRENCY',
  ),
  triggers: [{ kind: 'workflow-task' }],
  access: { table: 'readwrite', evidenceBucket: 'read', sendEmail: true },
  memoryMb: 512,
  timeoutSeconds: 30,
});

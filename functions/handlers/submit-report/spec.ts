/** The `submit-report` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const submitReport = defineFunction({
  name: 'submit-report',
  description: 'POST /v1/submissions: records a State’s report, answers with its receipt and starts its circulation.',
  environment: environmentOf(
    'TABLE_NAME',
    'EVIDENCE_BUCKET',
    'S3_FORCE_PATH_STYLE',
    'CIRCULATION_STATE_MACHINE_ARN',
    'SENDER_ADDRESS',
    'SES_CONFIGURATION_SET',
  ),
  triggers: [{ kind: 'http', method: 'POST', path: '/v1/submissions', auth: 'jwt' }],
  access: { table: 'readwrite', evidenceBucket: 'readwrite', startWorkflows: ['circulation'], sendEmail: true },
  timeoutSeconds: 30,
});

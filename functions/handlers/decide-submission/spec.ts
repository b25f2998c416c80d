/** The `decide-submission` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const decideSubmission = defineFunction({
  name: 'decide-submission',
  description: 'The Secretariat’s decisions on a submission (circulate, publish, summarize) and its withdrawal: audited, refused where they no longer apply.',
  environment: environmentOf('TABLE_NAME', 'CIRCULATION_STATE_MACHINE_ARN', 'WITHDRAWAL_STATE_MACHINE_ARN'),
  triggers: [
    { kind: 'http', method: 'POST', path: '/v1/submissions/{reference}/decisions', auth: 'jwt' },
    { kind: 'http', method: 'POST', path: '/v1/submissions/{reference}/withdrawal', auth: 'jwt' },
  ],
  access: { table: 'readwrite', startWorkflows: ['circulation', 'withdrawal'] },
});

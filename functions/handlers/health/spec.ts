/** The `health` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const health = defineFunction({
  name: 'health',
  description: 'Checks that the table and the evidence bucket answer; a pre-flight step for workflows.',
  environment: environmentOf('TABLE_NAME', 'EVIDENCE_BUCKET', 'S3_FORCE_PATH_STYLE'),
  triggers: [{ kind: 'http', method: 'GET', path: '/v1/health', auth: 'none' }, { kind: 'workflow-task' }],
  access: { table: 'read', evidenceBucket: 'read' },
});

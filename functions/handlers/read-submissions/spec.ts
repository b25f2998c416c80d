/** The `read-submissions` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const readSubmissions = defineFunction({
  name: 'read-submissions',
  description: 'A State’s own submissions and receipts, what was sent about them, links to their files, and what it owes now.',
  environment: environmentOf('TABLE_NAME', 'EVIDENCE_BUCKET', 'S3_FORCE_PATH_STYLE'),
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/submissions', auth: 'jwt' },
    { kind: 'http', method: 'GET', path: '/v1/submissions/{reference}', auth: 'jwt' },
    { kind: 'http', method: 'GET', path: '/v1/obligations', auth: 'jwt' },
  ],
  // Signs short-lived GetObject links, each to a file the caller's own submission cites.
  access: { table: 'read', evidenceBucket: 'read' },
});

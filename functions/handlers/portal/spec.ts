/** The `portal` function's entry in the registry (functions/registry.ts). */
import { defineFunction } from '../../function-spec.ts';
import { environmentOf } from '../../runtime/environment.ts';

export const portal = defineFunction({
  name: 'portal',
  description: 'The missions’ portal: its page, its one script and the names of States, for focal points to sign in, report and follow their reports.',
  environment: environmentOf('TABLE_NAME', 'EVIDENCE_BUCKET', 'S3_FORCE_PATH_STYLE', 'DNS_SUFFIX', 'USER_POOL_ID', 'USER_POOL_CLIENT_ID', 'COGNITO_ENDPOINT'),
  triggers: [
    { kind: 'http', method: 'GET', path: '/portal', auth: 'none' },
    { kind: 'http', method: 'GET', path: '/portal/{asset}', auth: 'none' },
  ],
  // The States registry, for the names of States in the page's lists.
  access: { table: 'read' },
  servedFile: { builder: 'functions/handlers/portal/bundle.ts', file: 'portal-app.js' },
});

/**
 * The Lambda bundles exactly as `cdk synth` builds them, located per registry function. Used by
 * the bundling test and by the benchmarks, so both look at what would be deployed.
 */
import { join } from 'node:path';
import { allFunctions, type FunctionSpec } from '../functions/registry.ts';
import type { EnvironmentValues } from '../functions/runtime/environment.ts';
import { buildApp } from './build-app.ts';

export interface Bundle {
  readonly spec: FunctionSpec;
  /** The bundle's entry file, `index.mjs`, with its source map beside it. */
  readonly file: string;
}

export function synthesizeBundles(outdir: string, region = 'us-east-1'): Bundle[] {
  // Only the bundles are looked at: the Control Tower controls (cfn-guard, about 10 s of CPU per
  // synthesis) are test/infra/control-tower.test.ts's, and would not change a byte of them.
  const { app, stack } = buildApp({ env: { region }, outdir, controlTower: false });
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Properties: { FunctionName?: string; Code?: { S3Key?: string } } }>;
  };
  return allFunctions.map((spec) => {
    const resource = Object.values(template.Resources).find((candidate) => candidate.Properties.FunctionName === `${stack.stackName}-${spec.name}`);
    const assetHash = resource?.Properties.Code?.S3Key?.replace(/\.zip$/, '');
    if (!assetHash) throw new Error(`no bundled asset for function ${spec.name}`);
    return { spec, file: join(outdir, `asset.${assetHash}`, 'index.mjs') };
  });
}

/** Values a bundle can start with outside AWS: enough to load it and measure its init. */
export const sampleEnvironment: EnvironmentValues = {
  TABLE_NAME: 'sample-table',
  EVIDENCE_BUCKET: 'sample-evidence',
  INBOUND_EMAIL_BUCKET: 'sample-inbound-mail',
  INBOUND_EMAIL_PREFIX: 'inbound/email/',
  S3_FORCE_PATH_STYLE: 'false',
  DNS_SUFFIX: 'amazonaws.com',
  CIRCULATION_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:sample-circulation',
  REMINDER_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:sample-reminder',
  WITHDRAWAL_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:sample-withdrawal',
  RESEND_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:sample-resend',
  SENDER_ADDRESS: 'sender@sample.example.org',
  REPORTING_ADDRESS: 'reports@sample.example.org',
  SECRETARIAT_ADDRESS: 'secretariat@sample.example.org',
  SES_CONFIGURATION_SET: 'sample-configuration-set',
  SES_MAX_SEND_RATE: '14',
  DISPATCH_CONCURRENCY: '10',
  UNSETTLED_SEND_WINDOW_MINUTES: '60',
  SUBMISSION_FORM_URL: 'https://sample.execute-api.us-east-1.amazonaws.com/v1/form',
  USER_POOL_ID: 'us-east-1_sample',
  USER_POOL_CLIENT_ID: 'sampleclientid',
  COGNITO_ENDPOINT: 'https://cognito-idp.us-east-1.amazonaws.com/',
  ORIGIN_VERIFY: 'sample-origin-secret',
};

/**
 * Builds the CDK app: the stack plus the AwsSolutions checks, which fail synthesis on any
 * unacknowledged finding.
 *
 * The context of cdk.json is read here too, so an app built by a test sees the same settings as
 * one built by the CDK CLI (which passes that context itself; its values win over these).
 */
import { App, Validations, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MissionProtectionReportingStack } from './stack.ts';
import { stackName } from './stack-name.ts';
import { cdkJsonContext } from './settings.ts';

export { stackName };

export interface BuildAppOptions {
  /** Context on top of cdk.json's, e.g. `{ 'aws:cdk:bundling-stacks': [] }` to skip bundling. */
  readonly context?: Record<string, unknown>;
  /** Where to write the cloud assembly; by default the CLI's, or a temporary directory. */
  readonly outdir?: string;
  /**
   * Where to deploy. The region is required: SES receives mail only in some regions, and the
   * table's customer-managed key is declared per replica region. The account may stay open.
   */
  readonly env: Environment;
}

export interface BuiltApp {
  readonly app: App;
  readonly stack: MissionProtectionReportingStack;
}

export function buildApp(options: BuildAppOptions): BuiltApp {
  if (options.env.region === undefined) {
    throw new Error('No region: run through the CDK CLI, or set CDK_DEFAULT_REGION.');
  }
  const app = new App({
    context: { ...cdkJsonContext(), ...options.context },
    outdir: options.outdir,
  });
  const stack = new MissionProtectionReportingStack(app, stackName, {
    description: 'Reporting on the protection of diplomatic and consular missions (UN Secretariat)',
    env: options.env,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

/**
 * Builds the CDK app: the stack plus the AwsSolutions and Serverless checks and AWS Control
 * Tower's proactive controls (infra/control-tower.ts), which fail synthesis on any
 * unacknowledged finding.
 *
 * The context of cdk.json is read here too, so an app built by a test sees the same settings as
 * one built by the CDK CLI (which passes that context itself; its values win over these).
 */
import { App, Aspects, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { KeyGrantsForAwsResourcesOnly } from './constructs/keys.ts';
import { ControlTowerChecks } from './control-tower.ts';
import { cdkJsonContext } from './settings.ts';
import { FirewallStack, firewallRegion, MissionProtectionReportingStack } from './stack.ts';
import { stackName } from './stack-name.ts';

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
  /**
   * Whether synthesis runs the Control Tower controls (cfn-guard, a few seconds per synthesis);
   * by default it does. The infra tests leave them to test/infra/control-tower.test.ts.
   */
  readonly controlTower?: boolean;
}

export interface BuiltApp {
  readonly app: App;
  readonly stack: MissionProtectionReportingStack;
  /** The web ACL's own stack, when the main stack is not in us-east-1. */
  readonly firewall?: FirewallStack;
}

export function buildApp(options: BuildAppOptions): BuiltApp {
  if (options.env.region === undefined) {
    throw new Error('No region: run through the CDK CLI, or set CDK_DEFAULT_REGION.');
  }
  const app = new App({
    context: { ...cdkJsonContext(), ...options.context },
    outdir: options.outdir,
  });
  // A web ACL for CloudFront lives in us-east-1 (infra/constructs/edge.ts): elsewhere, a
  // companion stack there holds it, and the stack reads its ARN by a cross-region reference.
  const firewall =
    options.env.region === firewallRegion
      ? undefined
      : new FirewallStack(app, `${stackName}Firewall`, {
          description: 'The web ACL in front of the mission-protection-reporting API (CloudFront scope)',
          env: { account: options.env.account, region: firewallRegion },
          crossRegionReferences: true,
        });
  const stack = new MissionProtectionReportingStack(app, stackName, {
    description: 'Reporting on the protection of diplomatic and consular missions (UN Secretariat)',
    env: options.env,
    ...(firewall ? { webAclArn: firewall.firewall.webAcl.attrArn, crossRegionReferences: true } : {}),
  });
  Aspects.of(app).add(new KeyGrantsForAwsResourcesOnly());
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  if (options.controlTower ?? true) Validations.of(app).addPlugins(new ControlTowerChecks());
  return { app, stack, ...(firewall ? { firewall } : {}) };
}

/**
 * AWS Control Tower's proactive controls, as a validation plugin of the app: the cfn-guard rules
 * AWS publishes for them, run by the cfn-guard of `@cdklabs/cdk-validator-cfnguard` on every
 * synthesized template. A finding fails synthesis unless it is acknowledged where the stack
 * declares the resource, with its reason (`acknowledgeControl`), as cdk-nag findings are.
 *
 * cfn-guard reads the whole template once per rule file, and the package ships 237 rule files,
 * most for resource types this system does not have (RDS, EC2, ECS, ...): run on all of them, it
 * takes 33 s of processor time on this stack's template. A rule evaluates only resources of the
 * types it names, and skips a template without them, so the plugin passes cfn-guard only the rule
 * files that name a type present in the templates (or that name none): the same findings, in
 * 12 s. A resource type added later brings its rules with it.
 *
 * Findings are named by their Control Tower identifier (`CT.S3.PR.2`), read from the rule's
 * message, rather than by the rule's internal name: that is the name AWS's documentation uses.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { type IPolicyValidationContext, type IPolicyValidationPlugin, type PolicyValidationPluginReport, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The plugin's name, and so the prefix of its rule ids when acknowledged (`ControlTower::CT.S3.PR.2`). */
export const controlTowerPluginName = 'ControlTower';

const packageDirectory = dirname(createRequire(import.meta.url).resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
const rulesDirectory = join(packageDirectory, 'rules', 'control-tower', 'cfn-guard');

export interface ControlTowerRule {
  /** The rule file. */
  readonly path: string;
  /** The CloudFormation resource types the rule names (it evaluates nothing else). */
  readonly resourceTypes: readonly string[];
}

/** Every Control Tower rule file the package ships, with the resource types each names. */
export function controlTowerRules(directory: string = rulesDirectory): ControlTowerRule[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return controlTowerRules(path);
    if (!name.endsWith('.guard')) return [];
    const code = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n');
    const resourceTypes = [...new Set([...code.matchAll(/["'](AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)["']/g)].map((match) => match[1]!))];
    return [{ path, resourceTypes }];
  });
}

/** The resource types of some templates. */
function resourceTypesIn(templatePaths: readonly string[]): Set<string> {
  const types = new Set<string>();
  for (const path of templatePaths) {
    const template = JSON.parse(readFileSync(path, 'utf8')) as { Resources?: Record<string, { Type: string }> };
    for (const resource of Object.values(template.Resources ?? {})) types.add(resource.Type);
  }
  return types;
}

/** `CT.S3.PR.2` from a rule message `[CT.S3.PR.2]: Require ...`, else the rule's own name. */
function controlId(ruleName: string, description: string | undefined): string {
  return /\[(CT\.[A-Z0-9-]+\.PR\.\d+)\]/.exec(description ?? '')?.[1] ?? ruleName;
}

export class ControlTowerChecks implements IPolicyValidationPlugin {
  readonly name = controlTowerPluginName;
  readonly version = (JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as { version: string }).version;
  private readonly rules = controlTowerRules();

  /** The rule files that apply to templates with these resource types. */
  rulesFor(resourceTypes: ReadonlySet<string>): ControlTowerRule[] {
    return this.rules.filter((rule) => rule.resourceTypes.length === 0 || rule.resourceTypes.some((type) => resourceTypes.has(type)));
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const rules = this.rulesFor(resourceTypesIn(context.templatePaths));
    const guard = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: rules.map((rule) => rule.path) });
    const report = guard.validate(context);
    const violations = report.violations.map((violation) => ({ ...violation, ruleName: controlId(violation.ruleName, violation.description) }));
    return { ...report, violations };
  }
}

/** Acknowledges a Control Tower control (`CT.LAMBDA.PR.3`) for `scope` and what it contains. */
export function acknowledgeControl(scope: IConstruct, control: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${controlTowerPluginName}::${control}`, reason });
}

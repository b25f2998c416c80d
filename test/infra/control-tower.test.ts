/**
 * AWS Control Tower's proactive controls (infra/control-tower.ts) on the synthesized app: the
 * only infra test file that runs them, since cfn-guard adds seconds to each synthesis.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Aspects, Stack, Validations } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyGrantsForAwsResourcesOnly } from '../../infra/constructs/keys.ts';
import { ControlTowerChecks, controlTowerRules } from '../../infra/control-tower.ts';
import { skipBundling, synthTimeout, testApp } from './support.ts';

interface SuppressedViolation {
  readonly ruleName: string;
  readonly reason: string;
  readonly violatingConstructs: { constructPath: string }[];
}

interface ValidationReport {
  readonly pluginReports: { pluginName: string; conclusion: string; violations: unknown[]; suppressedViolations?: SuppressedViolation[] }[];
}

/** Synthesizes an app with the controls, and reads the report CDK writes beside the templates. */
function controlTowerReport(region: string): ValidationReport['pluginReports'][number] {
  const { app } = testApp({ env: { region }, controlTower: true });
  const assembly = app.synth();
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;
  const controlTower = report.pluginReports.find((plugin) => plugin.pluginName === 'ControlTower');
  if (!controlTower) throw new Error('no Control Tower report');
  return controlTower;
}

/** The rows of docs/security.md's table of controls: control id → outcome. */
function documentedOutcomes(): Map<string, string> {
  const page = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
  const section = page.split('\n## ').find((part) => part.startsWith('AWS Control Tower proactive controls'));
  if (!section) throw new Error('docs/security.md has no section on the Control Tower controls');
  const rows = [...section.matchAll(/^\| (CT\.[A-Z0-9-]+\.PR\.\d+) +\| [^|]+ \| (\w+)/gm)];
  return new Map(rows.map((row) => [row[1]!, row[2]!.toLowerCase()]));
}

let report: ValidationReport['pluginReports'][number];

beforeAll(() => {
  report = controlTowerReport('us-east-1');
}, synthTimeout);

describe('AWS Control Tower proactive controls', () => {
  it('find nothing unacknowledged in the app (synthesis would fail otherwise)', () => {
    expect(report.conclusion).toBe('success');
    expect(report.violations).toEqual([]);
  });

  it('acknowledge each finding with a reason, where the stack declares the resource', () => {
    const acknowledged = report.suppressedViolations ?? [];
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const finding of acknowledged) {
      expect(finding.reason.length, finding.ruleName).toBeGreaterThan(40);
      for (const construct of finding.violatingConstructs) expect(construct.constructPath).toMatch(/^MissionProtectionReporting\//);
    }
  });

  it('are listed in docs/security.md with their outcome: the acknowledged ones as acknowledged, the fixed ones without a finding', () => {
    const documented = documentedOutcomes();
    const acknowledged = new Set((report.suppressedViolations ?? []).map((finding) => finding.ruleName));
    const documentedAsAcknowledged = new Set([...documented].filter(([, outcome]) => outcome === 'acknowledged').map(([id]) => id));
    expect([...documentedAsAcknowledged].sort()).toEqual([...acknowledged].sort());
    const fixed = [...documented].filter(([, outcome]) => outcome === 'fixed').map(([id]) => id);
    expect(fixed.length).toBeGreaterThan(0);
    for (const id of fixed) expect(acknowledged.has(id), id).toBe(false);
  });

  it(
    'find nothing unacknowledged in another region either (the web ACL in its own us-east-1 stack)',
    () => {
      const elsewhere = controlTowerReport('eu-west-1');
      expect(elsewhere.conclusion).toBe('success');
      expect(elsewhere.violations).toEqual([]);
    },
    synthTimeout,
  );

  it(
    'do report a careless bucket, key and queue, and fail their synthesis',
    () => {
      const app = new App({ context: skipBundling });
      const stack = new Stack(app, 'Throwaway');
      new Bucket(stack, 'Careless');
      new Key(stack, 'CarelessKey');
      new Queue(stack, 'CarelessQueue');
      Validations.of(app).addPlugins(new ControlTowerChecks());
      expect(() => app.synth()).toThrow(/CT\.S3\.PR\.2[\s\S]*Throwaway\/Careless\/Resource/);
      expect(() => app.synth()).toThrow(/CT\.KMS\.PR\.3[\s\S]*Throwaway\/CarelessKey\/Resource/);
      expect(() => app.synth()).toThrow(/CT\.SQS\.PR\.1/);
    },
    synthTimeout,
  );

  it(
    'pass a key once it allows grants only for AWS resources',
    () => {
      const app = new App({ context: skipBundling });
      const stack = new Stack(app, 'Throwaway');
      new Key(stack, 'Key', { enableKeyRotation: true });
      Aspects.of(app).add(new KeyGrantsForAwsResourcesOnly());
      Validations.of(app).addPlugins(new ControlTowerChecks());
      expect(() => app.synth()).not.toThrow();
    },
    synthTimeout,
  );
});

describe('the rules the plugin runs', () => {
  it('are every rule that names a resource type of the template, and no other', () => {
    const rules = controlTowerRules();
    expect(rules.length).toBeGreaterThan(200);
    const checks = new ControlTowerChecks();
    const selected = checks.rulesFor(new Set(['AWS::S3::Bucket', 'AWS::KMS::Key']));
    const names = selected.map((rule) => rule.path.split('/').pop());
    expect(names).toEqual(expect.arrayContaining(['ct-s3-pr-1.guard', 'ct-s3-pr-2.guard', 'ct-s3-pr-9.guard', 'ct-kms-pr-3.guard']));
    const present = (type: string) => type === 'AWS::S3::Bucket' || type === 'AWS::KMS::Key';
    for (const rule of selected) expect(rule.resourceTypes.length === 0 || rule.resourceTypes.some(present)).toBe(true);
    const left = rules.filter((rule) => !selected.some((chosen) => chosen.path === rule.path));
    expect(left.length).toBeGreaterThan(150);
    for (const rule of left) expect(rule.resourceTypes.some(present), rule.path).toBe(false);
  });

  it(
    'find what all of the package’s rules find',
    () => {
      const app = new App({ context: skipBundling });
      const stack = new Stack(app, 'Throwaway');
      new Bucket(stack, 'Careless');
      new Key(stack, 'CarelessKey');
      new Queue(stack, 'CarelessQueue');
      const assembly = app.synth();
      const context = { templatePaths: [assembly.getStackByName('Throwaway').templateFullPath], appConstruct: app } as never;
      const all = new CfnGuardValidator().validate(context);
      const selected = new ControlTowerChecks().validate(context);
      const findings = (violations: { description?: string; violatingResources: { resourceLogicalId?: string }[] }[]) =>
        violations.flatMap((v) => v.violatingResources.map((r) => `${/\[(CT\.[^\]]+)\]/.exec(v.description ?? '')?.[1]} ${r.resourceLogicalId}`)).sort();
      expect(findings(all.violations).length).toBeGreaterThan(5);
      expect(findings(selected.violations)).toEqual(findings(all.violations));
    },
    synthTimeout,
  );
});

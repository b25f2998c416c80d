/**
 * The app as the infra tests synthesize it: the real stack and checks, in a fixed region,
 * without bundling (one test bundles for real), and helpers to read the template.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import type { FunctionSpec } from '../../functions/registry.ts';
import { type BuildAppOptions, type BuiltApp, buildApp } from '../../infra/build-app.ts';

export const testEnv = { region: 'us-east-1' } as const;

export const skipBundling = { 'aws:cdk:bundling-stacks': [] } as const;

/**
 * How long a test or hook that synthesizes the app may take: seconds on an idle machine, but a
 * machine shared with other test runs can stretch it past vitest's default limits many times over.
 */
export const synthTimeout = 300_000;

/** The app without the Control Tower controls, which one test file runs (control-tower.test.ts). */
export function testApp(options: Partial<BuildAppOptions> = {}): BuiltApp {
  return buildApp({ env: testEnv, context: skipBundling, controlTower: false, ...options });
}

/** A CloudFormation `{ Ref }` or `{ Fn::GetAtt }` as it names a resource. */
export function logicalIdIn(reference: unknown): string | undefined {
  if (typeof reference !== 'object' || reference === null) return undefined;
  const { Ref, 'Fn::GetAtt': getAtt } = reference as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return Ref ?? getAtt?.[0];
}

/**
 * A template value as one string: `Fn::Join` joined, `{ Ref: X }` as `<X>`, `{ Fn::GetAtt: [X, A] }`
 * as `<X.A>`; enough to compare ARNs the template builds.
 */
export function rendered(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const object = value as Record<string, unknown>;
  if (typeof object['Ref'] === 'string') return `<${object['Ref']}>`;
  const getAtt = object['Fn::GetAtt'] as [string, string] | undefined;
  if (getAtt) return `<${getAtt[0]}.${getAtt[1]}>`;
  const join = object['Fn::Join'] as [string, unknown[]] | undefined;
  if (join) return join[1].map(rendered).join(join[0]);
  return JSON.stringify(value);
}

export type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

export interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

let shared: SynthesizedStack | undefined;

/**
 * The default app's stack, synthesized once per test process: the infra files run in one
 * process (vitest.config.ts), and each of them reads the same template.
 */
export function sharedStack(): SynthesizedStack {
  shared ??= new SynthesizedStack();
  return shared;
}

/** The synthesized stack with the lookups the infra tests share. */
export class SynthesizedStack {
  readonly built: BuiltApp;
  readonly resources: Record<string, Resource>;
  readonly outputs: Record<string, { Value: unknown }>;
  /** The template, for the assertions library's matchers. */
  readonly template: Template;

  constructor(built: BuiltApp = testApp()) {
    this.built = built;
    this.template = Template.fromStack(built.stack);
    const template = this.template.toJSON() as { Resources: Record<string, Resource>; Outputs: Record<string, { Value: unknown }> };
    this.resources = template.Resources;
    this.outputs = template.Outputs;
  }

  get stackName(): string {
    return this.built.stack.stackName;
  }

  ofType(type: string): [string, Resource][] {
    return Object.entries(this.resources).filter(([, resource]) => resource.Type === type);
  }

  /** The one resource of a type (that matches `where`), with its logical id. */
  only(type: string, where: (resource: Resource) => boolean = () => true): [string, Resource] {
    const found = this.ofType(type).filter(([, resource]) => where(resource));
    expect(found, type).toHaveLength(1);
    return found[0]!;
  }

  resource(reference: unknown): Resource {
    const id = logicalIdIn(reference);
    const resource = id === undefined ? undefined : this.resources[id];
    if (!resource) throw new Error(`no resource for ${JSON.stringify(reference)}`);
    return resource;
  }

  /** The logical id and properties of the Lambda function deployed for a registry entry. */
  functionOf(spec: Pick<FunctionSpec, 'name'>): [string, Record<string, unknown>] {
    const [id, fn] = this.only('AWS::Lambda::Function', (candidate) => candidate.Properties['FunctionName'] === `${this.stackName}-${spec.name}`);
    return [id, fn.Properties];
  }

  /** Every statement of a role, from its inline and attached policies; no managed policies. */
  statementsOfRole(roleId: string): Statement[] {
    const role = this.resources[roleId]!;
    expect(role.Type).toBe('AWS::IAM::Role');
    expect(role.Properties['ManagedPolicyArns']).toBeUndefined();
    const documents = [
      ...((role.Properties['Policies'] as { PolicyDocument: unknown }[] | undefined) ?? []).map((p) => p.PolicyDocument),
      ...this.ofType('AWS::IAM::Policy')
        .filter(([, policy]) => (policy.Properties['Roles'] as unknown[]).some((r) => logicalIdIn(r) === roleId))
        .map(([, policy]) => policy.Properties['PolicyDocument']),
    ] as { Statement: Statement[] }[];
    return documents.flatMap((document) => document.Statement);
  }

  /** Every statement of the role the registry entry's function runs as. */
  statementsOf(spec: Pick<FunctionSpec, 'name'>): Statement[] {
    const [, fn] = this.functionOf(spec);
    return this.statementsOfRole(logicalIdIn(fn['Role'])!);
  }
}

/** The actions of some statements, one entry each. */
export function actionsIn(statements: readonly Statement[]): string[] {
  return statements.flatMap((statement) => asList(statement.Action));
}

/** The statements that allow one of the actions with this prefix (`ses:`, `states:`). */
export function statementsFor(statements: readonly Statement[], prefix: string): Statement[] {
  return statements.filter((statement) => asList(statement.Action).some((action) => action.startsWith(prefix)));
}

/** The resources of some statements, rendered (see `rendered`). */
export function resourcesIn(statements: readonly Statement[]): string[] {
  return statements.flatMap((statement) => asList(statement.Resource).map(rendered));
}

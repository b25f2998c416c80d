import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ManagedPolicy, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { allFunctions, type FunctionSpec } from '../../functions/registry.ts';
import type { SynthesizedStack } from './support.ts';
import { type Resource, sharedStack, skipBundling, synthTimeout, testApp } from './support.ts';

/**
 * Actions that take `*` as their only resource: the Service Authorization Reference lists no
 * resource type for them, so no narrower ARN is possible. Each is allowed on `*` and nothing else is.
 */
const actionsOnAnyResourceOnly: Record<string, string> = {
  // Active tracing (functions and state machines): X-Ray has no resource for segments and telemetry.
  'xray:PutTraceSegments': 'X-Ray: no resource-level permissions',
  'xray:PutTelemetryRecords': 'X-Ray: no resource-level permissions',
  // State machines' tracing reads the sampling rules of the whole account.
  'xray:GetSamplingRules': 'X-Ray: the sampling rules are read as a whole',
  'xray:GetSamplingTargets': 'X-Ray: the sampling targets are read as a whole',
  // Step Functions' logging to CloudWatch Logs is a vended log delivery, managed through these
  // account-level actions (Step Functions developer guide, "IAM policies for logging to CloudWatch Logs").
  'logs:CreateLogDelivery': 'vended log delivery: no resource-level permissions',
  'logs:GetLogDelivery': 'vended log delivery: no resource-level permissions',
  'logs:UpdateLogDelivery': 'vended log delivery: no resource-level permissions',
  'logs:DeleteLogDelivery': 'vended log delivery: no resource-level permissions',
  'logs:ListLogDeliveries': 'vended log delivery: no resource-level permissions',
  'logs:PutResourcePolicy': 'the log groups’ resource policy is account-wide',
  'logs:DescribeResourcePolicies': 'the log groups’ resource policy is account-wide',
  'logs:DescribeLogGroups': 'lists log groups: no resource-level permissions',
};

interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
}

interface Located extends Statement {
  /** `<logical id> (<type>)`, for the failure messages. */
  readonly where: string;
}

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every statement of every identity policy in a template: policies, roles' inline policies, managed policies. */
export function identityStatements(resources: Record<string, Resource>): Located[] {
  return Object.entries(resources).flatMap(([id, resource]) => {
    const documents: unknown[] =
      resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy'
        ? [resource.Properties['PolicyDocument']]
        : resource.Type === 'AWS::IAM::Role'
          ? ((resource.Properties['Policies'] as { PolicyDocument: unknown }[] | undefined) ?? []).map((policy) => policy.PolicyDocument)
          : [];
    return documents.flatMap((document) =>
      asList((document as { Statement: Statement | Statement[] }).Statement).map((statement) => ({ ...statement, where: `${id} (${resource.Type})` })),
    );
  });
}

/** What is wrong with a statement, if anything: wildcard actions, or `*` resources for actions that have ARNs. */
export function problemsOf(statement: Located): string[] {
  const problems: string[] = [];
  if (statement.NotAction !== undefined) problems.push(`${statement.where}: NotAction allows everything else`);
  if (statement.NotResource !== undefined && statement.Effect === 'Allow') problems.push(`${statement.where}: NotResource allows everything else`);
  const actions = asList(statement.Action);
  for (const action of actions) {
    if (action === '*' || action.endsWith(':*')) problems.push(`${statement.where}: action ${action}`);
  }
  if (statement.Effect === 'Allow' && asList(statement.Resource).includes('*')) {
    for (const action of actions.filter((candidate) => actionsOnAnyResourceOnly[candidate] === undefined)) {
      problems.push(`${statement.where}: ${action} on resource *`);
    }
  }
  return problems;
}

/**
 * What would let a role destroy or unlock evidence: deleting an object or a version, changing or
 * bypassing a retention, placing or lifting a legal hold, reconfiguring Object Lock.
 */
const evidenceDestroyingActions = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:PutObjectRetention',
  's3:PutObjectLegalHold',
  's3:BypassGovernanceRetention',
  's3:PutBucketObjectLockConfiguration',
];

/** Whether an IAM action pattern (`*` and `?` as IAM reads them, case-insensitive) covers `action`. */
function covers(pattern: string, action: string): boolean {
  const expression = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${expression}$`, 'i').test(action);
}

/** The allowed S3 actions of `statements` that delete, unlock or hold evidence (by name or by wildcard). */
export function destroyingEvidence(statements: readonly Statement[]): string[] {
  return statements
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => asList(statement.Action))
    .filter(
      (pattern) =>
        (/^s3:/i.test(pattern) && /delete|retention|legalhold/i.test(pattern)) || evidenceDestroyingActions.some((action) => covers(pattern, action)),
    );
}

/** Intake: the functions that take what States send (the upload API's writes, inbound mail). */
// What States send arrives by e-mail or by POST to the two intake routes (the Secretariat's
// decisions on a submission, under /v1/submissions/{reference}/…, are not intake).
const intakeFunctions = (): FunctionSpec[] =>
  allFunctions.filter((spec) =>
    spec.triggers.some(
      (trigger) =>
        trigger.kind === 'inbound-email' ||
        (trigger.kind === 'http' && trigger.auth === 'jwt' && trigger.method === 'POST' && /^\/v1\/(submissions|attachments)$/.test(trigger.path)),
    ),
  );

const templateOf = (stack: Stack): Record<string, Resource> => (Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> }).Resources;

describe('IAM policies of the synthesized stacks', () => {
  let statements: Located[];

  beforeAll(() => {
    const built = testApp();
    const elsewhere = testApp({ env: { region: 'eu-west-1' } });
    statements = [built.stack, elsewhere.stack, elsewhere.firewall!].flatMap((stack) => identityStatements(templateOf(stack)));
  }, synthTimeout);

  it('are all read: roles, their inline policies and the attached policies', () => {
    // One role per function and per workflow, plus the SES writer: well over a hundred statements.
    expect(statements.length).toBeGreaterThan(100);
    expect(statements.every((statement) => statement.Effect === 'Allow' || statement.Effect === 'Deny')).toBe(true);
  });

  it('never allow every action, or every action of a service', () => {
    expect(statements.flatMap(problemsOf).filter((problem) => /action |NotAction/.test(problem))).toEqual([]);
  });

  it('name their resources, except for actions that take no resource at all', () => {
    expect(statements.flatMap(problemsOf)).toEqual([]);
  });

  it('use every entry of the allow-list, so that none outlives its reason', () => {
    const onAnyResource = new Set(statements.filter((statement) => asList(statement.Resource).includes('*')).flatMap((statement) => asList(statement.Action)));
    expect(Object.keys(actionsOnAnyResourceOnly).filter((action) => !onAnyResource.has(action))).toEqual([]);
  });
});

describe('evidence', () => {
  let stack: SynthesizedStack;
  beforeAll(() => {
    stack = sharedStack();
  });

  it('is written by the intake functions: submit-report, inbound-email and request-attachment-upload', () => {
    expect(
      intakeFunctions()
        .map((spec) => spec.name)
        .sort(),
    ).toEqual(['inbound-email', 'request-attachment-upload', 'submit-report']);
  });

  it.each(allFunctions.map((spec) => [spec.name, spec] as const))('%s may not delete, unlock or hold an object', (_name, spec) => {
    expect(destroyingEvidence(stack.statementsOf(spec))).toEqual([]);
  });
});

describe('the policy walk', () => {
  it('catches deleting, retention and legal-hold actions, by name or under a wildcard', () => {
    const app = new App({ context: skipBundling });
    const stack = new Stack(app, 'Throwaway');
    const bucket = new Bucket(stack, 'Evidence');
    const role = (id: string) => new Role(stack, id, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    const granted = role('Granted');
    bucket.grantReadWrite(granted);
    const named = role('Named');
    named.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:PutObjectRetention', 's3:PutObjectLegalHold'], resources: [bucket.arnForObjects('*')] }));
    const wildcard = role('Wildcard');
    wildcard.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:PutObj*'], resources: [bucket.arnForObjects('*')] }));
    const careful = role('Careful');
    careful.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [bucket.arnForObjects('*')] }));

    const statementsOf = (id: string) => identityStatements(templateOf(stack)).filter((statement) => statement.where.startsWith(id));
    expect(destroyingEvidence(statementsOf('GrantedDefaultPolicy'))).toContain('s3:DeleteObject*');
    expect(destroyingEvidence(statementsOf('NamedDefaultPolicy'))).toEqual(['s3:PutObjectRetention', 's3:PutObjectLegalHold']);
    expect(destroyingEvidence(statementsOf('WildcardDefaultPolicy'))).toEqual(['s3:PutObj*']);
    expect(destroyingEvidence(statementsOf('CarefulDefaultPolicy'))).toEqual([]);
  });

  it('catches a wildcard action, a service-wide action and an unscoped resource, wherever the policy is', () => {
    const app = new App({ context: skipBundling });
    const stack = new Stack(app, 'Throwaway');
    const role = new Role(stack, 'Careless', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: {
        inline: new PolicyDocument({ statements: [new PolicyStatement({ actions: ['sqs:*'], resources: ['arn:aws:sqs:us-east-1:123456789012:queue'] })] }),
      },
    });
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::bucket/*'] }));
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: ['*'] }));
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['xray:PutTraceSegments'], resources: ['*'] }));
    new ManagedPolicy(stack, 'Managed', { roles: [role], statements: [new PolicyStatement({ actions: ['*'], resources: ['*'] })] });

    const problems = identityStatements(templateOf(stack)).flatMap(problemsOf);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/AWS::IAM::Role\): action sqs:\*$/),
        expect.stringMatching(/AWS::IAM::Policy\): action s3:\*$/),
        expect.stringMatching(/AWS::IAM::Policy\): dynamodb:GetItem on resource \*$/),
        expect.stringMatching(/AWS::IAM::ManagedPolicy\): action \*$/),
        expect.stringMatching(/AWS::IAM::ManagedPolicy\): \* on resource \*$/),
      ]),
    );
    expect(problems.some((problem) => problem.includes('xray:PutTraceSegments'))).toBe(false);
  });
});

import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { inboundEmailPrefix } from '../../functions/aws/data-design.ts';
import { allFunctions, type FunctionSpec } from '../../functions/registry.ts';
import { reportingAddressContext } from '../../infra/stack.ts';
import { logicalIdIn, testApp } from './support.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[] };

let resources: Record<string, Resource>;
let stackName: string;
let reportingAddress: unknown;

beforeAll(() => {
  const { stack } = testApp();
  stackName = stack.stackName;
  reportingAddress = stack.node.tryGetContext(reportingAddressContext);
  resources = Template.fromStack(stack).toJSON()['Resources'] as Record<string, Resource>;
});

function ofType(type: string): [string, Resource][] {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

/** The logical id and properties of the Lambda function deployed for a registry entry. */
function functionOf(spec: FunctionSpec): [string, Resource['Properties']] {
  const found = ofType('AWS::Lambda::Function').filter(([, fn]) => fn.Properties['FunctionName'] === `${stackName}-${spec.name}`);
  expect(found, spec.name).toHaveLength(1);
  const [id, fn] = found[0]!;
  return [id, fn.Properties];
}

/** Every action that the function's role may perform, from its inline and attached policies. */
function actionsOf(spec: FunctionSpec): string[] {
  const [, fn] = functionOf(spec);
  const roleId = logicalIdIn(fn['Role'])!;
  const role = resources[roleId]!;
  expect(role.Properties['ManagedPolicyArns']).toBeUndefined();
  const documents = [
    ...((role.Properties['Policies'] as { PolicyDocument: unknown }[] | undefined) ?? []).map((p) => p.PolicyDocument),
    ...ofType('AWS::IAM::Policy')
      .filter(([, policy]) => (policy.Properties['Roles'] as unknown[]).some((r) => logicalIdIn(r) === roleId))
      .map(([, policy]) => policy.Properties['PolicyDocument']),
  ] as { Statement: Statement[] }[];
  return documents.flatMap((d) => d.Statement.flatMap((s) => s.Action));
}

describe('functions', () => {
  it('deploys one Lambda function per registry entry', () => {
    expect(ofType('AWS::Lambda::Function')).toHaveLength(allFunctions.length);
    for (const spec of allFunctions) functionOf(spec);
  });

  it.each(allFunctions.map((spec) => [spec.name, spec] as const))('%s runs on Node 24, arm64, traced, with JSON logs kept a year', (_name, spec) => {
    const [, fn] = functionOf(spec);
    expect(fn).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON' },
      MemorySize: spec.memoryMb ?? 256,
      Timeout: spec.timeoutSeconds ?? 10,
    });
    const logGroup = resources[logicalIdIn((fn['LoggingConfig'] as { LogGroup: unknown }).LogGroup)!]!;
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup.Properties['RetentionInDays']).toBe(365);
  });

  it.each(allFunctions.map((spec) => [spec.name, spec] as const))('%s gets exactly the environment its schema declares', (_name, spec) => {
    const [, fn] = functionOf(spec);
    const variables = (fn['Environment'] as { Variables: Record<string, unknown> } | undefined)?.Variables ?? {};
    expect(Object.keys(variables).sort()).toEqual([...Object.keys(spec.environment.shape), 'NODE_OPTIONS'].sort());
  });
});

describe('grants', () => {
  it.each(allFunctions.map((spec) => [spec.name, spec] as const))('%s may touch the table and the bucket only as the registry says', (_name, spec) => {
    const actions = actionsOf(spec);
    const dynamodb = actions.filter((a) => a.startsWith('dynamodb:'));
    const s3 = actions.filter((a) => a.startsWith('s3:'));
    const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

    if (spec.access.table === undefined) expect(dynamodb).toEqual([]);
    else expect(dynamodb).toContain('dynamodb:Query');
    const dynamodbWrites = dynamodb.filter((a) => writes.includes(a));
    expect(dynamodbWrites).toEqual(spec.access.table === 'readwrite' ? expect.arrayContaining(writes) : []);

    if (spec.access.evidenceBucket === undefined) expect(s3).toEqual([]);
    else expect(s3).toContain('s3:GetObject*');
    if (spec.access.evidenceBucket !== 'readwrite') expect(s3.filter((a) => a.startsWith('s3:Put') || a.startsWith('s3:Delete'))).toEqual([]);
  });

  it('gives a function without access nothing but its logs and traces', () => {
    const bare = allFunctions.filter((spec) => Object.keys(spec.access).length === 0);
    expect(bare.length).toBeGreaterThan(0);
    for (const spec of bare) {
      expect(actionsOf(spec).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    }
  });
});

describe('HTTP API', () => {
  const httpTriggers = allFunctions.flatMap((spec) =>
    spec.triggers.flatMap((trigger) => (trigger.kind === 'http' ? [{ spec, routeKey: `${trigger.method} ${trigger.path}`, auth: trigger.auth }] : [])),
  );

  it('has exactly the routes of the registry', () => {
    const routeKeys = ofType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties['RouteKey']);
    expect(routeKeys.sort()).toEqual(httpTriggers.map((t) => t.routeKey).sort());
  });

  it.each(httpTriggers.map((t) => [t.routeKey, t] as const))('%s reaches its function, behind the authorizer only if the registry says jwt', (_key, trigger) => {
    const [, route] = ofType('AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties['RouteKey'] === trigger.routeKey)!;
    if (trigger.auth === 'jwt') {
      expect(route.Properties['AuthorizationType']).toBe('JWT');
      expect(resources[logicalIdIn(route.Properties['AuthorizerId'])!]!.Type).toBe('AWS::ApiGatewayV2::Authorizer');
    } else {
      expect(route.Properties['AuthorizationType']).toBe('NONE');
      expect(route.Properties['AuthorizerId']).toBeUndefined();
    }
    const target = JSON.stringify(route.Properties['Target']);
    const [integrationId] = ofType('AWS::ApiGatewayV2::Integration').find(([id]) => target.includes(id))!;
    const [functionId] = functionOf(trigger.spec);
    expect(logicalIdIn(resources[integrationId]!.Properties['IntegrationUri'])).toBe(functionId);
  });

  it('logs access and throttles on its stage', () => {
    const [[, stage]] = ofType('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) },
    });
    const destination = (stage.Properties['AccessLogSettings'] as { DestinationArn: unknown }).DestinationArn;
    expect(resources[logicalIdIn(destination)!]!.Type).toBe('AWS::Logs::LogGroup');
  });
});

describe('inbound email', () => {
  it('scans mail to the reporting address, stores it in the evidence bucket, then invokes the inbound-email functions', () => {
    const [[, rule]] = ofType('AWS::SES::ReceiptRule') as [[string, Resource]];
    const props = rule.Properties['Rule'] as { Actions: Record<string, Record<string, unknown>>[] } & Record<string, unknown>;
    expect(props).toMatchObject({ Recipients: [reportingAddress], ScanEnabled: true, TlsPolicy: 'Require', Enabled: true });

    const [store, ...invocations] = props.Actions;
    const [bucketId] = ofType('AWS::S3::Bucket').find(([, b]) => b.Properties['ObjectLockEnabled'] === true)!;
    expect(logicalIdIn(store!['S3Action']!['BucketName'])).toBe(bucketId);
    expect(store!['S3Action']!['ObjectKeyPrefix']).toBe(inboundEmailPrefix);

    const receivers = allFunctions.filter((spec) => spec.triggers.some((t) => t.kind === 'inbound-email'));
    expect(invocations.map((a) => logicalIdIn(a['LambdaAction']?.['FunctionArn']))).toEqual(receivers.map((spec) => functionOf(spec)[0]));
    for (const action of invocations) expect(action['LambdaAction']!['InvocationType']).toBe('Event');
  });

  it('lets SES write raw messages under the inbound prefix only, through a role', () => {
    const [[, rule]] = ofType('AWS::SES::ReceiptRule') as [[string, Resource]];
    const [store] = (rule.Properties['Rule'] as { Actions: Record<string, Record<string, unknown>>[] }).Actions;
    const role = resources[logicalIdIn(store!['S3Action']!['IamRoleArn'])!]!;
    expect(JSON.stringify(role.Properties['AssumeRolePolicyDocument'])).toContain('ses.amazonaws.com');
    const [policy] = role.Properties['Policies'] as { PolicyDocument: { Statement: { Action: string; Resource: unknown }[] } }[];
    const putObject = policy!.PolicyDocument.Statement.find((s) => s.Action === 's3:PutObject')!;
    expect(JSON.stringify(putObject.Resource)).toContain(`/${inboundEmailPrefix}*`);
  });
});

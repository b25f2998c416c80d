import { beforeAll, describe, expect, it } from 'vitest';
import { inboundEmailPrefix } from '../../functions/aws/data-design.ts';
import { allFunctions, type WorkflowName } from '../../functions/registry.ts';
import { userPoolAdminActions } from '../../infra/constructs/identity.ts';
import type { SynthesizedStack } from './support.ts';
import { actionsIn, logicalIdIn, type Resource, rendered, resourcesIn, sharedStack, statementsFor, synthTimeout } from './support.ts';

let stack: SynthesizedStack;

beforeAll(() => {
  stack = sharedStack();
}, synthTimeout);

const eachFunction = allFunctions.map((spec) => [spec.name, spec] as const);

describe('functions', () => {
  it('deploys one Lambda function per registry entry', () => {
    expect(stack.ofType('AWS::Lambda::Function')).toHaveLength(allFunctions.length);
    for (const spec of allFunctions) stack.functionOf(spec);
  });

  it.each(eachFunction)('%s runs on Node 24, arm64, traced, with JSON logs kept a year', (_name, spec) => {
    const [, fn] = stack.functionOf(spec);
    expect(fn).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON' },
      MemorySize: spec.memoryMb ?? 256,
      Timeout: spec.timeoutSeconds ?? 10,
    });
    const logGroup = stack.resource((fn['LoggingConfig'] as { LogGroup: unknown }).LogGroup);
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup.Properties['RetentionInDays']).toBe(365);
  });

  it.each(eachFunction)('%s gets exactly the environment its registry entry declares', (_name, spec) => {
    const [, fn] = stack.functionOf(spec);
    const variables = (fn['Environment'] as { Variables: Record<string, unknown> } | undefined)?.Variables ?? {};
    expect(Object.keys(variables).sort()).toEqual([...spec.environment.variables, 'NODE_OPTIONS'].sort());
  });
});

describe('environment values', () => {
  /** Each variable's value wherever a function receives it (they must all agree). */
  function valuesOf(variable: string): string[] {
    const values = allFunctions.flatMap((spec) => {
      const variables = (stack.functionOf(spec)[1]['Environment'] as { Variables: Record<string, unknown> } | undefined)?.Variables ?? {};
      return variable in variables ? [rendered(variables[variable])] : [];
    });
    expect(values.length, `no function receives ${variable}`).toBeGreaterThan(0);
    return [...new Set(values)];
  }

  it('take addresses, send rate and concurrency from the settings', () => {
    const { settings } = stack.built.stack;
    expect(valuesOf('SENDER_ADDRESS')).toEqual([settings['mpr:senderAddress']]);
    expect(valuesOf('REPORTING_ADDRESS')).toEqual([settings['mpr:reportingAddress']]);
    expect(valuesOf('SECRETARIAT_ADDRESS')).toEqual([settings['mpr:secretariatAddress']]);
    expect(valuesOf('SES_MAX_SEND_RATE')).toEqual([String(settings['mpr:sesMaxSendRate'])]);
    expect(valuesOf('DISPATCH_CONCURRENCY')).toEqual([String(settings['mpr:dispatchConcurrency'])]);
  });

  it('name the user pool, the configuration set and the state machines of this stack', () => {
    expect(valuesOf('USER_POOL_ID')).toEqual([`<${stack.only('AWS::Cognito::UserPool')[0]}>`]);
    expect(valuesOf('SES_CONFIGURATION_SET')).toEqual([`<${stack.only('AWS::SES::ConfigurationSet')[0]}>`]);
    for (const [variable, workflow] of [
      ['CIRCULATION_STATE_MACHINE_ARN', 'circulation'],
      ['REMINDER_STATE_MACHINE_ARN', 'reminder'],
    ] as const) {
      const [name] = valuesOf(variable).map((arn) => arn.match(/^arn:aws:states:us-east-1:<AWS::AccountId>:stateMachine:(.+)$/)?.[1]);
      expect(name).toBe(`${stack.stackName}-${workflow}`);
      stack.only('AWS::StepFunctions::StateMachine', (machine) => machine.Properties['StateMachineName'] === name);
    }
  });
});

describe('grants', () => {
  it.each(eachFunction)('%s may touch the table and the bucket only as the registry says', (_name, spec) => {
    const actions = actionsIn(stack.statementsOf(spec));
    const dynamodb = actions.filter((a) => a.startsWith('dynamodb:'));
    const s3 = actions.filter((a) => a.startsWith('s3:'));
    const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

    if (spec.access.table === undefined) expect(dynamodb).toEqual([]);
    else expect(dynamodb).toContain('dynamodb:Query');
    const dynamodbWrites = dynamodb.filter((a) => writes.includes(a));
    expect(dynamodbWrites).toEqual(spec.access.table === 'readwrite' ? expect.arrayContaining(writes) : []);

    // Exactly the S3 actions the function calls: GetObject (and HeadObject) and ListBucket to read, PutObject to write.
    const objectActions = (access: 'read' | 'write' | 'readwrite' | undefined) => [
      ...(access === 'read' || access === 'readwrite' ? ['s3:GetObject', 's3:ListBucket'] : []),
      ...(access === 'write' || access === 'readwrite' ? ['s3:PutObject'] : []),
    ];
    const expected = new Set([...objectActions(spec.access.evidenceBucket), ...objectActions(spec.access.inboundMail)]);
    expect([...new Set(s3)].sort()).toEqual([...expected].sort());
  });

  it.each(eachFunction)('%s may send mail only if the registry says so, from the sender identity with the configuration set', (_name, spec) => {
    const ses = statementsFor(stack.statementsOf(spec), 'ses:');
    if (spec.access.sendEmail !== true) {
      expect(ses).toEqual([]);
      return;
    }
    expect(actionsIn(ses).sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    const [identityId] = stack.only(
      'AWS::SES::EmailIdentity',
      (identity) => identity.Properties['EmailIdentity'] === stack.built.stack.settings['mpr:senderAddress'].split('@')[1],
    );
    const [configurationSetId] = stack.only('AWS::SES::ConfigurationSet');
    expect(resourcesIn(ses).sort()).toEqual(
      [
        `arn:aws:ses:us-east-1:<AWS::AccountId>:configuration-set/<${configurationSetId}>`,
        `arn:aws:ses:us-east-1:<AWS::AccountId>:identity/<${identityId}>`,
      ].sort(),
    );
  });

  it.each(eachFunction)('%s may start exactly the workflows the registry names', (_name, spec) => {
    const states = statementsFor(stack.statementsOf(spec), 'states:');
    expect([...new Set(actionsIn(states))]).toEqual(spec.access.startWorkflows?.length ? ['states:StartExecution'] : []);
    const started = resourcesIn(states).map((arn) => arn.replace(/^arn:aws:states:us-east-1:<AWS::AccountId>:stateMachine:/, ''));
    const expected = (spec.access.startWorkflows ?? []).map((workflow: WorkflowName) => `${stack.stackName}-${workflow}`);
    expect(started.sort()).toEqual(expected.sort());
  });

  it('lets submit-report start a circulation, and not a reminder', () => {
    const started = resourcesIn(statementsFor(stack.statementsOf({ name: 'submit-report' }), 'states:'));
    expect(started.some((arn) => arn.endsWith(`:stateMachine:${stack.stackName}-circulation`))).toBe(true);
    expect(started.some((arn) => arn.endsWith(`:stateMachine:${stack.stackName}-reminder`))).toBe(false);
  });

  it.each(eachFunction)('%s may administer the user pool only if the registry says so, and only that pool', (_name, spec) => {
    const cognito = statementsFor(stack.statementsOf(spec), 'cognito-idp:');
    if (spec.access.userPool !== 'admin') {
      expect(cognito).toEqual([]);
      return;
    }
    expect(actionsIn(cognito).sort()).toEqual([...userPoolAdminActions].sort());
    const [poolId] = stack.only('AWS::Cognito::UserPool');
    expect(resourcesIn(cognito)).toEqual([`<${poolId}.Arn>`]);
  });

  it('gives a function without access nothing but its logs and traces', () => {
    const bare = allFunctions.filter((spec) => Object.keys(spec.access).length === 0);
    expect(bare.length).toBeGreaterThan(0);
    for (const spec of bare) {
      expect(actionsIn(stack.statementsOf(spec)).sort()).toEqual([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
    }
  });
});

describe('HTTP API', () => {
  const httpTriggers = allFunctions.flatMap((spec) =>
    spec.triggers.flatMap((trigger) => (trigger.kind === 'http' ? [{ spec, routeKey: `${trigger.method} ${trigger.path}`, auth: trigger.auth }] : [])),
  );

  it('has exactly the routes of the registry', () => {
    const routeKeys = stack.ofType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties['RouteKey']);
    expect(routeKeys.sort()).toEqual(httpTriggers.map((t) => t.routeKey).sort());
  });

  it.each(httpTriggers.map((t) => [t.routeKey, t] as const))(
    '%s reaches its function, behind the authorizer only if the registry says jwt',
    (_key, trigger) => {
      const [, route] = stack.only('AWS::ApiGatewayV2::Route', (r) => r.Properties['RouteKey'] === trigger.routeKey);
      if (trigger.auth === 'jwt') {
        expect(route.Properties['AuthorizationType']).toBe('JWT');
        const authorizer = stack.resource(route.Properties['AuthorizerId']);
        expect(authorizer.Type).toBe('AWS::ApiGatewayV2::Authorizer');
        const [poolId] = stack.only('AWS::Cognito::UserPool');
        expect(JSON.stringify(authorizer.Properties['JwtConfiguration'])).toContain(poolId);
      } else {
        expect(route.Properties['AuthorizationType']).toBe('NONE');
        expect(route.Properties['AuthorizerId']).toBeUndefined();
      }
      const target = JSON.stringify(route.Properties['Target']);
      const [integrationId] = stack.ofType('AWS::ApiGatewayV2::Integration').find(([id]) => target.includes(id))!;
      const [functionId] = stack.functionOf(trigger.spec);
      expect(logicalIdIn(stack.resources[integrationId]!.Properties['IntegrationUri'])).toBe(functionId);
    },
  );

  it.each(httpTriggers.map((t) => [t.routeKey, t] as const))('%s may invoke its function from its own route of this API', (_key, trigger) => {
    const [functionId] = stack.functionOf(trigger.spec);
    const [apiId] = stack.only('AWS::ApiGatewayV2::Api');
    const path = trigger.routeKey.split(' ')[1]!;
    const sourceArns = stack
      .ofType('AWS::Lambda::Permission')
      .filter(
        ([, permission]) =>
          logicalIdIn(permission.Properties['FunctionName']) === functionId && permission.Properties['Principal'] === 'apigateway.amazonaws.com',
      )
      .map(([, permission]) => rendered(permission.Properties['SourceArn']));
    // Any stage and method of the route's path (path parameters as they appear in the route key).
    expect(sourceArns).toContain(`arn:aws:execute-api:us-east-1:<AWS::AccountId>:<${apiId}>/*/*${path}`);
  });

  it('logs access and throttles on its stage', () => {
    const [, stage] = stack.only('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) },
    });
    const destination = (stage.Properties['AccessLogSettings'] as { DestinationArn: unknown }).DestinationArn;
    expect(stack.resource(destination).Type).toBe('AWS::Logs::LogGroup');
  });
});

describe('inbound email', () => {
  const receiptRule = (): Resource => stack.only('AWS::SES::ReceiptRule')[1];

  it('scans mail to the reporting address, stores it in the inbound-mail bucket, then invokes the inbound-email functions', () => {
    const props = receiptRule().Properties['Rule'] as { Actions: Record<string, Record<string, unknown>>[] } & Record<string, unknown>;
    expect(props).toMatchObject({ Recipients: [stack.built.stack.settings['mpr:reportingAddress']], ScanEnabled: true, TlsPolicy: 'Require', Enabled: true });

    const [store, ...invocations] = props.Actions;
    // The Object Lock bucket without a default retention, which SES cannot write under.
    const [bucketId] = stack.only(
      'AWS::S3::Bucket',
      (b) => b.Properties['ObjectLockEnabled'] === true && b.Properties['ObjectLockConfiguration'] === undefined,
    );
    expect(logicalIdIn(store!['S3Action']!['BucketName'])).toBe(bucketId);
    expect(store!['S3Action']!['ObjectKeyPrefix']).toBe(inboundEmailPrefix);

    const receivers = allFunctions.filter((spec) => spec.triggers.some((t) => t.kind === 'inbound-email'));
    expect(invocations.map((a) => logicalIdIn(a['LambdaAction']?.['FunctionArn']))).toEqual(receivers.map((spec) => stack.functionOf(spec)[0]));
    for (const action of invocations) expect(action['LambdaAction']!['InvocationType']).toBe('Event');
  });

  it('lets SES write raw messages under the inbound prefix only, through a role', () => {
    const [store] = (receiptRule().Properties['Rule'] as { Actions: Record<string, Record<string, unknown>>[] }).Actions;
    const role = stack.resource(store!['S3Action']!['IamRoleArn']);
    expect(JSON.stringify(role.Properties['AssumeRolePolicyDocument'])).toContain('ses.amazonaws.com');
    const [policy] = role.Properties['Policies'] as { PolicyDocument: { Statement: { Action: string; Resource: unknown }[] } }[];
    const putObject = policy!.PolicyDocument.Statement.find((s) => s.Action === 's3:PutObject')!;
    expect(JSON.stringify(putObject.Resource)).toContain(`/${inboundEmailPrefix}*`);
  });
});

import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { allFunctions, functionRegistry } from '../../functions/registry.ts';
import { originHeader } from '../../functions/runtime/origin-check.ts';
import { ApiFirewall, managedRuleGroups, rateLimits, rateWindowSeconds, submissionRoutes } from '../../infra/constructs/edge.ts';
import { logicalIdIn, type Resource, rendered, SynthesizedStack, sharedStack, skipBundling, synthTimeout, testApp } from './support.ts';

let stack: SynthesizedStack;

beforeAll(() => {
  stack = sharedStack();
}, synthTimeout);

type Rule = {
  Name: string;
  Priority: number;
  Action?: Record<string, unknown>;
  OverrideAction?: Record<string, unknown>;
  Statement: Record<string, Record<string, unknown>>;
  VisibilityConfig: { CloudWatchMetricsEnabled: boolean; SampledRequestsEnabled: boolean };
};

const webAcl = (): [string, Resource] => stack.only('AWS::WAFv2::WebACL');
const rules = (): Rule[] => webAcl()[1].Properties['Rules'] as Rule[];
const rule = (name: string): Rule => {
  const found = rules().find((candidate) => candidate.Name === name);
  if (!found) throw new Error(`no rule ${name}`);
  return found;
};
const distribution = (): Record<string, unknown> => stack.only('AWS::CloudFront::Distribution')[1].Properties['DistributionConfig'] as Record<string, unknown>;
const publicUrl = (): string => `https://<${stack.only('AWS::CloudFront::Distribution')[0]}.DomainName>`;

describe('web ACL', () => {
  it('protects CloudFront (the only way to put WAF in front of an HTTP API), allowing what no rule blocks, with metrics', () => {
    const [, acl] = webAcl();
    expect(acl.Properties).toMatchObject({
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true },
    });
    for (const each of rules()) expect(each.VisibilityConfig, each.Name).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
    expect(new Set(rules().map((each) => each.Priority)).size).toBe(rules().length);
  });

  it('blocks a source address above 300 submissions or uploads in five minutes, before any other rule', () => {
    const limit = rule('RateLimitSubmissions');
    expect(limit.Priority).toBe(0);
    expect(limit.Action).toEqual({ Block: {} });
    const statement = limit.Statement['RateBasedStatement'] as {
      Limit: number;
      AggregateKeyType: string;
      EvaluationWindowSec: number;
      ScopeDownStatement: unknown;
    };
    expect(rateLimits.submissions).toBe(300);
    expect(rateWindowSeconds).toBe(300);
    expect(statement).toMatchObject({ Limit: 300, AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
    // The scope names the write routes of the submission and upload functions, method and path.
    const scope = JSON.stringify(statement.ScopeDownStatement);
    for (const spec of [functionRegistry.submitReport, functionRegistry.requestAttachmentUpload]) {
      for (const trigger of spec.triggers) {
        if (trigger.kind !== 'http') continue;
        expect(submissionRoutes).toContainEqual({ method: trigger.method, path: trigger.path });
        expect(scope).toContain(`"SearchString":"${trigger.path}"`);
        expect(scope).toContain(`"SearchString":"${trigger.method}"`);
      }
    }
    expect(submissionRoutes.length).toBeGreaterThanOrEqual(2);
  });

  it('blocks a source address above a looser limit on every route', () => {
    const limit = rule('RateLimitAll');
    expect(limit.Action).toEqual({ Block: {} });
    const statement = limit.Statement['RateBasedStatement'] as Record<string, unknown>;
    expect(statement).toEqual({ Limit: rateLimits.all, AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
    expect(rateLimits.all).toBeGreaterThan(rateLimits.submissions);
  });

  it('applies the AWS managed rule groups (common rule set, known bad inputs, IP reputation) after the rate limits', () => {
    const names = managedRuleGroups.map((group) => group.name);
    expect(names).toEqual(
      expect.arrayContaining(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList']),
    );
    for (const name of names) {
      const group = rule(name);
      expect(group.Priority).toBeGreaterThan(rule('RateLimitAll').Priority);
      expect(group.OverrideAction).toEqual({ None: {} });
      expect(group.Statement['ManagedRuleGroupStatement']).toMatchObject({ VendorName: 'AWS', Name: name });
    }
  });

  it('only counts the common rule set’s 8 KB body limit, since a report may be up to 5 MB', () => {
    const statement = rule('AWSManagedRulesCommonRuleSet').Statement['ManagedRuleGroupStatement'] as { RuleActionOverrides: unknown[] };
    expect(statement.RuleActionOverrides).toEqual([{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]);
  });

  it('logs every request to an encrypted log group named as WAF requires, without the tokens', () => {
    const [aclId] = webAcl();
    const [, logging] = stack.only('AWS::WAFv2::LoggingConfiguration');
    expect(logicalIdIn(logging.Properties['ResourceArn'])).toBe(aclId);
    expect(logging.Properties['RedactedFields']).toEqual([{ SingleHeader: { Name: 'authorization' } }]);
    const [destination] = (logging.Properties['LogDestinationConfigs'] as unknown[]).map(rendered);
    expect(destination).toMatch(/:log-group:aws-waf-logs-MissionProtectionReporting$/);
    const [, group] = stack.only('AWS::Logs::LogGroup', (candidate) => candidate.Properties['LogGroupName'] === 'aws-waf-logs-MissionProtectionReporting');
    expect(stack.resource(group.Properties['KmsKeyId']).Type).toBe('AWS::KMS::Key');
  });

  it('cannot be created outside us-east-1', () => {
    const outside = new Stack(new App({ context: skipBundling }), 'Elsewhere', { env: { region: 'eu-west-1' } });
    expect(() => new ApiFirewall(outside, 'Firewall', { logsKey: new Key(outside, 'Key') })).toThrow(/us-east-1/);
  });
});

describe('distribution', () => {
  it('is associated with the web ACL', () => {
    expect(logicalIdIn(distribution()['WebACLId'])).toBe(webAcl()[0]);
  });

  it('forwards every method to the HTTP API over HTTPS, caching nothing and forwarding every header but Host', () => {
    const config = distribution();
    const [origin] = config['Origins'] as { DomainName: unknown; CustomOriginConfig: Record<string, unknown> }[];
    const [apiId] = stack.only('AWS::ApiGatewayV2::Api');
    expect(rendered(origin!.DomainName)).toBe(`<${apiId}>.execute-api.us-east-1.<AWS::URLSuffix>`);
    expect(origin!.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(config['DefaultCacheBehavior']).toMatchObject({
      AllowedMethods: expect.arrayContaining(['GET', 'POST', 'DELETE', 'OPTIONS']),
      // The managed CachingDisabled and AllViewerExceptHostHeader policies.
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      ViewerProtocolPolicy: 'https-only',
    });
  });

  it('is the address the notes, the upload CORS rule and the stack output publish; the execute-api address is published nowhere', () => {
    const [, sendNote] = stack.functionOf(functionRegistry.sendNote);
    const variables = (sendNote['Environment'] as { Variables: Record<string, unknown> }).Variables;
    expect(rendered(variables['SUBMISSION_FORM_URL'])).toBe(`${publicUrl()}/v1/form`);
    expect(rendered(stack.outputs['ApiUrl']?.Value)).toBe(`${publicUrl()}/`);
    // The evidence bucket: the one whose versions are locked by default (the inbound-mail bucket has Object Lock without a default).
    const [, evidence] = stack.only(
      'AWS::S3::Bucket',
      (bucket) => (bucket.Properties['ObjectLockConfiguration'] as { Rule?: unknown } | undefined)?.Rule !== undefined,
    );
    const [cors] = (evidence.Properties['CorsConfiguration'] as { CorsRules: { AllowedOrigins: unknown[] }[] }).CorsRules;
    expect(cors!.AllowedOrigins.map(rendered)).toEqual([publicUrl()]);

    const published = JSON.stringify([stack.outputs, stack.ofType('AWS::Lambda::Function').map(([, fn]) => fn.Properties['Environment'])]);
    expect(published).not.toContain('execute-api');
    expect(published).not.toContain('ApiEndpoint');
  });
});

describe('the origin secret', () => {
  /** `{{resolve:secretsmanager:<secret>:SecretString:::}}`, as the template spells it. */
  const secretReference = (): string => {
    const [secretId] = stack.only('AWS::SecretsManager::Secret');
    return `{{resolve:secretsmanager:<${secretId}>:SecretString:::}}`;
  };

  it('is generated in Secrets Manager, never written in the template', () => {
    const [, secret] = stack.only('AWS::SecretsManager::Secret');
    expect(secret.Properties['GenerateSecretString']).toMatchObject({ PasswordLength: 48, ExcludePunctuation: true });
    expect(secret.Properties['SecretString']).toBeUndefined();
  });

  it('is added by CloudFront to every request it forwards to the API', () => {
    const [origin] = distribution()['Origins'] as { OriginCustomHeaders: { HeaderName: string; HeaderValue: unknown }[] }[];
    expect(origin!.OriginCustomHeaders.map((header) => [header.HeaderName, rendered(header.HeaderValue)])).toEqual([[originHeader, secretReference()]]);
  });

  it('is given to every function that answers a route, and to no other, so each refuses a request without it', () => {
    for (const spec of allFunctions) {
      const [, fn] = stack.functionOf(spec);
      const variables = (fn['Environment'] as { Variables: Record<string, unknown> }).Variables;
      const answersRoutes = spec.triggers.some((trigger) => trigger.kind === 'http');
      expect(variables['ORIGIN_VERIFY'] === undefined ? undefined : rendered(variables['ORIGIN_VERIFY']), spec.name).toBe(
        answersRoutes ? secretReference() : undefined,
      );
    }
  });

  it(
    'is read at the version a rotation names',
    () => {
      const rotated = new SynthesizedStack(testApp({ context: { ...skipBundling, 'mpr:originSecretVersion': 'v-2' } }));
      const [secretId] = rotated.only('AWS::SecretsManager::Secret');
      const [, dist] = rotated.only('AWS::CloudFront::Distribution');
      const [origin] = (dist.Properties['DistributionConfig'] as { Origins: { OriginCustomHeaders: { HeaderValue: unknown }[] }[] }).Origins;
      expect(rendered(origin!.OriginCustomHeaders[0]!.HeaderValue)).toBe(`{{resolve:secretsmanager:<${secretId}>:SecretString:::v-2}}`);
    },
    synthTimeout,
  );
});

describe('in a region other than us-east-1', () => {
  it(
    'the web ACL lives in a us-east-1 stack, and the distribution reads its ARN across regions',
    () => {
      const built = testApp({ env: { region: 'eu-west-1' } });
      const main = new SynthesizedStack(built);
      expect(built.firewall!.region).toBe('us-east-1');
      expect(main.ofType('AWS::WAFv2::WebACL')).toEqual([]);
      const firewall = Template.fromStack(built.firewall!);
      firewall.resourceCountIs('AWS::WAFv2::WebACL', 1);
      firewall.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
      firewall.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 1);
      const config = main.only('AWS::CloudFront::Distribution')[1].Properties['DistributionConfig'] as {
        WebACLId: { 'Fn::GetStackOutput': Record<string, string> };
      };
      expect(config.WebACLId['Fn::GetStackOutput']).toMatchObject({ StackName: built.firewall!.stackName, Region: 'us-east-1' });
    },
    synthTimeout,
  );
});

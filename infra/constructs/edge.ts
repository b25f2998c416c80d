/**
 * The API's public front: a CloudFront distribution with an AWS WAF web ACL.
 *
 * Why CloudFront: the API is an API Gateway HTTP API, and AWS WAF cannot be associated with an
 * HTTP API (WAF protects REST APIs, CloudFront, load balancers, AppSync, Cognito and a few
 * others; API Gateway developer guide, "Use AWS WAF to protect your REST APIs"). Converting the
 * API to a REST API would rewrite its routes, JWT authorizer, events and the local engine's
 * stand-in; a distribution in front of it changes none of them and adds the edge network's
 * DDoS protection (AWS Shield Standard) besides. The distribution caches nothing and forwards
 * every viewer header but Host (which must name the API's own domain for API Gateway to route
 * the request), including Authorization, which CloudFront forwards when caching is disabled.
 *
 * A web ACL for CloudFront has scope CLOUDFRONT and must be created in us-east-1. A stack in
 * us-east-1 holds it itself; a stack elsewhere gets it from a companion stack in us-east-1
 * (build-app.ts), through a cross-region reference.
 *
 * The execute-api endpoint itself stays reachable (an HTTP API has no resource policy), so
 * CloudFront adds a secret header to every request it forwards, and every HTTP function refuses
 * a request without it before its handler runs (functions/runtime/origin-check.ts). The secret is
 * generated in Secrets Manager; CloudFront and the functions read it by a dynamic reference at
 * deployment, of the version `mpr:originSecretVersion` names (the current one by default). A
 * custom domain with the default endpoint disabled would not close the hole: the custom domain
 * itself answers anyone who calls it, past CloudFront. Only the distribution's URL is published
 * (notes, CORS, stack outputs).
 */
import { ArnFormat, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnLoggingConfiguration, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { type FunctionSpec, functionRegistry } from '../../functions/registry.ts';
import { originHeader } from '../../functions/runtime/origin-check.ts';
import { acknowledgeControl } from '../control-tower.ts';
import { encryptedLogGroup } from './keys.ts';

/**
 * Requests per source IP address in any five minutes, above which WAF blocks that address until
 * its rate falls below again. About 200 States, a few focal points each, submit a report or an
 * attachment a few times a year; even a mission behind one address uploading a dozen
 * attachments stays far below. The global limit leaves room for reading and the form.
 */
export const rateLimits = {
  submissions: 300,
  all: 2000,
} as const;

/** The window WAF counts each address's requests over, in seconds (five minutes). */
export const rateWindowSeconds = 300;

/** The routes that take a submission or an upload: the stricter limit applies to them. */
export const submissionRoutes = submissionRoutesOf([functionRegistry.submitReport, functionRegistry.requestAttachmentUpload]);

function submissionRoutesOf(specs: readonly FunctionSpec[]): { method: string; path: string }[] {
  return specs.flatMap((spec) =>
    spec.triggers.flatMap((trigger) => (trigger.kind === 'http' && trigger.method !== 'GET' ? [{ method: trigger.method, path: trigger.path }] : [])),
  );
}

/**
 * AWS managed rule groups, in order of evaluation after the rate limits. The common rule set's
 * body-size rule only counts: it blocks bodies over 8 KB, and a report may be up to 5 MB
 * (functions/intake/submission-request.ts), which the submission function checks itself.
 */
export const managedRuleGroups = [
  { name: 'AWSManagedRulesAmazonIpReputationList', countOnly: [] },
  { name: 'AWSManagedRulesCommonRuleSet', countOnly: ['SizeRestrictions_BODY'] },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet', countOnly: [] },
] as const;

export interface ApiFirewallProps {
  /** The key its log group is encrypted with (a key of the firewall's own region). */
  readonly logsKey: IKey;
}

/** The web ACL of the API's distribution; create it in us-east-1. */
export class ApiFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (stack.region !== 'us-east-1') {
      throw new Error(`A web ACL for CloudFront must be created in us-east-1, not ${stack.region}.`);
    }
    const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const matches = (field: CfnWebACL.FieldToMatchProperty, value: string, position: 'EXACTLY' | 'STARTS_WITH'): CfnWebACL.StatementProperty => ({
      byteMatchStatement: { fieldToMatch: field, searchString: value, positionalConstraint: position, textTransformations: [{ priority: 0, type: 'NONE' }] },
    });
    const routeStatements = submissionRoutes.map(
      (route): CfnWebACL.StatementProperty => ({
        andStatement: { statements: [matches({ method: {} }, route.method, 'EXACTLY'), matches({ uriPath: {} }, route.path, 'STARTS_WITH')] },
      }),
    );
    // An OR needs two statements; with one route, the route itself.
    const submissionScope = routeStatements.length === 1 ? routeStatements[0]! : { orStatement: { statements: routeStatements } };

    const rules: CfnWebACL.RuleProperty[] = [
      {
        name: 'RateLimitSubmissions',
        priority: 0,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            limit: rateLimits.submissions,
            aggregateKeyType: 'IP',
            evaluationWindowSec: rateWindowSeconds,
            scopeDownStatement: submissionScope,
          },
        },
        visibilityConfig: visibility('RateLimitSubmissions'),
      },
      {
        name: 'RateLimitAll',
        priority: 1,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: rateLimits.all, aggregateKeyType: 'IP', evaluationWindowSec: rateWindowSeconds } },
        visibilityConfig: visibility('RateLimitAll'),
      },
      ...managedRuleGroups.map(
        (group, i): CfnWebACL.RuleProperty => ({
          name: group.name,
          priority: 2 + i,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: group.name,
              ...(group.countOnly.length > 0 ? { ruleActionOverrides: group.countOnly.map((name) => ({ name, actionToUse: { count: {} } })) } : {}),
            },
          },
          visibilityConfig: visibility(group.name),
        }),
      ),
    ];

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `${stack.stackName}-api`,
      description: 'Rate limits and AWS managed rules in front of the mission-protection-reporting API',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: visibility(`${stack.stackName}-api`),
    });

    // Every request WAF evaluates, blocked or not, with the client's own address (the API's
    // access logs see CloudFront's). The name prefix is WAF's requirement; tokens are redacted.
    const logGroupName = `aws-waf-logs-${stack.stackName}`;
    const logGroup = encryptedLogGroup(this, 'Logs', props.logsKey, { logGroupName });
    const logging = new CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // The log group's ARN without the `:*` that LogGroup.logGroupArn ends with: WAF refuses it.
      logDestinationConfigs: [
        stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      ],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }],
    });
    logging.node.addDependency(logGroup);
  }
}

export interface ApiDistributionProps {
  readonly api: HttpApi;
  /** The ARN of the web ACL (ApiFirewall), in this stack or another in us-east-1. */
  readonly webAclArn: string;
  /** The origin secret's version to use (Secrets Manager VersionId); empty for the current one. */
  readonly originSecretVersion?: string;
}

/** The distribution in front of the HTTP API: the API's only published address. */
export class ApiDistribution extends Construct {
  readonly distribution: Distribution;
  /** `https://<distribution>.cloudfront.net`, without a trailing slash. */
  readonly url: string;
  /** The secret CloudFront sends in `x-origin-verify`. */
  readonly originSecret: Secret;
  /** Its value, as a dynamic reference CloudFormation resolves at deployment (for the functions). */
  readonly originSecretValue: string;

  constructor(scope: Construct, id: string, props: ApiDistributionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.originSecret = new Secret(this, 'OriginSecret', {
      description: 'The header value CloudFront adds to each request to the mission-protection-reporting API, which the API requires',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    const version = props.originSecretVersion ? { versionId: props.originSecretVersion } : {};
    // A dynamic reference: the value is in neither the template nor the cloud assembly.
    this.originSecretValue = SecretValue.secretsManager(this.originSecret.secretArn, version).unsafeUnwrap();
    Validations.of(this.originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'CloudFront and the API functions read the value at deployment: a rotation is a new value put in the secret and a deployment naming its version (mpr:originSecretVersion, docs/security.md), which updates both together. An automatic rotation would need a function that updates the distribution.',
    });
    const origin = new HttpOrigin(`${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      customHeaders: { [originHeader]: this.originSecretValue },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'The mission-protection-reporting API, behind AWS WAF',
      defaultBehavior: {
        origin,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        // Every answer is per caller (or a form that changes with deployments): nothing is cached.
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        // An API answers HTTPS only: a redirect would turn a POST into a GET.
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      },
      webAclId: props.webAclArn,
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Missions report from every continent.
      priceClass: PriceClass.PRICE_CLASS_ALL,
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    const acknowledge = (id: string, reason: string): void => Validations.of(this.distribution).acknowledge({ id, reason });
    acknowledge('AwsSolutions-CFR1', 'Every Member State reports, from anywhere in the world: no country may be excluded.');
    acknowledge(
      'AwsSolutions-CFR3',
      'The web ACL logs every request the distribution receives, with the client address, the rule that matched and the action taken (authorization redacted), and the API stage logs every request that reaches the origin; standard CloudFront logs would need a log bucket with ACLs enabled.',
    );
    acknowledge(
      'AwsSolutions-CFR4',
      'No custom domain is configured yet: with the default *.cloudfront.net certificate CloudFront does not let the viewer TLS policy be chosen. Clients negotiate TLS 1.2 or 1.3; set a domain and certificate to enforce TLSv1.2_2021.',
    );
    const control = (id: string, reason: string): void => acknowledgeControl(this.distribution, id, reason);
    control('CT.CLOUDFRONT.PR.1', 'The distribution serves an API, whose every route is under /v1/: there is no document to serve at the root.');
    control(
      'CT.CLOUDFRONT.PR.4',
      'The one origin is the HTTP API of this stack’s region; there is no second origin to fail over to (the data lives in this region).',
    );
    control(
      'CT.CLOUDFRONT.PR.5',
      'The web ACL logs every request the distribution receives (client address, rule matched, action; authorization redacted) and the API stage logs every request that reaches the origin; standard CloudFront logs would need a log bucket with ACLs enabled.',
    );
    const noDomain =
      'No custom domain is configured yet: the distribution answers on its *.cloudfront.net name with CloudFront’s own certificate, which serves every client (no SNI needed) and whose TLS policy cannot be chosen. A domain with its ACM certificate would carry SNI and TLSv1.2_2021.';
    control('CT.CLOUDFRONT.PR.6', noDomain);
    control('CT.CLOUDFRONT.PR.7', noDomain);
    control('CT.CLOUDFRONT.PR.9', noDomain);
  }
}

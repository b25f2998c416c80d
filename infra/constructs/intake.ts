/**
 * How reports come in: the HTTP API (behind the focal points' Cognito user pool) and the SES
 * receipt rule for the reporting address. Routes and receiving functions come from the registry.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { type CfnReceiptRule, type IReceiptRuleAction, ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Lambda, LambdaInvocationType } from 'aws-cdk-lib/aws-ses-actions';
import { Construct } from 'constructs';
import { inboundEmailPrefix } from '../../functions/aws/data-design.ts';
import { acknowledgeControl } from '../control-tower.ts';
import { acknowledgeWildcard, wildcardUnder } from '../nag.ts';
import type { DataStore } from './data.ts';
import type { Functions } from './functions.ts';
import type { Identity } from './identity.ts';
import type { OperationalKeys } from './keys.ts';

/** One JSON object per request, so that Logs Insights can filter on any field. */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    time: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    route: '$context.routeKey',
    status: '$context.status',
    latencyMs: '$context.responseLatency',
    user: '$context.authorizer.claims.sub',
    authorizerError: '$context.authorizer.error',
    integrationError: '$context.integrationErrorMessage',
  }),
);

export interface IntakeProps {
  readonly data: DataStore;
  readonly functions: Functions;
  readonly identity: Identity;
  /** The address States send their reports to; its domain must be verified in SES. */
  readonly reportingAddress: string;
  /** The API, from `createHttpApi`; Intake adds its stage and routes. */
  readonly api: HttpApi;
  /** The access logs are encrypted with the logs key. */
  readonly keys: OperationalKeys;
}

/**
 * The HTTP API itself, made before the functions: notes print the submission form's address, so
 * the API's endpoint is in the functions' environment, while its routes (added by `Intake`) refer
 * to the functions.
 */
export function createHttpApi(scope: Construct): HttpApi {
  return new HttpApi(scope, 'Api', {
    description: 'Reports and registry of the protection of diplomatic and consular missions',
    createDefaultStage: false,
  });
}

export class Intake extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: IntakeProps) {
    super(scope, id);

    this.api = props.api;
    const accessLogs = props.keys.logGroup(this, 'ApiAccessLogs');
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat },
      // About 200 States with a few focal points each: these limits are far above honest use
      // and keep a runaway client from exhausting the account's Lambda concurrency.
      throttle: { rateLimit: 50, burstLimit: 100 },
    });

    const authorizer = new HttpUserPoolAuthorizer('FocalPointAuthorizer', props.identity.userPool, {
      userPoolClients: [props.identity.userPoolClient],
    });
    for (const fn of props.functions.triggeredBy('http')) {
      const integration = new HttpLambdaIntegration(`${fn.node.id}Integration`, fn.function);
      for (const trigger of fn.spec.triggers) {
        if (trigger.kind !== 'http') continue;
        const [route] = this.api.addRoutes({
          path: trigger.path,
          methods: [HttpMethod[trigger.method]],
          integration,
          authorizer: trigger.auth === 'jwt' ? authorizer : new HttpNoneAuthorizer(),
        });
        if (trigger.auth === 'none' && route !== undefined) {
          Validations.of(route).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `The registry declares ${trigger.method} ${trigger.path} public (auth: none); it returns no report data.`,
          });
          acknowledgeControl(
            route,
            'CT.APIGATEWAY.PR.5',
            `The registry declares ${trigger.method} ${trigger.path} public (auth: none); it returns no report data.`,
          );
        }
      }
    }

    // Each integration's permission names this API and route in its SourceArn, built with
    // Fn::Join from the API's id; the control accepts only a literal or a plain reference.
    acknowledgeControl(
      this.api,
      'CT.LAMBDA.PR.2',
      'API Gateway may invoke each function only for its own routes of this API: the permission’s SourceArn is arn:aws:execute-api:<region>:<account>:<this API>/*/<method>/<path>, which the control cannot read because it is joined from the API’s id.',
    );

    this.receiveEmail(props);
  }

  /**
   * The receipt rule for the reporting address: SES scans the message, stores the raw MIME in
   * the evidence bucket, then invokes the inbound-email function(s) asynchronously.
   */
  private receiveEmail(props: IntakeProps): void {
    const ruleSet = new ReceiptRuleSet(this, 'ReceiptRules');
    const rule = ruleSet.addRule('ReportingAddress', {
      recipients: [props.reportingAddress],
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
    });
    rule.addAction(new StoreInInboundMailBucket(this, props.data, ruleSet));
    // SES may invoke the function for this rule set's rules only (the CDK action names the account
    // alone). Not the rule itself: the rule depends on the permission, which SES checks on creation.
    const sourceArn = Stack.of(this).formatArn({ service: 'ses', resource: 'receipt-rule-set', resourceName: `${ruleSet.receiptRuleSetName}:receipt-rule/*` });
    for (const fn of props.functions.triggeredBy('inbound-email')) {
      rule.addAction(new Lambda({ function: fn.function, invocationType: LambdaInvocationType.EVENT }));
      const permission = fn.function.node.findChild('AllowSes') as CfnPermission;
      permission.sourceArn = sourceArn;
      acknowledgeControl(
        permission,
        'CT.LAMBDA.PR.2',
        'SES may invoke the function for this account and this receipt rule set only (SourceAccount and SourceArn); the control accepts only a literal account id, and the account is known only at deployment.',
      );
    }
  }
}

/**
 * The SES "deliver to S3" action, performed through an IAM role.
 *
 * The inbound-mail bucket (data.ts: SES cannot write to the evidence bucket, which has a
 * default retention) is encrypted with the evidence key. With a role, SES writes as an
 * ordinary IAM principal of the account, so the key needs no statement for the SES service and
 * S3 encrypts the message with the bucket's key on arrival (the action's own `kmsKeyArn` would
 * instead encrypt it client-side, unreadable by a plain GetObject). The CDK S3 action has no
 * role option, hence this action.
 */
class StoreInInboundMailBucket implements IReceiptRuleAction {
  private readonly role: Role;
  private readonly data: DataStore;

  constructor(scope: Construct, data: DataStore, ruleSet: ReceiptRuleSet) {
    this.data = data;
    const stack = Stack.of(scope);
    const objects = data.inboundMailBucket.arnForObjects(`${inboundEmailPrefix}*`);
    this.role = new Role(scope, 'InboundEmailWriter', {
      description: 'Lets SES store inbound reports in the inbound-mail bucket',
      assumedBy: new ServicePrincipal('ses.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'ses',
              resource: 'receipt-rule-set',
              resourceName: `${ruleSet.receiptRuleSetName}:receipt-rule/*`,
            }),
          },
        },
      }),
      // Inline, so that the policy exists before the rule that SES validates on creation.
      inlinePolicies: {
        store: new PolicyDocument({
          statements: [
            new PolicyStatement({ actions: ['s3:PutObject'], resources: [objects] }),
            // S3 asks KMS for a data key on the writer's behalf to apply the bucket's encryption.
            new PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [data.evidenceKey.keyArn] }),
          ],
        }),
      },
    });
    acknowledgeWildcard(
      this.role,
      wildcardUnder(data.inboundMailBucket, `/${inboundEmailPrefix}*`),
      'SES names each stored message by its message id: the role may put any object under the inbound-email prefix, and only there.',
    );
  }

  bind(): { s3Action: CfnReceiptRule.S3ActionProperty } {
    return {
      s3Action: {
        bucketName: this.data.inboundMailBucket.bucketName,
        objectKeyPrefix: inboundEmailPrefix,
        iamRoleArn: this.role.roleArn,
      },
    };
  }
}

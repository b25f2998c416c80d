/**
 * The whole system in one stack, one construct per capability.
 *
 * The order is that of the references: the functions' environment names the table, the pool,
 * the configuration set and the state machines (by their fixed names), so all of those come
 * first or are named in advance; the workflows, the API and the event rule then refer to the
 * functions.
 */
import { Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { HttpMethods } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { evidenceUploadCors, inboundEmailPrefix } from '../functions/aws/data-design.ts';
import { allFunctions, pascalName, type WorkflowName } from '../functions/registry.ts';
import type { EnvironmentValues } from '../functions/runtime/environment.ts';
import { DataStore } from './constructs/data.ts';
import { ApiDistribution, ApiFirewall } from './constructs/edge.ts';
import { Functions } from './constructs/functions.ts';
import { Identity } from './constructs/identity.ts';
import { createHttpApi, Intake } from './constructs/intake.ts';
import { createLogsKey, OperationalKeys } from './constructs/keys.ts';
import { Mail } from './constructs/mail.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { Publication } from './constructs/publication.ts';
import { stateMachineArn, Workflows } from './constructs/workflows.ts';
import { projectSettings, type Settings, settingsSchema } from './settings.ts';

export interface MissionProtectionReportingStackProps extends StackProps {
  /**
   * The web ACL of the API's distribution, when this stack is not in us-east-1 (where a web ACL
   * for CloudFront must live): its ARN, from the companion stack in us-east-1. Unset, the stack
   * creates the web ACL itself, which requires us-east-1.
   */
  readonly webAclArn?: string;
}

export class MissionProtectionReportingStack extends Stack {
  readonly settings: Settings;
  /** The API's public address (the CloudFront distribution), without a trailing slash. */
  readonly apiUrl: string;

  constructor(scope: Construct, id: string, props: MissionProtectionReportingStackProps = {}) {
    super(scope, id, props);
    this.settings = this.contextSettings();
    const settings = this.settings;

    const keys = new OperationalKeys(this, 'Keys');
    const data = new DataStore(this, 'Data', {
      evidenceRetention: { years: settings['mpr:evidenceRetentionYears'], mode: settings['mpr:evidenceRetentionMode'] },
    });
    const identity = new Identity(this, 'Identity');
    const mail = new Mail(this, 'Mail', { senderAddress: settings['mpr:senderAddress'], reportingAddress: settings['mpr:reportingAddress'], keys });
    const workflowArn = (workflow: WorkflowName): string => stateMachineArn(this, workflow);
    const api = createHttpApi(this);
    // The API is published only through the distribution and its web ACL (infra/constructs/edge.ts).
    const webAclArn = props.webAclArn ?? new ApiFirewall(this, 'Firewall', { logsKey: keys.logs }).webAcl.attrArn;
    const edge = new ApiDistribution(this, 'Edge', { api, webAclArn, originSecretVersion: settings['mpr:originSecretVersion'] });
    this.apiUrl = edge.url;

    // Values for the whole catalogue: a variable added there and forgotten here fails to compile.
    const environment: EnvironmentValues = {
      TABLE_NAME: data.table.tableName,
      EVIDENCE_BUCKET: data.evidenceBucket.bucketName,
      INBOUND_EMAIL_BUCKET: data.inboundMailBucket.bucketName,
      INBOUND_EMAIL_PREFIX: inboundEmailPrefix,
      S3_FORCE_PATH_STYLE: 'false',
      DNS_SUFFIX: Aws.URL_SUFFIX,
      CIRCULATION_STATE_MACHINE_ARN: workflowArn('circulation'),
      REMINDER_STATE_MACHINE_ARN: workflowArn('reminder'),
      WITHDRAWAL_STATE_MACHINE_ARN: workflowArn('withdrawal'),
      RESEND_STATE_MACHINE_ARN: workflowArn('resend'),
      SENDER_ADDRESS: settings['mpr:senderAddress'],
      REPORTING_ADDRESS: settings['mpr:reportingAddress'],
      SECRETARIAT_ADDRESS: settings['mpr:secretariatAddress'],
      SES_CONFIGURATION_SET: mail.configurationSet.configurationSetName,
      SES_MAX_SEND_RATE: String(settings['mpr:sesMaxSendRate']),
      DISPATCH_CONCURRENCY: String(settings['mpr:dispatchConcurrency']),
      UNSETTLED_SEND_WINDOW_MINUTES: String(settings['mpr:unsettledSendWindowMinutes']),
      USER_POOL_ID: identity.userPool.userPoolId,
      USER_POOL_CLIENT_ID: identity.userPoolClient.userPoolClientId,
      COGNITO_ENDPOINT: `https://cognito-idp.${this.region}.${this.urlSuffix}/`,
      SUBMISSION_FORM_URL: `${edge.url}/v1/form`,
      ORIGIN_VERIFY: edge.originSecretValue,
    };
    const functions = new Functions(this, 'Functions', { specs: allFunctions, environment, data, identity, mail, stateMachineArn: workflowArn, keys });

    const workflows = new Workflows(this, 'Workflows', { functions, keys });

    // The submission form uploads attachments straight to S3 from the API's (public) origin.
    data.evidenceBucket.addCorsRule({
      allowedOrigins: [edge.url],
      allowedMethods: evidenceUploadCors.allowedMethods.map((method) => HttpMethods[method]),
      allowedHeaders: [...evidenceUploadCors.allowedHeaders],
      maxAge: evidenceUploadCors.maxAgeSeconds,
    });
    new Intake(this, 'Intake', { data, functions, identity, api, keys, reportingAddress: settings['mpr:reportingAddress'] });

    mail.deliverMailboxHealthEvents(functions.triggeredBy('ses-events'));
    scheduleFunctions(this, functions);
    new Monitoring(this, 'Monitoring', { functions, workflows, api, mail, alarmEmail: settings['mpr:secretariatAlarmEmail'] });
    const publication = new Publication(this, 'Publication', { accessLogs: data.accessLogs });

    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'EvidenceBucketName', { value: data.evidenceBucket.bucketName });
    new CfnOutput(this, 'InboundMailBucketName', { value: data.inboundMailBucket.bucketName });
    new CfnOutput(this, 'PublicationBucketName', { value: publication.bucket.bucketName });
    new CfnOutput(this, 'ApiUrl', { value: `${edge.url}/` });
    new CfnOutput(this, 'UserPoolId', { value: identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: identity.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'SesConfigurationSetName', { value: mail.configurationSet.configurationSetName });
    for (const [name, stateMachine] of workflows.stateMachines) {
      // `CirculationStateMachineArn`, `ReminderStateMachineArn`, ...
      new CfnOutput(this, `${pascalName({ name })}StateMachineArn`, { value: stateMachine.stateMachineArn });
    }
  }

  /** The `mpr:*` context (cdk.json, or `-c` at deploy time), parsed: a bad value fails synth, named. */
  private contextSettings(): Settings {
    const keys = Object.keys(settingsSchema.shape);
    return projectSettings(Object.fromEntries(keys.map((key) => [key, this.node.tryGetContext(key) as unknown])));
  }
}

/** Where a web ACL for CloudFront must be created. */
export const firewallRegion = 'us-east-1';

/**
 * The web ACL alone, in us-east-1, for a main stack in another region; its log group is
 * encrypted with a key of its own region.
 */
export class FirewallStack extends Stack {
  readonly firewall: ApiFirewall;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.firewall = new ApiFirewall(this, 'Firewall', { logsKey: createLogsKey(this, 'LogsKey') });
  }
}

/** A rule per `schedule` trigger of the registry, invoking its function at that interval. */
function scheduleFunctions(scope: Construct, functions: Functions): void {
  for (const fn of functions.triggeredBy('schedule')) {
    for (const trigger of fn.spec.triggers) {
      if (trigger.kind !== 'schedule') continue;
      new Rule(scope, `${pascalName(fn.spec)}Schedule`, {
        description: `Runs ${fn.spec.name} every ${trigger.everyMinutes} minutes`,
        schedule: Schedule.rate(Duration.minutes(trigger.everyMinutes)),
        // An event EventBridge could not deliver waits with the function's own failures.
        targets: [new LambdaFunction(fn.function, { retryAttempts: 2, deadLetterQueue: functions.deadLetters })],
      });
    }
  }
}

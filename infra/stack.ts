/**
 * The whole system in one stack, one construct per capability.
 *
 * The order is that of the references: the functions' environment names the table, the pool,
 * the configuration set and the state machines (by their fixed names), so all of those come
 * first or are named in advance; the workflows, the API and the event rule then refer to the
 * functions.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { evidenceUploadCors, inboundEmailPrefix } from '../functions/aws/data-design.ts';
import { HttpMethods } from 'aws-cdk-lib/aws-s3';
import { allFunctions, pascalName, type WorkflowName } from '../functions/registry.ts';
import type { EnvironmentValues } from '../functions/runtime/environment.ts';
import { DataStore } from './constructs/data.ts';
import { Functions } from './constructs/functions.ts';
import { Identity } from './constructs/identity.ts';
import { createHttpApi, Intake } from './constructs/intake.ts';
import { Mail } from './constructs/mail.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { Publication } from './constructs/publication.ts';
import { Workflows, stateMachineArn } from './constructs/workflows.ts';
import { projectSettings, settingsSchema, type Settings } from './settings.ts';

export class MissionProtectionReportingStack extends Stack {
  readonly settings: Settings;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.settings = this.contextSettings();
    const settings = this.settings;

    const data = new DataStore(this, 'Data');
    const identity = new Identity(this, 'Identity');
    const mail = new Mail(this, 'Mail', { senderAddress: settings['mpr:senderAddress'], reportingAddress: settings['mpr:reportingAddress'] });
    const workflowArn = (workflow: WorkflowName): string => stateMachineArn(this, workflow);
    const api = createHttpApi(this);

    // Values for the whole catalogue: a variable added there and forgotten here fails to compile.
    const environment: EnvironmentValues = {
      TABLE_NAME: data.table.tableName,
      EVIDENCE_BUCKET: data.evidenceBucket.bucketName,
      INBOUND_EMAIL_PREFIX: inboundEmailPrefix,
      S3_FORCE_PATH_STYLE: 'false',
      CIRCULATION_STATE_MACHINE_ARN: workflowArn('circulation'),
      REMINDER_STATE_MACHINE_ARN: workflowArn('reminder'),
      SENDER_ADDRESS: settings['mpr:senderAddress'],
      REPORTING_ADDRESS: settings['mpr:reportingAddress'],
      SECRETARIAT_ADDRESS: settings['mpr:secretariatAddress'],
      SES_CONFIGURATION_SET: mail.configurationSet.configurationSetName,
      SES_MAX_SEND_RATE: String(settings['mpr:sesMaxSendRate']),
      DISPATCH_CONCURRENCY: String(settings['mpr:dispatchConcurrency']),
      USER_POOL_ID: identity.userPool.userPoolId,
      SUBMISSION_FORM_URL: `${api.apiEndpoint}/v1/form`,
    };
    const functions = new Functions(this, 'Functions', { specs: allFunctions, environment, data, identity, mail, stateMachineArn: workflowArn });

    const workflows = new Workflows(this, 'Workflows', { functions });

    // The submission form uploads attachments straight to S3 from the API's origin.
    data.evidenceBucket.addCorsRule({
      allowedOrigins: [api.apiEndpoint],
      allowedMethods: evidenceUploadCors.allowedMethods.map((method) => HttpMethods[method]),
      allowedHeaders: [...evidenceUploadCors.allowedHeaders],
      maxAge: evidenceUploadCors.maxAgeSeconds,
    });
    const intake = new Intake(this, 'Intake', { data, functions, identity, api, reportingAddress: settings['mpr:reportingAddress'] });

    mail.deliverMailboxHealthEvents(functions.triggeredBy('ses-events'));
    scheduleFunctions(this, functions);
    new Monitoring(this, 'Monitoring', { functions, workflows, api, mail, alarmEmail: settings['mpr:secretariatAlarmEmail'] });
    const publication = new Publication(this, 'Publication', { accessLogs: data.accessLogs });

    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'EvidenceBucketName', { value: data.evidenceBucket.bucketName });
    new CfnOutput(this, 'PublicationBucketName', { value: publication.bucket.bucketName });
    new CfnOutput(this, 'ApiUrl', { value: intake.stage.url });
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

/** A rule per `schedule` trigger of the registry, invoking its function at that interval. */
function scheduleFunctions(scope: Construct, functions: Functions): void {
  for (const fn of functions.triggeredBy('schedule')) {
    for (const trigger of fn.spec.triggers) {
      if (trigger.kind !== 'schedule') continue;
      new Rule(scope, `${pascalName(fn.spec)}Schedule`, {
        description: `Runs ${fn.spec.name} every ${trigger.everyMinutes} minutes`,
        schedule: Schedule.rate(Duration.minutes(trigger.everyMinutes)),
        targets: [new LambdaFunction(fn.function, { retryAttempts: 2 })],
      });
    }
  }
}

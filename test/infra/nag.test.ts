import { App, Stack, Validations } from 'aws-cdk-lib';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Access, type FunctionSpec, functionRegistry } from '../../functions/registry.ts';
import { environmentOf } from '../../functions/runtime/environment.ts';
import type { BuiltApp } from '../../infra/build-app.ts';
import { sampleEnvironment } from '../../infra/bundles.ts';
import { DataStore } from '../../infra/constructs/data.ts';
import { Functions } from '../../infra/constructs/functions.ts';
import { Identity } from '../../infra/constructs/identity.ts';
import { OperationalKeys } from '../../infra/constructs/keys.ts';
import { Mail } from '../../infra/constructs/mail.ts';
import { stateMachineArn } from '../../infra/constructs/workflows.ts';
import { skipBundling, synthTimeout, testApp, testEnv } from './support.ts';

/** The packs the app applies: build-app.ts registers both. */
const packs = { AwsSolutions: () => new AwsSolutionsChecks(), Serverless: () => new ServerlessChecks() };

/**
 * Every unacknowledged finding of the packs under `scope`, errors and warnings alike, as
 * `rule at path`.
 */
function findings(scope: IConstruct, which: readonly (keyof typeof packs)[] = ['AwsSolutions', 'Serverless']): string[] {
  return which.flatMap((name) => {
    const report = packs[name]().validateScope(scope);
    return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
  });
}

let built: BuiltApp;

beforeAll(() => {
  built = testApp();
}, synthTimeout);

describe('AwsSolutions and Serverless checks', () => {
  it.each(Object.keys(packs) as (keyof typeof packs)[])('%s: find nothing unacknowledged in the app, errors or warnings', (pack) => {
    expect(findings(built.app, [pack])).toEqual([]);
  });

  it(
    'find nothing unacknowledged with an alarm subscription, nor in another region (web ACL in a us-east-1 stack)',
    () => {
      const withEmail = testApp({ context: { ...skipBundling, 'mpr:secretariatAlarmEmail': 'duty.officer@example.org' } });
      expect(findings(withEmail.app)).toEqual([]);
      const elsewhere = testApp({ env: { region: 'eu-west-1' } });
      expect(elsewhere.firewall).toBeDefined();
      expect(findings(elsewhere.app)).toEqual([]);
    },
    synthTimeout,
  );

  it(
    'let the app synthesize with the checks registered',
    () => {
      expect(() => built.app.synth()).not.toThrow();
    },
    synthTimeout,
  );

  it('do report a non-compliant resource, and fail its synthesis', () => {
    const app = new App({ context: skipBundling });
    const stack = new Stack(app, 'Throwaway');
    new Bucket(stack, 'Careless');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    expect(findings(app)).toEqual(
      expect.arrayContaining(['AwsSolutions-S1 at Throwaway/Careless/Resource', 'AwsSolutions-S10 at Throwaway/Careless/Resource']),
    );
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });

  it('do report a function without failure handling or tracing, and fail its synthesis', () => {
    const app = new App({ context: skipBundling });
    const stack = new Stack(app, 'Throwaway');
    new LambdaFunction(stack, 'Careless', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('export const handler = () => {}') });
    Validations.of(app).addPlugins(new ServerlessChecks(app));

    expect(findings(app, ['Serverless'])).toEqual(
      expect.arrayContaining([
        'Serverless-LambdaDLQ at Throwaway/Careless/Resource',
        'Serverless-LambdaTracing at Throwaway/Careless/Resource',
        'Serverless-LambdaDefaultMemorySize at Throwaway/Careless/Resource',
      ]),
    );
    expect(() => app.synth()).toThrow(/Serverless-LambdaDLQ/);
  });

  it('accept every access level the registry allows, not only the ones in use today, and mail to two domains', () => {
    // A stack of its own, in an app with the project's context (feature flags included).
    const stack = new Stack(testApp().app, 'AccessLevels', { env: testEnv });
    const keys = new OperationalKeys(stack, 'Keys');
    const data = new DataStore(stack, 'Data', { evidenceRetention: { years: 1, mode: 'GOVERNANCE' } });
    const identity = new Identity(stack, 'Identity');
    const mail = new Mail(stack, 'Mail', { senderAddress: 'notes@one.example.org', reportingAddress: 'reports@other.example.org', keys });
    const levels: Access[] = [
      {},
      { table: 'read' },
      { table: 'readwrite' },
      { evidenceBucket: 'read' },
      { evidenceBucket: 'write' },
      { evidenceBucket: 'readwrite' },
      { inboundMail: 'read' },
      { table: 'readwrite', evidenceBucket: 'readwrite' },
      { sendEmail: true },
      { startWorkflows: ['circular-dispatch', 'circulation', 'reminder'] },
      { userPool: 'admin' },
    ];
    const specs: FunctionSpec[] = levels.map((access, i) => ({
      ...functionRegistry.health,
      name: `level-${i}`,
      environment: environmentOf(),
      triggers: [],
      access,
    }));
    const functions = new Functions(stack, 'Functions', {
      specs,
      environment: sampleEnvironment,
      data,
      identity,
      mail,
      stateMachineArn: (workflow) => stateMachineArn(stack, workflow),
      keys,
    });
    mail.deliverMailboxHealthEvents(functions.all.slice(0, 1));

    expect(findings(stack)).toEqual([]);
  });
});

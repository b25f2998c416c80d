import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionRegistry, type Access, type FunctionSpec } from '../../functions/registry.ts';
import { environmentOf } from '../../functions/runtime/environment.ts';
import type { BuiltApp } from '../../infra/build-app.ts';
import { sampleEnvironment } from '../../infra/bundles.ts';
import { DataStore } from '../../infra/constructs/data.ts';
import { Functions } from '../../infra/constructs/functions.ts';
import { Identity } from '../../infra/constructs/identity.ts';
import { Mail } from '../../infra/constructs/mail.ts';
import { stateMachineArn } from '../../infra/constructs/workflows.ts';
import { skipBundling, testApp, testEnv } from './support.ts';

/** Every unacknowledged AwsSolutions finding under `scope`, warnings included, as `rule at path`. */
function findings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
}

let built: BuiltApp;

beforeAll(() => {
  built = testApp();
});

describe('AwsSolutions checks', () => {
  it('find nothing unacknowledged in the app', () => {
    expect(findings(built.app)).toEqual([]);
  });

  it('let the app synthesize with the checks registered', () => {
    expect(() => built.app.synth()).not.toThrow();
  });

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

  it('accept every access level the registry allows, not only the ones in use today, and mail to two domains', () => {
    // A stack of its own, in an app with the project's context (feature flags included).
    const stack = new Stack(testApp().app, 'AccessLevels', { env: testEnv });
    const data = new DataStore(stack, 'Data');
    const identity = new Identity(stack, 'Identity');
    const mail = new Mail(stack, 'Mail', { senderAddress: 'notes@one.example.org', reportingAddress: 'reports@other.example.org' });
    const levels: Access[] = [
      {},
      { table: 'read' },
      { table: 'readwrite' },
      { evidenceBucket: 'read' },
      { evidenceBucket: 'readwrite' },
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
    });
    mail.deliverMailboxHealthEvents(functions.all.slice(0, 1));

    expect(findings(stack)).toEqual([]);
  });
});

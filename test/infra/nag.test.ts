import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionRegistry, type Access, type FunctionSpec } from '../../functions/registry.ts';
import { environmentOf, type EnvironmentValues } from '../../functions/runtime/environment.ts';
import type { BuiltApp } from '../../infra/build-app.ts';
import { DataStore } from '../../infra/constructs/data.ts';
import { Functions } from '../../infra/constructs/functions.ts';
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

  it('accept every access level the registry allows, not only the ones in use today', () => {
    // A stack of its own, in an app with the project's context (feature flags included).
    const stack = new Stack(testApp().app, 'AccessLevels', { env: testEnv });
    const data = new DataStore(stack, 'Data');
    const environment: EnvironmentValues = { TABLE_NAME: 't', EVIDENCE_BUCKET: 'b', INBOUND_EMAIL_PREFIX: 'p/', S3_FORCE_PATH_STYLE: 'false' };
    const levels: Access[] = [{}, { table: 'read' }, { table: 'readwrite' }, { evidenceBucket: 'read' }, { evidenceBucket: 'readwrite' }, { table: 'readwrite', evidenceBucket: 'readwrite' }];
    const specs: FunctionSpec[] = levels.map((access, i) => ({
      ...functionRegistry.health,
      name: `level-${i}`,
      environment: environmentOf(),
      triggers: [],
      access,
    }));
    new Functions(stack, 'Functions', { specs, data, environment });

    expect(findings(stack)).toEqual([]);
  });
});

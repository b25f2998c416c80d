/**
 * The whole system in one stack, one construct per capability.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { inboundEmailPrefix } from '../functions/aws/data-design.ts';
import { allFunctions } from '../functions/registry.ts';
import type { EnvironmentValues } from '../functions/runtime/environment.ts';
import { DataStore } from './constructs/data.ts';
import { Functions } from './constructs/functions.ts';
import { Intake } from './constructs/intake.ts';

/** Context key (cdk.json) of the address States send reports to. */
export const reportingAddressContext = 'mpr:reportingAddress';

export class MissionProtectionReportingStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const data = new DataStore(this, 'Data');

    // Values for the whole catalogue: a variable added there and forgotten here fails to compile.
    const environment: EnvironmentValues = {
      TABLE_NAME: data.table.tableName,
      EVIDENCE_BUCKET: data.evidenceBucket.bucketName,
      INBOUND_EMAIL_PREFIX: inboundEmailPrefix,
      S3_FORCE_PATH_STYLE: 'false',
    };
    const functions = new Functions(this, 'Functions', { specs: allFunctions, data, environment });

    const intake = new Intake(this, 'Intake', {
      data,
      functions,
      reportingAddress: this.reportingAddress(),
    });

    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'EvidenceBucketName', { value: data.evidenceBucket.bucketName });
    new CfnOutput(this, 'ApiUrl', { value: intake.stage.url });
    new CfnOutput(this, 'UserPoolId', { value: intake.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: intake.userPoolClient.userPoolClientId });
  }

  private reportingAddress(): string {
    const address: unknown = this.node.tryGetContext(reportingAddressContext);
    if (typeof address !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) {
      throw new Error(`Context ${reportingAddressContext} must be an e-mail address, got ${JSON.stringify(address)}`);
    }
    return address;
  }
}

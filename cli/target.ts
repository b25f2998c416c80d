/**
 * Where a CLI command acts: the running local engine (default), or the deployed stack on AWS
 * (`--aws`, optionally `--stack NAME`), whose resources are read from its CloudFormation outputs.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableAccess } from '../functions/aws/table-repository.ts';
import { pascalName } from '../functions/registry.ts';
import { stackName } from '../infra/stack-name.ts';
import { localClientConfig } from '../local/aws-config.ts';
import { engineClockOf, readEndpointsFile } from '../local/endpoints-file.ts';
import { projectRoot } from '../local/project-root.ts';
import { CliError } from './command.ts';

export interface Target {
  /** Where the command acts, for messages: `local engine` or `stack NAME (region)`. */
  readonly description: string;
  /** The local engine (users get a printed temporary password there, not an e-mailed invitation). */
  readonly local: boolean;
  readonly tableName: string;
  readonly documents: DynamoDBDocumentClient;
  /** The table, as every repository takes it. */
  readonly table: TableAccess;
  readonly stepFunctions: SFNClient;
  readonly s3: S3Client;
  readonly cognito: CognitoIdentityProviderClient;
  /** The ARN of the state machine of `workflows/<name>.asl.json`. */
  stateMachineArn(workflow: string): string;
  /** The bucket holding the raw evidence and the attachments of submissions. */
  evidenceBucket(): string;
  /** The focal points' user pool. */
  userPoolId(): string;
  /** The target's time: the engine clock locally (which MPR_TIME_SCALE may speed up), the system clock on AWS. */
  now(): Date;
  /** Engine milliseconds per real millisecond (1 on AWS): a real duration, such as a function's timeout, in the target's time. */
  readonly timeScale: number;
  close(): void;
}

/** Options every command that reaches data accepts. */
export const targetOptions = {
  aws: { type: 'boolean', help: 'act on the deployed stack instead of the local engine (AWS credentials and region from the environment)' },
  stack: { type: 'string', value: 'NAME', help: `the deployed stack to act on (implies --aws; default ${stackName})` },
} as const;

function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

interface Clients {
  readonly documents: DynamoDBDocumentClient;
  readonly stepFunctions: SFNClient;
  readonly s3: S3Client;
  readonly cognito: CognitoIdentityProviderClient;
}

/** The target's clients, closed together. */
function withClients(clients: Clients, tableName: string) {
  return {
    ...clients,
    tableName,
    table: { client: clients.documents, tableName },
    close: () => {
      clients.documents.destroy();
      clients.stepFunctions.destroy();
      clients.s3.destroy();
      clients.cognito.destroy();
    },
  };
}

async function resolveTarget(options: { aws?: boolean | undefined; stack?: string | undefined }): Promise<Target> {
  if (!options.aws && !options.stack) {
    let file;
    try {
      file = await readEndpointsFile(projectRoot);
    } catch (error) {
      throw new CliError(`${(error as Error).message} (or pass --aws to act on the deployed stack)`);
    }
    const { endpoints, resources } = file;
    const clock = engineClockOf(file);
    return {
      description: 'local engine',
      local: true,
      ...withClients(
        {
          documents: documentClient(new DynamoDBClient(localClientConfig(endpoints.dynamodb))),
          stepFunctions: new SFNClient(localClientConfig(endpoints.stepfunctions)),
          // The local S3 (s3rver) serves buckets by path, not by host name.
          s3: new S3Client({ ...localClientConfig(endpoints.s3), forcePathStyle: true }),
          cognito: new CognitoIdentityProviderClient(localClientConfig(endpoints.cognito)),
        },
        resources.tableName,
      ),
      stateMachineArn: (workflow) => required(resources.stateMachines[workflow], `the local engine has no workflow ${workflow}`),
      evidenceBucket: () => resources.evidenceBucket,
      userPoolId: () => resources.userPoolId,
      now: () => clock.now(),
      timeScale: clock.timeScale,
    };
  }
  const name = options.stack ?? stackName;
  const cloudFormation = new CloudFormationClient({});
  try {
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: name }));
    const outputs = Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
    const output = (key: string) => required(outputs[key], `stack ${name} has no ${key} output`);
    const clients = withClients(
      {
        documents: documentClient(new DynamoDBClient({})),
        stepFunctions: new SFNClient({}),
        s3: new S3Client({}),
        cognito: new CognitoIdentityProviderClient({}),
      },
      output('TableName'),
    );
    const region = await clients.documents.config.region();
    return {
      description: `stack ${name} (${region})`,
      local: false,
      ...clients,
      // The stack outputs one `<Workflow>StateMachineArn` per workflow (e.g. CircularDispatchStateMachineArn).
      stateMachineArn: (workflow) => output(`${pascalName({ name: workflow })}StateMachineArn`),
      evidenceBucket: () => output('EvidenceBucketName'),
      userPoolId: () => output('UserPoolId'),
      now: () => new Date(),
      timeScale: 1,
    };
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read stack ${name}: ${(error as Error).message}`);
  } finally {
    cloudFormation.destroy();
  }
}

function required(value: string | undefined, message: string): string {
  if (!value) throw new CliError(message);
  return value;
}

/** Runs `work` on the target the options name, closing its clients after. */
export async function withTarget<T>(options: { aws?: boolean | undefined; stack?: string | undefined }, work: (target: Target) => Promise<T>): Promise<T> {
  const target = await resolveTarget(options);
  try {
    return await work(target);
  } finally {
    target.close();
  }
}

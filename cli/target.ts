/**
 * Where a CLI command acts: the running local engine (default), or the deployed stack on AWS
 * (`--aws`, optionally `--stack NAME`), whose resources are read from its CloudFormation outputs.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { pascalName } from '../functions/registry.ts';
import { readEndpointsFile } from '../local/endpoints-file.ts';
import { localClientConfig } from '../local/aws-config.ts';
import { projectRoot } from '../local/project-root.ts';
import { stackName } from '../infra/stack-name.ts';
import { CliError } from './command.ts';

export interface Target {
  /** Where the command acts, for messages: `local engine` or `stack NAME (region)`. */
  readonly description: string;
  readonly tableName: string;
  readonly documents: DynamoDBDocumentClient;
  readonly stepFunctions: SFNClient;
  /** The ARN of the state machine of `workflows/<name>.asl.json`. */
  stateMachineArn(workflow: string): string;
  close(): void;
}

/** Options every command that reaches data accepts. */
export const targetOptions = {
  aws: { type: 'boolean' },
  stack: { type: 'string' },
} as const;

function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export async function resolveTarget(options: { aws?: boolean | undefined; stack?: string | undefined }): Promise<Target> {
  if (!options.aws && !options.stack) {
    let file;
    try {
      file = await readEndpointsFile(projectRoot);
    } catch (error) {
      throw new CliError(`${(error as Error).message} (or pass --aws to act on the deployed stack)`);
    }
    const documents = documentClient(new DynamoDBClient(localClientConfig(file.endpoints.dynamodb)));
    const stepFunctions = new SFNClient(localClientConfig(file.endpoints.stepfunctions));
    return {
      description: 'local engine',
      tableName: file.resources.tableName,
      documents,
      stepFunctions,
      stateMachineArn: (workflow) => required(file.resources.stateMachines[workflow], `the local engine has no workflow ${workflow}`),
      close: () => {
        documents.destroy();
        stepFunctions.destroy();
      },
    };
  }
  const name = options.stack ?? stackName;
  const cloudFormation = new CloudFormationClient({});
  try {
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: name }));
    const outputs = Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
    const tableName = outputs['TableName'];
    if (!tableName) throw new CliError(`stack ${name} has no TableName output`);
    const documents = documentClient(new DynamoDBClient({}));
    const stepFunctions = new SFNClient({});
    const region = await documents.config.region();
    return {
      description: `stack ${name} (${region})`,
      tableName,
      documents,
      stepFunctions,
      // The stack outputs one `<Workflow>StateMachineArn` per workflow (e.g. CircularDispatchStateMachineArn).
      stateMachineArn: (workflow) => required(outputs[`${pascalName({ name: workflow })}StateMachineArn`], `stack ${name} has no output for workflow ${workflow}`),
      close: () => {
        documents.destroy();
        stepFunctions.destroy();
      },
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

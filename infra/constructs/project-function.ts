/**
 * One Lambda function of the registry: bundled by esbuild into a single ESM file (AWS SDK
 * included), with its own role, log group and exactly the environment its schema declares.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Function as LambdaFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../functions/registry.ts';
import { type EnvironmentValues, environmentFor } from '../../functions/runtime/environment.ts';
import { functionCode } from '../bundling.ts';
import { acknowledgeWildcard } from '../nag.ts';
import type { OperationalKeys } from './keys.ts';

const defaultMemoryMb = 256;
const defaultTimeoutSeconds = 10;

export interface ProjectFunctionProps {
  readonly spec: FunctionSpec;
  readonly environment: EnvironmentValues;
  /** The key its log group is encrypted with. */
  readonly keys: OperationalKeys;
}

export class ProjectFunction extends Construct {
  readonly spec: FunctionSpec;
  readonly function: LambdaFunction;
  /** The function's own role; grants and their cdk-nag acknowledgements attach to it. */
  readonly role: Role;

  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.spec = spec;

    // Logs are kept a year and survive the stack: they record who submitted what, and when.
    const logGroup = props.keys.logGroup(this, 'LogGroup');

    // An own role instead of the AWSLambdaBasicExecutionRole managed policy, which would let the
    // function create and write any log group in the account; this one writes only its own.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${spec.name} function`,
    });
    logGroup.grantWrite(this.role);

    this.function = new LambdaFunction(this, 'Function', {
      functionName: `${Stack.of(this).stackName}-${spec.name}`,
      description: spec.description,
      code: functionCode(spec),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb ?? defaultMemoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds ?? defaultTimeoutSeconds),
      role: this.role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      environment: {
        ...environmentFor(spec.environment, props.environment),
        NODE_OPTIONS: '--enable-source-maps',
      },
    });

    acknowledgeWildcard(
      this.role,
      'Resource::*',
      'Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    );
  }

  /** An asynchronous invocation that failed after Lambda's two retries goes to `queue`, with its error. */
  sendFailuresTo(queue: IQueue): void {
    this.function.configureAsyncInvoke({ onFailure: new SqsDestination(queue), retryAttempts: 2 });
    acknowledgeWildcard(
      this.role,
      'Action::kms:GenerateDataKey*',
      'The on-failure destination is a queue encrypted with the dead-letters key: sending to it needs a data key of that key, which is the only one named.',
    );
    acknowledgeWildcard(
      this.role,
      'Action::kms:ReEncrypt*',
      'Queue.grantSendMessages on the encrypted dead-letter queue (the on-failure destination); the statement names only the dead-letters key.',
    );
  }
}

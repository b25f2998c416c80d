/**
 * The functions of the registry, each granted what its `access` names and nothing more.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type Access, type FunctionSpec, type ObjectAccess, pascalName, type Trigger, type WorkflowName } from '../../functions/registry.ts';
import type { EnvironmentValues } from '../../functions/runtime/environment.ts';
import { acknowledgeControl } from '../control-tower.ts';
import { acknowledgeDeadLetterQueue, acknowledgeWildcard, wildcardUnder } from '../nag.ts';
import type { DataStore } from './data.ts';
import type { Identity } from './identity.ts';
import type { OperationalKeys } from './keys.ts';
import type { Mail } from './mail.ts';
import { ProjectFunction } from './project-function.ts';

/** What the functions may be granted, besides their own logs and traces. */
export interface AccessTargets {
  readonly data: DataStore;
  readonly identity: Identity;
  readonly mail: Mail;
  /** A workflow's state machine ARN (built from its name: the state machines come later). */
  readonly stateMachineArn: (workflow: WorkflowName) => string;
  /** The keys of the functions' logs and dead letters, and of the workflows they start. */
  readonly keys: OperationalKeys;
}

/**
 * How each trigger invokes its function. A synchronous caller (API Gateway, a Step Functions
 * Task) receives the error itself and answers or retries; an asynchronous one (SES, EventBridge)
 * hands the event to Lambda, which retries and then needs somewhere to put it.
 */
export const invocationOf = {
  http: 'synchronous',
  'workflow-task': 'synchronous',
  'inbound-email': 'asynchronous',
  schedule: 'asynchronous',
  'ses-events': 'asynchronous',
} as const satisfies Record<Trigger['kind'], 'synchronous' | 'asynchronous'>;

/** Whether any trigger of the function invokes it asynchronously. */
export function invokedAsynchronously(spec: Pick<FunctionSpec, 'triggers'>): boolean {
  return spec.triggers.some((trigger) => invocationOf[trigger.kind] === 'asynchronous');
}

export interface FunctionsProps extends AccessTargets {
  readonly specs: readonly FunctionSpec[];
  readonly environment: EnvironmentValues;
}

export class Functions extends Construct {
  readonly all: readonly ProjectFunction[];
  /**
   * Asynchronous invocations that still failed after Lambda's retries (a stored message the
   * inbound-email function could not read, a reconciliation run that failed), and the scheduled
   * events EventBridge could not deliver; kept for a redrive.
   */
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.keys.deadLetters,
      enforceSSL: true,
      // The longest SQS keeps a message: time to notice the alarm and redrive.
      retentionPeriod: Duration.days(14),
    });
    acknowledgeDeadLetterQueue(this.deadLetters, 'the asynchronous invocations of the functions and their scheduled events');
    acknowledgeControl(
      this,
      'CT.LAMBDA.PR.3',
      'The functions call only AWS service endpoints (DynamoDB, S3, SES, Step Functions, Cognito), each authorized by the function’s own IAM role and reached over TLS; no resource of the system lives in a VPC. A VPC would add NAT gateways or a dozen interface endpoints, and the cold-start cost of network interfaces, without narrowing what a function can reach: its role does that.',
    );

    this.all = props.specs.map((spec) => {
      const fn = new ProjectFunction(this, pascalName(spec), { spec, environment: props.environment, keys: props.keys });
      grantAccess(fn, spec.access, props);
      this.handleFailures(fn);
      return fn;
    });
  }

  /**
   * Where a failed invocation ends up. Asynchronous failures go to an on-failure destination,
   * which records the event with the error and the number of attempts; Lambda's older
   * dead-letter queue (DeadLetterConfig) would only receive the same event a second time.
   */
  private handleFailures(fn: ProjectFunction): void {
    const { spec } = fn;
    if (!invokedAsynchronously(spec)) {
      Validations.of(fn.function).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason: `${spec.name} is invoked synchronously only (${spec.triggers.map((t) => t.kind).join(', ')}): its caller receives the error and retries or answers; a dead-letter queue applies to asynchronous invocations only.`,
      });
      return;
    }
    Validations.of(fn.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: `${spec.name} is invoked asynchronously: its failures go to an on-failure destination (an SQS queue encrypted with a customer-managed key), which records the error as well; a dead-letter queue would receive the same events twice.`,
    });
    // The SES sending events' function sends its failures to the mail events' queue instead, next
    // to the events EventBridge could not deliver to it (Mail.deliverMailboxHealthEvents).
    if (spec.triggers.some((trigger) => trigger.kind === 'ses-events')) return;
    fn.sendFailuresTo(this.deadLetters);
  }

  /** The deployed function of a registry entry. */
  of(spec: Pick<FunctionSpec, 'name'>): ProjectFunction {
    const fn = this.all.find((candidate) => candidate.spec.name === spec.name);
    if (!fn) throw new Error(`function ${spec.name} is not part of this stack`);
    return fn;
  }

  /** The functions that a trigger of this kind invokes. */
  triggeredBy(kind: Trigger['kind']): ProjectFunction[] {
    return this.all.filter((fn) => fn.spec.triggers.some((trigger) => trigger.kind === kind));
  }
}

function grantAccess(fn: ProjectFunction, access: Access, { data, identity, mail, stateMachineArn, keys }: AccessTargets): void {
  const grantee = fn.function;
  const acknowledge = (findings: readonly string[], reason: string): void => {
    for (const finding of findings) acknowledgeWildcard(fn.role, finding, reason);
  };

  if (access.table !== undefined) {
    if (access.table === 'read') data.table.grantReadData(grantee);
    else data.table.grantReadWriteData(grantee);
    acknowledge(
      [wildcardUnder(data.table, '/index/*')],
      'The table grant includes its global secondary indexes (tableDesign), which the access patterns query.',
    );
  }

  if (access.evidenceBucket !== undefined) grantObjects(fn, data.evidenceBucket, data.evidenceKey, access.evidenceBucket);
  if (access.inboundMail !== undefined) grantObjects(fn, data.inboundMailBucket, data.evidenceKey, access.inboundMail);

  if (access.table === 'readwrite') {
    acknowledge(
      ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
      'Writing to a store encrypted with its customer-managed key needs data keys from that key; the statement names only that key.',
    );
  }

  if (access.sendEmail === true) mail.grantSend(grantee);

  if (access.startWorkflows !== undefined && access.startWorkflows.length > 0) {
    // Start only: executions have deterministic names, so a second start is refused (or, with
    // the same input, answered with the first), and nothing needs to be read back.
    const arns = access.startWorkflows.map((workflow) => stateMachineArn(workflow));
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: arns }));
    // The state machines are encrypted with the workflows key: Step Functions encrypts the
    // execution's input with it on the caller's behalf, for these state machines only.
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [keys.workflows.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:aws:states:stateMachineArn': arns } },
      }),
    );
  }

  if (access.userPool === 'admin') identity.grantAdmin(grantee);
}

/**
 * The S3 actions of an ObjectAccess on one bucket, and the use of its key they need, as explicit
 * statements: Bucket.grantRead/grantPut/grantReadWrite would add s3:DeleteObject*,
 * s3:PutObjectRetention, s3:PutObjectLegalHold and s3:Abort*, which no function calls.
 */
function grantObjects(fn: ProjectFunction, bucket: Bucket, key: IKey, access: ObjectAccess): void {
  const statements: PolicyStatement[] = [];
  if (access !== 'write') {
    statements.push(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] }),
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
      new PolicyStatement({ actions: ['kms:Decrypt'], resources: [key.keyArn] }),
    );
  }
  if (access !== 'read') {
    statements.push(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects('*')] }),
      // S3 asks the key for a data key on the writer's behalf (SSE-KMS with a bucket key).
      new PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [key.keyArn] }),
    );
  }
  for (const statement of statements) fn.role.addToPrincipalPolicy(statement);
  acknowledgeWildcard(
    fn.role,
    wildcardUnder(bucket, '/*'),
    'Evidence objects are keyed by generated ids (message ids, upload ids); the grant spans the objects of one bucket only.',
  );
}

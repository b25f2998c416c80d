/**
 * The functions of the registry, each granted what its `access` names and nothing more.
 */
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { pascalName, type Access, type FunctionSpec, type Trigger, type WorkflowName } from '../../functions/registry.ts';
import type { EnvironmentValues } from '../../functions/runtime/environment.ts';
import { acknowledgeWildcard, wildcardUnder } from '../nag.ts';
import type { DataStore } from './data.ts';
import type { Identity } from './identity.ts';
import type { Mail } from './mail.ts';
import { ProjectFunction } from './project-function.ts';

/** What the functions may be granted, besides their own logs and traces. */
export interface AccessTargets {
  readonly data: DataStore;
  readonly identity: Identity;
  readonly mail: Mail;
  /** A workflow's state machine ARN (built from its name: the state machines come later). */
  readonly stateMachineArn: (workflow: WorkflowName) => string;
}

export interface FunctionsProps extends AccessTargets {
  readonly specs: readonly FunctionSpec[];
  readonly environment: EnvironmentValues;
}

export class Functions extends Construct {
  readonly all: readonly ProjectFunction[];

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    this.all = props.specs.map((spec) => {
      const fn = new ProjectFunction(this, pascalName(spec), { spec, environment: props.environment });
      grantAccess(fn, spec.access, props);
      return fn;
    });
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

function grantAccess(fn: ProjectFunction, access: Access, { data, identity, mail, stateMachineArn }: AccessTargets): void {
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

  if (access.evidenceBucket !== undefined) {
    if (access.evidenceBucket === 'read') data.evidenceBucket.grantRead(grantee);
    else data.evidenceBucket.grantReadWrite(grantee);
    acknowledge(
      [wildcardUnder(data.evidenceBucket, '/*')],
      'Evidence objects are keyed by generated ids (message ids, upload ids); the grant spans the objects of the evidence bucket only.',
    );
    acknowledge(
      ['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*'],
      'Bucket.grantRead on the evidence bucket: reading an object, its versions and metadata; no other bucket is named.',
    );
  }

  if (access.evidenceBucket === 'readwrite') {
    acknowledge(
      ['Action::s3:Abort*', 'Action::s3:DeleteObject*'],
      'Bucket.grantReadWrite on the evidence bucket: aborting multipart uploads; deleting only adds a delete marker, since the bucket policy denies s3:DeleteObjectVersion.',
    );
  }

  if (access.table === 'readwrite' || access.evidenceBucket === 'readwrite') {
    acknowledge(
      ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
      'Writing to a store encrypted with its customer-managed key needs data keys from that key; the statement names only that key.',
    );
  }

  if (access.sendEmail === true) mail.grantSend(grantee);

  if (access.startWorkflows !== undefined && access.startWorkflows.length > 0) {
    // Start only: executions have deterministic names, so a second start is refused (or, with
    // the same input, answered with the first), and nothing needs to be read back.
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['states:StartExecution'], resources: access.startWorkflows.map((workflow) => stateMachineArn(workflow)) }),
    );
  }

  if (access.userPool === 'admin') identity.grantAdmin(grantee);
}

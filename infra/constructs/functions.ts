/**
 * The functions of the registry, each granted what its `access` names and nothing more.
 */
import { Construct } from 'constructs';
import { pascalName, type Access, type FunctionSpec, type Trigger } from '../../functions/registry.ts';
import type { EnvironmentValues } from '../../functions/runtime/environment.ts';
import { acknowledgeWildcard, wildcardUnder } from '../nag.ts';
import type { DataStore } from './data.ts';
import { ProjectFunction } from './project-function.ts';

export interface FunctionsProps {
  readonly specs: readonly FunctionSpec[];
  readonly data: DataStore;
  readonly environment: EnvironmentValues;
}

export class Functions extends Construct {
  readonly all: readonly ProjectFunction[];

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    this.all = props.specs.map((spec) => {
      const fn = new ProjectFunction(this, pascalName(spec), { spec, environment: props.environment });
      grantAccess(fn, spec.access, props.data);
      return fn;
    });
  }

  /** The functions that a trigger of this kind invokes. */
  triggeredBy(kind: Trigger['kind']): ProjectFunction[] {
    return this.all.filter((fn) => fn.spec.triggers.some((trigger) => trigger.kind === kind));
  }
}

function grantAccess(fn: ProjectFunction, access: Access, data: DataStore): void {
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
}

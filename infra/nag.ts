/**
 * Helpers for acknowledging cdk-nag (and Control Tower) findings that name a resource of this stack.
 *
 * AwsSolutions-IAM5 reports one finding per wildcard, spelled with the logical id of the resource
 * whose ARN it widens (`Resource::<EvidenceBucket1234.Arn>/*`); the ids are derived here rather
 * than copied from a report, so they follow the constructs when those move.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { acknowledgeControl } from './control-tower.ts';

/** `Resource::<LogicalId.Arn><suffix>`, the IAM5 finding for a wildcard under an ARN. */
export function wildcardUnder(resource: IConstruct, suffix: string): string {
  const logicalId = Stack.of(resource).getLogicalId(resource.node.defaultChild as CfnElement);
  return `Resource::<${logicalId}.Arn>${suffix}`;
}

/** Acknowledges one IAM5 finding (`Action::s3:List*`, `Resource::*`, ...) on `scope`. */
export function acknowledgeWildcard(scope: IConstruct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
}

/** A dead-letter queue has no queue behind it: acknowledged for both packs, saying whose it is. */
export function acknowledgeDeadLetterQueue(queue: IConstruct, holds: string): void {
  const reason = `This queue is itself a dead-letter queue (${holds}); a queue behind it would only move the same messages.`;
  Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason });
  Validations.of(queue).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason });
  acknowledgeControl(queue, 'CT.SQS.PR.1', reason);
}

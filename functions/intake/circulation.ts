/**
 * Starting the circulation workflow of a submission (para 12(b)). The execution is named after
 * the reference, so a second start of the same submission is refused by Step Functions rather
 * than circulating it twice; its input is the reference alone, the same on every attempt.
 */
import { DescribeExecutionCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { circulationExecutionName } from '../core/dispatch.ts';

export interface CirculationTarget {
  readonly stepFunctions: SFNClient;
  readonly circulationStateMachineArn: string;
}

/** Recorded, but the circulation could not be started: a retry (or the reconciler) completes it. */
export class CirculationNotStartedError extends Error {
  override readonly name = 'CirculationNotStartedError';
  readonly reference: string;

  constructor(reference: string, cause: unknown) {
    super(`${reference} is recorded but its circulation could not be started`, { cause });
    this.reference = reference;
  }
}

export { circulationExecutionName };

/** `arn:…:stateMachine:<machine>` → `arn:…:execution:<machine>:<name>`. */
export function circulationExecutionArn(target: CirculationTarget, reference: string): string {
  return `${target.circulationStateMachineArn.replace(':stateMachine:', ':execution:')}:${circulationExecutionName(reference)}`;
}

/** Starts the circulation; one started before (running or finished) counts as started. */
export async function startCirculation(target: CirculationTarget, reference: string): Promise<void> {
  try {
    await target.stepFunctions.send(
      new StartExecutionCommand({ stateMachineArn: target.circulationStateMachineArn, name: circulationExecutionName(reference), input: JSON.stringify({ reference }) }),
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return;
    throw new CirculationNotStartedError(reference, error);
  }
}

export async function circulationStarted(target: CirculationTarget, reference: string): Promise<boolean> {
  try {
    await target.stepFunctions.send(new DescribeExecutionCommand({ executionArn: circulationExecutionArn(target, reference) }));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ExecutionDoesNotExist') return false;
    throw error;
  }
}

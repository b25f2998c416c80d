/**
 * Scheduled functions on the local engine: the intake reconciler runs on its own and starts the
 * circulation of a submission stored without one.
 */

import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { circulationExecutionName } from '../../functions/core/dispatch.ts';
import { eventually, useEngine } from '../support/engine.ts';
import { submission, violationItem } from '../support/submissions.ts';

// Five minutes of engine time a second: the reconciler (every 5 minutes) runs about every second.
const testEngine = useEngine({ timeScale: 300 });

describe('scheduled reconciliation of intake', () => {
  it('starts the circulation of a submission that was stored without one', async () => {
    const { engine, table, sfn } = testEngine();
    const receivedAt = new Date(Date.now() - 10 * 60_000);
    // Not to be circulated: the workflow then runs in milliseconds, telling only the Secretariat.
    const stored = submission(
      77,
      'FRA',
      receivedAt.toISOString(),
      [violationItem({ circulate: false, incidentDate: receivedAt.toISOString().slice(0, 10) })],
      receivedAt,
    );
    await new SubmissionsRepository(table).create(stored);
    const executionArn = `${engine.resources.stateMachines['circulation']!.replace(':stateMachine:', ':execution:')}:${circulationExecutionName(stored.reference)}`;
    const execution = await eventually(
      async () => {
        try {
          const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
          return described.status === 'RUNNING' ? undefined : described;
        } catch {
          return undefined;
        }
      },
      'the reconciler to start the circulation',
      15_000,
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect((await new SubmissionsRepository(table).get(stored.reference))?.status).toBe('not-circulated');
  }, 30_000);
});

/**
 * The attention note of a report not circulated that fails after its retries: SES fails every
 * send to the State's one mailbox (the engine's fault injection), the send task's retries are
 * spent, and the workflow records the attention notes on their own, as a circulation records
 * its own: the Secretariat is told which State was not reached, the report's trail says so, and
 * no attention is recorded as drawn.
 */
import { describe, expect, it } from 'vitest';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { IncidentsRepository } from '../../functions/aws/incidents-repository.ts';
import { NotesRepository } from '../../functions/aws/notes-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { noteId } from '../../functions/core/dispatch.ts';
import { openIncident } from '../../functions/core/incidents.ts';
import { readOutbox } from '../../local/ses.ts';
import { runWorkflow, useEngine } from '../support/engine.ts';
import { submission, violationItem } from '../support/submissions.ts';

const failing = 'pm.uga@missions.example.org';
const testEngine = useEngine({ sesMaxSendRate: 10_000, timeScale: 14_400, withoutSampleInstruments: true, faults: { sesFailingRecipients: [failing] } });

describe('an attention note of a report not circulated that fails after its retries', () => {
  it('is named to the Secretariat as unreached, on the report’s trail, and recorded with the run', async () => {
    const test = testEngine();
    const now = test.engine.clock.now();
    const report = submission(
      41,
      'KEN',
      now.toISOString(),
      [
        violationItem({
          incidentDate: now.toISOString().slice(0, 10),
          circulate: false,
          occurredIn: 'UGA',
          affected: { kinds: ['consulate'], missionState: 'KEN' },
        }),
      ],
      now,
    );
    await new SubmissionsRepository(test.table).create(report);
    await new IncidentsRepository(test.table).save(openIncident(report, 0));

    const execution = await runWorkflow(test, 'circulation', `circulation-${report.reference}`, { reference: report.reference }, 180_000);
    expect(execution.status, `${execution.error}: ${execution.cause}`).toBe('SUCCEEDED');
    // SES failed every attempt: the SDK's and the task's retries were all spent on it.
    expect(test.engine.faultsInjected.counts()['ses:InternalFailure']).toBeGreaterThan(8);
    expect((await readOutbox(test.engine.endpoints.ses)).filter((message) => message.destination.to.includes(failing))).toEqual([]);

    const toSecretariat = (await readOutbox(test.engine.endpoints.ses)).filter((message) => message.destination.to.includes('secretariat@mpr.example.org'));
    const notice = toSecretariat.find((message) => message.subject.includes('not reached'));
    expect(notice?.subject).toBe(`1 State(s) not reached: the attention notes (12 (c)) of report ${report.reference}, not circulated`);
    expect(notice?.body.text).toContain('Not reached (no healthy mailbox, or every send failed): UGA.');

    const trail = await new AuditRepository(test.table).forSubject('submission', report.reference);
    expect(trail.filter((event) => event.action === 'attention-drawn')).toEqual([]);
    expect(trail.filter((event) => event.action === 'skipped')).toEqual([
      expect.objectContaining({
        actor: { kind: 'system', id: 'circulation-workflow' },
        state: 'UGA',
        details: expect.objectContaining({ kind: 'attention', noteId: noteId('circulation', report.reference) }),
      }),
    ]);
    const [record] = await new NotesRepository(test.table).dispatchRecords(noteId('circulation', report.reference));
    expect(record).toMatchObject({ kind: 'attention', totals: { states: 1, sent: 0, unreached: ['UGA'] } });
    expect((await new SubmissionsRepository(test.table).get(report.reference))?.status).toBe('not-circulated');
  }, 240_000);
});

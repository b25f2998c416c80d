/**
 * A circulation that fails is finished by the system, not by an officer: with every invocation
 * of its last task refused (injected faults, retries included), each attempt sends its note and
 * then fails; the intake sweep, run by the engine's scheduler, starts it again under the next
 * name, counts it once it has failed twice (the alarm's metric), and completes it once the faults
 * stop. Nobody receives a note twice.
 *
 * The report asks not to be circulated, so that each attempt sends one note (to the Secretariat)
 * rather than one to every State: the attempts are quick, and what is tested, restart and the
 * per-mailbox claims, is the same. Its status has moved on from `received` when the attempt
 * fails, which the sweep must not take as finished.
 */
import { describe, expect, it } from 'vitest';
import { IncidentsRepository } from '../../functions/aws/incidents-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { circulationExecutionName } from '../../functions/core/dispatch.ts';
import { openIncident } from '../../functions/core/incidents.ts';
import { circulationHistory, describeCirculation } from '../../functions/intake/circulation.ts';
import type { ReconcileResult } from '../../functions/intake/reconcile.ts';
import { attemptWindowMs } from '../../functions/intake/record-submission.ts';
import { functionRegistry } from '../../functions/registry.ts';
import { readOutbox } from '../../local/ses.ts';
import { eventually, useEngine } from '../support/engine.ts';
import { submission, violationItem } from '../support/submissions.ts';

// At ×300 the sweep runs every second and the workflow's back-off takes milliseconds.
const testEngine = useEngine({ timeScale: 300, sesMaxSendRate: 10_000 });

describe('a circulation failed by injected faults', () => {
  it('is restarted by the sweep under new names, counted once it failed twice, and completed once the faults stop', async () => {
    const { engine, table, sfn } = testEngine();
    const sweeps: ReconcileResult[] = [];
    const invoke = engine.functions.invoke.bind(engine.functions);
    engine.functions.invoke = (spec, event) => {
      const invocation = invoke(spec, event);
      if (spec.name === functionRegistry.reconcileIntake.name)
        void invocation.then(
          (result) => sweeps.push(result as ReconcileResult),
          () => undefined,
        );
      return invocation;
    };
    engine.refuseTasks([functionRegistry.startReminders.name]);

    // Received long enough ago for the sweep to take it up; no intake started its circulation.
    const receivedAt = new Date(Date.now() - 2 * attemptWindowMs).toISOString();
    const report = submission(
      501,
      'KEN',
      receivedAt,
      [violationItem({ incidentDate: receivedAt.slice(0, 10), occurredIn: 'UGA', affected: { kinds: ['embassy'], missionState: 'KEN' }, circulate: false })],
      new Date(),
    );
    await new SubmissionsRepository(table).create(report);
    await new IncidentsRepository(table).save(openIncident(report, 0));
    const target = { stepFunctions: sfn, circulationStateMachineArn: engine.resources.stateMachines['circulation']! };

    const twice = await eventually(
      async () => {
        const history = await circulationHistory(target, report.reference);
        return history.attempts.filter((status) => status === 'FAILED').length >= 2 ? history : undefined;
      },
      'two failed attempts',
      90_000,
    );
    expect(twice.attempts.slice(0, 2)).toEqual(['FAILED', 'FAILED']);
    await eventually(async () => (sweeps.some((sweep) => sweep.failedTwice.includes(report.reference)) ? true : undefined), 'a sweep to count it', 30_000);

    engine.refuseTasks([]);
    const done = await eventually(
      async () => {
        const history = await circulationHistory(target, report.reference);
        return history.attempts.at(-1) === 'SUCCEEDED' ? history : undefined;
      },
      'an attempt to succeed',
      90_000,
    );
    expect(done.attempts.length).toBeGreaterThanOrEqual(3);
    expect(
      sweeps
        .flatMap((sweep) => sweep.restarted)
        .filter((restart) => restart.reference === report.reference)
        .map((restart) => restart.attempt),
    ).toContain(1);
    expect(describeCirculation(done)).toMatch(/^succeeded \(attempt \d+, \d+ failed\)$/);
    expect(circulationExecutionName(report.reference, 2)).toBe(`circulation-${report.reference}-retry-2`);
    expect((await new SubmissionsRepository(table).get(report.reference))?.status).toBe('not-circulated');

    // Every attempt planned the notice to the Secretariat and, under paragraph 12 (c), the
    // procedural attention note to the State concerned (without the report's text): each sent once.
    const notices = (await readOutbox(engine.endpoints.ses)).filter((message) => (message.body.text ?? '').includes(report.reference));
    const recipients = notices.map((message) => message.destination.to.join(','));
    expect(recipients.filter((to) => to === 'secretariat@mpr.example.org')).toHaveLength(1);
    expect(new Set(recipients).size).toBe(recipients.length);
    // Once completed, the sweep leaves it alone.
    const later = sweeps.length;
    await eventually(async () => (sweeps.length > later ? true : undefined), 'one more sweep', 30_000);
    expect((await circulationHistory(target, report.reference)).attempts).toEqual(done.attempts);
  }, 240_000);
});

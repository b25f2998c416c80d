/**
 * The reminder workflow's check (paragraph 12(d)): re-reads the incident, derives the obligation
 * afresh — a report that arrived while the workflow waited discharges it — and says what to do
 * next. An obligation is recorded overdue here, once, however often the check runs.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { AuditRepository } from '../aws/audit-repository.ts';
import { CyclesRepository } from '../aws/cycles-repository.ts';
import { isConditionFailure } from '../aws/errors.ts';
import { IncidentsRepository } from '../aws/incidents-repository.ts';
import { keys } from '../aws/keys.ts';
import { NotesRepository } from '../aws/notes-repository.ts';
import type { TableAccess } from '../aws/table-repository.ts';
import type { StateCode } from '../core/codes.ts';
import { noteId } from '../core/dispatch.ts';
import { deriveObligations } from '../core/obligations.ts';
import { type ReminderStep, reminderStep } from '../core/reminders.ts';

export interface ObligationCheck {
  readonly incidentId: string;
  readonly obligationId: string;
  /** The workflow's clock (`$$.State.EnteredTime`). */
  readonly now: string;
}

export type CheckedObligation = ReminderStep & {
  readonly state: StateCode;
  readonly incidentId: string;
  readonly obligationId: string;
  /** The reminder to send, when the step is to send one. */
  readonly noteId: string | null;
  /** True the one time this check recorded the obligation overdue. */
  readonly newlyOverdue: boolean;
};

export async function checkObligation({ incidentId, obligationId, now }: ObligationCheck, table: TableAccess): Promise<CheckedObligation> {
  const stored = await new IncidentsRepository(table).get(incidentId);
  if (!stored) throw new Error(`no incident ${incidentId}`);
  const cycle = await new CyclesRepository(table).get(stored.incident.cycleId);
  if (!cycle) throw new Error(`no cycle ${stored.incident.cycleId}`);
  const obligation = deriveObligations(stored.incident, cycle.cycle).find((candidate) => candidate.id === obligationId);
  if (!obligation) throw new Error(`incident ${incidentId} gives rise to no obligation ${obligationId}`);

  const notes = new NotesRepository(table);
  const sent = new Set<number>();
  for (let number = 1; number <= obligation.reminderDates.length; number += 1) {
    // A reminder whose send is uncertain counts as sent: sending it again would find it claimed,
    // and the workflow would go round without waiting; once released, its resend sends it.
    if (await notes.wasSentTo(noteId('reminder', obligationId, number), obligation.owingState, { orMayHave: true })) sent.add(number);
  }
  const step = reminderStep(obligation, new Date(now), sent);
  const newlyOverdue =
    step.action === 'overdue' &&
    (await recordOverdue(table, { obligationId, state: obligation.owingState, incidentId, remindersSent: step.remindersSent, at: now }));
  return {
    ...step,
    state: obligation.owingState,
    incidentId,
    obligationId,
    noteId: step.action === 'send' ? noteId('reminder', obligationId, step.reminderNumber) : null,
    newlyOverdue,
  };
}

interface Overdue {
  readonly obligationId: string;
  readonly state: StateCode;
  readonly incidentId: string;
  readonly remindersSent: number;
  readonly at: string;
}

/** Marks the obligation overdue and audits it, unless an earlier run did: true when this one did. */
async function recordOverdue(table: TableAccess, overdue: Overdue): Promise<boolean> {
  const { obligationId, state, incidentId, remindersSent, at } = overdue;
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.overdueMarker(obligationId), obligationId, state, incidentId, at },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
  await new AuditRepository(table).append(
    {
      actor: { kind: 'system', id: 'reminder-workflow' },
      action: 'overdue',
      subject: { kind: 'obligation', id: obligationId },
      state,
      details: { incidentId, remindersSent },
    },
    new Date(at),
  );
  return true;
}

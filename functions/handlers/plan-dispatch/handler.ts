/**
 * First task of the circular-note dispatch (paragraphs 12(a) and 13) and of its pre-deadline
 * reminders: the note's identity and the States it goes to.
 */
import * as z from 'zod/mini';
import { CyclesRepository } from '../../aws/cycles-repository.ts';
import { StatesRepository } from '../../aws/states-repository.ts';
import { SubmissionsRepository } from '../../aws/submissions-repository.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { isoInstantSchema } from '../../core/codes.ts';
import { circularNoteRefusal, preDeadlineReminderSkip, reminderDates } from '../../core/cycles.ts';
import { dispatchAddressees, noteId, statesThatReplied } from '../../core/dispatch.ts';
import { reminderInstant } from '../../core/reminders.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { workflowTask } from '../../runtime/task.ts';
import { planDispatch as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);

/** The circular note's reply deadline has passed: the workflow does not retry, and sends nothing. */
export class DeadlinePassed extends Error {
  override readonly name = 'DeadlinePassed';
}

const input = z.object({
  cycleId: z.string().check(z.minLength(1)),
  kind: z.enum(['circular', 'pre-deadline-reminder']),
  /** For a pre-deadline reminder, the day it is sent (one note per reminder day). */
  reminderDate: z.optional(z.iso.date()),
  /** The workflow's clock (`$$.State.EnteredTime`), never the function's. */
  now: isoInstantSchema,
});

export const handler = workflowTask(thisFunction, input, async ({ cycleId, kind, reminderDate, now }) => {
  const access = tableAccess(env);
  const cycle = await new CyclesRepository(access).get(cycleId);
  if (!cycle) throw new Error(`no cycle ${cycleId}`);
  const today = now.slice(0, 10);
  if (kind === 'circular') {
    const refusal = circularNoteRefusal(cycle.cycle, today);
    if (refusal) throw new DeadlinePassed(refusal);
  }
  const id = kind === 'circular' ? noteId('circular', cycleId) : noteId('pre-deadline-reminder', cycleId, reminderDate ?? 'unscheduled');
  const skipReason = kind === 'pre-deadline-reminder' ? preDeadlineReminderSkip(cycle.cycle, reminderDate ?? today, today) : undefined;
  if (skipReason) return { cycleId, kind, concurrency: Number(env.DISPATCH_CONCURRENCY), noteId: id, addressees: [], reminders: [], skip: true, skipReason };
  const registry = await new StatesRepository(access).list();
  let states;
  if (kind === 'circular') {
    states = dispatchAddressees(registry);
  } else {
    const replied = statesThatReplied(await new SubmissionsRepository(access).listByCycle(cycleId));
    states = dispatchAddressees(registry, { onlyWithoutReplies: new Set(registry.map((state) => state.code).filter((code) => !replied.has(code))) });
  }
  return {
    cycleId,
    kind,
    /** The Map's MaxConcurrencyPath: the same setting send-note paces itself by. */
    concurrency: Number(env.DISPATCH_CONCURRENCY),
    noteId: id,
    addressees: states.map((state) => ({ state: state.code })),
    /** The cycle's pre-deadline reminder days, as the instants the workflow waits for. */
    reminders: kind === 'circular' ? reminderDates(cycle.cycle).map((date) => ({ date, at: reminderInstant(date) })) : [],
    skip: false,
    skipReason: null,
  };
});

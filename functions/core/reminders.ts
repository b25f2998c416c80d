/**
 * The reminder workflow's one decision (paragraph 12(d)): given an obligation as the core derives
 * it now and the reminders already sent, what happens next. The workflow loops on it: stop,
 * wait until an instant, send reminder n, or record the obligation as overdue.
 */
import type { Obligation } from './obligations.ts';

export type ReminderStep =
  | { readonly action: 'stop'; readonly reason: 'discharged' | 'no-reminders' }
  | { readonly action: 'wait'; readonly until: string }
  | { readonly action: 'send'; readonly reminderNumber: number; readonly of: number }
  | { readonly action: 'overdue'; readonly remindersSent: number };

/** Reminders fall due at the start (UTC) of their day. */
export function reminderInstant(date: string): string {
  return `${date}T00:00:00.000Z`;
}

/**
 * Only the latest reminder whose day has come is sent: a workflow that starts (or resumes) late
 * does not send a burst of past reminders. After the last reminder, the obligation is overdue.
 */
export function reminderStep(obligation: Obligation, now: Date, sentReminderNumbers: ReadonlySet<number>): ReminderStep {
  if (obligation.status === 'discharged') return { action: 'stop', reason: 'discharged' };
  const dates = [...obligation.reminderDates].sort();
  if (dates.length === 0) return { action: 'stop', reason: 'no-reminders' };
  const instant = now.toISOString();
  const passed = dates.filter((date) => reminderInstant(date) <= instant).length;
  if (passed === 0) return { action: 'wait', until: reminderInstant(dates[0]!) };
  if (!sentReminderNumbers.has(passed)) return { action: 'send', reminderNumber: passed, of: dates.length };
  if (passed < dates.length) return { action: 'wait', until: reminderInstant(dates[passed]!) };
  return { action: 'overdue', remindersSent: sentReminderNumbers.size };
}

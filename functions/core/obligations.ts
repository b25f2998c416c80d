/**
 * Who owes which report about an incident, by when: the rule the reminder workflow, the upload
 * endpoint and the CLI run on. Everything is derived from the incident's reports and the cycle's
 * settings, with no clock: the same incident and cycle always give the same obligations, whatever
 * order the reports are listed in.
 *
 * The rules, from paragraphs 11 and 12(d) of resolution 77/108 (numbers from the cycle):
 *
 * - Violation report, 11(a): the State where the violation took place owes its own account once
 *   another State has reported the event. Any report from it on the incident, a violation or a
 *   follow-up report, discharges this: reminding a State of 11(a) about an event it has already
 *   reported measures on would serve nobody. When the territorial State reported first, the
 *   obligation still appears once another State reports, already discharged by its report.
 * - Follow-up, 11(b): the territorial State owes a report on the measures taken to bring the
 *   offender to justice and to prevent a repetition once the violation is reported, by anyone
 *   (itself included). Its first follow-up report discharges this.
 * - Outcome of proceedings, 11(b): the final outcome comes "in time". A follow-up without the
 *   final outcome discharges the follow-up and leaves the outcome owed, as its own obligation, so
 *   that the first follow-up is never shown as late because proceedings take long; a follow-up
 *   giving the final outcome discharges it.
 * - Follow-up where possible, 11(b): a State where the alleged offender is present is asked to
 *   report "where possible". That is an invitation, not a deadline: it has no due date, and
 *   para 12(d) sends reminders only to States where violations occurred, so it has none.
 *
 * Reminders (12(d)) go only to the territorial State, after the report is due.
 */
import type { StateCode } from './codes.ts';
import { addDays, type Cycle } from './cycles.ts';
import { compareLinkedReports, type Incident, type LinkedReport } from './incidents.ts';

type ViolationReport = Extract<LinkedReport, { kind: 'violation' }>;
type FollowUpReport = Extract<LinkedReport, { kind: 'follow-up' }>;

export const obligationKinds = ['violation-report', 'follow-up', 'follow-up-outcome', 'follow-up-where-possible'] as const;
export type ObligationKind = (typeof obligationKinds)[number];

/** A report item, named as the Secretariat and the State name it. */
export interface ReportRef {
  readonly reference: string;
  readonly itemIndex: number;
  readonly receivedAt: string;
}

interface ObligationFields {
  /** `<incident id>/<kind>/<owing State>`: one obligation per kind and State in an incident. */
  readonly id: string;
  readonly incidentId: string;
  readonly owingState: StateCode;
  readonly kind: ObligationKind;
  /** The paragraph of the cycle's resolution the obligation rests on, e.g. 11(b). */
  readonly basis: { readonly paragraph: number; readonly subparagraph: 'a' | 'b' };
  /** The first report that gave rise to the obligation. */
  readonly triggeredBy: ReportRef;
  /** The last day for the report; `null` when none is set (an invitation, or an outcome without a period). */
  readonly dueDate: string | null;
  /** The days on which the owing State is reminded while the report is owed. */
  readonly reminderDates: readonly string[];
}

export type OwedObligation = ObligationFields & { readonly status: 'owed' };
export type DischargedObligation = ObligationFields & { readonly status: 'discharged'; readonly dischargedBy: ReportRef };
export type Obligation = OwedObligation | DischargedObligation;

/** Everything owed about an incident, owed or discharged, in a fixed order. */
export function deriveObligations(incident: Incident, cycle: Cycle): Obligation[] {
  const reports = [...incident.reports].sort(compareLinkedReports);
  const violations = reports.filter((report): report is ViolationReport => report.kind === 'violation');
  const firstViolation = violations[0];
  if (firstViolation === undefined) return [];

  const { territorial, offenderPresentIn } = incident.statesConcerned;
  const followUpsFrom = (state: StateCode) =>
    reports.filter((report): report is FollowUpReport => report.kind === 'follow-up' && report.reportingState === state);
  const territorialFollowUps = followUpsFrom(territorial);
  const reporting = cycle.paragraphs.reporting;
  const periods = cycle.periods;

  const obligations: Obligation[] = [];
  const owe = (
    kind: ObligationKind,
    owingState: StateCode,
    subparagraph: 'a' | 'b',
    trigger: LinkedReport,
    period: { readonly dueAfterDays: number | null; readonly remindAfterDays: readonly number[] },
    discharge: LinkedReport | undefined,
  ): void => {
    const triggerDate = dateOf(trigger.receivedAt);
    const fields: ObligationFields = {
      id: `${incident.id}/${kind}/${owingState}`,
      incidentId: incident.id,
      owingState,
      kind,
      basis: { paragraph: reporting, subparagraph },
      triggeredBy: refOf(trigger),
      dueDate: period.dueAfterDays === null ? null : addDays(triggerDate, period.dueAfterDays),
      reminderDates: period.remindAfterDays.map((days) => addDays(triggerDate, days)),
    };
    obligations.push(discharge === undefined ? { ...fields, status: 'owed' } : { ...fields, status: 'discharged', dischargedBy: refOf(discharge) });
  };

  const otherStatesAccount = violations.find((report) => report.reportingState !== territorial);
  if (otherStatesAccount !== undefined) {
    const territorialAccount = reports.find((report) => report.reportingState === territorial);
    owe('violation-report', territorial, 'a', otherStatesAccount, periods.violationReport, territorialAccount);
  }

  owe('follow-up', territorial, 'b', firstViolation, periods.followUp, territorialFollowUps[0]);

  const withoutFinalOutcome = territorialFollowUps.find((report) => !report.finalOutcome);
  if (withoutFinalOutcome !== undefined) {
    const withFinalOutcome = territorialFollowUps.find((report) => report.finalOutcome);
    owe('follow-up-outcome', territorial, 'b', withoutFinalOutcome, periods.followUpOutcome, withFinalOutcome);
  }

  const invitation = { dueAfterDays: null, remindAfterDays: [] };
  for (const state of [...new Set(offenderPresentIn)].sort()) {
    if (state === territorial) continue;
    const namedBy = violations.find((report) => report.offenderPresentIn === state) ?? firstViolation;
    owe('follow-up-where-possible', state, 'b', namedBy, invitation, followUpsFrom(state)[0]);
  }

  return obligations;
}

export type OwedNow = OwedObligation & { readonly overdue: boolean };

/**
 * What `state` owes now across the incidents: obligations still owed, the overdue first (earliest
 * due date first), invitations without a due date last. A report is overdue from the day after
 * its due date, dates taken in UTC.
 */
export function owedBy(state: StateCode, incidents: readonly Incident[], cycle: Cycle, now: Date): OwedNow[] {
  const today = now.toISOString().slice(0, 10);
  return incidents
    .flatMap((incident) => deriveObligations(incident, cycle))
    .filter((obligation): obligation is OwedObligation => obligation.status === 'owed' && obligation.owingState === state)
    .map((obligation) => ({ ...obligation, overdue: obligation.dueDate !== null && today > obligation.dueDate }))
    .sort(compareOwed);
}

/** The order of `owedBy`: earliest due date first, invitations without one last, then by id. */
export function compareOwed(a: OwedObligation, b: OwedObligation): number {
  return compareDueDates(a.dueDate, b.dueDate) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function compareDueDates(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function refOf(report: LinkedReport): ReportRef {
  return { reference: report.reference, itemIndex: report.itemIndex, receivedAt: report.receivedAt };
}

/** The UTC calendar date of an instant: periods run in whole days from it. */
function dateOf(instant: string): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/**
 * The day by which a State directly concerned is asked to report (paragraph 12(c) note): the
 * earliest due date of what it owes about the incident; none when it owes nothing with a date.
 */
export function earliestDueDate(incident: Incident, cycle: Cycle, state: StateCode): string | undefined {
  return deriveObligations(incident, cycle)
    .filter((obligation): obligation is OwedObligation => obligation.owingState === state && obligation.status === 'owed' && obligation.dueDate !== null)
    .map((obligation) => obligation.dueDate!)
    .sort()[0];
}

/**
 * When a State reports a violation in its own territory, it owes the follow-up under 11(b) all
 * the same (see `deriveObligations`): the day it is due, for its acknowledgement to say so;
 * undefined when the submission reports no violation in the reporting State's own territory.
 */
export function ownIncidentFollowUpDue(
  submission: {
    readonly reportingState: StateCode;
    readonly receivedAt: string;
    readonly items: readonly { readonly kind: string; readonly occurredIn?: StateCode }[];
  },
  cycle: Cycle,
): string | undefined {
  const own = submission.items.some((item) => item.kind === 'violation' && item.occurredIn === submission.reportingState);
  return own ? addDays(dateOf(submission.receivedAt), cycle.periods.followUp.dueAfterDays) : undefined;
}

/**
 * An incident: one event reported under para 11(a), with every report about it. Several States
 * may report the same event (the State whose mission was affected, the State where it happened,
 * a third State); the incident ties their reports together so that the obligations of each State
 * concerned can be derived from it (see obligations.ts).
 */
import * as z from 'zod/mini';
import { isoDateSchema, isoInstantSchema, type StateCode, stateCodeSchema } from './codes.ts';
import { compareReferences, referenceSchema } from './references.ts';
import { type FollowUpItem, incidentIdPattern, type Submission, type ViolationItem } from './submissions.ts';

/** One item of a submission, as far as the incident needs to know it. */
const linkedReportSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('violation'),
    reference: referenceSchema,
    /** Index of the item within its submission (0 for the first). */
    itemIndex: z.int().check(z.gte(0)),
    reportingState: stateCodeSchema,
    receivedAt: isoInstantSchema,
    /** Where the report says the alleged offender is present, outside the territorial State. */
    offenderPresentIn: z.optional(stateCodeSchema),
  }),
  z.strictObject({
    kind: z.literal('follow-up'),
    reference: referenceSchema,
    itemIndex: z.int().check(z.gte(0)),
    reportingState: stateCodeSchema,
    receivedAt: isoInstantSchema,
    /** Whether the follow-up gives the final outcome of the proceedings. */
    finalOutcome: z.boolean(),
  }),
]);

export type LinkedReport = z.output<typeof linkedReportSchema>;

export const incidentSchema = z.strictObject({
  schemaVersion: z.literal(1),
  /** `INC-<reference of the first violation report>-<item number>`, e.g. INC-MPR-2024-0042-1. */
  id: z.string().check(z.regex(incidentIdPattern, 'an incident id such as INC-MPR-2024-0042-1')),
  cycleId: z.string().check(z.regex(/^\d+\/\d+$/, 'a cycle id such as 77/108')),
  statesConcerned: z.strictObject({
    /** The State whose mission or representative was affected. */
    affected: stateCodeSchema,
    /** The State where the violation took place. */
    territorial: stateCodeSchema,
    /** States where a report says the alleged offender is present, other than the territorial State. */
    offenderPresentIn: z.array(stateCodeSchema),
  }),
  incidentDate: isoDateSchema,
  incidentTime: z.optional(z.string()),
  city: z.optional(z.string()),
  /** In the order they were received (then by reference and item): the same set always reads the same. */
  reports: z.array(linkedReportSchema).check(z.minLength(1)),
});

export type Incident = z.output<typeof incidentSchema>;

/**
 * The id of the incident first reported in item `itemIndex` of submission `reference`. The id
 * counts items from 1, as a reader of the submission does: item 0 gives `-1`.
 */
export function incidentIdFor(reference: string, itemIndex: number): string {
  return `INC-${reference}-${itemIndex + 1}`;
}

/** The item of a submission as a linked report; throws if the item is a views item or absent. */
export function linkedReportOf(submission: Submission, itemIndex: number): LinkedReport {
  const item = submission.items[itemIndex];
  const common = { reference: submission.reference, itemIndex, reportingState: submission.reportingState, receivedAt: submission.receivedAt };
  if (item?.kind === 'violation') {
    return item.allegedOffender.presentIn === undefined
      ? { kind: 'violation', ...common }
      : { kind: 'violation', ...common, offenderPresentIn: item.allegedOffender.presentIn };
  }
  if (item?.kind === 'follow-up') return { kind: 'follow-up', ...common, finalOutcome: hasFinalOutcome(item) };
  throw new RangeError(`item ${itemIndex} of ${submission.reference} is not a violation or follow-up report`);
}

function hasFinalOutcome(item: FollowUpItem): boolean {
  return item.outcomeOfProceedings?.final === true;
}

/** Opens the incident that item `itemIndex` (a violation report) of a submission reports for the first time. */
export function openIncident(submission: Submission, itemIndex: number): Incident {
  const item = submission.items[itemIndex];
  if (item?.kind !== 'violation') throw new RangeError(`item ${itemIndex} of ${submission.reference} is not a violation report`);
  const incident: Incident = {
    schemaVersion: 1,
    id: incidentIdFor(submission.reference, itemIndex),
    cycleId: submission.cycleId,
    statesConcerned: { affected: item.affected.missionState, territorial: item.occurredIn, offenderPresentIn: [] },
    incidentDate: item.incidentDate,
    reports: [],
    ...(item.incidentTime === undefined ? {} : { incidentTime: item.incidentTime }),
    ...(item.city === undefined ? {} : { city: item.city }),
  };
  return attachReport(incident, linkedReportOf(submission, itemIndex));
}

/**
 * Adds a report to an incident. Attaching a report item that is already there changes nothing,
 * so a redelivered submission is harmless. A violation report naming another State where the
 * alleged offender is present adds that State to the States concerned.
 */
export function attachReport(incident: Incident, report: LinkedReport): Incident {
  if (incident.reports.some((linked) => linked.reference === report.reference && linked.itemIndex === report.itemIndex)) return incident;
  const reports = [...incident.reports, report].sort(compareLinkedReports);
  const presentIn = new Set(incident.statesConcerned.offenderPresentIn);
  if (report.kind === 'violation' && report.offenderPresentIn !== undefined && report.offenderPresentIn !== incident.statesConcerned.territorial) {
    presentIn.add(report.offenderPresentIn);
  }
  return { ...incident, statesConcerned: { ...incident.statesConcerned, offenderPresentIn: [...presentIn].sort() }, reports };
}

/** The order reports are read in: as received, then by reference and item, so that ties still have one order. */
export function compareLinkedReports(a: LinkedReport, b: LinkedReport): number {
  return Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || compareReferences(a.reference, b.reference) || a.itemIndex - b.itemIndex;
}

/** How far apart two reported dates of the same event may be: States date an event in their own time zone and memory. */
export const defaultMatchToleranceDays = 3;

/**
 * The existing incident a new violation report is about, if any: the event another State already
 * reported. A candidate matches when
 *
 * - the territorial State is the same (the event happened in the same State),
 * - the affected State is the same (the same State's mission or representative),
 * - the incident dates are at most `toleranceDays` apart, and
 * - the cities are the same, when both reports name one (compared without case or accents);
 *
 * and the reporting State has not already reported a violation in that incident: a State that
 * reports two events close together means two events. Among several matches, the closest in date
 * wins, then the earliest opened. Anything less certain is left for the Secretariat to link.
 */
export function matchIncident(
  candidates: readonly Incident[],
  violation: ViolationItem,
  reportingState: StateCode,
  toleranceDays: number = defaultMatchToleranceDays,
): Incident | undefined {
  const city = violation.city === undefined ? undefined : normalizeCity(violation.city);
  const matches = candidates
    .filter(
      (incident) =>
        incident.statesConcerned.territorial === violation.occurredIn &&
        incident.statesConcerned.affected === violation.affected.missionState &&
        daysBetween(incident.incidentDate, violation.incidentDate) <= toleranceDays &&
        (city === undefined || incident.city === undefined || normalizeCity(incident.city) === city) &&
        !incident.reports.some((report) => report.kind === 'violation' && report.reportingState === reportingState),
    )
    .map((incident) => ({ incident, distance: daysBetween(incident.incidentDate, violation.incidentDate) }))
    .sort((a, b) => a.distance - b.distance || compareLinkedReports(firstReport(a.incident), firstReport(b.incident)));
  return matches[0]?.incident;
}

function firstReport(incident: Incident): LinkedReport {
  const [first] = incident.reports;
  if (first === undefined) throw new RangeError(`incident ${incident.id} has no report`);
  return first;
}

function normalizeCity(city: string): string {
  return city
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

function daysBetween(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

/**
 * The incidents a follow-up answers: the one with that id, or those opened or reported by the
 * violation report with that reference (several when one report covered several events, in which
 * case the caller asks which one).
 */
export function incidentsAnswered(candidates: readonly Incident[], answers: FollowUpItem['answers']): Incident[] {
  if (answers.startsWith('INC-')) return candidates.filter((incident) => incident.id === answers);
  return candidates.filter((incident) => incident.reports.some((report) => report.kind === 'violation' && report.reference === answers));
}

/**
 * Whether a State may send a follow-up report on an incident. Paragraph 11 (b) asks it of "the
 * State in which the violation took place and, where possible, the State where the alleged
 * offender is present"; any other State sends a new report (11 (a)) or its views (13).
 */
export function mayFollowUp(incident: Incident, state: StateCode): boolean {
  return incident.statesConcerned.territorial === state || incident.statesConcerned.offenderPresentIn.includes(state);
}

export type FollowUpTarget = { readonly ok: true; readonly incident: Incident } | { readonly ok: false; readonly message: string };

/**
 * The one incident a follow-up by `reportingState` answers, among the incidents read for it.
 * An incident that does not exist, one the State may not see and one it may see but may not
 * follow up get the same answer, so that the answer tells no State what exists.
 */
export function followUpTarget(candidates: readonly Incident[], answers: FollowUpItem['answers'], reportingState: StateCode): FollowUpTarget {
  const answered = incidentsAnswered(candidates, answers).filter((incident) => mayFollowUp(incident, reportingState));
  if (answered.length === 1) return { ok: true, incident: answered[0]! };
  if (answered.length === 0) {
    return {
      ok: false,
      message:
        `must name an incident on record that took place in ${reportingState} or whose alleged offender is present in ${reportingState} (${answers} is not one): ` +
        'under paragraph 11 (b) only those States send follow-up reports; any other State sends a new report (11 (a)) or its views (13)',
    };
  }
  const ids = answered.map((incident) => incident.id).join(', ');
  return { ok: false, message: `must name one incident: ${answers} reported ${answered.length} (${ids}); give the id of the one this follow-up answers` };
}

/** What linking a submission's reports changes: incidents to open, reports to attach to incidents on record. */
export interface IncidentLinks {
  readonly open: readonly Incident[];
  readonly attach: ReadonlyMap<string, readonly LinkedReport[]>;
}

/**
 * Ties each report of a submission to its incident (para 11), decided on the incidents read for
 * it (`candidates`: those around each violation's date in its territory, and those its follow-ups
 * answer). A violation report joins the incident another State reported (matchIncident) or opens
 * one; a follow-up joins the incident it answers. A report already listed changes nothing, so
 * the links of a submission can be decided again after a partial save. Throws when a follow-up's
 * incident is not among the candidates: it was checked before the submission was stored.
 */
export function linkReports(submission: Submission, candidates: readonly Incident[]): IncidentLinks {
  const known = new Map(candidates.map((incident) => [incident.id, incident]));
  const open = new Map<string, Incident>();
  const attach = new Map<string, LinkedReport[]>();
  const lists = (report: LinkedReport) =>
    [...known.values(), ...open.values()].some((incident) =>
      incident.reports.some((linked) => linked.reference === report.reference && linked.itemIndex === report.itemIndex),
    );
  const attachTo = (incident: Incident, report: LinkedReport) => {
    known.set(incident.id, attachReport(incident, report));
    attach.set(incident.id, [...(attach.get(incident.id) ?? []), report]);
  };
  for (const [index, item] of submission.items.entries()) {
    if (item.kind === 'views') continue;
    const report = linkedReportOf(submission, index);
    if (lists(report)) continue;
    if (item.kind === 'violation') {
      const match = matchIncident([...known.values()], item, submission.reportingState);
      if (match) attachTo(match, report);
      else open.set(incidentIdFor(submission.reference, index), openIncident(submission, index));
    } else {
      const target = followUpTarget([...known.values()], item.answers, submission.reportingState);
      if (!target.ok) throw new Error(`${submission.reference} item ${index}: the incident it answers is not on record (${target.message})`);
      attachTo(target.incident, report);
    }
  }
  return { open: [...open.values()], attach };
}

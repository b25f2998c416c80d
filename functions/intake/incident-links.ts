/**
 * Tying a submission's reports to incidents (para 11): a violation report joins the incident
 * another State already reported, or opens one; a follow-up joins the incident it answers.
 *
 * Every step can run again, and beside another run of itself, without a second effect: an
 * incident that already lists the report is left alone, a new incident has the id of the report
 * that opened it (create-if-absent), and an update names the version it read.
 */
import { attachReport, defaultMatchToleranceDays, incidentIdFor, incidentsAnswered, linkedReportOf, matchIncident, openIncident, type Incident, type LinkedReport } from '../core/incidents.ts';
import type { FollowUpItem, Submission, SubmissionBody, ViolationItem } from '../core/submissions.ts';
import type { FieldError } from '../core/validation.ts';
import { AlreadyExistsError, VersionConflictError } from '../aws/errors.ts';
import type { IncidentsRepository } from '../aws/incidents-repository.ts';

export interface IncidentLinkRepositories {
  readonly incidents: IncidentsRepository;
}

/** How often an update of an incident is tried again after another writer changed it first. */
const maxAttachAttempts = 8;

type AnsweredIncident = { readonly ok: true; readonly incidentId: string } | { readonly ok: false; readonly message: string };

/** The one incident a follow-up answers, named by its id or by the reference of the violation report. */
async function answeredIncident(answers: FollowUpItem['answers'], repositories: IncidentLinkRepositories): Promise<AnsweredIncident> {
  if (answers.startsWith('INC-')) {
    const stored = await repositories.incidents.get(answers);
    return stored ? { ok: true, incidentId: stored.incident.id } : { ok: false, message: `must name an incident on record (${answers} is not one)` };
  }
  const ids = await repositories.incidents.idsOfSubmission(answers);
  const candidates = (await Promise.all(ids.map((id) => repositories.incidents.get(id)))).flatMap((stored) => (stored ? [stored.incident] : []));
  const answered = incidentsAnswered(candidates, answers);
  if (answered.length === 1) return { ok: true, incidentId: answered[0]!.id };
  if (answered.length === 0) return { ok: false, message: `must name a violation report on record (${answers} is not one)` };
  return { ok: false, message: `must name one incident: ${answers} reported ${answered.length} (${answered.map((incident) => incident.id).join(', ')}); give the id of the one this follow-up answers` };
}

/** Field errors for follow-ups whose incident cannot be found, before anything is written. */
export async function unansweredFollowUps(body: SubmissionBody, repositories: IncidentLinkRepositories): Promise<FieldError[]> {
  const checks = body.items.map(async (item, index) => {
    if (item.kind !== 'follow-up') return [];
    const answered = await answeredIncident(item.answers, repositories);
    return answered.ok ? [] : [{ path: `/items/${index}/answers`, message: answered.message }];
  });
  return (await Promise.all(checks)).flat();
}

export async function linkToIncidents(submission: Submission, repositories: IncidentLinkRepositories): Promise<void> {
  for (const [index, item] of submission.items.entries()) {
    if (item.kind === 'violation') await joinOrOpenIncident(submission, index, item, repositories.incidents);
    if (item.kind === 'follow-up') {
      const answered = await answeredIncident(item.answers, repositories);
      // Checked before the submission was stored; incidents are never deleted, so this is a fault.
      if (!answered.ok) throw new Error(`${submission.reference} item ${index}: the incident it answers is gone (${answered.message})`);
      await attachTo(answered.incidentId, linkedReportOf(submission, index), repositories.incidents);
    }
  }
}

function candidatesFor(item: ViolationItem, incidents: IncidentsRepository): Promise<Incident[]> {
  return incidents.inTerritoryAround(item.occurredIn, item.incidentDate, defaultMatchToleranceDays);
}

function lists(incident: Incident, report: LinkedReport): boolean {
  return incident.reports.some((linked) => linked.reference === report.reference && linked.itemIndex === report.itemIndex);
}

async function joinOrOpenIncident(submission: Submission, index: number, item: ViolationItem, incidents: IncidentsRepository): Promise<void> {
  const report = linkedReportOf(submission, index);
  const candidates = await candidatesFor(item, incidents);
  if (candidates.some((incident) => lists(incident, report))) return;
  const match = matchIncident(candidates, item, submission.reportingState);
  if (match) return attachTo(match.id, report, incidents);
  try {
    await incidents.save(openIncident(submission, index));
  } catch (error) {
    // Another run of this step opened it first: make sure it lists the report.
    if (!(error instanceof AlreadyExistsError)) throw error;
    await attachTo(incidentIdFor(submission.reference, index), report, incidents);
  }
}

async function attachTo(incidentId: string, report: LinkedReport, incidents: IncidentsRepository): Promise<void> {
  for (let attempt = 1; attempt <= maxAttachAttempts; attempt += 1) {
    const stored = await incidents.get(incidentId);
    if (!stored) throw new Error(`incident ${incidentId} is not stored`);
    if (lists(stored.incident, report)) return;
    try {
      await incidents.save(attachReport(stored.incident, report), stored.version);
      return;
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
  throw new Error(`incident ${incidentId} kept changing: ${report.reference} item ${report.itemIndex} not attached after ${maxAttachAttempts} attempts`);
}

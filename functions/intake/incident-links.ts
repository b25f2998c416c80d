/**
 * Tying a submission's reports to incidents (para 11): read the incidents that may concern it,
 * let the core decide (core/incidents.ts `linkReports`), then write what it decided.
 *
 * Every step can run again, and beside another run of itself, without a second effect: a new
 * incident has the id of the report that opened it (create-if-absent), an update names the
 * version it read, and when another writer got there first the links are read and decided again,
 * which leaves alone what is already written.
 */

import { AlreadyExistsError, VersionConflictError } from '../aws/errors.ts';
import type { IncidentsRepository } from '../aws/incidents-repository.ts';
import type { StateCode } from '../core/codes.ts';
import { attachReport, defaultMatchToleranceDays, followUpTarget, type Incident, type LinkedReport, linkReports } from '../core/incidents.ts';
import type { FollowUpItem, Submission, SubmissionBody } from '../core/submissions.ts';
import type { FieldError } from '../core/validation.ts';

export interface IncidentLinkRepositories {
  readonly incidents: IncidentsRepository;
}

/** How often the links are decided again after another writer changed an incident first. */
const maxLinkAttempts = 8;

/** The incidents a follow-up may answer: the one with that id, or those of the violation report with that reference. */
async function incidentsNamedBy(answers: FollowUpItem['answers'], incidents: IncidentsRepository): Promise<Incident[]> {
  const ids = answers.startsWith('INC-') ? [answers] : await incidents.idsOfSubmission(answers);
  return (await Promise.all(ids.map((id) => incidents.get(id)))).flatMap((stored) => (stored ? [stored.incident] : []));
}

/** Every incident the items of a form may join: one Query per violation report, the incidents each follow-up names. */
async function candidatesFor(items: SubmissionBody['items'], incidents: IncidentsRepository): Promise<Incident[]> {
  const read = await Promise.all(
    items.map((item) => {
      if (item.kind === 'violation') return incidents.inTerritoryAround(item.occurredIn, item.incidentDate, defaultMatchToleranceDays);
      if (item.kind === 'follow-up') return incidentsNamedBy(item.answers, incidents);
      return [];
    }),
  );
  return [...new Map(read.flat().map((incident) => [incident.id, incident])).values()];
}

/**
 * Field errors for follow-ups the reporting State may not send, before anything is written: the
 * incident is not on record, the State may not see it, or it is not a State 11 (b) asks (one
 * answer for all three, see `followUpTarget`).
 */
export async function unansweredFollowUps(body: SubmissionBody, reportingState: StateCode, repositories: IncidentLinkRepositories): Promise<FieldError[]> {
  if (!body.items.some((item) => item.kind === 'follow-up')) return [];
  const candidates = await candidatesFor(body.items, repositories.incidents);
  return body.items.flatMap((item, index) => {
    if (item.kind !== 'follow-up') return [];
    const target = followUpTarget(candidates, item.answers, reportingState);
    return target.ok ? [] : [{ path: `/items/${index}/answers`, message: target.message }];
  });
}

export async function linkToIncidents(submission: Submission, repositories: IncidentLinkRepositories): Promise<void> {
  const { incidents } = repositories;
  for (let attempt = 1; attempt <= maxLinkAttempts; attempt += 1) {
    const links = linkReports(submission, await candidatesFor(submission.items, incidents));
    try {
      for (const incident of links.open) await openOnce(incident, incidents);
      for (const [incidentId, reports] of links.attach) await attachAll(incidentId, reports, incidents);
      return;
    } catch (error) {
      // Another writer (another run of this step, another State's report) got there first.
      if (!(error instanceof AlreadyExistsError || error instanceof VersionConflictError)) throw error;
    }
  }
  throw new Error(`the incidents of ${submission.reference} kept changing: not linked after ${maxLinkAttempts} attempts`);
}

/** Opens the incident; when another run of this step opened it first, makes sure it lists the report. */
async function openOnce(incident: Incident, incidents: IncidentsRepository): Promise<void> {
  try {
    await incidents.save(incident);
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    await attachAll(incident.id, incident.reports, incidents);
  }
}

/** Adds the reports to the incident as last written (a consistent read; the Query above may lag). */
async function attachAll(incidentId: string, reports: readonly LinkedReport[], incidents: IncidentsRepository): Promise<void> {
  const stored = await incidents.get(incidentId);
  if (!stored) throw new Error(`incident ${incidentId} is not stored`);
  const updated = reports.reduce(attachReport, stored.incident);
  if (updated !== stored.incident) await incidents.save(updated, stored.version);
}

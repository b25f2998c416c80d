/** Builders of valid report items and submissions, for tests of everything downstream of intake. */
import { createSubmission, formatReference, validateSubmissionBody, type Submission } from '../../functions/core/submissions.ts';

/** A violation report of an attack on France's embassy in Nairobi, with fields to override. */
export function violationItem(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'violation',
    occurredIn: 'KEN',
    city: 'Nairobi',
    incidentDate: '2024-03-01',
    affected: { kinds: ['embassy'], missionState: 'FRA' },
    violationKinds: ['attack'],
    facts: 'The chancery was attacked.',
    allegedOffender: { known: true, detained: false },
    ...overrides,
  };
}

/** A follow-up answering `answers` (a reference or an incident id), with or without an outcome. */
export function followUpItem(answers: string, outcome?: { final: boolean }) {
  return {
    kind: 'follow-up',
    answers,
    justiceMeasures: { taken: ['investigation'], description: 'An investigation was opened.' },
    ...(outcome === undefined ? {} : { outcomeOfProceedings: { final: outcome.final, description: 'Judgment.' } }),
  };
}

/** A stored submission of `items` by `reportingState`, reference MPR-2024-<sequence>. */
export function submission(sequence: number, reportingState: string, receivedAt: string, items: unknown[], now = new Date('2024-06-30T12:00:00Z')): Submission {
  const result = validateSubmissionBody({ formVersion: 1, language: 'en', note: { date: receivedAt.slice(0, 10) }, items }, now);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return createSubmission({
    body: result.value,
    reference: formatReference(2024, sequence),
    cycleId: '77/108',
    reportingState,
    source: 'upload',
    receivedAt,
    attachments: [],
    evidence: { bucket: 'mpr-evidence', key: `uploads/${sequence}.json` },
  });
}

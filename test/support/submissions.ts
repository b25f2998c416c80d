/** Builders of valid report items and submissions, for tests of everything downstream of intake. */
import { formatReference } from '../../functions/core/references.ts';
import { createSubmission, type Submission, validateSubmissionBody } from '../../functions/core/submissions.ts';

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

/**
 * A submission stored before intake refused control characters (or written by any path that
 * bypassed intake): its items keep the raw strings given here, so that tests show every output
 * still neutralises them on its own.
 */
/** C0 controls but tab and line breaks, DEL and C1: what intake refuses. */
const isRefusedControl = (code: number): boolean => (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);

export function storedWithRawText(sequence: number, reportingState: string, receivedAt: string, items: Record<string, unknown>[]): Submission {
  const strip = (value: unknown): unknown =>
    typeof value === 'string'
      ? [...value].filter((character) => !isRefusedControl(character.codePointAt(0)!)).join('')
      : Array.isArray(value)
        ? value.map(strip)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, strip(inner)]))
          : value;
  const clean = submission(sequence, reportingState, receivedAt, items.map(strip));
  return { ...clean, items: clean.items.map((item, index) => ({ ...item, ...items[index] }) as typeof item) };
}

/**
 * Recording a State's submission: the one service both intake paths, the upload endpoint and
 * inbound e-mail, end in.
 *
 * There are no transactions (the local stand-in has none), so the writes are ordered for a crash
 * at any point to be completed by a retry, nothing rejected or half-recorded to be seen, and the
 * reference numbers of a year to run 1, 2, 3… with none unused:
 *
 * 1. checks against the records (every State the form names is in the registry, every follow-up
 *    answers an incident on record): a rejected submission writes nothing, not even a number;
 * 2. the idempotency key, when there is one: read first (a retry stops here and completes the
 *    attempt that claimed it, below), then claimed create-if-absent for this attempt's claimant
 *    id, with no reference yet. Of requests racing with one key only the one that claims it goes
 *    on; the others wait for it (a 409 when it takes too long), so they use up no number;
 * 3. the reference number, allocated to the claimant (reference-allocator.ts): a write whose
 *    answer was lost, or a retry in the claimant's place, gets the number it already took;
 * 4. the reference, written into the key's claim;
 * 5. the submission, create-if-absent under its reference: from here it is visible, `received`;
 * 6. the `received` audit event;
 * 7. the incidents: a violation report joins or opens one, a follow-up joins the one it answers;
 * 8. the circulation execution, named after the reference.
 *
 * Steps 7 and 8 can run again, and beside another run, without a second effect, so a retry with
 * the same idempotency key repeats them: it completes an attempt that failed or died after step
 * 5, and stores the submission itself when that attempt died between steps 2 and 5 (once it can
 * no longer be running), allocating the number in the claimant's name if the claim names none
 * yet. A request that waited for the claim to name its reference longer than an allocation takes
 * allocates in the claimant's name too: it gets the claimant's number, so nothing is skipped.
 * Step 6 is written once by whoever gets there (its event has the submission's instant and an
 * id of that instant and its occurrence), so a retry writes it too; `startMissingCirculations`
 * (reconcile.ts) completes steps 6 to 8 of every submission still `received` after an attempt's
 * longest run, with or without a key.
 *
 * Numbers can still go unused in these windows only:
 * - a request without an idempotency key that fails or dies between steps 3 and 5: nothing can
 *   retry it into its number (every upload has a key, the client's or its body's digest, and
 *   inbound e-mail its message's; only the Secretariat's triage records without one);
 * - a request with a key that fails or dies between steps 3 and 5 and is never retried with that
 *   key (its claim names a number no submission has);
 * - a claimant whose number is recognised no more: more than `recentClaimantsKept` (100) numbers
 *   allocated between its write and its retry (the SDK's, or a retry with the key before step 4),
 *   after which it takes a second number and the claim keeps the first written.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import { AuditRepository } from '../aws/audit-repository.ts';
import { stepFunctions } from '../aws/clients.ts';
import { CyclesRepository } from '../aws/cycles-repository.ts';
import { AlreadyExistsError } from '../aws/errors.ts';
import { IncidentsRepository } from '../aws/incidents-repository.ts';
import { newClaimant, ReferenceAllocator } from '../aws/reference-allocator.ts';
import { StatesRepository } from '../aws/states-repository.ts';
import { type IdempotencyClaim, SubmissionsRepository } from '../aws/submissions-repository.ts';
import { tableAccess } from '../aws/table-access.ts';
import type { TableAccess } from '../aws/table-repository.ts';
import type { Actor, NewAuditEvent } from '../core/audit.ts';
import type { StateCode } from '../core/codes.ts';
import type { Cycle } from '../core/cycles.ts';
import { formatReference } from '../core/references.ts';
import { createSubmission, type StoredAttachment, type Submission, type SubmissionBody } from '../core/submissions.ts';
import type { FieldError } from '../core/validation.ts';
import { inboundEmail } from '../handlers/inbound-email/spec.ts';
import { submitReport } from '../handlers/submit-report/spec.ts';
import { now as clockNow } from '../runtime/clock.ts';
import { startCirculation } from './circulation.ts';
import { linkToIncidents, unansweredFollowUps } from './incident-links.ts';

export { CirculationNotStartedError } from './circulation.ts';

export interface IntakeDependencies {
  readonly table: TableAccess;
  readonly stepFunctions: SFNClient;
  readonly circulationStateMachineArn: string;
  /** The clock that decides whether an earlier attempt may still be running (tests move it on). */
  readonly now?: () => Date;
}

export function intakeDependencies(env: { readonly TABLE_NAME: string; readonly CIRCULATION_STATE_MACHINE_ARN: string }): IntakeDependencies {
  return {
    table: tableAccess(env),
    stepFunctions: stepFunctions(),
    circulationStateMachineArn: env.CIRCULATION_STATE_MACHINE_ARN,
  };
}

export interface RecordSubmissionInput {
  readonly body: SubmissionBody;
  /** The State of the signed-in user or of the registered sender, never from the form. */
  readonly reportingState: StateCode;
  readonly source: 'upload' | 'email';
  readonly receivedAt: string;
  /** The raw submission as received, already stored. */
  readonly evidence: { readonly bucket: string; readonly key: string };
  readonly attachments: StoredAttachment[];
  readonly actor: Actor;
  /** Chosen by the sender: a second submission with the same key is the same submission. */
  readonly idempotencyKey?: string;
}

/** The form names something the records do not have; nothing was written. */
export class SubmissionRejectedError extends Error {
  override readonly name = 'SubmissionRejectedError';
  readonly errors: readonly FieldError[];

  constructor(errors: readonly FieldError[]) {
    super(`submission rejected: ${errors.map((error) => `${error.path} ${error.message}`).join('; ')}`);
    this.errors = errors;
  }
}

/** The reporting State is not in the States registry: it cannot submit. */
export class UnregisteredStateError extends Error {
  override readonly name = 'UnregisteredStateError';
}

/** Another request with this idempotency key is still recording its submission, under `reference`. */
export class IdempotencyKeyInUseError extends Error {
  override readonly name = 'IdempotencyKeyInUseError';
  readonly reference: string;

  constructor(reference: string) {
    super(`the request that claimed this idempotency key for ${reference} is still running`);
    this.reference = reference;
  }
}

/** The idempotency key already recorded a submission with other contents. */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
  readonly reference: string;

  constructor(reference: string) {
    super(`the idempotency key already recorded ${reference}, with other contents`);
    this.reference = reference;
  }
}

/** The longest an attempt to record a submission can run: the longest timeout of the functions that record. */
export const attemptWindowMs = Math.max(...[submitReport, inboundEmail].map((spec) => (spec.timeoutSeconds ?? 0) * 1000));

/** How long a retry waits for the attempt that claimed its key to store the submission. */
const claimWaitDelaysMs = [25, 50, 100, 200, 400, 800, 1200, 1600];
/** How long a retry waits for that attempt to name its reference before allocating it in its place. */
const referenceWaitDelaysMs = [25, 50, 100, 200, 400];

export type IntakeRepositories = ReturnType<typeof intakeRepositories>;

export function intakeRepositories(dependencies: IntakeDependencies) {
  const access = dependencies.table;
  return {
    submissions: new SubmissionsRepository(access),
    references: new ReferenceAllocator(access),
    incidents: new IncidentsRepository(access),
    cycles: new CyclesRepository(access),
    states: new StatesRepository(access),
    audit: new AuditRepository(access),
  };
}

/**
 * Records a submission once, in the order above. `replay` is true when the idempotency key had
 * already recorded it: the caller answers with the same receipt.
 */
export async function recordSubmission(input: RecordSubmissionInput, deps: IntakeDependencies): Promise<{ submission: Submission; replay: boolean }> {
  const repositories = intakeRepositories(deps);
  const { idempotencyKey: key, reportingState: state } = input;
  if (key !== undefined) {
    const claim = await repositories.submissions.idempotencyClaim(state, key);
    if (claim) return completeClaimed(claim, key, input, deps, repositories);
  }
  await rejectUnknownRecords(input, deps, repositories);
  const cycle = await currentCycle(repositories.cycles);
  const claimant = newClaimant();
  if (key !== undefined) {
    const claimed = await repositories.submissions.claimIdempotencyKey(state, key, claimant, input.receivedAt);
    if (!claimed.claimed) return completeClaimed(claimed.claim, key, input, deps, repositories);
  }
  const reference = await allocateReference(claimant, input.receivedAt, repositories);
  if (key !== undefined) {
    const named = await repositories.submissions.nameReference(state, key, reference);
    // A retry allocated in this claimant's place and no longer recognised its number (see above).
    if (named !== reference) return completeClaimed({ claimant, at: input.receivedAt, reference: named }, key, input, deps, repositories);
  }
  const stored = await storeSubmission(reference, input.receivedAt, cycle, input, repositories);
  if (!stored.stored) return completeStored(stored.submission, input, deps, repositories, true);
  await completeRecording(stored.submission, deps, repositories);
  return { submission: stored.submission, replay: false };
}

/**
 * Field errors for what the form names and the records lack: States not in the registry,
 * follow-ups answering no incident on record. Throws UnregisteredStateError when the reporting
 * State itself is unknown. The upload endpoint calls this before it stores the raw body.
 */
export async function checkAgainstRecords(
  body: SubmissionBody,
  reportingState: StateCode,
  deps: IntakeDependencies,
  repositories: IntakeRepositories = intakeRepositories(deps),
): Promise<FieldError[]> {
  const cited = statesCited(body);
  const codes = [...new Set([reportingState, ...cited.map((entry) => entry.code)])];
  const names = await repositories.states.names();
  const registered = new Set(codes.filter((code) => names.has(code)));
  if (!registered.has(reportingState)) throw new UnregisteredStateError(`${reportingState} is not in the States registry`);
  const unknownStates = cited
    .filter((entry) => !registered.has(entry.code))
    .map((entry) => ({ path: entry.path, message: `must be a State in the States registry (${entry.code} is not)` }));
  return [...unknownStates, ...(await unansweredFollowUps(body, reportingState, repositories))];
}

/**
 * Step 6, once whoever writes it: the attempt that stored the submission, a retry beside or after
 * it, the reconciliation. The event's instant is the submission's, so racing writers write one.
 */
export async function recordReceived(submission: Submission, actor: Actor, repositories: Pick<IntakeRepositories, 'audit'>): Promise<void> {
  await repositories.audit.appendOnce({ ...receivedEvent(submission, actor), occurrence: 'received' }, new Date(submission.receivedAt));
}

/** The `received` event of a submission, as its audit trail records it. */
export function receivedEvent(submission: Submission, actor: Actor): NewAuditEvent {
  return {
    actor,
    action: 'received',
    subject: { kind: 'submission', id: submission.reference },
    state: submission.reportingState,
    details: { source: submission.source, cycleId: submission.cycleId, evidenceKey: submission.evidence.key },
  };
}

/** Steps 7 and 8: idempotent, so any attempt, retry or reconciliation may run them. */
export async function completeRecording(
  submission: Submission,
  deps: IntakeDependencies,
  repositories: IntakeRepositories = intakeRepositories(deps),
): Promise<void> {
  await linkToIncidents(submission, repositories);
  await startCirculation(deps, submission.reference);
}

/** The reporting cycle a submission received now belongs to: the most recently adopted resolution. */
export async function currentCycle(cycles: CyclesRepository): Promise<Cycle> {
  const [latest] = await cycles.list();
  if (!latest) throw new Error('no reporting cycle is stored, so a submission cannot be recorded under one');
  return latest.cycle;
}

function statesCited(body: SubmissionBody): { path: string; code: StateCode }[] {
  return body.items.flatMap((item, index) => {
    if (item.kind !== 'violation') return [];
    const cited = [
      { path: `/items/${index}/occurredIn`, code: item.occurredIn },
      { path: `/items/${index}/affected/missionState`, code: item.affected.missionState },
    ];
    if (item.allegedOffender.presentIn !== undefined) cited.push({ path: `/items/${index}/allegedOffender/presentIn`, code: item.allegedOffender.presentIn });
    return cited;
  });
}

async function rejectUnknownRecords(input: RecordSubmissionInput, deps: IntakeDependencies, repositories: IntakeRepositories): Promise<void> {
  const errors = await checkAgainstRecords(input.body, input.reportingState, deps, repositories);
  if (errors.length > 0) throw new SubmissionRejectedError(errors);
}

/** The reference number `claimant` holds in the year of `at`. */
async function allocateReference(claimant: string, at: string, repositories: IntakeRepositories): Promise<string> {
  const year = new Date(at).getUTCFullYear();
  return formatReference(year, (await repositories.references.allocate(year, claimant)).sequence);
}

/**
 * Steps 5 and 6. The reference is this request's own (allocated to its claimant), so a submission
 * already under it was stored by this request's earlier write, whose answer was lost (the same
 * evidence), or by a retry that took over (`stored: false`: that retry appends the event).
 */
async function storeSubmission(
  reference: string,
  receivedAt: string,
  cycle: Cycle,
  input: RecordSubmissionInput,
  repositories: IntakeRepositories,
): Promise<{ submission: Submission; stored: boolean }> {
  const submission = createSubmission({
    body: input.body,
    reference,
    cycleId: cycle.id,
    reportingState: input.reportingState,
    source: input.source,
    receivedAt,
    attachments: input.attachments,
    evidence: input.evidence,
  });
  try {
    await repositories.submissions.create(submission);
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    const existing = await repositories.submissions.get(reference);
    if (!existing) throw error;
    const own = existing.evidence.bucket === input.evidence.bucket && existing.evidence.key === input.evidence.key && existing.receivedAt === receivedAt;
    if (!own) return { submission: existing, stored: false };
  }
  await recordReceived(submission, input.actor, repositories);
  return { submission, stored: true };
}

/**
 * A request whose idempotency key was claimed before: waits for the claiming attempt to name its
 * reference (allocating it in the claimant's name when that takes too long) and to store the
 * submission, stores it in that attempt's place if it can no longer be running, then completes
 * steps 7 and 8 and answers with the submission the key recorded.
 */
async function completeClaimed(
  claim: IdempotencyClaim,
  key: string,
  input: RecordSubmissionInput,
  deps: IntakeDependencies,
  repositories: IntakeRepositories,
): Promise<{ submission: Submission; replay: boolean }> {
  const now = deps.now ?? clockNow;
  const mayBeRunning = () => now().getTime() - Date.parse(claim.at) < attemptWindowMs;
  const reference =
    claim.reference ??
    (await waitForReference(input.reportingState, key, mayBeRunning, repositories.submissions)) ??
    (await referenceInPlaceOf(claim, key, input, repositories));
  let submission = await waitForSubmission(reference, mayBeRunning, repositories.submissions);
  let replay = true;
  if (!submission) {
    if (mayBeRunning()) throw new IdempotencyKeyInUseError(reference);
    await rejectUnknownRecords(input, deps, repositories);
    const stored = await storeSubmission(reference, claim.at, await currentCycle(repositories.cycles), input, repositories);
    submission = stored.submission;
    replay = !stored.stored;
  }
  return completeStored(submission, input, deps, repositories, replay);
}

/** A submission the key recorded: the same one, or IdempotencyKeyReusedError; then steps 6 to 8. */
async function completeStored(
  submission: Submission,
  input: RecordSubmissionInput,
  deps: IntakeDependencies,
  repositories: IntakeRepositories,
  replay: boolean,
): Promise<{ submission: Submission; replay: boolean }> {
  if (fingerprint(submission, submission.attachments) !== fingerprint(input.body, input.attachments)) throw new IdempotencyKeyReusedError(submission.reference);
  // The attempt that stored it may have failed before its `received` event.
  await recordReceived(submission, input.actor, repositories);
  await completeRecording(submission, deps, repositories);
  return { submission, replay };
}

/** The claimant's number, allocated by this request in its place, and named in the claim. */
async function referenceInPlaceOf(claim: IdempotencyClaim, key: string, input: RecordSubmissionInput, repositories: IntakeRepositories): Promise<string> {
  if (claim.claimant === '') throw new Error(`the idempotency key of ${input.reportingState} has a claim with neither claimant nor reference`);
  return repositories.submissions.nameReference(input.reportingState, key, await allocateReference(claim.claimant, claim.at, repositories));
}

async function waitForReference(state: StateCode, key: string, mayBeRunning: () => boolean, submissions: SubmissionsRepository): Promise<string | undefined> {
  for (const delay of referenceWaitDelaysMs) {
    if (!mayBeRunning()) return undefined;
    await new Promise((resolve) => setTimeout(resolve, delay));
    const reference = (await submissions.idempotencyClaim(state, key))?.reference;
    if (reference !== undefined) return reference;
  }
  return undefined;
}

async function waitForSubmission(reference: string, mayBeRunning: () => boolean, submissions: SubmissionsRepository): Promise<Submission | undefined> {
  for (const delay of [0, ...claimWaitDelaysMs]) {
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const submission = await submissions.get(reference);
    if (submission || !mayBeRunning()) return submission;
  }
  return undefined;
}

/** What makes two submissions the same submission: the form and the files, in a canonical text. */
function fingerprint(form: SubmissionBody, attachments: readonly StoredAttachment[]): string {
  const { formVersion, language, note, items } = form;
  return canonicalJson({ formVersion, language, note, items, attachments });
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Sends one note verbale to one State: rendered in the mission's working language (text, HTML
 * and the PDF of the note), to each of its healthy mailboxes, each send claimed before SES is
 * called and marked after, and paced so that all parallel senders together keep under SES's
 * maximum send rate.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { functionRegistry } from '../../registry.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { workflowTask } from '../../runtime/task.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { s3, sesv2 } from '../../aws/clients.ts';
import { sesAnswered, sesServerError } from '../../aws/mailer.ts';
import { sendEmailWithAttachments, type OutgoingAttachment } from '../../aws/mailer-attachments.ts';
import { CyclesRepository } from '../../aws/cycles-repository.ts';
import { IncidentsRepository } from '../../aws/incidents-repository.ts';
import { NotesRepository } from '../../aws/notes-repository.ts';
import { StatesRepository, type StateNames } from '../../aws/states-repository.ts';
import { SubmissionsRepository } from '../../aws/submissions-repository.ts';
import { isoInstantSchema, stateCodeSchema } from '../../core/codes.ts';
import type { Cycle } from '../../core/cycles.ts';
import { deliverableMailboxes, pacingMillis, type StateDispatchResult } from '../../core/dispatch.ts';
import { renderNote, type NoteInput, type ReportDetails } from '../../core/notes/index.ts';
import { renderNotePdf } from '../../core/notes/render-pdf.ts';
import { deriveObligations, earliestDueDate } from '../../core/obligations.ts';
import type { Submission } from '../../core/submissions.ts';
import { submissionText } from '../../core/submission-text.ts';
import { reportSummaryIn } from '../../core/notes/report-summary.ts';
import type { NoteLanguage } from '../../core/notes/types.ts';
import type { State } from '../../core/states.ts';

const env = loadEnvironment(functionRegistry.sendNote);
const observed = observability(functionRegistry.sendNote);

/** Thrown when SES refuses for the send rate: the workflow's Retry backs off and tries again. */
export class SendThrottled extends Error {
  override readonly name = 'SendThrottled';
}

/** SES answered with a server error after its own retries: the workflow's Retry tries the note again later. */
export class SendFailed extends Error {
  override readonly name = 'SendFailed';
}

const throttlingErrors = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'LimitExceededException']);

const input = z.object({
  noteId: z.string().min(1),
  kind: z.enum(['circular', 'pre-deadline-reminder', 'circulation', 'attention', 'reminder', 'withdrawal']),
  state: stateCodeSchema,
  cycleId: z.string().nullable().default(null),
  reference: z.string().nullable().default(null),
  incidentId: z.string().nullable().default(null),
  obligationId: z.string().optional(),
  reminderNumber: z.int().min(1).optional(),
  /** The workflow's clock (`$$.State.EnteredTime`): the note's date. */
  now: isoInstantSchema,
});
type SendNoteInput = z.infer<typeof input>;

interface Composed {
  readonly note: NoteInput;
  readonly enclosures: OutgoingAttachment[];
}

export const handler = workflowTask(functionRegistry.sendNote, input, async (task): Promise<StateDispatchResult> => {
  const access = tableAccess(env);
  const state = await new StatesRepository(access).get(task.state);
  const mailboxes = state ? deliverableMailboxes(state) : [];
  if (!state || mailboxes.length === 0) return { state: task.state, sent: 0, alreadySent: 0, uncertain: 0, unreached: true };

  const notes = new NotesRepository(access);
  const composed = await compose(task, state);
  // An attention note never asks a State for a report it has already made: owing nothing more, it is not sent.
  if (composed === undefined) return { state: task.state, sent: 0, alreadySent: 0, uncertain: 0, unreached: false };
  const record = await notes.allocate(task.noteId, composed.note.cycle.noteReferenceSeries, task.now.slice(0, 10));
  const note = { ...composed.note, reference: record.symbol, date: record.date } as NoteInput;
  const rendered = renderNote(note);
  const pdf = await renderNotePdf(note);
  const attachments = [{ fileName: rendered.fileName, contentType: 'application/pdf', content: pdf }, ...composed.enclosures];

  const minimumMillis = pacingMillis(Number(env.SES_MAX_SEND_RATE), Number(env.DISPATCH_CONCURRENCY));
  const result = { sent: 0, alreadySent: 0, uncertain: 0, failed: [] as string[] };
  for (const address of mailboxes) {
    const claim = await notes.claimSend(task.noteId, state.code, address, new Date().toISOString());
    if (claim === 'already-sent') result.alreadySent += 1;
    if (claim === 'uncertain') result.uncertain += 1;
    if (claim !== 'claimed') continue;
    const started = Date.now();
    let messageId: string;
    try {
      messageId = await sendEmailWithAttachments(
        sesv2(),
        {
          from: env.SENDER_ADDRESS,
          to: [address],
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          headers: { 'X-MPR-Note': record.symbol },
          configurationSet: env.SES_CONFIGURATION_SET,
          tags: { note: task.kind, state: state.code },
        },
        attachments,
      );
    } catch (error) {
      const name = (error as Error).name;
      if (!sesAnswered(error)) {
        // No answer (connection lost, timed out): SES may have accepted the message. The claim
        // stays, so that no retry sends a second note; the send is reported as uncertain.
        observed.logger.error('SES gave no answer to a send; it is kept as uncertain, not retried', { state: state.code, address, error: name });
        result.uncertain += 1;
        continue;
      }
      // SES refused it for certain: the claim is given back, so that a retry may send it.
      await notes.releaseSend(task.noteId, state.code, address);
      if (throttlingErrors.has(name)) throw new SendThrottled(`SES throttled the note to ${state.code}: ${name}`);
      if (sesServerError(error)) throw new SendFailed(`SES failed to take the note to ${state.code}: ${name}`);
      result.failed.push(`${address}: ${name}`);
      continue;
    }
    // Sent: from here no failure may give the claim back, or a retry would send the note again.
    await notes.markSent(task.noteId, state.code, address, messageId, new Date().toISOString());
    result.sent += 1;
    observed.business.count('notesSent', task.kind);
    const remaining = minimumMillis - (Date.now() - started);
    if (remaining > 0) await sleep(remaining);
  }
  const reached = result.sent + result.alreadySent + result.uncertain > 0;
  return {
    state: state.code,
    sent: result.sent,
    alreadySent: result.alreadySent,
    uncertain: result.uncertain,
    unreached: !reached,
    ...(result.failed.length ? { error: result.failed.join('; ') } : {}),
  };
});

/** The note for this State and kind, and what travels with it besides its PDF. */
async function compose(task: SendNoteInput, state: State): Promise<Composed | undefined> {
  const access = tableAccess(env);
  const common = { language: state.language, reference: '', date: '', addressee: { code: state.code, nameEn: state.nameEn, nameFr: state.nameFr, status: state.status } };
  const replyChannels = { email: env.REPORTING_ADDRESS, uploadUrl: env.SUBMISSION_FORM_URL };
  const submission = task.reference ? await new SubmissionsRepository(access).get(task.reference) : undefined;
  if (task.reference && !submission) throw new Error(`no submission ${task.reference}`);
  const incident = task.incidentId ? (await new IncidentsRepository(access).get(task.incidentId))?.incident : undefined;
  if (task.incidentId && !incident) throw new Error(`no incident ${task.incidentId}`);
  const cycle = await loadCycle(task.cycleId ?? submission?.cycleId ?? incident?.cycleId);

  switch (task.kind) {
    case 'circular':
    case 'pre-deadline-reminder':
      return { note: { ...common, cycle, kind: task.kind, replyChannels }, enclosures: [] };
    case 'withdrawal':
      return { note: { ...common, cycle, kind: 'withdrawal', reportReference: submission!.reference }, enclosures: [] };
    case 'circulation': {
      const registry = await registryByCode();
      const fileName = `${submission!.reference}.txt`;
      const enclosures = [
        { fileName, contentType: 'text/plain; charset=utf-8', content: new TextEncoder().encode(submissionText(submission!, englishNames(registry))) },
        ...(await stateAttachments(submission!)),
      ];
      return { note: { ...common, cycle, kind: 'circulation', report: { ...reportDetails(submission!, registry, state.language), attachmentFileName: fileName } }, enclosures };
    }
    case 'attention': {
      const owed = deriveObligations(incident!, cycle).filter((obligation) => obligation.owingState === state.code);
      if (owed.length > 0 && owed.every((obligation) => obligation.status === 'discharged')) return undefined;
      const dueDate = earliestDueDate(incident!, cycle, state.code);
      const details = reportDetails(submission!, await registryByCode(), state.language);
      // A report not circulated: the note draws attention to the procedure without the report's
      // text — the date and place of the incident only (docs/procedure.md).
      const { description: _description, ...withoutText } = details.summary;
      return {
        note: {
          ...common,
          cycle,
          kind: 'attention',
          report: submission!.decisions.circulate.value ? details : { ...details, summary: withoutText },
          concernedAs: incident!.statesConcerned.territorial === state.code ? 'territorial' : 'offender-present',
          ...(dueDate ? { dueDate } : {}),
          replyChannels,
        },
        enclosures: [],
      };
    }
    case 'reminder': {
      const obligation = deriveObligations(incident!, cycle).find((candidate) => candidate.id === task.obligationId);
      if (!obligation || obligation.kind === 'follow-up-where-possible' || obligation.dueDate === null) throw new Error(`no reminder is due for obligation ${task.obligationId}`);
      return {
        note: {
          ...common,
          cycle,
          kind: 'reminder',
          obligation: {
            kind: obligation.kind,
            dueDate: obligation.dueDate,
            incidentDate: incident!.incidentDate,
            ...(incident!.city ? { place: incident!.city } : {}),
            triggeringReference: obligation.triggeredBy.reference,
            reminderNumber: task.reminderNumber ?? 1,
          },
          replyChannels,
        },
        enclosures: [],
      };
    }
  }
}

async function loadCycle(cycleId: string | undefined): Promise<Cycle> {
  if (!cycleId) throw new Error('the note names no cycle, report or incident');
  const stored = await new CyclesRepository(tableAccess(env)).get(cycleId);
  if (!stored) throw new Error(`no cycle ${cycleId}`);
  return stored.cycle;
}

/** The names of the registry's States: the reporting State's and the places'. */
async function registryByCode(): Promise<ReadonlyMap<string, StateNames>> {
  return new StatesRepository(tableAccess(env)).names();
}

function englishNames(registry: ReadonlyMap<string, StateNames>): (code: string) => string {
  return (code) => registry.get(code)?.nameEn ?? code;
}

/** The report as a note in `language` describes it: State names, kinds and place in that language, the State's own words quoted. */
function reportDetails(submission: Submission, registry: ReadonlyMap<string, StateNames>, language: NoteLanguage): ReportDetails {
  const names = (code: string) => registry.get(code) ?? { nameEn: code, nameFr: code };
  return {
    reference: submission.reference,
    reportingState: names(submission.reportingState),
    noteDate: submission.note.date,
    summary: reportSummaryIn(language, submission, names),
  };
}

/** The documents the State attached (its own note, photographs): circulated as it sent them. */
async function stateAttachments(submission: Submission): Promise<OutgoingAttachment[]> {
  return Promise.all(
    submission.attachments.map(async (attachment) => {
      const object = await s3(env).send(new GetObjectCommand({ Bucket: env.EVIDENCE_BUCKET, Key: attachment.key }));
      return { fileName: attachment.fileName, contentType: attachment.contentType, content: await object.Body!.transformToByteArray() };
    }),
  );
}

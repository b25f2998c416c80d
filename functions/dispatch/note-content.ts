/**
 * What a note verbale to one State says and carries, read from the records: the cycle, the
 * report and incident it concerns, the registry's names, and the documents that travel with a
 * circulated report besides the note's own PDF.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CyclesRepository } from '../aws/cycles-repository.ts';
import { IncidentsRepository } from '../aws/incidents-repository.ts';
import type { OutgoingAttachment } from '../aws/mailer.ts';
import { type StateNames, StatesRepository } from '../aws/states-repository.ts';
import { SubmissionsRepository } from '../aws/submissions-repository.ts';
import type { TableAccess } from '../aws/table-repository.ts';
import type { Cycle } from '../core/cycles.ts';
import type { NoteInput, ReportDetails } from '../core/notes/index.ts';
import { reportSummaryIn } from '../core/notes/report-summary.ts';
import type { NoteLanguage } from '../core/notes/types.ts';
import { deriveObligations, earliestDueDate } from '../core/obligations.ts';
import type { State } from '../core/states.ts';
import { submissionText } from '../core/submission-text.ts';
import type { Submission } from '../core/submissions.ts';

/** The note a workflow asks for: its kind and what it concerns. */
export interface NoteRequest {
  readonly kind: 'circular' | 'pre-deadline-reminder' | 'circulation' | 'attention' | 'reminder' | 'withdrawal';
  readonly cycleId: string | null;
  readonly reference: string | null;
  readonly incidentId: string | null;
  readonly obligationId?: string | undefined;
  readonly reminderNumber?: number | undefined;
}

export interface NoteSources {
  readonly table: TableAccess;
  readonly s3: S3Client;
  readonly evidenceBucket: string;
  readonly replyChannels: { readonly email: string; readonly uploadUrl: string };
}

/** The note without its symbol and date (allocated when it is first sent), and its enclosures. */
export interface NoteContent {
  readonly note: NoteInput;
  readonly enclosures: OutgoingAttachment[];
  /** For an attention note of a report not circulated: its reference, so that the send records the attention drawn (no circulation does). */
  readonly uncirculatedReport?: string;
}

/**
 * The note for this State and kind, and what travels with it besides its PDF; undefined when the
 * note is not to be sent (an attention note to a State that owes nothing more on the incident).
 */
export async function noteContent(request: NoteRequest, state: State, sources: NoteSources): Promise<NoteContent | undefined> {
  const { table, replyChannels } = sources;
  const common = {
    language: state.language,
    reference: '',
    date: '',
    addressee: { code: state.code, nameEn: state.nameEn, nameFr: state.nameFr, status: state.status },
  };
  const submission = request.reference ? await new SubmissionsRepository(table).get(request.reference) : undefined;
  if (request.reference && !submission) throw new Error(`no submission ${request.reference}`);
  const incident = request.incidentId ? (await new IncidentsRepository(table).get(request.incidentId))?.incident : undefined;
  if (request.incidentId && !incident) throw new Error(`no incident ${request.incidentId}`);
  const cycle = await loadCycle(table, request.cycleId ?? submission?.cycleId ?? incident?.cycleId);
  const registry = () => new StatesRepository(table).names();

  switch (request.kind) {
    case 'circular':
    case 'pre-deadline-reminder':
      return { note: { ...common, cycle, kind: request.kind, replyChannels }, enclosures: [] };
    case 'withdrawal':
      return { note: { ...common, cycle, kind: 'withdrawal', reportReference: submission!.reference }, enclosures: [] };
    case 'circulation': {
      const names = await registry();
      const fileName = `${submission!.reference}.txt`;
      const enclosures = [
        { fileName, contentType: 'text/plain; charset=utf-8', content: new TextEncoder().encode(submissionText(submission!, englishNames(names))) },
        ...(await stateAttachments(submission!, sources)),
      ];
      return {
        note: { ...common, cycle, kind: 'circulation', report: { ...reportDetails(submission!, names, state.language), attachmentFileName: fileName } },
        enclosures,
      };
    }
    case 'attention': {
      // An attention note never asks a State for a report it has already made.
      const owed = deriveObligations(incident!, cycle).filter((obligation) => obligation.owingState === state.code);
      if (owed.length > 0 && owed.every((obligation) => obligation.status === 'discharged')) return undefined;
      const dueDate = earliestDueDate(incident!, cycle, state.code);
      const details = reportDetails(submission!, await registry(), state.language);
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
        ...(submission!.decisions.circulate.value ? {} : { uncirculatedReport: submission!.reference }),
        enclosures: [],
      };
    }
    case 'reminder': {
      const obligation = deriveObligations(incident!, cycle).find((candidate) => candidate.id === request.obligationId);
      if (!obligation || obligation.kind === 'follow-up-where-possible' || obligation.dueDate === null)
        throw new Error(`no reminder is due for obligation ${request.obligationId}`);
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
            reminderNumber: request.reminderNumber ?? 1,
          },
          replyChannels,
        },
        enclosures: [],
      };
    }
  }
}

async function loadCycle(table: TableAccess, cycleId: string | undefined): Promise<Cycle> {
  if (!cycleId) throw new Error('the note names no cycle, report or incident');
  const stored = await new CyclesRepository(table).get(cycleId);
  if (!stored) throw new Error(`no cycle ${cycleId}`);
  return stored.cycle;
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
async function stateAttachments(submission: Submission, sources: NoteSources): Promise<OutgoingAttachment[]> {
  return Promise.all(
    submission.attachments.map(async (attachment) => {
      const object = await sources.s3.send(new GetObjectCommand({ Bucket: sources.evidenceBucket, Key: attachment.key }));
      return { fileName: attachment.fileName, contentType: attachment.contentType, content: await object.Body!.transformToByteArray() };
    }),
  );
}

/**
 * First task of the circulation on receipt (paragraph 12(b) and (c)): circulate to every
 * addressee unless the reporting State asked otherwise — then the Secretariat alone is told, once
 * — and list the States whose attention is to be drawn to the procedure, incident by incident.
 */
import { z } from 'zod';
import { functionRegistry } from '../../registry.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { workflowTask } from '../../runtime/task.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { sesv2 } from '../../aws/clients.ts';
import { sendEmail, sesAnswered } from '../../aws/mailer.ts';
import { AuditRepository } from '../../aws/audit-repository.ts';
import { CyclesRepository } from '../../aws/cycles-repository.ts';
import { IncidentsRepository } from '../../aws/incidents-repository.ts';
import { NotesRepository } from '../../aws/notes-repository.ts';
import { StatesRepository } from '../../aws/states-repository.ts';
import { SubmissionsRepository } from '../../aws/submissions-repository.ts';
import { VersionConflictError } from '../../aws/errors.ts';
import { isoInstantSchema } from '../../core/codes.ts';
import { referenceSchema } from '../../core/submissions.ts';
import { attentionTargets, dispatchAddressees, noteId } from '../../core/dispatch.ts';
import { isWithdrawn } from '../../core/decisions.ts';
import { renderNote } from '../../core/notes/index.ts';
import type { Submission } from '../../core/submissions.ts';
import { submissionSummary } from '../../core/submission-text.ts';

const env = loadEnvironment(functionRegistry.planCirculation);
const observed = observability(functionRegistry.planCirculation);

const input = z.object({ reference: referenceSchema, now: isoInstantSchema });

/** The Secretariat's own mailbox, as the key of its send records (it is not a State). */
const secretariat = 'SECRETARIAT';

export const handler = workflowTask(functionRegistry.planCirculation, input, async ({ reference, now }) => {
  const access = tableAccess(env);
  const submission = await new SubmissionsRepository(access).get(reference);
  if (!submission) throw new Error(`no submission ${reference}`);
  const incidentsRepository = new IncidentsRepository(access);
  const incidentIds = await incidentsRepository.idsOfSubmission(reference);
  const incidents = (await Promise.all(incidentIds.map((id) => incidentsRepository.get(id)))).flatMap((stored) => (stored ? [stored.incident] : []));
  const plan = { cycleId: submission.cycleId, incidentIds, concurrency: Number(env.DISPATCH_CONCURRENCY) };
  // Withdrawn before its circulation ran: it goes nowhere.
  if (isWithdrawn(submission)) return { ...plan, incidentIds: [], circulate: false, noteId: null, addressees: [], attention: [] };

  const attention = attentionTargets(submission, incidents).map((target) => ({ ...target, noteId: noteId('attention', target.incidentId, reference) }));
  if (!submission.decisions.circulate.value) {
    await recordNotCirculated(submission, now);
    // 12(c) still applies: the States directly concerned are told of the procedure, without the report's text.
    return { ...plan, circulate: false, noteId: noteId('circulation', reference), addressees: [], attention };
  }
  const registry = await new StatesRepository(access).list();
  return {
    ...plan,
    circulate: true,
    noteId: noteId('circulation', reference),
    addressees: dispatchAddressees(registry).map((state) => ({ state: state.code })),
    attention,
  };
});

/** Status `not-circulated`, the audit event and the notice to the Secretariat: each once. */
async function recordNotCirculated(submission: Submission, now: string): Promise<void> {
  const access = tableAccess(env);
  const submissions = new SubmissionsRepository(access);
  if (submission.status === 'received') {
    try {
      await submissions.update({ ...submission, status: 'not-circulated' });
    } catch (error) {
      // Another run recorded it first.
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
  // Written whatever the status was: a run that changed it may have stopped before this.
  await new AuditRepository(access).appendOnce(
    {
      actor: { kind: 'system', id: 'circulation-workflow' },
      action: 'not-circulated',
      subject: { kind: 'submission', id: submission.reference },
      state: submission.reportingState,
      details: { decidedBy: submission.decisions.circulate.decidedBy },
      occurrence: 'not-circulated',
    },
    new Date(now),
  );
  const notice = noteId('not-circulated', submission.reference);
  const notes = new NotesRepository(access);
  const claim = await notes.claimSend(notice, secretariat, env.SECRETARIAT_ADDRESS, new Date().toISOString());
  if (claim !== 'claimed') return;
  const cycle = await new CyclesRepository(access).get(submission.cycleId);
  if (!cycle) throw new Error(`no cycle ${submission.cycleId}`);
  const record = await notes.allocate(notice, cycle.cycle.noteReferenceSeries, now.slice(0, 10));
  const names = await new StatesRepository(access).names();
  const reporting = names.get(submission.reportingState);
  const rendered = renderNote({
    kind: 'not-circulated-notice',
    language: 'en',
    reference: record.symbol,
    date: record.date,
    addressee: { code: secretariat, nameEn: 'Codification Division, Office of Legal Affairs', nameFr: 'Division de la codification, Bureau des affaires juridiques' },
    cycle: cycle.cycle,
    confidential: true,
    reason: submission.items.every((item) => item.kind === 'views') ? 'views' : submission.decisions.circulate.decidedBy === 'secretariat' ? 'secretariat' : 'state-request',
    report: {
      reference: submission.reference,
      reportingState: { nameEn: reporting?.nameEn ?? submission.reportingState, nameFr: reporting?.nameFr ?? submission.reportingState },
      noteDate: submission.note.date,
      summary: { description: submissionSummary(submission, (code) => names.get(code)?.nameEn ?? code).join(' ') },
    },
  });
  let messageId: string;
  try {
    messageId = await sendEmail(sesv2(), {
      from: env.SENDER_ADDRESS,
      to: [env.SECRETARIAT_ADDRESS],
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      configurationSet: env.SES_CONFIGURATION_SET,
      tags: { note: 'not-circulated-notice' },
    });
  } catch (error) {
    // Given back only when SES answered: with no answer the message may have left.
    if (sesAnswered(error)) await notes.releaseSend(notice, secretariat, env.SECRETARIAT_ADDRESS);
    throw error;
  }
  await notes.markSent(notice, secretariat, env.SECRETARIAT_ADDRESS, messageId, new Date().toISOString());
  observed.business.count('notesSent', 'not-circulated-notice');
}


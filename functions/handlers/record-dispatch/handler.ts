/**
 * The last task of every dispatch: totals per note (sent, already sent, uncertain, unreached),
 * recorded once per execution, the audit trail, and a message to the Secretariat naming any State
 * the note did not reach. For a circulation, the submission becomes `circulated`.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { AuditRepository } from '../../aws/audit-repository.ts';
import { VersionConflictError } from '../../aws/errors.ts';
import { keys } from '../../aws/keys.ts';
import { functionNoteSender } from '../../aws/note-sender.ts';
import { SubmissionsRepository } from '../../aws/submissions-repository.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { isoInstantSchema, stateCodeSchema } from '../../core/codes.ts';
import { noteId, type StateDispatchResult, totalDispatch, unreachedNotice } from '../../core/dispatch.ts';
import { secretariatCode } from '../../core/secretariat.ts';
import { functionRegistry } from '../../registry.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { workflowTask } from '../../runtime/task.ts';

const env = loadEnvironment(functionRegistry.recordDispatch);
const observed = observability(functionRegistry.recordDispatch);

const resultSchema = z.object({
  state: stateCodeSchema,
  sent: z.int().min(0),
  alreadySent: z.int().min(0),
  uncertain: z.int().min(0),
  unreached: z.boolean(),
  error: z.string().optional(),
});

const input = z.object({
  kind: z.enum(['circular', 'pre-deadline-reminder', 'circulation', 'withdrawal']),
  noteId: z.string().min(1),
  cycleId: z.string().nullable(),
  reference: z.string().nullable(),
  executionName: z.string().min(1),
  results: z.array(resultSchema),
  attention: z.array(resultSchema).optional(),
  /** Why a pre-deadline reminder was not sent (its day had passed): recorded, so that the status says so. */
  skipped: z.string().min(1).optional(),
  now: isoInstantSchema,
});

const descriptions = {
  circular: (cycleId: string | null) => `the circular note of cycle ${cycleId}`,
  'pre-deadline-reminder': (cycleId: string | null) => `a pre-deadline reminder of cycle ${cycleId}`,
  circulation: (_cycleId: string | null, reference: string | null) => `the circulation of report ${reference}`,
  withdrawal: (_cycleId: string | null, reference: string | null) => `the notes of withdrawal of report ${reference}`,
} as const;

export const handler = workflowTask(functionRegistry.recordDispatch, input, async (task) => {
  const access = tableAccess(env);
  const totals = totalDispatch(task.results as StateDispatchResult[]);
  const attentionTotals = task.attention ? totalDispatch(task.attention as StateDispatchResult[]) : undefined;
  await access.client.send(
    new PutCommand({
      TableName: access.tableName,
      Item: { ...keys.dispatchRecord(task.noteId, task.executionName), ...task, results: undefined, totals, attentionTotals, recordedAt: task.now },
    }),
  );
  const audit = new AuditRepository(access);
  const actor = { kind: 'system', id: `${task.kind}-workflow` } as const;
  if (task.kind === 'circulation' && task.reference) {
    await markCirculated(task.reference);
    await audit.appendOnce(
      {
        actor,
        action: 'circulated',
        subject: { kind: 'submission', id: task.reference },
        details: { noteId: task.noteId, ...totals },
        occurrence: task.noteId,
      },
      new Date(task.now),
    );
    for (const reached of (task.attention ?? []).filter((result) => !result.unreached)) {
      await audit.appendOnce(
        {
          actor,
          action: 'attention-drawn',
          subject: { kind: 'submission', id: task.reference },
          state: reached.state,
          details: { noteId: task.noteId },
          occurrence: `${task.noteId}:attention:${reached.state}`,
        },
        new Date(task.now),
      );
    }
  } else if (task.kind === 'withdrawal' && task.reference) {
    await audit.appendOnce(
      { actor, action: 'withdrawn', subject: { kind: 'submission', id: task.reference }, details: { noteId: task.noteId, ...totals }, occurrence: task.noteId },
      new Date(task.now),
    );
  } else if (task.cycleId && task.skipped) {
    await audit.appendOnce(
      {
        actor,
        action: 'skipped',
        subject: { kind: 'cycle', id: task.cycleId },
        details: { kind: task.kind, noteId: task.noteId, reason: task.skipped },
        occurrence: `${task.noteId}:${task.executionName}`,
      },
      new Date(task.now),
    );
  } else if (task.cycleId) {
    await audit.appendOnce(
      {
        actor,
        action: 'circulated',
        subject: { kind: 'cycle', id: task.cycleId },
        details: { kind: task.kind, noteId: task.noteId, ...totals },
        occurrence: `${task.noteId}:${task.executionName}`,
      },
      new Date(task.now),
    );
  }
  const unreached = [...totals.unreached, ...(attentionTotals?.unreached ?? [])];
  if (unreached.length > 0) {
    const notice = unreachedNotice({ ...totals, unreached }, descriptions[task.kind](task.cycleId, task.reference));
    // Once per run: a retried task finds the notice sent; one SES refused is sent by the retry.
    const sent = await functionNoteSender(access, env, observed).sendOnce({
      noteId: noteId('unreached-notice', task.noteId, task.executionName),
      kind: 'unreached-notice',
      state: secretariatCode,
      address: env.SECRETARIAT_ADDRESS,
      message: { subject: notice.subject, text: notice.text },
    });
    if (sent.status === 'refused') throw sent.error;
  }
  // Counted last, once everything above is recorded, so that a retried task counts once.
  observed.business.count('statesUnreached', task.kind, totals.unreached.length);
  observed.business.count('statesUnreached', 'attention', attentionTotals?.unreached.length ?? 0);
  return { ...totals, attention: attentionTotals ?? null };
});

/** The submission's status becomes `circulated`; a concurrent change is re-read and retried. */
async function markCirculated(reference: string): Promise<void> {
  const submissions = new SubmissionsRepository(tableAccess(env));
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const submission = await submissions.get(reference);
    if (!submission) throw new Error(`no submission ${reference}`);
    if (submission.status === 'circulated') return;
    try {
      await submissions.update({ ...submission, status: 'circulated' });
      return;
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
  throw new VersionConflictError(`submission ${reference} kept changing while it was being marked circulated`);
}

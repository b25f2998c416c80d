/**
 * A workflow's task: one note verbale to one State (dispatch/send-note.ts); in the circulation
 * workflow, also the Secretariat's notice of a report not circulated
 * (dispatch/not-circulated-notice.ts); in the resend workflow, also a released message sent
 * outside a note's task, sent again to its mailbox from what its claim kept.
 */
import * as z from 'zod/mini';
import { s3 } from '../../aws/clients.ts';
import { functionNoteSender } from '../../aws/note-sender.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { isoInstantSchema, stateCodeSchema } from '../../core/codes.ts';
import { pacingMillis, sentMessageKinds } from '../../core/dispatch.ts';
import { referenceSchema } from '../../core/references.ts';
import { secretariatCode } from '../../core/secretariat.ts';
import { sendNotCirculatedNotice } from '../../dispatch/not-circulated-notice.ts';
import { resendKeptMessage, sendNoteToState } from '../../dispatch/send-note.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { workflowTask } from '../../runtime/task.ts';
import { sendNote as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);
const observed = observability(thisFunction);

const noteInput = z.object({
  noteId: z.string().check(z.minLength(1)),
  kind: z.enum(['circular', 'pre-deadline-reminder', 'circulation', 'attention', 'reminder', 'withdrawal']),
  state: stateCodeSchema,
  cycleId: z._default(z.nullable(z.string()), null),
  reference: z._default(z.nullable(z.string()), null),
  incidentId: z._default(z.nullable(z.string()), null),
  obligationId: z.optional(z.string()),
  reminderNumber: z.optional(z.int().check(z.gte(1))),
  /** The workflow's clock (`$$.State.EnteredTime`): the note's date. */
  now: isoInstantSchema,
});

const keptMessageInput = z.object({
  noteId: z.string().check(z.minLength(1)),
  kind: z.enum(sentMessageKinds),
  state: z.union([stateCodeSchema, z.literal(secretariatCode)]),
  address: z.string().check(z.minLength(3)),
  keptMessage: z.string().check(z.minLength(2)),
});

const notCirculatedNoticeInput = z.object({
  notice: z.literal('not-circulated'),
  reference: referenceSchema,
  /** The workflow's clock: the notice's date. */
  now: isoInstantSchema,
});

// A kept message is told apart by its `keptMessage`, a notice by its `notice`; a note's task input has neither.
const input = z.union([keptMessageInput, notCirculatedNoticeInput, noteInput]);

export const handler = workflowTask(thisFunction, input, async (task) => {
  const table = tableAccess(env);
  const sender = functionNoteSender(table, env, observed);
  if ('keptMessage' in task) return resendKeptMessage(task, sender);
  if ('notice' in task) return sendNotCirculatedNotice(task.reference, task.now, { table, sender, secretariatAddress: env.SECRETARIAT_ADDRESS });
  return sendNoteToState(task, {
    table,
    s3: s3(env),
    evidenceBucket: env.EVIDENCE_BUCKET,
    replyChannels: { email: env.REPORTING_ADDRESS, uploadUrl: env.SUBMISSION_FORM_URL },
    sender,
    pacingMillis: pacingMillis(Number(env.SES_MAX_SEND_RATE), Number(env.DISPATCH_CONCURRENCY)),
  });
});

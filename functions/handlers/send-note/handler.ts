/**
 * A workflow's task: one note verbale to one State (dispatch/send-note.ts).
 */
import * as z from 'zod/mini';
import { s3 } from '../../aws/clients.ts';
import { sendEmailWithAttachments } from '../../aws/mailer-attachments.ts';
import { functionNoteSender } from '../../aws/note-sender.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { isoInstantSchema, stateCodeSchema } from '../../core/codes.ts';
import { pacingMillis } from '../../core/dispatch.ts';
import { sendNoteToState } from '../../dispatch/send-note.ts';
import { functionRegistry } from '../../registry.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { workflowTask } from '../../runtime/task.ts';

const env = loadEnvironment(functionRegistry.sendNote);
const observed = observability(functionRegistry.sendNote);

const input = z.object({
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

export const handler = workflowTask(functionRegistry.sendNote, input, async (task) => {
  const table = tableAccess(env);
  return sendNoteToState(task, {
    table,
    s3: s3(env),
    evidenceBucket: env.EVIDENCE_BUCKET,
    replyChannels: { email: env.REPORTING_ADDRESS, uploadUrl: env.SUBMISSION_FORM_URL },
    sender: functionNoteSender(table, env, observed, sendEmailWithAttachments),
    pacingMillis: pacingMillis(Number(env.SES_MAX_SEND_RATE), Number(env.DISPATCH_CONCURRENCY)),
  });
});

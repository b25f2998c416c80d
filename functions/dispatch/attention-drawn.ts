/**
 * The audit event of an attention note (paragraph 12 (c)) for a report that is not circulated.
 *
 * A circulated report's attention notes are recorded by the circulation's last task, with the
 * circulation (record-dispatch). A report not circulated has no such task: the States directly
 * concerned still have their attention drawn to the procedure (docs/procedure.md), so each
 * attention note that reached its State is recorded here, once, as the circulation would record
 * it: the same action, actor and occurrence, so that a later circulation of the same report (a
 * Secretariat decision) finds it recorded and adds nothing.
 */
import { AuditRepository } from '../aws/audit-repository.ts';
import type { TableAccess } from '../aws/table-repository.ts';
import type { StateCode } from '../core/codes.ts';
import { attentionDrawnOccurrence } from '../core/dispatch-record.ts';

export interface AttentionNoteSent {
  /** The attention note's own id (`attention:<incident>:<reference>`). */
  readonly noteId: string;
  readonly reference: string;
  readonly state: StateCode;
  /** The workflow's clock. */
  readonly now: string;
}

/** Records `attention-drawn` for a report not circulated (note-content.ts says which); a circulated report's is left to its circulation. */
export async function recordAttentionDrawnUncirculated(note: AttentionNoteSent, table: TableAccess): Promise<void> {
  await new AuditRepository(table).appendOnce(
    {
      actor: { kind: 'system', id: 'circulation-workflow' },
      action: 'attention-drawn',
      subject: { kind: 'submission', id: note.reference },
      state: note.state,
      details: { noteId: note.noteId, circulated: false },
      occurrence: attentionDrawnOccurrence(note.reference, note.state),
    },
    new Date(note.now),
  );
}

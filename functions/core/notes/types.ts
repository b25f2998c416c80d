/**
 * What a note is made from and what rendering it gives.
 */
import type { Cycle } from '../cycles.ts';
import type { ObligationKind } from '../obligations.ts';
import type { StateStatus } from '../states.ts';
import type { NoteLanguage } from './languages.ts';

export type { NoteLanguage } from './languages.ts';

export const noteKinds = ['circular', 'pre-deadline-reminder', 'circulation', 'attention', 'reminder', 'not-circulated-notice', 'withdrawal'] as const;
export type NoteKind = (typeof noteKinds)[number];

/**
 * Who the note goes to: a State (a registry `State` will do), or, for the internal notice, the
 * Secretariat unit. `status: 'observer'` addresses the Permanent Observer rather than the
 * Permanent Representative.
 */
export interface NoteAddressee {
  readonly code: string;
  readonly nameEn: string;
  readonly nameFr: string;
  readonly status?: StateStatus;
}

export interface StateNames {
  readonly nameEn: string;
  readonly nameFr: string;
}

/** Where States send replies. Printed as text, never as links. */
export interface ReplyChannels {
  readonly email: string;
  readonly uploadUrl: string;
}

/** What a note says about a report it concerns; only the fields given are printed. */
export interface ReportSummary {
  readonly place?: string;
  /** `YYYY-MM-DD`. */
  readonly incidentDate?: string;
  /** What happened, in a sentence or two. */
  readonly description?: string;
}

export interface ReportDetails {
  /** The Secretariat's reference, `MPR-<year>-<sequence>`. */
  readonly reference: string;
  readonly reportingState: StateNames;
  /** The date of the reporting State's note, `YYYY-MM-DD`. */
  readonly noteDate: string;
  readonly summary: ReportSummary;
  /** The report as attached to the note; a note with an attachment ends with "Enclosure". */
  readonly attachmentFileName?: string;
}

/** The report owed, as reminded under 12(d). Invitations (`follow-up-where-possible`) are never reminded. */
export interface ReminderObligation {
  readonly kind: Exclude<ObligationKind, 'follow-up-where-possible'>;
  /** `YYYY-MM-DD`. */
  readonly dueDate: string;
  /** `YYYY-MM-DD`. */
  readonly incidentDate: string;
  readonly place?: string;
  /** The reference of the report that gave rise to the obligation. */
  readonly triggeringReference: string;
  /** 1 for the first reminder; from 2 on, the note takes a firmer tone. */
  readonly reminderNumber: number;
}

interface NoteCommon {
  readonly language: NoteLanguage;
  /** The note's full symbol, e.g. `LA/COD/72/2024/17` (see `noteSymbol`). */
  readonly reference: string;
  /** The note's date, `YYYY-MM-DD`. */
  readonly date: string;
  readonly addressee: NoteAddressee;
  readonly cycle: Cycle;
  readonly confidential?: boolean;
}

/** 12(a) and 13: reminds every State of the reporting request and invites views. */
export interface CircularNoteInput extends NoteCommon {
  readonly kind: 'circular';
  readonly replyChannels: ReplyChannels;
}

/** To a State that has sent nothing in the cycle, before the reply deadline. */
export interface PreDeadlineReminderInput extends NoteCommon {
  readonly kind: 'pre-deadline-reminder';
  readonly replyChannels: ReplyChannels;
}

/** 12(b): a report received, circulated to every State with the report enclosed. */
export interface CirculationNoteInput extends NoteCommon {
  readonly kind: 'circulation';
  readonly report: ReportDetails & { readonly attachmentFileName: string };
}

/** 12(c): to a State directly concerned by a reported serious violation. */
export interface AttentionNoteInput extends NoteCommon {
  readonly kind: 'attention';
  readonly report: ReportDetails;
  /** The addressee as the State where the violation took place, or where the alleged offender is present. */
  readonly concernedAs: 'territorial' | 'offender-present';
  /** The date by which the information is requested, when the Secretariat sets one. */
  readonly dueDate?: string;
  readonly replyChannels: ReplyChannels;
}

/** 12(d): to the territorial State, when a report under 11(a) or 11(b) is overdue. */
export interface ReminderNoteInput extends NoteCommon {
  readonly kind: 'reminder';
  readonly obligation: ReminderObligation;
  readonly replyChannels: ReplyChannels;
}

/** Internal: tells the Secretariat that a report will not be circulated, at the reporting State's request. */
export interface NotCirculatedNoticeInput extends NoteCommon {
  readonly kind: 'not-circulated-notice';
  readonly report: ReportDetails;
  /** Why: the State asked (the default), the communication holds views only, or the Secretariat decided. */
  readonly reason?: 'state-request' | 'views' | 'secretariat';
}

/** To each State that received a report (or a note about it) that the Secretariat has withdrawn. */
export interface WithdrawalNoteInput extends NoteCommon {
  readonly kind: 'withdrawal';
  /** The Secretariat's reference of the withdrawn report. */
  readonly reportReference: string;
}

export type NoteInput =
  | CircularNoteInput
  | PreDeadlineReminderInput
  | CirculationNoteInput
  | AttentionNoteInput
  | ReminderNoteInput
  | NotCirculatedNoticeInput
  | WithdrawalNoteInput;

/** A body paragraph: running text, or one line of a list (a summary of a report, say). */
export interface NoteParagraph {
  readonly kind: 'text' | 'item';
  readonly text: string;
}

export interface RenderedNote {
  readonly kind: NoteKind;
  readonly language: NoteLanguage;
  /** One line, for the e-mail subject; carries the deadline or due date where there is one. */
  readonly subject: string;
  /** The note as plain text: the e-mail body. */
  readonly text: string;
  /** The note as a small HTML document. */
  readonly html: string;
  /** For the PDF, e.g. `LA-COD-72-2024-17-FRA.pdf`. */
  readonly fileName: string;
  readonly layout: 'note-verbale' | 'internal-notice';
  readonly letterhead: string;
  readonly heading: string;
  readonly reference: string;
  /** "Confidential" in the note's language, when the note is. */
  readonly marking?: string;
  /** The internal notice's "To:" line. */
  readonly addresseeLine?: string;
  readonly paragraphs: readonly NoteParagraph[];
  /** Place and date, last line of the note's text. */
  readonly dateLine: string;
  /** "Enclosure" in the note's language, when something is attached. */
  readonly enclosure?: string;
  /** What the note had to make do without, such as a State name whose French article is unknown. */
  readonly warnings: readonly string[];
}

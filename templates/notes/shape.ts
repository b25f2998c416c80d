/**
 * The shape every language's note templates must have (`en.ts`, `fr.ts` beside it). A template is
 * plain text with `{name}` placeholders; `fill` replaces them in one pass, so a value is never
 * read for placeholders itself.
 *
 * Placeholders available to every template of a note:
 *
 * - `{topic}` the subject-line topic of the item (from the template itself);
 * - `{resolution}` the resolution's number without `A/RES/` (e.g. `77/108`), `{adoptedOn}` its
 *   date, `{title}` its title in the note's language;
 * - `{reporting}`, `{circularNote}`, `{views}`, `{reportRequest}` the paragraph numbers of the
 *   cycle (never write a paragraph number into a template);
 * - `{session}` the session the report of the Secretary-General goes to, as an ordinal word
 *   ("seventy-ninth", "soixante-dix-neuvième");
 * - `{deadline}` the cycle's reply deadline;
 * - `{state}` / `{ofState}` the addressee in running text ("the Netherlands" / "of the
 *   Netherlands"; "la France" / "de la France").
 *
 * Kind-specific placeholders are named in the comments below.
 */

/**
 * How the notes name the Secretary-General and refer back to the office-holder: `{SG}` at the
 * start of a sentence, `{sg}` within one, `{toSg}`, `{ofSg}`, `{sgPronoun}` ("celui-ci"),
 * `{he}`, `{his}`, `{him}`. By the pronoun the cycle gives for the note's date.
 */
export interface SecretaryGeneralForms {
  readonly SG: string;
  readonly sg: string;
  readonly toSg: string;
  readonly ofSg: string;
  readonly sgPronoun: string;
  readonly he: string;
  readonly his: string;
  readonly him: string;
}

export interface NoteTemplates {
  /** The first line of the printed note. */
  readonly letterhead: string;
  readonly secretaryGeneral: { readonly he: SecretaryGeneralForms; readonly she: SecretaryGeneralForms; readonly unknown: SecretaryGeneralForms };
  /** Heading of the HTML version of a note verbale, and of an internal notice. */
  readonly noteVerbaleHeading: string;
  readonly internalNoticeHeading: string;
  /** The mark under the reference when the note is confidential. */
  readonly confidential: string;
  /** The last line of a note that carries an attachment. */
  readonly enclosure: string;
  /** `{name}`: the unit an internal notice goes to. */
  readonly addresseeLine: string;
  /** `{date}`: the place and date the note ends with. */
  readonly dateLine: string;
  /** `{label}`, `{value}`: one line of a summary list. */
  readonly listItem: string;
  readonly topic: string;
  /** Month names, January first, as they appear in a date. */
  readonly months: readonly [string, string, string, string, string, string, string, string, string, string, string, string];
  /**
   * Titles of resolutions in this language, keyed by the English title the cycle holds. A
   * cycle's title missing here is printed as given, and the note reports a warning.
   */
  readonly resolutionTitles: Readonly<Record<string, string>>;
  readonly labels: {
    readonly place: string;
    readonly incidentDate: string;
    readonly description: string;
    readonly report: string;
  };
  /** The first paragraph of every note verbale, by the addressee's title. */
  readonly opening: {
    readonly representative: string;
    readonly observer: string;
  };
  /** `{email}`, `{uploadUrl}`: where replies go. */
  readonly circular: {
    readonly subject: string;
    readonly body: readonly string[];
  };
  /** `{email}`, `{uploadUrl}`. */
  readonly preDeadlineReminder: {
    readonly subject: string;
    readonly body: readonly string[];
  };
  /**
   * `{reportingState}`, `{ofReportingState}` the reporting State in running text (as `{state}`
   * and `{ofState}`), `{noteDate}` the date of its note, `{reportReference}` the Secretariat's
   * reference of the report.
   */
  readonly circulation: {
    readonly subject: string;
    readonly transmittal: string;
    readonly summaryIntroduction: string;
    readonly closing: string;
  };
  /** As for circulation, plus `{dueDate}`, `{email}`, `{uploadUrl}`. */
  readonly attention: {
    readonly subject: string;
    readonly subjectWithDueDate: string;
    readonly introduction: string;
    readonly introductionWithEnclosure: string;
    readonly summaryIntroduction: string;
    readonly asTerritorialState: string;
    readonly asStateWhereOffenderIsPresent: string;
    readonly request: string;
    readonly requestWithDueDate: string;
  };
  /**
   * `{dueDate}`, `{email}`, `{uploadUrl}`; in subjects, `{ordinal}` the reminder's rank as a
   * word ("second").
   */
  readonly reminder: {
    readonly subject: string;
    readonly furtherSubject: string;
    readonly introduction: string;
    readonly furtherIntroduction: string;
    readonly owed: {
      readonly 'violation-report': string;
      readonly 'follow-up': string;
      readonly 'follow-up-outcome': string;
    };
    readonly request: string;
    readonly furtherRequest: string;
  };
  /** `{reportReference}`: the withdrawn report. */
  readonly withdrawal: {
    readonly subject: string;
    readonly body: string;
  };
  /** As for circulation. */
  readonly notCirculated: {
    readonly subject: string;
    /** The reporting State asked that its report not be circulated. */
    readonly notice: string;
    /** The communication holds views only, which 12(b) does not circulate. */
    readonly noticeViews: string;
    /** The Secretariat decided, after consulting the State. */
    readonly noticeSecretariat: string;
    readonly scope: string;
  };
}

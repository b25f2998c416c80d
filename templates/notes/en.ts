/**
 * The notes verbales of the Secretariat in English. Placeholders are listed in
 * shape.ts; paragraph numbers always come from the cycle.
 *
 * The notes paraphrase the operative paragraphs rather than quote them: the cycle's text of the
 * paragraphs is not the official wording until checked, and exists in English only.
 */
import type { NoteTemplates } from './shape.ts';

const replyChannels = 'by e-mail to {email} or through the online reporting service at {uploadUrl}';

const measuresOf11b =
  'the measures taken to bring the offender to justice, in time on the final outcome of the proceedings, and on the measures adopted to prevent a repetition of such violations';

export const en = {
  letterhead: 'UNITED NATIONS  NATIONS UNIES',
  // When the cycle does not say who holds the office on the note's date, both pronouns.
  secretaryGeneral: {
    he: {
      SG: 'The Secretary-General',
      sg: 'the Secretary-General',
      toSg: 'to the Secretary-General',
      ofSg: 'of the Secretary-General',
      sgPronoun: 'him',
      he: 'he',
      his: 'his',
      him: 'him',
    },
    she: {
      SG: 'The Secretary-General',
      sg: 'the Secretary-General',
      toSg: 'to the Secretary-General',
      ofSg: 'of the Secretary-General',
      sgPronoun: 'her',
      he: 'she',
      his: 'her',
      him: 'her',
    },
    unknown: {
      SG: 'The Secretary-General',
      sg: 'the Secretary-General',
      toSg: 'to the Secretary-General',
      ofSg: 'of the Secretary-General',
      sgPronoun: 'him or her',
      he: 'he or she',
      his: 'his or her',
      him: 'him or her',
    },
  },
  noteVerbaleHeading: 'Note verbale',
  internalNoticeHeading: 'Internal notice',
  confidential: 'Confidential',
  enclosure: 'Enclosure',
  addresseeLine: 'To: {name}',
  dateLine: 'New York, {date}',
  listItem: '{label}: {value}',
  topic: 'Protection of diplomatic and consular missions and representatives',
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  resolutionTitles: {},
  labels: {
    place: 'Place',
    incidentDate: 'Date of the incident',
    description: 'Description',
    report: 'Report reference',
  },
  opening: {
    representative:
      'The Secretary-General of the United Nations presents {his} compliments to the Permanent Representative {ofState} to the United Nations and has the honour to refer to General Assembly resolution {resolution} of {adoptedOn}, entitled “{title}”.',
    observer:
      'The Secretary-General of the United Nations presents {his} compliments to the Permanent Observer {ofState} to the United Nations and has the honour to refer to General Assembly resolution {resolution} of {adoptedOn}, entitled “{title}”.',
  },
  circular: {
    subject: '{topic} — reports and views requested by {deadline}',
    body: [
      'In paragraph {reporting} (a) of that resolution, the General Assembly requested all States to report to the Secretary-General, concisely and promptly and in accordance with the guidelines prepared by the Secretary-General (A/42/485, annex), serious violations of the protection, security and safety of diplomatic and consular missions and representatives, as well as of missions and representatives with diplomatic status to international intergovernmental organizations. In paragraph {reporting} (b), it requested the State in which a violation took place and, where possible, the State where the alleged offender is present to report on ' +
        measuresOf11b +
        '.',
      'Pursuant to paragraph {circularNote} (a) of the resolution, the Secretary-General wishes to remind all States of that request. In accordance with paragraph {circularNote} (b), reports received under paragraph {reporting} will be circulated to all States upon receipt, unless the reporting State requests otherwise; a State that does not wish its report to be circulated is invited to say so when transmitting it.',
      'Pursuant to paragraph {views} of the resolution, the Secretary-General also invites States to inform {him} of their views on any measures needed or already taken to enhance the protection, security and safety of diplomatic and consular missions and representatives.',
      'In paragraph {reportRequest} of the resolution, the General Assembly requested the Secretary-General to submit to it at its {session} session a report containing, among other things, a summary of the reports received and of the views expressed.',
      'The Secretary-General would be grateful to receive any reports and views no later than {deadline}, ' + replyChannels + '.',
    ],
  },
  preDeadlineReminder: {
    subject: '{topic} — reminder: reply requested by {deadline}',
    body: [
      'The Secretary-General wishes to refer to {his} circular note issued pursuant to paragraphs {circularNote} (a) and {views} of the resolution, in which {he} reminded States of the request contained in paragraph {reporting} and invited them to inform {him} of their views on any measures needed or already taken to enhance the protection, security and safety of diplomatic and consular missions and representatives. Replies are requested no later than {deadline}, so that they may be reflected in {his} report to the General Assembly at its {session} session.',
      'According to the records of the Secretariat, no reply has yet been received from the Government {ofState}. A reply indicating that there is nothing to report would also be welcome.',
      'The Secretary-General would be grateful to receive any report or views no later than {deadline}, ' + replyChannels + '.',
    ],
  },
  circulation: {
    subject: '{topic} — report {reportReference} received from {reportingState}',
    transmittal:
      'Pursuant to paragraph {circularNote} (b) of the resolution, the Secretary-General transmits herewith the report submitted by the Government {ofReportingState} under paragraph {reporting} of the resolution by a note dated {noteDate}, registered by the Secretariat under reference {reportReference}.',
    summaryIntroduction: 'The report concerns the following:',
    closing: 'The report is enclosed in the language in which it was submitted.',
  },
  attention: {
    subject: '{topic} — serious violation reported under paragraph {reporting} (a) ({reportReference})',
    subjectWithDueDate: '{topic} — serious violation reported under paragraph {reporting} (a) ({reportReference}) — reply requested by {dueDate}',
    introduction:
      'Pursuant to paragraph {circularNote} (c) of the resolution, the Secretary-General wishes to draw the attention of the Government {ofState} to the reporting procedure established by the resolution, in connection with a serious violation reported by the Government {ofReportingState} under paragraph {reporting} (a) in a note dated {noteDate}, registered by the Secretariat under reference {reportReference}.',
    introductionWithEnclosure:
      'Pursuant to paragraph {circularNote} (c) of the resolution, the Secretary-General wishes to draw the attention of the Government {ofState} to the reporting procedure established by the resolution, in connection with a serious violation reported by the Government {ofReportingState} under paragraph {reporting} (a) in a note dated {noteDate}, registered by the Secretariat under reference {reportReference}. A copy of the report is enclosed.',
    summaryIntroduction: 'According to the report:',
    asTerritorialState:
      'As the violation is reported to have taken place in its territory, the Government {ofState} is requested, under paragraph {reporting} (a) of the resolution, to report on it to the Secretary-General if it has not already done so and, under paragraph {reporting} (b), to report on ' +
      measuresOf11b +
      '.',
    asStateWhereOffenderIsPresent:
      'As the alleged offender is reported to be present in its territory, the Government {ofState} is requested, where possible, under paragraph {reporting} (b) of the resolution, to report to the Secretary-General on ' +
      measuresOf11b +
      '.',
    request: 'The Secretary-General would be grateful to receive that information as soon as it is available, ' + replyChannels + '.',
    requestWithDueDate: 'The Secretary-General would be grateful to receive that information no later than {dueDate}, ' + replyChannels + '.',
  },
  reminder: {
    subject: '{topic} — reminder: report due on {dueDate}',
    furtherSubject: '{topic} — {ordinal} reminder: report due on {dueDate}',
    introduction:
      'Pursuant to paragraph {circularNote} (d) of the resolution, the Secretary-General wishes to draw the attention of the Government {ofState} to a report that is still outstanding concerning the serious violation described below:',
    furtherIntroduction:
      'Pursuant to paragraph {circularNote} (d) of the resolution, the Secretary-General wishes to refer to {his} previous correspondence on this matter and notes with concern that a report concerning the serious violation described below is still outstanding:',
    owed: {
      'violation-report':
        'As the violation is reported to have taken place in its territory, the Government {ofState} was requested, under paragraph {reporting} (a) of the resolution, to report on it to the Secretary-General. That report was due on {dueDate} and has not yet been received.',
      'follow-up':
        'As the violation is reported to have taken place in its territory, the Government {ofState} was requested, under paragraph {reporting} (b) of the resolution, to report to the Secretary-General on the measures taken to bring the offender to justice and on the measures adopted to prevent a repetition of such violations. That report was due on {dueDate} and has not yet been received.',
      'follow-up-outcome':
        'The Secretary-General thanks the Government {ofState} for its report under paragraph {reporting} (b) of the resolution on the measures taken following this violation. Paragraph {reporting} (b) also asks that the final outcome of the proceedings be reported in time; that information was expected by {dueDate} and has not yet been received.',
    },
    request: 'The Secretary-General would be grateful to receive the report at the earliest opportunity, ' + replyChannels + '.',
    furtherRequest: 'The Secretary-General would be grateful to receive the report as a matter of priority, ' + replyChannels + '.',
  },
  withdrawal: {
    subject: '{topic} — report {reportReference} withdrawn',
    body: 'The Secretary-General wishes to inform the Government {ofState} that the communication registered by the Secretariat under reference {reportReference}, which was transmitted to it under paragraph {circularNote} (b) of the resolution or brought to its attention under paragraph {circularNote} (c), has been withdrawn by the Secretariat. It should be disregarded: it will not be published or reflected in the report of the Secretary-General.',
  },
  notCirculated: {
    subject: 'Report {reportReference} received from {reportingState} will not be circulated',
    notice:
      'The report received from {reportingState} by a note dated {noteDate} and registered under reference {reportReference} will not be circulated to States under paragraph {circularNote} (b) of General Assembly resolution {resolution}, as the reporting State has requested that it not be circulated.',
    noticeViews:
      'The communication received from {reportingState} by a note dated {noteDate} and registered under reference {reportReference} will not be circulated to States: it contains views under paragraph {views} of General Assembly resolution {resolution}, and paragraph {circularNote} (b) provides for the circulation of reports under paragraph {reporting} only. Views are summarized in the report of the Secretary-General.',
    noticeSecretariat:
      'The report received from {reportingState} by a note dated {noteDate} and registered under reference {reportReference} will not be circulated to States under paragraph {circularNote} (b) of General Assembly resolution {resolution}, as the Secretariat has decided (see the audit trail of the report for the reason).',
    scope:
      'This decision concerns circulation only: whether the full text of the report is published and whether it is summarized in the report of the Secretary-General under paragraph {reportRequest} are decided separately.',
  },
} as const satisfies NoteTemplates;

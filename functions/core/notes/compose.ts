/**
 * Puts a note together from its templates: which paragraphs, in which order, with which values.
 * Everything about wording lives in templates/notes/; everything about numbers (paragraphs,
 * deadlines, sessions) comes from the cycle.
 */
import { secretaryGeneralCommand, secretaryGeneralPronounOn, secretaryGeneralTermOn } from '../cycles.ts';
import { fill, type TemplateValues } from './fill.ts';
import { type Language, languages } from './languages.ts';
import type { NoteInput, NoteParagraph, RenderedNote, ReportDetails, ReportSummary, StateNames } from './types.ts';

export type NoteContent = Omit<RenderedNote, 'text' | 'html'>;

/**
 * User text goes into one-line places (a subject, a list item, a sentence): control characters
 * and line separators become a space, so that no value can break a line of the e-mail subject
 * or of the layout.
 */
function oneLine(value: string): string {
  return value.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
}

function fileNameOf(reference: string, code: string): string {
  const slug = (text: string) => text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${[slug(reference) || 'note', slug(code)].filter((part) => part !== '').join('-')}.pdf`;
}

function languageOf(input: NoteInput): Language {
  const language = Object.hasOwn(languages, input.language) ? languages[input.language] : undefined;
  if (language === undefined) throw new RangeError(`notes are not written in ${JSON.stringify(input.language)}`);
  return language;
}

export function composeNote(input: NoteInput): NoteContent {
  const warnings: string[] = [];
  const note = composeWith(input, (warning) => warnings.push(warning));
  return { ...note, warnings: [...new Set(warnings)] };
}

function composeWith(input: NoteInput, warn: (warning: string) => void): Omit<NoteContent, 'warnings'> {
  const { templates: t, grammar } = languageOf(input);
  const { cycle } = input;

  const date = (isoDate: string) => grammar.date(oneLine(isoDate), t.months);
  const inText = (names: StateNames) => {
    const name = oneLine(grammar.nameOf(names));
    const forms = grammar.inText(name);
    if (!forms.known) warn(`${input.language}: no rule gives the article of "${name}"; the note uses the neutral form "${forms.ofState}"`);
    return forms;
  };

  const englishTitle = cycle.resolution.title;
  const title = input.language === 'en' ? englishTitle : Object.hasOwn(t.resolutionTitles, englishTitle) ? t.resolutionTitles[englishTitle] : undefined;
  if (title === undefined)
    warn(`${input.language}: the title of resolution ${cycle.resolution.symbol} is not known in this language; the note gives it in English`);

  const pronoun = secretaryGeneralPronounOn(cycle, input.date);
  if (pronoun === null)
    warn(
      `${input.language}: cycle ${cycle.id} does not say who holds the office of Secretary-General on ${input.date}; the note uses a form that assumes no one (set it with ${secretaryGeneralCommand(cycle.id, secretaryGeneralTermOn(cycle, input.date)?.from ?? input.date)})`,
    );
  const common: TemplateValues = {
    ...t.secretaryGeneral[pronoun ?? 'unknown'],
    topic: t.topic,
    resolution: cycle.resolution.symbol.replace(/^A\/RES\//, ''),
    adoptedOn: date(cycle.resolution.adoptedOn),
    title: title ?? englishTitle,
    reporting: String(cycle.paragraphs.reporting),
    circularNote: String(cycle.paragraphs.circularNote),
    views: String(cycle.paragraphs.views),
    reportRequest: String(cycle.paragraphs.reportRequest),
    session: grammar.ordinal(cycle.report.session, 'feminine'),
    deadline: date(cycle.replyDeadline),
  };

  const text = (template: string, values: TemplateValues): NoteParagraph => ({ kind: 'text', text: fill(template, values) });
  const item = (label: string, value: string | undefined): NoteParagraph[] => {
    const cleaned = oneLine(value ?? '');
    return cleaned === '' ? [] : [{ kind: 'item', text: fill(t.listItem, { label, value: cleaned }) }];
  };
  const summaryOf = (introduction: string, summary: ReportSummary, values: TemplateValues): NoteParagraph[] => {
    const items = [
      ...item(t.labels.incidentDate, summary.incidentDate === undefined ? undefined : date(summary.incidentDate)),
      ...item(t.labels.place, summary.place),
      ...item(t.labels.description, summary.description),
    ];
    return items.length === 0 ? [] : [text(introduction, values), ...items];
  };
  const reportValues = (report: ReportDetails): TemplateValues => {
    const reporting = inText(report.reportingState);
    return {
      reportingState: reporting.state,
      ofReportingState: reporting.ofState,
      noteDate: date(report.noteDate),
      reportReference: oneLine(report.reference),
    };
  };
  const hasAttachment = (report: ReportDetails) => oneLine(report.attachmentFileName ?? '') !== '';

  const base = {
    kind: input.kind,
    language: input.language,
    fileName: fileNameOf(oneLine(input.reference), oneLine(input.addressee.code)),
    letterhead: t.letterhead,
    reference: oneLine(input.reference),
    dateLine: fill(t.dateLine, { date: date(input.date) }),
    ...(input.confidential === true ? { marking: t.confidential } : {}),
  };

  if (input.kind === 'not-circulated-notice') {
    const values = { ...common, ...reportValues(input.report) };
    return {
      ...base,
      layout: 'internal-notice',
      heading: t.internalNoticeHeading,
      addresseeLine: fill(t.addresseeLine, { name: oneLine(grammar.nameOf(input.addressee)) }),
      subject: fill(t.notCirculated.subject, values),
      paragraphs: [
        text(
          input.reason === 'views' ? t.notCirculated.noticeViews : input.reason === 'secretariat' ? t.notCirculated.noticeSecretariat : t.notCirculated.notice,
          values,
        ),
        ...summaryOf(t.circulation.summaryIntroduction, input.report.summary, values),
        text(t.notCirculated.scope, values),
      ],
    };
  }

  const addressee = inText(input.addressee);
  const stateValues = { ...common, state: addressee.state, ofState: addressee.ofState };
  const opening = text(input.addressee.status === 'observer' ? t.opening.observer : t.opening.representative, stateValues);
  const noteVerbale = { ...base, layout: 'note-verbale', heading: t.noteVerbaleHeading } as const;
  const channels = (replyChannels: { readonly email: string; readonly uploadUrl: string }) => ({
    email: oneLine(replyChannels.email),
    uploadUrl: oneLine(replyChannels.uploadUrl),
  });

  switch (input.kind) {
    case 'circular':
    case 'pre-deadline-reminder': {
      const templates = input.kind === 'circular' ? t.circular : t.preDeadlineReminder;
      const values = { ...stateValues, ...channels(input.replyChannels) };
      return { ...noteVerbale, subject: fill(templates.subject, values), paragraphs: [opening, ...templates.body.map((body) => text(body, values))] };
    }
    case 'circulation': {
      const values = { ...stateValues, ...reportValues(input.report) };
      return {
        ...noteVerbale,
        subject: fill(t.circulation.subject, values),
        paragraphs: [
          opening,
          text(t.circulation.transmittal, values),
          ...summaryOf(t.circulation.summaryIntroduction, input.report.summary, values),
          text(t.circulation.closing, values),
        ],
        enclosure: t.enclosure,
      };
    }
    case 'attention': {
      const dueDate = input.dueDate === undefined ? undefined : date(input.dueDate);
      const values = { ...stateValues, ...reportValues(input.report), ...channels(input.replyChannels), ...(dueDate === undefined ? {} : { dueDate }) };
      const enclosed = hasAttachment(input.report);
      return {
        ...noteVerbale,
        subject: fill(dueDate === undefined ? t.attention.subject : t.attention.subjectWithDueDate, values),
        paragraphs: [
          opening,
          text(enclosed ? t.attention.introductionWithEnclosure : t.attention.introduction, values),
          ...summaryOf(t.attention.summaryIntroduction, input.report.summary, values),
          text(input.concernedAs === 'territorial' ? t.attention.asTerritorialState : t.attention.asStateWhereOffenderIsPresent, values),
          text(dueDate === undefined ? t.attention.request : t.attention.requestWithDueDate, values),
        ],
        ...(enclosed ? { enclosure: t.enclosure } : {}),
      };
    }
    case 'withdrawal': {
      const values = { ...stateValues, reportReference: oneLine(input.reportReference) };
      return { ...noteVerbale, subject: fill(t.withdrawal.subject, values), paragraphs: [opening, text(t.withdrawal.body, values)] };
    }
    case 'reminder': {
      const { obligation } = input;
      const further = obligation.reminderNumber > 1;
      const values = {
        ...stateValues,
        ...channels(input.replyChannels),
        dueDate: date(obligation.dueDate),
        ordinal: grammar.ordinal(obligation.reminderNumber, 'masculine'),
      };
      return {
        ...noteVerbale,
        subject: fill(further ? t.reminder.furtherSubject : t.reminder.subject, values),
        paragraphs: [
          opening,
          text(further ? t.reminder.furtherIntroduction : t.reminder.introduction, values),
          ...item(t.labels.incidentDate, date(obligation.incidentDate)),
          ...item(t.labels.place, obligation.place),
          ...item(t.labels.report, obligation.triggeringReference),
          text(t.reminder.owed[obligation.kind], values),
          text(further ? t.reminder.furtherRequest : t.reminder.request, values),
        ],
      };
    }
  }
}

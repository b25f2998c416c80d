/**
 * Compiles the report of the Secretary-General under the report-request paragraph (14 in
 * resolution 77/108) from what the system holds: the cycle, the States registry, the replies
 * received and the status of the instruments. Pure: the caller reads the data, this decides what
 * the report says, and the renderers write it.
 *
 * The report covers replies received by the reply deadline; later ones go into an addendum,
 * which covers a period of its own. Replies the Secretariat decided not to summarize are left out
 * and named to the drafter. Whether a reply came "by the deadline" is judged on the calendar of
 * Headquarters in New York, where the deadline was set.
 */
import { withoutBidiControlsIn } from '../bidi.ts';
import { addDays, type Cycle, secretaryGeneralPronounOn } from '../cycles.ts';
import { isWithdrawn } from '../decisions.ts';
import {
  consentMarks,
  type Instrument,
  instrumentName,
  type NewParticipant,
  newParticipants,
  type ParticipantStatus,
  participationAsOf,
  partiesAsOf,
  type StateDirectory,
  stateDirectory,
} from '../instruments.ts';
import { nameAtSentenceStart, nameInText, type State } from '../states.ts';
import { englishDate, englishList, englishPeriod } from '../submission-text.ts';
import type { Submission } from '../submissions.ts';
import { capitalize, countAtSentenceStart, countOf, numberInText, ordinalWords } from '../words.ts';
import { type Block, draft, joinRuns, type Masthead, paragraph, type ReportDocument, type Run, type Section, type Text } from './document.ts';
import { reportsParagraph, type SummaryContext, viewsParagraph } from './summaries.ts';
import type { HeadlineStatus } from './treaty-status.ts';

const headquartersTimeZone = 'America/New_York';

const headquartersCalendar = new Intl.DateTimeFormat('en-CA', { timeZone: headquartersTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The date at Headquarters on which a reply arrived. */
export function receivedOn(submission: Pick<Submission, 'receivedAt'>): string {
  return headquartersCalendar.format(new Date(submission.receivedAt));
}

/** An instrument's status table as imported, with where it came from, for the drafter. */
export interface ImportedTable {
  readonly participants: readonly ParticipantStatus[];
  readonly version: number;
  readonly importedAt: string;
  readonly source: string;
}

export interface ReportRequest {
  readonly cycle: Cycle;
  readonly states: readonly State[];
  /** The cycle's replies received up to `asOf` at least; later ones and other cycles' are ignored. */
  readonly submissions: readonly Submission[];
  /** The instruments the report covers, in the order it lists them, each with its table when one was imported. */
  readonly instruments: readonly { readonly instrument: Instrument; readonly table?: ImportedTable }[];
  /** The date of the report: what happened after it is left out. */
  readonly asOf: string;
  /** The circular note of the cycle as sent: its symbol and date, from the record of its dispatch; absent when none was sent. */
  readonly circularNote?: { readonly symbol: string; readonly date: string };
  /** The Treaty Collection's headline counts per instrument (data/instruments/untc-status.json), said where no table was imported. */
  readonly headlineStatus?: readonly HeadlineStatus[];
  /** The report, or an addendum covering replies received from `from` to `asOf`. */
  readonly mode: { readonly kind: 'report' } | { readonly kind: 'addendum'; readonly from: string };
}

export interface ReportCounts {
  /** States whose reports under the reporting paragraph are summarized (section II). */
  readonly reportingStates: number;
  /** States whose views are summarized (section III). */
  readonly viewsStates: number;
  /** Replies summarized. */
  readonly summarized: number;
  /** References of replies in the period that the Secretariat decided not to summarize. */
  readonly notSummarized: readonly string[];
  /** Replies received after the deadline and by `asOf`, left for the addendum (report mode only). */
  readonly afterDeadline: number;
  /** States that became parties since the previous report; undefined unless the cycle names the previous report and its date and every instrument has an imported table (not a sample). */
  readonly newParticipants: number | undefined;
  /** Passages left for the drafter. */
  readonly drafts: number;
}

export interface CompiledReport {
  readonly document: ReportDocument;
  readonly counts: ReportCounts;
}

/** The first day after the deadline, when an addendum's period starts unless told otherwise. */
export function dayAfterDeadline(cycle: Cycle): string {
  return addDays(cycle.replyDeadline, 1);
}

export function compileReport(given: ReportRequest): CompiledReport {
  // The rendering boundary: no bidirectional control in State-provided text reaches the report.
  const request = withoutBidiControlsIn(given);
  const { cycle, asOf, mode } = request;
  if (mode.kind === 'addendum' && mode.from > asOf) throw new RangeError(`the addendum's period starts on ${mode.from}, after its date ${asOf}`);
  const directory = stateDirectory(request.states);
  const period = mode.kind === 'report' ? { from: '', to: cycle.replyDeadline < asOf ? cycle.replyDeadline : asOf } : { from: mode.from, to: asOf };

  // A withdrawn submission (forged, or sent in error) is in no output.
  const ofCycle = request.submissions.filter((submission) => submission.cycleId === cycle.id && !isWithdrawn(submission));
  const received = ofCycle.map((submission) => ({ submission, day: receivedOn(submission) }));
  const inPeriod = received.filter(({ day }) => day >= period.from && day <= period.to).map(({ submission }) => submission);
  const summarized = inPeriod.filter((submission) => submission.decisions.summarize.value);
  const notSummarized = inPeriod.filter((submission) => !submission.decisions.summarize.value).map((submission) => submission.reference);
  // Reports whose State asked that they not be circulated: the drafter decides, with the State, how far the summary may go.
  const heldBackAtStatesRequest = summarized
    .filter(
      (submission) =>
        !submission.decisions.circulate.value &&
        submission.decisions.circulate.decidedBy === 'state-request' &&
        submission.items.some((item) => item.kind !== 'views'),
    )
    .map((submission) => submission.reference);
  const afterDeadline = mode.kind === 'report' ? received.filter(({ day }) => day > cycle.replyDeadline && day <= asOf).length : 0;

  const byCode = new Map(request.states.map((state) => [state.code, state]));
  const inText = (code: string) => {
    const state = byCode.get(code);
    return state ? nameInText(state) : code;
  };
  const atStart = (code: string) => {
    const state = byCode.get(code);
    return state ? nameAtSentenceStart(state) : code;
  };
  const context: SummaryContext = { inText, reports: new Map(ofCycle.map((submission) => [submission.reference, submission])) };
  const reports = stateParagraphs(summarized, 'report', directory, (code, own) => reportsParagraph(atStart(code), own, context));
  const views = stateParagraphs(summarized, 'views', directory, (code, own) => viewsParagraph(atStart(code), own));

  let summary: Text | undefined;
  let sections: Section[];
  let joined: NewParticipant[] | undefined;
  if (mode.kind === 'report') {
    const since = cycle.report.previous?.date;
    const tables = request.instruments.flatMap(({ instrument, table }) =>
      table && !isSample(table) ? [{ instrument, participants: table.participants }] : [],
    );
    joined =
      since !== undefined && tables.length === request.instruments.length && tables.length > 0
        ? newParticipants(tables, { since, asOf }, directory)
        : undefined;
    summary = summarySentences(request, reports.length, views.length, joined);
    const deadline = englishDate(cycle.replyDeadline);
    sections = [
      { heading: 'I. Introduction', blocks: introduction(cycle, request.circularNote) },
      {
        heading: `II. ${reportsHeading}`,
        blocks: orNone(reports, `No reports under paragraph ${cycle.paragraphs.reporting} of resolution ${cycle.id} were received by ${deadline}.`),
      },
      {
        heading: `III. ${viewsHeading}`,
        blocks: orNone(views, `No views under paragraph ${cycle.paragraphs.views} of resolution ${cycle.id} were received by ${deadline}.`),
      },
      { heading: 'IV. Status of participation in the instruments', blocks: participation(request, joined, directory) },
    ];
  } else {
    sections = [
      {
        heading: 'I. Introduction',
        blocks: [
          paragraph(
            addendumOpening(cycle, { from: mode.from, to: asOf }, { replies: summarized.length, reportingStates: reports.length, viewsStates: views.length }),
          ),
        ],
      },
      { heading: `II. ${reportsHeading}`, blocks: orNone(reports, 'No additional reports were received.') },
      { heading: `III. ${viewsHeading}`, blocks: orNone(views, 'No additional views were received.') },
    ];
  }

  const document: ReportDocument = {
    masthead: masthead(cycle, asOf, mode.kind === 'addendum'),
    draftingNotes: draftingNotes(request, { notSummarized, heldBackAtStatesRequest, afterDeadline, period }),
    ...(summary ? { summary } : {}),
    sections,
  };
  const texts = [
    document.masthead.agendaItem,
    document.summary ?? [],
    ...sections.flatMap((section) => section.blocks.flatMap((block) => (block.kind === 'paragraph' || block.kind === 'quote' ? [block.text] : []))),
  ];
  return {
    document,
    counts: {
      reportingStates: reports.length,
      viewsStates: views.length,
      summarized: summarized.length,
      notSummarized,
      afterDeadline,
      newParticipants: joined?.length,
      drafts: texts.flat().filter((part) => part.draft).length,
    },
  };
}

const reportsHeading = 'Reports received from States';
const viewsHeading = 'Views received from States';

function orNone(blocks: readonly Block[], none: string): Block[] {
  return blocks.length > 0 ? [...blocks] : [paragraph(joinRuns([none]))];
}

/**
 * "During the period from 16 May to 1 July 2024, 12 additional reports were received from States
 * pursuant to paragraphs 11 and 13 …", as the addenda open (A/67/126/Add.1), with what they comprise.
 */
function addendumOpening(cycle: Cycle, period: { from: string; to: string }, counts: { replies: number; reportingStates: number; viewsStates: number }): Text {
  const n = counts.replies;
  const reports = n === 0 ? 'no additional reports were' : `${numberInText(n)} additional ${n === 1 ? 'report was' : 'reports were'}`;
  const comprise = [
    ...(counts.reportingStates > 0 ? [`reports under paragraph ${cycle.paragraphs.reporting} from ${countOf(counts.reportingStates, 'State', 'States')}`] : []),
    ...(counts.viewsStates > 0 ? [`views under paragraph ${cycle.paragraphs.views} from ${countOf(counts.viewsStates, 'State', 'States')}`] : []),
  ];
  return joinRuns([
    `During the period from ${englishPeriod(period.from, period.to)}, ${reports} received from States pursuant to paragraphs ${cycle.paragraphs.reporting} and ${cycle.paragraphs.views} of General Assembly resolution ${cycle.id} of ${englishDate(cycle.resolution.adoptedOn)}.`,
    comprise.length > 0 ? ` ${n === 1 ? 'It comprises' : 'They comprise'} ${englishList(comprise)}.` : '',
    ` The present addendum summarizes ${n === 1 ? 'it' : 'them'}; the report of the Secretary-General summarizes the replies received by ${englishDate(cycle.replyDeadline)}.`,
  ]);
}

/**
 * One numbered paragraph per State that sent replies with items of `kind` ('report' for
 * violation and follow-up reports, 'views'), in English order, its replies in the order of their
 * notes.
 */
function stateParagraphs(
  submissions: readonly Submission[],
  kind: 'report' | 'views',
  directory: StateDirectory,
  summarize: (code: string, submissions: readonly Submission[]) => Text,
): Block[] {
  const byState = new Map<string, Submission[]>();
  for (const submission of submissions) {
    if (!submission.items.some((item) => (kind === 'views') === (item.kind === 'views'))) continue;
    const own = byState.get(submission.reportingState);
    if (own) own.push(submission);
    else byState.set(submission.reportingState, [submission]);
  }
  return [...byState.keys()].sort(directory.compare).map((code) => {
    const own = byState.get(code)!.sort((a, b) => a.note.date.localeCompare(b.note.date) || a.receivedAt.localeCompare(b.receivedAt));
    return paragraph(summarize(code, own));
  });
}

function masthead(cycle: Cycle, asOf: string, addendum: boolean): Masthead {
  return {
    symbol: `A/${cycle.report.session}/[…]${addendum ? '/Add.1' : ''}`,
    organ: 'General Assembly',
    distribution: 'Distr.: General',
    date: englishDate(asOf),
    original: 'Original: English',
    session: `${capitalize(ordinalWords(cycle.report.session))} session`,
    agendaItem: cycle.report.agendaItem
      ? joinRuns([`Item ${cycle.report.agendaItem} of the provisional agenda`])
      : joinRuns(['Item ', draft('…'), ' of the provisional agenda']),
    itemTitle: cycle.resolution.title,
    title: 'Report of the Secretary-General',
    ...(addendum ? { subtitle: 'Addendum' } : {}),
  };
}

const instrumentsPhrase = 'the instruments relevant to the protection, security and safety of diplomatic and consular missions and representatives';

/** A table imported from one of the illustrative sample files of data/instruments, which is not the status of any treaty. */
export function isSample(table: Pick<ImportedTable, 'source'>): boolean {
  return /\.sample\.(?:csv|json)$/.test(table.source);
}

/** Why the new parties cannot be counted, for the drafter; undefined when they can. */
function whyNotCounted(request: ReportRequest): string | undefined {
  const previous = request.cycle.report.previous;
  if (!previous) return `cycle ${request.cycle.id} does not name the previous report (mpr cycles set report.previous=…)`;
  if (!previous.date)
    return `the date of the previous report (${previous.symbol}) is not recorded in cycle ${request.cycle.id} (mpr cycles set report.previous=…)`;
  const missing = request.instruments.filter(({ table }) => !table || isSample(table)).map(({ instrument }) => instrument.id);
  if (missing.length > 0) return `no status table of the Treaty Collection has been imported for ${englishList(missing)} (mpr instruments import)`;
  return undefined;
}

/** The three sentences of the summary, as in A/69/185: who reported by the deadline, who gave views, who joined the instruments. */
function summarySentences(request: ReportRequest, reportingStates: number, viewsStates: number, joined: readonly NewParticipant[] | undefined): Text {
  const { cycle } = request;
  const deadline = englishDate(cycle.replyDeadline);
  const resolution = `General Assembly resolution ${cycle.id}`;
  const reports =
    reportingStates === 0
      ? `No State submitted a report pursuant to paragraph ${cycle.paragraphs.reporting} of ${resolution} by the deadline of ${deadline} (see section II of the present report).`
      : `${countAtSentenceStart(reportingStates, 'State', 'States')} submitted reports pursuant to paragraph ${cycle.paragraphs.reporting} of ${resolution} by the deadline of ${deadline} (see section II of the present report).`;
  const views =
    viewsStates === 0
      ? `No views were received pursuant to paragraph ${cycle.paragraphs.views} of the resolution (see section III).`
      : `Views pursuant to paragraph ${cycle.paragraphs.views} of the resolution were received from ${countOf(viewsStates, 'State', 'States')} (see section III).`;
  const previous = cycle.report.previous;
  const since = previous ? `Since the previous report (${previous.symbol}), ` : 'Since the previous report, ';
  let participants: (string | Run)[];
  if (joined === undefined) {
    participants = [
      since,
      draft(`number of States that have become parties to ${instrumentsPhrase} to be inserted: ${whyNotCounted(request) ?? 'not counted'}`),
      ' (see section IV).',
    ];
  } else {
    const n = joined.length;
    participants = [
      n === 0
        ? `${since}no State has become a party to any of ${instrumentsPhrase} (see section IV).`
        : `${since}${countOf(n, 'State', 'States')} ${n === 1 ? 'has' : 'have'} become ${n === 1 ? 'a party' : 'parties'} to one or more of ${instrumentsPhrase} (see section IV).`,
    ];
  }
  return joinRuns([reports, ' ', views, ' ', ...participants]);
}

/** The Secretary-General who sent the circular note, as the object of a verb: by the cycle's setting for the reply deadline. */
function secretaryGeneralObject(cycle: Cycle): string {
  const pronoun = secretaryGeneralPronounOn(cycle, cycle.replyDeadline);
  return pronoun === 'he' ? 'him' : pronoun === 'she' ? 'her' : 'him or her';
}

/** The resolution, its operative paragraphs on the procedure quoted, the circular note as sent and the deadline. */
function introduction(cycle: Cycle, circularNote: ReportRequest['circularNote']): Block[] {
  const numbers = [...new Set(Object.values(cycle.paragraphs))].sort((a, b) => a - b);
  const { resolution } = cycle;
  const note: (string | Run)[] = circularNote
    ? [`by a circular note dated ${englishDate(circularNote.date)} (${circularNote.symbol}), `]
    : [
        'by a circular note dated ',
        draft(`date and symbol of the circular note to be inserted: no circular note of cycle ${cycle.id} sent from this system is on record`),
        ', ',
      ];
  return [
    paragraph(
      joinRuns([
        `The present report is submitted pursuant to General Assembly resolution ${cycle.id} of ${englishDate(resolution.adoptedOn)}, entitled “${resolution.title}”. In paragraphs ${englishList(numbers.map(String))} of that resolution, the Assembly:`,
      ]),
    ),
    ...numbers.map((number): Block => ({ kind: 'quote', text: joinRuns([`${number}. ${cycle.operativeParagraphs[String(number)] ?? ''}`]) })),
    paragraph(
      joinRuns([
        `Pursuant to paragraphs ${cycle.paragraphs.circularNote} and ${cycle.paragraphs.views} of the resolution, the Secretary-General, `,
        ...note,
        `reminded all States of the request in paragraph ${cycle.paragraphs.reporting} and invited them to inform ${secretaryGeneralObject(cycle)} of their views on any measures needed or already taken, by ${englishDate(cycle.replyDeadline)}.`,
      ]),
    ),
    paragraph(
      joinRuns([
        `The present report summarizes the replies received by ${englishDate(cycle.replyDeadline)}; replies received later will be summarized in an addendum. The full texts of the replies, except those whose States asked otherwise, are available at `,
        draft('address of the web page to be inserted'),
        '.',
      ]),
    ),
  ];
}

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const participationColumns = ['Participant', 'Signature', 'Ratification, accession (a), succession (d), acceptance (A), approval (AA)'] as const;

/** "The Optional Protocol … had 51 parties and 18 signatories, according to …": what the Treaty Collection's status page said, when it was read. */
function headlineSentence(name: string, headline: HeadlineStatus | undefined): (string | Run)[] {
  if (!headline || headline.parties === null) return [];
  const signatories = headline.signatories === null ? '' : ` and ${countOf(headline.signatories, 'signatory', 'signatories')}`;
  const when = headline.statusAsAt ? ` as at ${englishDate(headline.statusAsAt)}` : '';
  return [
    `According to the status page of the United Nations Treaty Collection${when} (${headline.source}), the ${name} had ${countOf(headline.parties, 'party', 'parties')}${signatories}.`,
    ...(headline.statusAsAt ? [] : [' ', draft('date of the status to be checked against the live page: the copy read did not show it')]),
  ];
}

/**
 * Section IV: the States that joined since the previous report, then one lettered subsection per
 * instrument: from its imported status table (parties as at the date, and the table), or, with
 * no table of the Treaty Collection imported, what its status page was read to say and a passage
 * for the drafter. A table imported from an illustrative sample file is never shown or counted.
 */
function participation(request: ReportRequest, joined: readonly NewParticipant[] | undefined, directory: StateDirectory): Block[] {
  const { asOf } = request;
  const previous = request.cycle.report.previous;
  const opening: Block[] = [];
  if (previous && joined) {
    const since = `Since the previous report (${previous.symbol}), `;
    const entries = joined.map(
      (entry) =>
        `${directory.name(entry.participant)} (${englishList(entry.joined.map((join) => `${instrumentName(join.instrument)}, ${join.kind} on ${englishDate(join.date)}`))})`,
    );
    opening.push(
      paragraph(
        joinRuns(
          entries.length === 0
            ? [`${since}no State has become a party to any of ${instrumentsPhrase}.`]
            : [`${since}the following States have become parties to ${instrumentsPhrase}: ${entries.join('; ')}.`],
        ),
      ),
    );
  }
  const headlineOf = new Map((request.headlineStatus ?? []).map((entry) => [entry.id, entry]));
  const fromTables = request.instruments.filter(({ table }) => table && !isSample(table)).length;
  const subsections = request.instruments.flatMap(({ instrument, table }, index): Block[] => {
    const name = instrumentName(instrument);
    const heading: Block = { kind: 'subheading', text: `${letters[index] ?? String(index + 1)}. ${name}` };
    if (!table || isSample(table)) {
      const missing = table
        ? `status table to be imported: only the illustrative sample table ${table.source}, which is not the status of the instrument, has been imported (mpr instruments import FILE --instrument ${instrument.id})`
        : `status table to be imported: mpr instruments import FILE --instrument ${instrument.id}`;
      const said = headlineSentence(name, headlineOf.get(instrument.id));
      return [heading, paragraph(joinRuns([...said, ...(said.length > 0 ? [' '] : []), draft(missing)]))];
    }
    const rows = participationAsOf(table.participants, asOf).sort((a, b) => directory.compare(a.participant, b.participant));
    const parties = partiesAsOf(table.participants, asOf);
    return [
      heading,
      paragraph(joinRuns([`As at ${englishDate(asOf)}, there ${parties === 1 ? 'was one party' : `were ${numberInText(parties)} parties`} to the ${name}.`])),
      {
        kind: 'table',
        caption: `Status of the ${name} as at ${englishDate(asOf)}`,
        columns: participationColumns,
        rows: rows.map((row) => [
          directory.name(row.participant),
          row.signature ? englishDate(row.signature) : '',
          row.consent ? `${englishDate(row.consent.date)}${consentMarks[row.consent.kind] ? ` ${consentMarks[row.consent.kind]}` : ''}` : '',
        ]),
      },
    ];
  });
  const n = request.instruments.length;
  const basis =
    fromTables === n
      ? 'is set out below, from the status tables of the United Nations Treaty Collection imported into the system.'
      : fromTables === 0
        ? 'is set out below as far as it is known: no status table of the United Nations Treaty Collection has been imported, and only the counts that could be read from its status pages are given.'
        : `is set out below as far as it is known: the status tables of the United Nations Treaty Collection have been imported for ${numberInText(fromTables)} of the ${numberInText(n)} instruments; for the others, only the counts that could be read from its status pages are given.`;
  return [paragraph(joinRuns([`The status of participation in ${instrumentsPhrase} as at ${englishDate(asOf)} ${basis}`])), ...opening, ...subsections];
}

function draftingNotes(
  request: ReportRequest,
  found: { notSummarized: readonly string[]; heldBackAtStatesRequest: readonly string[]; afterDeadline: number; period: { from: string; to: string } },
): Text[] {
  const { cycle, mode } = request;
  const notes: Text[] = [];
  const listed = (references: readonly string[]) =>
    `${references.slice(0, 20).join(', ')}${references.length > 20 ? ` and ${references.length - 20} more` : ''}`;
  const received = found.period.from ? `from ${englishDate(found.period.from)} to ${englishDate(found.period.to)}` : `by ${englishDate(found.period.to)}`;
  notes.push(joinRuns([`Compiled from the replies under cycle ${cycle.id} received ${received} (dates at Headquarters, New York).`]));
  if (found.notSummarized.length > 0) {
    const n = found.notSummarized.length;
    notes.push(
      joinRuns([
        `${capitalize(countOf(n, 'reply', 'replies'))} in the period ${n === 1 ? 'is' : 'are'} not to be summarized, by the Secretariat's decision, and ${n === 1 ? 'is' : 'are'} neither summarized nor counted: ${listed(found.notSummarized)}.`,
      ]),
    );
  }
  if (found.heldBackAtStatesRequest.length > 0) {
    const n = found.heldBackAtStatesRequest.length;
    notes.push(
      joinRuns([
        `${capitalize(countOf(n, 'report', 'reports'))} summarized here ${n === 1 ? 'was' : 'were'} not circulated because ${n === 1 ? 'its State' : 'their States'} asked that ${n === 1 ? 'it' : 'they'} not be: check with the State how far the summary may go, or decide not to summarize (mpr reports decide REFERENCE summarize no --reason …): ${listed(found.heldBackAtStatesRequest)}.`,
      ]),
    );
  }
  if (found.afterDeadline > 0) {
    const n = found.afterDeadline;
    notes.push(
      joinRuns([
        `${capitalize(countOf(n, 'reply was', 'replies were'))} received after the deadline (${englishDate(cycle.replyDeadline)}) and by ${englishDate(request.asOf)}: ${n === 1 ? 'it goes' : 'they go'} into the addendum (mpr report compile --addendum --from ${dayAfterDeadline(cycle)}).`,
      ]),
    );
  }
  const quoted = ['/operativeParagraphs', '/replyDeadline', '/report/agendaItem', '/report/previous'].filter((pointer) => cycle.unconfirmed.includes(pointer));
  if (quoted.length > 0)
    notes.push(
      joinRuns([
        `Cycle ${cycle.id} marks these settings, which the report quotes, as unconfirmed: check them against ${cycle.resolution.symbol} and the agenda before issue: ${quoted.join(', ')}.`,
      ]),
    );
  if (mode.kind === 'report') {
    const headlineOf = new Map((request.headlineStatus ?? []).map((entry) => [entry.id, entry]));
    for (const { instrument, table } of request.instruments) {
      const headline = headlineOf.get(instrument.id);
      const read =
        headline && headline.parties !== null
          ? ` Treaty Collection counts used instead: ${headline.source}${headline.statusAsAt ? `, status as at ${englishDate(headline.statusAsAt)}` : ', date of the copy not known'}${headline.note ? ` (${headline.note.replace(/\.$/, '')})` : ''}.`
          : '';
      notes.push(
        joinRuns([
          !table
            ? `${instrument.id}: no status table imported; section IV has a passage to complete.${read}`
            : isSample(table)
              ? `${instrument.id}: only the illustrative sample table ${table.source} is imported, which section IV neither shows nor counts.${read}`
              : `${instrument.id}: status table version ${table.version}, imported on ${englishDate(table.importedAt.slice(0, 10))} from ${table.source}.`,
        ]),
      );
    }
  }
  return notes;
}

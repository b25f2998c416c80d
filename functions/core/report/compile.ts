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
import { addDays, secretaryGeneralPronounOn, type Cycle } from '../cycles.ts';
import { isWithdrawn } from '../decisions.ts';
import { englishDate, englishList } from '../submission-text.ts';
import type { Submission } from '../submissions.ts';
import type { State } from '../states.ts';
import {
  consentMarks,
  instrumentName,
  newParticipants,
  participationAsOf,
  partiesAsOf,
  stateDirectory,
  type Instrument,
  type NewParticipant,
  type ParticipantStatus,
  type StateDirectory,
} from '../instruments.ts';
import { draft, joinRuns, paragraph, type Block, type Masthead, type ReportDocument, type Run, type Section, type Text } from './document.ts';
import { reportsParagraph, viewsParagraph, type SummaryContext } from './summaries.ts';
import { capitalize, cardinalWords, countOf, ordinalWords } from './words.ts';

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
  /** States that became parties since the previous report; undefined when the cycle names no previous report or no table was imported. */
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

export function compileReport(request: ReportRequest): CompiledReport {
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
    .filter((submission) => !submission.decisions.circulate.value && submission.decisions.circulate.decidedBy === 'state-request' && submission.items.some((item) => item.kind !== 'views'))
    .map((submission) => submission.reference);
  const afterDeadline = mode.kind === 'report' ? received.filter(({ day }) => day > cycle.replyDeadline && day <= asOf).length : 0;

  const context: SummaryContext = { name: directory.name, reports: new Map(ofCycle.map((submission) => [submission.reference, submission])) };
  const reports = stateParagraphs(summarized, 'report', directory, (name, own) => reportsParagraph(name, own, context));
  const views = stateParagraphs(summarized, 'views', directory, viewsParagraph);

  let summary: Text | undefined;
  let sections: Section[];
  let joined: NewParticipant[] | undefined;
  if (mode.kind === 'report') {
    const previous = cycle.report.previous;
    const tables = request.instruments.flatMap(({ instrument, table }) => (table ? [{ instrument, participants: table.participants }] : []));
    joined = previous && tables.length > 0 ? newParticipants(tables, { since: previous.date, asOf }, directory) : undefined;
    summary = summarySentences(cycle, reports.length, views.length, joined);
    const deadline = englishDate(cycle.replyDeadline);
    sections = [
      { heading: 'I. Introduction', blocks: introduction(cycle) },
      { heading: `II. ${reportsHeading}`, blocks: orNone(reports, `No reports under paragraph ${cycle.paragraphs.reporting} of resolution ${cycle.id} were received by ${deadline}.`) },
      { heading: `III. ${viewsHeading}`, blocks: orNone(views, `No views under paragraph ${cycle.paragraphs.views} of resolution ${cycle.id} were received by ${deadline}.`) },
      { heading: 'IV. Status of participation in the instruments', blocks: participation(request, joined, directory) },
    ];
  } else {
    sections = [
      { heading: 'I. Introduction', blocks: [paragraph(addendumOpening(cycle, { from: mode.from, to: asOf }, summarized.length))] },
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
  const texts = [document.masthead.agendaItem, document.summary ?? [], ...sections.flatMap((section) => section.blocks.flatMap((block) => (block.kind === 'paragraph' || block.kind === 'quote' ? [block.text] : [])))];
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

/** "During the period from <date> to <date>, <n> additional reports were received …". */
function addendumOpening(cycle: Cycle, period: { from: string; to: string }, received: number): Text {
  const reports = received === 0 ? 'no additional reports were' : received === 1 ? 'one additional report was' : `${cardinalWords(received)} additional reports were`;
  return joinRuns([
    `During the period from ${englishDate(period.from)} to ${englishDate(period.to)}, ${reports} received from States pursuant to paragraphs ${cycle.paragraphs.reporting} and ${cycle.paragraphs.views} of General Assembly resolution ${cycle.id} of ${englishDate(cycle.resolution.adoptedOn)}.`,
    ` The present addendum summarizes them; the report of the Secretary-General summarizes the replies received by ${englishDate(cycle.replyDeadline)}.`,
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
  summarize: (stateName: string, submissions: readonly Submission[]) => Text,
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
    return paragraph(summarize(directory.name(code), own));
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
    agendaItem: cycle.report.agendaItem ? joinRuns([`Item ${cycle.report.agendaItem} of the provisional agenda`]) : joinRuns(['Item ', draft('…'), ' of the provisional agenda']),
    itemTitle: cycle.resolution.title,
    title: 'Report of the Secretary-General',
    ...(addendum ? { subtitle: 'Addendum' } : {}),
  };
}

const instrumentsPhrase = 'the instruments relevant to the protection, security and safety of diplomatic and consular missions and representatives';

/** The three sentences of the summary, counts in words. */
function summarySentences(cycle: Cycle, reportingStates: number, viewsStates: number, joined: readonly NewParticipant[] | undefined): Text {
  const resolution = `General Assembly resolution ${cycle.id}`;
  const deadline = englishDate(cycle.replyDeadline);
  const reports =
    reportingStates === 0
      ? `No reports under paragraph ${cycle.paragraphs.reporting} of ${resolution} were received by the deadline of ${deadline} (section II).`
      : `Reports under paragraph ${cycle.paragraphs.reporting} of ${resolution} were received from ${countOf(reportingStates, 'State', 'States')} by the deadline of ${deadline} (section II).`;
  const views =
    viewsStates === 0
      ? `No views under paragraph ${cycle.paragraphs.views} were received (section III).`
      : `Views on measures needed or already taken, requested in paragraph ${cycle.paragraphs.views}, were received from ${countOf(viewsStates, 'State', 'States')} (section III).`;
  const previous = cycle.report.previous;
  let participants: (string | Run)[];
  if (!previous || joined === undefined) {
    const missing = previous ? 'no status table of the instruments has been imported (mpr instruments import)' : `cycle ${cycle.id} does not name the previous report (mpr cycles set report.previous=…)`;
    participants = [draft(`Number of States that became parties to the instruments since the previous report to be drafted: ${missing}`), ' (section IV).'];
  } else {
    const n = joined.length;
    const since = `Since the previous report (${previous.symbol} of ${englishDate(previous.date)}), `;
    participants = [
      n === 0
        ? `${since}no State has become a party to any of ${instrumentsPhrase} (section IV).`
        : `${since}${countOf(n, 'State', 'States')} ${n === 1 ? 'has' : 'have'} become ${n === 1 ? 'a party' : 'parties'} to one or more of ${instrumentsPhrase} (section IV).`,
    ];
  }
  return joinRuns([reports, ' ', views, ' ', ...participants]);
}

/** The resolution, its operative paragraphs on the procedure quoted, the circular note and the deadline. */
/** The Secretary-General who sent the circular note, as the object of a verb: by the cycle's setting for the reply deadline. */
function secretaryGeneralObject(cycle: Cycle): string {
  const pronoun = secretaryGeneralPronounOn(cycle, cycle.replyDeadline);
  return pronoun === 'he' ? 'him' : pronoun === 'she' ? 'her' : 'him or her';
}

function introduction(cycle: Cycle): Block[] {
  const numbers = [...new Set(Object.values(cycle.paragraphs))].sort((a, b) => a - b);
  const { resolution } = cycle;
  return [
    paragraph(
      joinRuns([
        `The present report is submitted pursuant to General Assembly resolution ${cycle.id} of ${englishDate(resolution.adoptedOn)}, entitled “${resolution.title}”. In paragraphs ${englishList(numbers.map(String))} of that resolution, the Assembly:`,
      ]),
    ),
    ...numbers.map((number): Block => ({ kind: 'quote', text: joinRuns([`${number}. ${cycle.operativeParagraphs[String(number)] ?? ''}`]) })),
    paragraph(
      joinRuns([
        `Pursuant to paragraphs ${cycle.paragraphs.circularNote} and ${cycle.paragraphs.views} of the resolution, the Secretary-General sent a circular note to all States reminding them of the request in paragraph ${cycle.paragraphs.reporting} and inviting them to inform ${secretaryGeneralObject(cycle)} of their views, by ${englishDate(cycle.replyDeadline)}.`,
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

/** Section IV: the States that joined since the previous report, then one lettered subsection and table per instrument. */
function participation(request: ReportRequest, joined: readonly NewParticipant[] | undefined, directory: StateDirectory): Block[] {
  const { asOf } = request;
  const previous = request.cycle.report.previous;
  const opening: Block[] = [];
  if (previous && joined) {
    const since = `Since the previous report (${previous.symbol} of ${englishDate(previous.date)}), `;
    const entries = joined.map(
      (entry) => `${directory.name(entry.participant)} (${englishList(entry.joined.map((join) => `${instrumentName(join.instrument)}, ${join.kind} on ${englishDate(join.date)}`))})`,
    );
    opening.push(paragraph(joinRuns(entries.length === 0 ? [`${since}no State has become a party to any of ${instrumentsPhrase}.`] : [`${since}the following States have become parties to ${instrumentsPhrase}: ${entries.join('; ')}.`])));
  }
  const subsections = request.instruments.flatMap(({ instrument, table }, index): Block[] => {
    const name = instrumentName(instrument);
    const heading: Block = { kind: 'subheading', text: `${letters[index] ?? String(index + 1)}. ${name}` };
    if (!table) return [heading, paragraph(joinRuns([draft(`Status to be imported: mpr instruments import FILE --instrument ${instrument.id}`)]))];
    const rows = participationAsOf(table.participants, asOf).sort((a, b) => directory.compare(a.participant, b.participant));
    const parties = partiesAsOf(table.participants, asOf);
    return [
      heading,
      paragraph(joinRuns([`As at ${englishDate(asOf)}, there ${parties === 1 ? 'was 1 party' : `were ${parties} parties`} to the ${name}.`])),
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
  return [paragraph(joinRuns([`The status of participation in ${instrumentsPhrase} as at ${englishDate(asOf)} is set out below, from the status tables of the United Nations Treaty Collection.`])), ...opening, ...subsections];
}

function draftingNotes(
  request: ReportRequest,
  found: { notSummarized: readonly string[]; heldBackAtStatesRequest: readonly string[]; afterDeadline: number; period: { from: string; to: string } },
): Text[] {
  const { cycle, mode } = request;
  const notes: Text[] = [];
  const listed = (references: readonly string[]) => `${references.slice(0, 20).join(', ')}${references.length > 20 ? ` and ${references.length - 20} more` : ''}`;
  const received = found.period.from ? `from ${englishDate(found.period.from)} to ${englishDate(found.period.to)}` : `by ${englishDate(found.period.to)}`;
  notes.push(joinRuns([`Compiled from the replies under cycle ${cycle.id} received ${received} (dates at Headquarters, New York).`]));
  if (found.notSummarized.length > 0) {
    const n = found.notSummarized.length;
    notes.push(joinRuns([`${capitalize(countOf(n, 'reply', 'replies'))} in the period ${n === 1 ? 'is' : 'are'} not to be summarized, by the Secretariat's decision, and ${n === 1 ? 'is' : 'are'} neither summarized nor counted: ${listed(found.notSummarized)}.`]));
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
    notes.push(joinRuns([`${capitalize(countOf(n, 'reply was', 'replies were'))} received after the deadline (${englishDate(cycle.replyDeadline)}) and by ${englishDate(request.asOf)}: ${n === 1 ? 'it goes' : 'they go'} into the addendum (mpr report compile --addendum --from ${dayAfterDeadline(cycle)}).`]));
  }
  const quoted = ['/operativeParagraphs', '/replyDeadline', '/report/agendaItem', '/report/previous'].filter((pointer) => cycle.unconfirmed.includes(pointer));
  if (quoted.length > 0) notes.push(joinRuns([`Cycle ${cycle.id} marks these settings, which the report quotes, as unconfirmed: check them against ${cycle.resolution.symbol} and the agenda before issue: ${quoted.join(', ')}.`]));
  if (mode.kind === 'report') {
    for (const { instrument, table } of request.instruments) {
      notes.push(
        joinRuns([
          table
            ? `${instrument.id}: status table version ${table.version}, imported on ${englishDate(table.importedAt.slice(0, 10))} from ${table.source}.`
            : `${instrument.id}: no status table imported; section IV has a passage to complete.`,
        ]),
      );
    }
  }
  return notes;
}

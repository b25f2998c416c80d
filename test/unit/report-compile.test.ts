import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../functions/core/instruments.ts';
import { compileReport, type ReportRequest, receivedOn } from '../../functions/core/report/compile.ts';
import { type Block, plainText, type ReportDocument } from '../../functions/core/report/document.ts';
import { addressees } from '../../functions/core/states.ts';
import type { Submission } from '../../functions/core/submissions.ts';
import { seededCycle, seedStates } from '../support/seed.ts';
import { submission, violationItem } from '../support/submissions.ts';

const states = seedStates();
const seeded = seededCycle();
const cycle = { ...seeded, report: { ...seeded.report, previous: { symbol: 'A/77/186', date: '2022-07-20' } } };
const codes = addressees(states).map((state) => state.code);
const vcdr: Instrument = { id: 'III-3', title: 'Vienna Convention on Diplomatic Relations', year: 1961, included: true };
const vccr: Instrument = { id: 'III-6', title: 'Vienna Convention on Consular Relations', year: 1963, included: true };
const imported = { version: 1, importedAt: '2024-06-01T10:00:00.000Z', source: 'III-3.csv' };

function request(overrides: Partial<ReportRequest> = {}): ReportRequest {
  return { cycle, states, submissions: [], instruments: [], asOf: '2024-07-01', mode: { kind: 'report' }, ...overrides };
}

let sequence = 0;
const report = (state: string, receivedAt = '2024-04-02T09:00:00.000Z') => submission((sequence += 1), state, receivedAt, [violationItem()]);
const views = (state: string, receivedAt = '2024-04-03T09:00:00.000Z') =>
  submission((sequence += 1), state, receivedAt, [{ kind: 'views', text: 'Guards should be posted.' }]);

function notSummarized(original: Submission): Submission {
  return { ...original, decisions: { ...original.decisions, summarize: { value: false, decidedBy: 'secretariat', at: '2024-05-01T00:00:00.000Z' } } };
}

const section = (document: ReportDocument, heading: string) => document.sections.find((entry) => entry.heading.endsWith(heading))!;
const paragraphs = (blocks: readonly Block[]) => blocks.flatMap((block) => (block.kind === 'paragraph' ? [plainText(block.text)] : []));

describe('the summary', () => {
  const instruments = 'the instruments relevant to the protection, security and safety of diplomatic and consular missions and representatives';
  it.each([
    [
      0,
      0,
      0,
      'No State submitted a report pursuant to paragraph 11 of General Assembly resolution 77/108 by the deadline of 15 May 2024 (see section II of the present report).',
      'No views were received pursuant to paragraph 13 of the resolution (see section III).',
      `Since the previous report (A/77/186), no State has become a party to any of ${instruments} (see section IV).`,
    ],
    [
      1,
      1,
      1,
      'One State submitted reports pursuant to paragraph 11 of General Assembly resolution 77/108 by the deadline of 15 May 2024 (see section II of the present report).',
      'Views pursuant to paragraph 13 of the resolution were received from one State (see section III).',
      `Since the previous report (A/77/186), one State has become a party to one or more of ${instruments} (see section IV).`,
    ],
    [
      2,
      3,
      2,
      'Two States submitted reports pursuant to paragraph 11 of General Assembly resolution 77/108 by the deadline of 15 May 2024 (see section II of the present report).',
      'Views pursuant to paragraph 13 of the resolution were received from three States (see section III).',
      `Since the previous report (A/77/186), two States have become parties to one or more of ${instruments} (see section IV).`,
    ],
    // Words from one to nine, figures from 10, but always words at the start of a sentence.
    [
      12,
      21,
      10,
      'Twelve States submitted reports pursuant to paragraph 11 of General Assembly resolution 77/108 by the deadline of 15 May 2024 (see section II of the present report).',
      'Views pursuant to paragraph 13 of the resolution were received from 21 States (see section III).',
      `Since the previous report (A/77/186), 10 States have become parties to one or more of ${instruments} (see section IV).`,
    ],
  ])('%i reporting States, %i with views, %i new parties', (reporting, withViews, joined, first, second, third) => {
    const submissions = [
      ...codes.slice(0, reporting).map((code) => report(code)),
      ...codes
        .slice(-withViews || codes.length)
        .slice(0, withViews)
        .map((code) => views(code)),
    ];
    const participants = codes.slice(0, joined).map((code) => ({ participant: code, consent: { date: '2023-03-03', kind: 'accession' as const } }));
    const { document, counts } = compileReport(request({ submissions, instruments: [{ instrument: vcdr, table: { participants, ...imported } }] }));
    expect(plainText(document.summary!)).toBe(`${first} ${second} ${third}`);
    expect(counts).toMatchObject({ reportingStates: reporting, viewsStates: withViews, newParticipants: joined });
  });

  it('counts a State once however many reports it sent, and a State with reports and views in both counts', () => {
    const submissions = [
      report('FRA', '2024-03-01T10:00:00Z'),
      report('FRA', '2024-04-01T10:00:00Z'),
      submission((sequence += 1), 'KEN', '2024-04-05T10:00:00Z', [violationItem(), { kind: 'views', text: 'More guards.' }]),
    ];
    const { counts } = compileReport(request({ submissions }));
    expect(counts).toMatchObject({ reportingStates: 2, viewsStates: 1, summarized: 3 });
  });

  it('counts a State joining two instruments once', () => {
    const joinedBoth = [{ participant: 'PLW', consent: { date: '2023-01-10', kind: 'accession' as const } }];
    const { document, counts } = compileReport(
      request({
        instruments: [
          { instrument: vcdr, table: { participants: joinedBoth, ...imported } },
          { instrument: vccr, table: { participants: joinedBoth, ...imported } },
        ],
      }),
    );
    expect(counts.newParticipants).toBe(1);
    expect(plainText(document.summary!)).toContain('one State has become a party to one or more of the instruments');
  });

  it('leaves the third sentence to the drafter, saying why, unless the previous report, its date and a Treaty Collection table of every instrument are known', () => {
    const third = (overrides: Partial<ReportRequest>) => {
      const { document, counts } = compileReport(request(overrides));
      expect(counts.newParticipants).toBeUndefined();
      const drafts = document.summary!.filter((part) => part.draft);
      expect(drafts).toHaveLength(1);
      return drafts[0]!.text;
    };
    const table = { instrument: vcdr, table: { participants: [], ...imported } };
    const noPrevious = { ...seeded, report: { session: 79, agendaItem: '82' } };
    expect(third({ cycle: noPrevious, instruments: [table] })).toMatch(/: cycle 77\/108 does not name the previous report/);
    // The seeded cycle names A/77/208 without its date.
    expect(third({ cycle: seeded, instruments: [table] })).toMatch(/: the date of the previous report \(A\/77\/208\) is not recorded in cycle 77\/108/);
    expect(third({ instruments: [table, { instrument: vccr }] })).toMatch(
      /: no status table of the Treaty Collection has been imported for III-6 \(mpr instruments import\)\]$/,
    );
    expect(third({ instruments: [{ instrument: vcdr, table: { participants: [], ...imported, source: 'III-3.sample.csv' } }] })).toMatch(/imported for III-3 /);
  });
});

describe('which replies the report covers', () => {
  it('takes a reply as by the deadline on the date at Headquarters, New York', () => {
    expect(receivedOn({ receivedAt: '2024-05-16T03:30:00.000Z' })).toBe('2024-05-15');
    expect(receivedOn({ receivedAt: '2024-05-16T04:30:00.000Z' })).toBe('2024-05-16');
    expect(receivedOn({ receivedAt: '2024-12-16T04:30:00.000Z' })).toBe('2024-12-15');
    const { counts, document } = compileReport(
      request({ submissions: [report('FRA', '2024-05-16T03:30:00.000Z'), report('KEN', '2024-05-16T04:30:00.000Z')] }),
    );
    expect(counts).toMatchObject({ reportingStates: 1, afterDeadline: 1 });
    expect(paragraphs(section(document, 'Reports received from States').blocks)[0]).toMatch(/^France/);
    expect(document.draftingNotes.map(plainText)).toContain(
      'One reply was received after the deadline (15 May 2024) and by 1 July 2024: it goes into the addendum (mpr report compile --addendum --from 2024-05-16).',
    );
  });

  it('leaves out replies the Secretariat decided not to summarize, naming them to the drafter only', () => {
    const hidden = notSummarized(report('MEX'));
    const { counts, document } = compileReport(request({ submissions: [report('FRA'), hidden] }));
    expect(counts).toMatchObject({ reportingStates: 1, summarized: 1, notSummarized: [hidden.reference] });
    expect(JSON.stringify(document.sections)).not.toContain('Mexico');
    expect(document.draftingNotes.map(plainText)).toContain(
      `One reply in the period is not to be summarized, by the Secretariat's decision, and is neither summarized nor counted: ${hidden.reference}.`,
    );
  });

  it('ignores replies received after the date of the report and replies of other cycles', () => {
    const other = { ...report('KEN'), cycleId: '75/115' };
    const { counts } = compileReport(
      request({ asOf: '2024-04-30', submissions: [report('FRA', '2024-04-29T12:00:00Z'), report('MEX', '2024-05-02T12:00:00Z'), other] }),
    );
    expect(counts).toMatchObject({ reportingStates: 1, afterDeadline: 0 });
  });

  it('puts the late replies in the addendum, for its period', () => {
    const submissions = [
      report('FRA', '2024-05-10T12:00:00Z'),
      report('KEN', '2024-05-20T12:00:00Z'),
      views('MEX', '2024-06-02T12:00:00Z'),
      report('GHA', '2024-06-25T12:00:00Z'),
    ];
    const { counts, document } = compileReport(request({ submissions, asOf: '2024-06-20', mode: { kind: 'addendum', from: '2024-05-16' } }));
    expect(counts).toMatchObject({ reportingStates: 1, viewsStates: 1, summarized: 2, afterDeadline: 0 });
    expect(document.summary).toBeUndefined();
    expect(document.masthead).toMatchObject({ symbol: 'A/79/[…]/Add.1', subtitle: 'Addendum' });
    expect(document.sections.map((entry) => entry.heading)).toEqual(['I. Introduction', 'II. Reports received from States', 'III. Views received from States']);
    expect(paragraphs(document.sections[0]!.blocks)[0]).toBe(
      'During the period from 16 May to 20 June 2024, two additional reports were received from States pursuant to paragraphs 11 and 13 of General Assembly resolution 77/108 of 7 December 2022. They comprise reports under paragraph 11 from one State and views under paragraph 13 from one State. The present addendum summarizes them; the report of the Secretary-General summarizes the replies received by 15 May 2024.',
    );
    expect(paragraphs(section(document, 'Reports received from States').blocks)).toHaveLength(1);
    const one = compileReport(request({ submissions: submissions.slice(1, 2), mode: { kind: 'addendum', from: '2024-05-16' } }));
    expect(paragraphs(one.document.sections[0]!.blocks)[0]).toMatch(/^During the period from 16 May to 1 July 2024, one additional report was received/);
    const none = compileReport(request({ mode: { kind: 'addendum', from: '2024-05-16' } }));
    expect(paragraphs(none.document.sections[0]!.blocks)[0]).toMatch(/no additional reports were received/);
    expect(paragraphs(section(none.document, 'Views received from States').blocks)).toEqual(['No additional views were received.']);
  });

  it('refuses an addendum whose period starts after its date', () => {
    expect(() => compileReport(request({ mode: { kind: 'addendum', from: '2024-07-02' } }))).toThrow(RangeError);
  });
});

describe('the document', () => {
  it('has the masthead of a report of the Secretary-General to the session the cycle names', () => {
    const { masthead, sections } = compileReport(request()).document;
    expect({ ...masthead, agendaItem: plainText(masthead.agendaItem) }).toEqual({
      symbol: 'A/79/[…]',
      organ: 'General Assembly',
      distribution: 'Distr.: General',
      date: '1 July 2024',
      original: 'Original: English',
      session: 'Seventy-ninth session',
      agendaItem: 'Item 82 of the provisional agenda',
      itemTitle: cycle.resolution.title,
      title: 'Report of the Secretary-General',
    });
    expect(sections.map((entry) => entry.heading)).toEqual([
      'I. Introduction',
      'II. Reports received from States',
      'III. Views received from States',
      'IV. Status of participation in the instruments',
    ]);
  });

  it('introduces the resolution, quoting its operative paragraphs on the procedure', () => {
    const { blocks } = section(compileReport(request()).document, 'Introduction');
    expect(paragraphs(blocks)[0]).toBe(
      `The present report is submitted pursuant to General Assembly resolution 77/108 of 7 December 2022, entitled “${cycle.resolution.title}”. In paragraphs 11, 12, 13 and 14 of that resolution, the Assembly:`,
    );
    const quotes = blocks.flatMap((block) => (block.kind === 'quote' ? [plainText(block.text)] : []));
    expect(quotes.map((quote) => quote.slice(0, 3))).toEqual(['11.', '12.', '13.', '14.']);
    expect(quotes[3]).toBe(`14. ${cycle.operativeParagraphs['14']}`);
  });

  it('gives one numbered paragraph per State in English alphabetical order (Côte d’Ivoire under C, Türkiye under T)', () => {
    const submissions = ['TUR', 'TKM', 'FRA', 'CIV', 'COD', 'COG', 'CMR'].map((code) => report(code));
    const { blocks } = section(compileReport(request({ submissions })).document, 'Reports received from States');
    expect(blocks.every((block) => block.kind === 'paragraph')).toBe(true);
    expect(paragraphs(blocks).map((text) => text.slice(0, text.indexOf(' (')))).toEqual([
      'Cameroon',
      'The Congo',
      "Côte d'Ivoire",
      'The Democratic Republic of the Congo',
      'France',
      'Türkiye',
      'Turkmenistan',
    ]);
  });

  it('says so when no State replied', () => {
    const { document } = compileReport(request());
    expect(paragraphs(section(document, 'Reports received from States').blocks)).toEqual([
      'No reports under paragraph 11 of resolution 77/108 were received by 15 May 2024.',
    ]);
    expect(paragraphs(section(document, 'Views received from States').blocks)).toEqual([
      'No views under paragraph 13 of resolution 77/108 were received by 15 May 2024.',
    ]);
  });

  it('sets out participation per instrument as at the date: parties, a table in English order, the marks of the kinds of consent', () => {
    const participants = [
      { participant: 'TUR', consent: { date: '1985-03-06', kind: 'accession' as const } },
      { participant: 'CIV', signature: '1961-04-18', consent: { date: '1962-10-01', kind: 'ratification' as const } },
      { participant: 'MNE', consent: { date: '2006-10-23', kind: 'succession' as const } },
      { participant: 'FRA', signature: '1961-04-18' },
      { participant: 'PLW', consent: { date: '2024-07-02', kind: 'accession' as const } },
    ];
    const { blocks } = section(
      compileReport(request({ instruments: [{ instrument: vcdr, table: { participants, ...imported } }, { instrument: vccr }] })).document,
      'Status of participation in the instruments',
    );
    expect(blocks.filter((block) => block.kind === 'subheading').map((block) => block.kind === 'subheading' && block.text)).toEqual([
      'A. Vienna Convention on Diplomatic Relations, 1961',
      'B. Vienna Convention on Consular Relations, 1963',
    ]);
    expect(paragraphs(blocks)).toContain('As at 1 July 2024, there were three parties to the Vienna Convention on Diplomatic Relations, 1961.');
    expect(paragraphs(blocks)[0]).toBe(
      'The status of participation in the instruments relevant to the protection, security and safety of diplomatic and consular missions and representatives as at 1 July 2024 is set out below as far as it is known: the status tables of the United Nations Treaty Collection have been imported for one of the two instruments; for the others, only the counts that could be read from its status pages are given.',
    );
    // New parties are named only when every instrument's table is known.
    expect(paragraphs(blocks).some((text) => text.startsWith('Since the previous report'))).toBe(false);
    expect(paragraphs(blocks)).toContain('[status table to be imported: mpr instruments import FILE --instrument III-6]');
    const table = blocks.find((block) => block.kind === 'table');
    expect(table).toEqual({
      kind: 'table',
      caption: 'Status of the Vienna Convention on Diplomatic Relations, 1961 as at 1 July 2024',
      columns: ['Participant', 'Signature', 'Ratification, accession (a), succession (d), acceptance (A), approval (AA)'],
      rows: [
        ["Côte d'Ivoire", '18 April 1961', '1 October 1962'],
        ['France', '18 April 1961', ''],
        ['Montenegro', '', '23 October 2006 d'],
        ['Türkiye', '', '6 March 1985 a'],
      ],
    });
  });

  it('names the new parties and what they joined', () => {
    const { blocks } = section(
      compileReport(
        request({
          instruments: [
            { instrument: vcdr, table: { participants: [{ participant: 'PLW', consent: { date: '2023-01-10', kind: 'accession' } }], ...imported } },
          ],
        }),
      ).document,
      'Status of participation in the instruments',
    );
    expect(paragraphs(blocks)).toContain(
      'Since the previous report (A/77/186), the following States have become parties to the instruments relevant to the protection, security and safety of diplomatic and consular missions and representatives: Palau (Vienna Convention on Diplomatic Relations, 1961, accession on 10 January 2023).',
    );
  });

  it('tells the drafter where each table came from and which settings it quotes are unconfirmed, and counts the passages left to draft', () => {
    const { document, counts } = compileReport(
      request({ instruments: [{ instrument: vcdr, table: { participants: [], ...imported } }, { instrument: vccr }] }),
    );
    const notes = document.draftingNotes.map(plainText);
    expect(notes).toContain('III-3: status table version 1, imported on 1 June 2024 from III-3.csv.');
    expect(notes).toContain('III-6: no status table imported; section IV has a passage to complete.');
    expect(notes.find((note) => note.includes('unconfirmed'))).toBe(
      'Cycle 77/108 marks these settings, which the report quotes, as unconfirmed: check them against A/RES/77/108 and the agenda before issue: /operativeParagraphs, /replyDeadline, /report/agendaItem, /report/previous.',
    );
    // The web address of the full texts, the missing table, the new parties it leaves uncounted and the circular note, of which none was sent.
    expect(counts.drafts).toBe(4);
  });
});

describe('what the report says it is based on', () => {
  it('gives the date and symbol of the circular note as sent, and marks the passage when none was sent', () => {
    const sent = compileReport(request({ circularNote: { symbol: 'LA/COD/72/2023/1', date: '2023-12-18' } })).document;
    expect(paragraphs(section(sent, 'Introduction').blocks)[1]).toBe(
      'Pursuant to paragraphs 12 and 13 of the resolution, the Secretary-General, by a circular note dated 18 December 2023 (LA/COD/72/2023/1), reminded all States of the request in paragraph 11 and invited them to inform him of their views on any measures needed or already taken, by 15 May 2024.',
    );
    const none = section(compileReport(request()).document, 'Introduction').blocks.filter((block) => block.kind === 'paragraph')[1]!;
    expect(none.kind === 'paragraph' && none.text.filter((part) => part.draft).map((part) => part.text)).toEqual([
      '[date and symbol of the circular note to be inserted: no circular note of cycle 77/108 sent from this system is on record]',
    ]);
  });

  it('never shows or counts a sample table, and says what the Treaty Collection page was read to say', () => {
    const sample = {
      participants: [{ participant: 'PLW', consent: { date: '2023-01-10', kind: 'accession' as const } }],
      ...imported,
      source: 'III-3.sample.csv',
    };
    const headlineStatus = [{ id: 'III-3', source: 'https://treaties.un.org/example', statusAsAt: '2025-06-24', signatories: 60, parties: 193, note: null }];
    const { document, counts } = compileReport(request({ instruments: [{ instrument: vcdr, table: sample }], headlineStatus }));
    const blocks = section(document, 'Status of participation in the instruments').blocks;
    expect(blocks.some((block) => block.kind === 'table')).toBe(false);
    expect(paragraphs(blocks)[1]).toBe(
      'According to the status page of the United Nations Treaty Collection as at 24 June 2025 (https://treaties.un.org/example), the Vienna Convention on Diplomatic Relations, 1961 had 193 parties and 60 signatories. [status table to be imported: only the illustrative sample table III-3.sample.csv, which is not the status of the instrument, has been imported (mpr instruments import FILE --instrument III-3)]',
    );
    expect(counts.newParticipants).toBeUndefined();
    expect(document.draftingNotes.map(plainText)).toContain(
      'III-3: only the illustrative sample table III-3.sample.csv is imported, which section IV neither shows nor counts. Treaty Collection counts used instead: https://treaties.un.org/example, status as at 24 June 2025.',
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cycle, parseCycle } from '../../functions/core/cycles.ts';
import { english } from '../../functions/core/notes/english.ts';
import { fill } from '../../functions/core/notes/fill.ts';
import { french } from '../../functions/core/notes/french.ts';
import {
  type NoteInput,
  type NoteKind,
  type NoteLanguage,
  noteKinds,
  noteLanguages,
  noteSymbol,
  type ReportDetails,
  renderNote,
} from '../../functions/core/notes/index.ts';
import { languages } from '../../functions/core/notes/languages.ts';
import type { State } from '../../functions/core/states.ts';
import { en } from '../../templates/notes/en.ts';
import { seededCycle, seedStates } from '../support/seed.ts';

const cycle = seededCycle();
const states = seedStates();

function state(code: string): State {
  const found = states.find((candidate) => candidate.code === code);
  if (found === undefined) throw new Error(`no ${code} in data/states.csv`);
  return found;
}

/** The seeded cycle with other paragraph numbers, none of them 11 to 14. */
function cycleWith(changes: Record<string, unknown>): Cycle {
  const result = parseCycle({ ...structuredClone(cycle), ...changes });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}
const renumbered = cycleWith({
  paragraphs: { reporting: 10, circularNote: 16, views: 17, reportRequest: 18 },
  operativeParagraphs: { '10': 'Reports.', '16': 'Requests the Secretary-General.', '17': 'Views.', '18': 'Report.' },
});

const secretariat = {
  code: 'OLA',
  nameEn: 'Codification Division, Office of Legal Affairs',
  nameFr: 'Division de la codification, Bureau des affaires juridiques',
};
const replyChannels = { email: 'protection-reports@un.example.org', uploadUrl: 'https://reports.un.example.org/submit' };
const report: ReportDetails = {
  reference: 'MPR-2024-0042',
  reportingState: state('FRA'),
  noteDate: '2024-03-04',
  summary: { place: 'Nairobi', incidentDate: '2024-02-28', description: 'Demonstrators forced the gate of the embassy and set fire to a vehicle.' },
  attachmentFileName: 'MPR-2024-0042.pdf',
};

/** The addressee of each kind, and how the note must name it. */
const addressees: Record<NoteKind, { state: { code: string; nameEn: string; nameFr: string }; en: string; fr: string }> = {
  circular: { state: state('NLD'), en: 'of the Kingdom of the Netherlands', fr: 'du Royaume des Pays-Bas' },
  'pre-deadline-reminder': { state: state('HTI'), en: 'of Haiti', fr: "d'Haïti" },
  circulation: { state: state('PHL'), en: 'of the Philippines', fr: 'des Philippines' },
  attention: { state: state('KEN'), en: 'of Kenya', fr: 'du Kenya' },
  reminder: { state: state('KEN'), en: 'of Kenya', fr: 'du Kenya' },
  'not-circulated-notice': { state: secretariat, en: '', fr: '' },
  withdrawal: { state: state('PHL'), en: 'of the Philippines', fr: 'des Philippines' },
};

function inputOf(kind: NoteKind, language: NoteLanguage, options: { cycle?: Cycle; confidential?: boolean } = {}): NoteInput {
  const common = {
    language,
    reference: 'LA/COD/72/2024/17',
    date: '2024-06-03',
    addressee: addressees[kind].state,
    cycle: options.cycle ?? cycle,
    ...(options.confidential === undefined ? {} : { confidential: options.confidential }),
  };
  switch (kind) {
    case 'circular':
      return { ...common, kind, date: '2024-01-15', replyChannels };
    case 'pre-deadline-reminder':
      return { ...common, kind, date: '2024-05-01', replyChannels };
    case 'circulation':
      return { ...common, kind, report: { ...report, attachmentFileName: 'MPR-2024-0042.pdf' } };
    case 'attention':
      return { ...common, kind, report, concernedAs: 'territorial', dueDate: '2024-06-02', replyChannels };
    case 'reminder':
      return {
        ...common,
        kind,
        replyChannels,
        obligation: {
          kind: 'follow-up',
          dueDate: '2024-06-02',
          incidentDate: '2024-02-28',
          place: 'Nairobi',
          triggeringReference: 'MPR-2024-0042',
          reminderNumber: 1,
        },
      };
    case 'not-circulated-notice':
      return { ...common, kind, report: { ...report, attachmentFileName: undefined } };
    case 'withdrawal':
      return { ...common, kind, reportReference: report.reference };
  }
}

const cases = noteKinds.flatMap((kind) => noteLanguages.map((language) => [kind, language] as const));

const resolution = {
  en: {
    date: '7 December 2022',
    title: '“Consideration of effective measures to enhance the protection, security and safety of diplomatic and consular missions and representatives”',
  },
  fr: {
    date: '7 décembre 2022',
    title:
      '«\u00a0Examen de mesures efficaces visant à renforcer la protection, la sécurité et la sûreté des missions et des représentants diplomatiques et consulaires\u00a0»',
  },
};

/** The date each kind must state, in subject and body. */
const deadlines: Partial<Record<NoteKind, { en: string; fr: string }>> = {
  circular: { en: '15 May 2024', fr: '15 mai 2024' },
  'pre-deadline-reminder': { en: '15 May 2024', fr: '15 mai 2024' },
  attention: { en: '2 June 2024', fr: '2 juin 2024' },
  reminder: { en: '2 June 2024', fr: '2 juin 2024' },
};

describe('renderNote: every kind in both languages', () => {
  it.each(cases)('%s in %s reads as the snapshot', (kind, language) => {
    const note = renderNote(inputOf(kind, language));
    expect({ subject: note.subject, fileName: note.fileName, text: note.text, html: note.html }).toMatchSnapshot();
  });

  it.each(cases)('%s in %s carries the reference, the resolution and the closing date line', (kind, language) => {
    const note = renderNote(inputOf(kind, language));
    expect(note.text.startsWith('LA/COD/72/2024/17\n')).toBe(true);
    expect(note.html).toContain('<p>LA/COD/72/2024/17</p>');
    expect(note.fileName).toBe(`LA-COD-72-2024-17-${addressees[kind].state.code}.pdf`);
    expect(note.text).toContain('77/108');
    const dates: Partial<Record<NoteKind, readonly [string, string]>> = {
      circular: ['15 January 2024', '15 janvier 2024'],
      'pre-deadline-reminder': ['1 May 2024', '1er mai 2024'],
    };
    const dated = dates[kind] ?? ['3 June 2024', '3 juin 2024'];
    expect(note.text).toContain(language === 'en' ? `New York, ${dated[0]}` : `New York, le ${dated[1]}`);
    expect(note.warnings).toEqual([]);
  });

  it.each(cases.filter(([kind]) => kind !== 'not-circulated-notice'))(
    '%s in %s opens with the formula, naming the State and the resolution',
    (kind, language) => {
      const { text } = renderNote(inputOf(kind, language));
      const ofState = addressees[kind][language];
      const opening =
        language === 'en'
          ? `The Secretary-General of the United Nations presents his compliments to the Permanent Representative ${ofState} to the United Nations and has the honour to refer to General Assembly resolution 77/108 of ${resolution.en.date}, entitled ${resolution.en.title}.`
          : `Le Secrétaire général de l'Organisation des Nations Unies présente ses compliments au Représentant permanent ${ofState} auprès de l'Organisation des Nations Unies et a l'honneur de se référer à la résolution 77/108 de l'Assemblée générale, en date du ${resolution.fr.date}, intitulée ${resolution.fr.title}.`;
      expect(text.split('\n\n')[1]).toBe(opening);
    },
  );

  it.each(cases)('%s in %s ends with the request, the date and any enclosure, without a courtesy formula', (kind, language) => {
    const note = renderNote(inputOf(kind, language));
    expect(note.text).not.toMatch(/avails himself|assurances of his highest consideration|saisit cette occasion|assurances de sa haute considération/);
    const blocks = note.text.trimEnd().split('\n\n');
    const enclosed = kind === 'circulation' || kind === 'attention';
    const enclosure = language === 'en' ? 'Enclosure' : 'Pièce jointe';
    expect(blocks.at(-1)).toBe(enclosed ? enclosure : note.dateLine);
    expect(note.enclosure).toBe(enclosed ? enclosure : undefined);
    if (enclosed) expect(blocks.at(-2)).toBe(note.dateLine);
  });

  it.each(cases.filter(([kind]) => deadlines[kind] !== undefined))('%s in %s states its deadline in the subject and the body', (kind, language) => {
    const note = renderNote(inputOf(kind, language));
    const deadline = deadlines[kind]?.[language] ?? '';
    expect(note.subject).toContain(deadline);
    expect(note.paragraphs.slice(1).some((paragraph) => paragraph.text.includes(deadline))).toBe(true);
  });

  it.each(cases)('%s in %s takes its paragraph numbers from the cycle', (kind, language) => {
    const { text, subject } = renderNote(inputOf(kind, language, { cycle: renumbered }));
    const paragraph = language === 'en' ? 'paragraphs?' : 'paragraphes?';
    expect(`${subject}\n${text}`).not.toMatch(new RegExp(`${paragraph} (?:11|12|13|14)\\b`));
    expect(text).toMatch(new RegExp(`${paragraph} (?:10|16)\\b`));
  });

  it.each(cases)('%s in %s is marked confidential under the reference when it is, and only then', (kind, language) => {
    const mark = language === 'en' ? 'Confidential' : 'Confidentiel';
    const marked = renderNote(inputOf(kind, language, { confidential: true }));
    expect(marked.text.split('\n').slice(0, 2)).toEqual(['LA/COD/72/2024/17', mark]);
    expect(marked.html).toContain(`<p><strong>${mark}</strong></p>`);
    expect(renderNote(inputOf(kind, language, { confidential: false })).text).not.toContain(mark);
    expect(renderNote(inputOf(kind, language)).marking).toBeUndefined();
  });

  it.each(noteLanguages)('the HTML in %s is a small accessible document without scripts', (language) => {
    const { html } = renderNote(inputOf('circular', language));
    expect(html.startsWith('<!DOCTYPE html>\n')).toBe(true);
    expect(html).toContain(`<html lang="${language}">`);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/<h1[^>]*>Note verbale<\/h1>/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bon[a-z]+=|src=|href=/i);
  });
});

describe('what each kind asks for', () => {
  it('the circular note cites paragraphs 11 to 14 of 77/108, invites views and names both reply channels', () => {
    const { text } = renderNote(inputOf('circular', 'en'));
    for (const citation of ['paragraph 11 (a)', 'paragraph 11 (b)', 'paragraph 12 (a)', 'paragraph 12 (b)', 'paragraph 13', 'paragraph 14'])
      expect(text).toContain(citation);
    expect(text).toContain('invites States to inform him of their views');
    expect(text).toContain('seventy-ninth session');
    expect(text).toContain('by e-mail to protection-reports@un.example.org or through the online reporting service at https://reports.un.example.org/submit');
  });

  it('the French circular note gives the session in words and uses French spacing', () => {
    const { text, subject } = renderNote(inputOf('circular', 'fr'));
    expect(text).toContain('à sa soixante-dix-neuvième session');
    expect(text).toContain('paragraphe 11 a)');
    expect(`${subject}\n${text}`).not.toMatch(/ [:;!?»]|« /);
    expect(text).toContain("demande contraire de l'État qui fait rapport\u00a0;");
  });

  it('addresses the Permanent Observer of an observer State', () => {
    const holySee = state('VAT');
    expect(renderNote({ ...inputOf('circular', 'en'), addressee: holySee }).text).toContain('to the Permanent Observer of the Holy See to the United Nations');
    expect(renderNote({ ...inputOf('circular', 'fr'), addressee: holySee }).text).toContain(
      "à l'Observateur permanent du Saint-Siège auprès de l'Organisation des Nations Unies",
    );
  });

  it('circulation names the reporting State, its note and the report reference, and lists only the summary fields given', () => {
    const input = inputOf('circulation', 'en');
    const note = renderNote(input);
    expect(note.text).toContain(
      'the report submitted by the Government of France under paragraph 11 of the resolution by a note dated 4 March 2024, registered by the Secretariat under reference MPR-2024-0042',
    );
    expect(note.paragraphs.filter((paragraph) => paragraph.kind === 'item').map((paragraph) => paragraph.text)).toEqual([
      'Date of the incident: 28 February 2024',
      'Place: Nairobi',
      'Description: Demonstrators forced the gate of the embassy and set fire to a vehicle.',
    ]);
    const placeOnly = renderNote({
      ...input,
      kind: 'circulation',
      report: { ...report, attachmentFileName: 'a.pdf', summary: { place: 'Nairobi', description: '   ' } },
    });
    expect(placeOnly.paragraphs.filter((paragraph) => paragraph.kind === 'item').map((paragraph) => paragraph.text)).toEqual(['Place: Nairobi']);
    const none = renderNote({ ...input, kind: 'circulation', report: { ...report, attachmentFileName: 'a.pdf', summary: {} } });
    expect(none.text).not.toContain('The report concerns the following');
  });

  it('attention asks the territorial State for 11(a) and 11(b), the State where the offender is present for 11(b) where possible', () => {
    const territorial = renderNote(inputOf('attention', 'en')).text;
    expect(territorial).toContain(
      'Pursuant to paragraph 12 (c) of the resolution, the Secretary-General wishes to draw the attention of the Government of Kenya to the reporting procedure',
    );
    expect(territorial).toContain(
      'under paragraph 11 (a) of the resolution, to report on it to the Secretary-General if it has not already done so and, under paragraph 11 (b)',
    );
    expect(territorial).toContain('no later than 2 June 2024');
    expect(territorial).toContain('A copy of the report is enclosed.');

    const input = inputOf('attention', 'fr');
    if (input.kind !== 'attention') throw new Error('expected an attention note');
    const offenderPresent = renderNote({
      ...input,
      addressee: state('MEX'),
      concernedAs: 'offender-present',
      dueDate: undefined,
      report: { ...report, attachmentFileName: undefined },
    });
    expect(offenderPresent.text).toContain(
      "L'auteur présumé de la violation se trouvant, selon le rapport, sur son territoire, le Gouvernement du Mexique est prié, dans la mesure du possible",
    );
    expect(offenderPresent.text).not.toContain('paragraphe 11 a) de la résolution, d');
    expect(offenderPresent.text).toContain("dès qu'elles seront disponibles");
    expect(offenderPresent.subject).not.toContain('attendue');
    expect(offenderPresent.enclosure).toBeUndefined();
    expect(offenderPresent.text).not.toContain('Copie du rapport');
  });

  it.each([
    ['violation-report', 'under paragraph 11 (a) of the resolution, to report on it to the Secretary-General. That report was due on 2 June 2024'],
    ['follow-up', 'under paragraph 11 (b) of the resolution, to report to the Secretary-General on the measures taken to bring the offender to justice'],
    ['follow-up-outcome', 'the final outcome of the proceedings be reported in time; that information was expected by 2 June 2024'],
  ] as const)('a reminder of a %s report names the incident, the report it answers and what is owed', (obligationKind, owed) => {
    const input = inputOf('reminder', 'en');
    if (input.kind !== 'reminder') throw new Error('expected a reminder');
    const note = renderNote({ ...input, obligation: { ...input.obligation, kind: obligationKind } });
    expect(note.text).toContain(owed);
    expect(note.text).toContain('- Date of the incident: 28 February 2024\n- Place: Nairobi\n- Report reference: MPR-2024-0042');
    expect(note.text).toContain('Pursuant to paragraph 12 (d)');
    expect(note.subject).toBe('Protection of diplomatic and consular missions and representatives — reminder: report due on 2 June 2024');
  });

  it.each(noteLanguages)('a second reminder in %s is firmer and says which reminder it is', (language) => {
    const input = inputOf('reminder', language);
    if (input.kind !== 'reminder') throw new Error('expected a reminder');
    const first = renderNote(input);
    const second = renderNote({ ...input, obligation: { ...input.obligation, reminderNumber: 2 } });
    const third = renderNote({ ...input, obligation: { ...input.obligation, reminderNumber: 3 } });
    const [further, priority, ordinals] =
      language === 'en'
        ? ['notes with concern', 'as a matter of priority', ['second reminder', 'third reminder']]
        : ['constate avec préoccupation', 'à titre prioritaire', ['deuxième rappel', 'troisième rappel']];
    expect(first.text).not.toContain(further);
    expect(second.text).toContain(further);
    expect(second.text).toContain(priority);
    expect(second.subject).toContain(ordinals[0]);
    expect(third.subject).toContain(ordinals[1]);
  });

  it('the internal notice is addressed to the Secretariat, with no opening formula, and says what the decision covers', () => {
    const note = renderNote(inputOf('not-circulated-notice', 'en', { confidential: true }));
    expect(note.layout).toBe('internal-notice');
    expect(note.addresseeLine).toBe('To: Codification Division, Office of Legal Affairs');
    expect(note.text).not.toContain('presents his compliments');
    expect(note.text).toContain(
      'will not be circulated to States under paragraph 12 (b) of General Assembly resolution 77/108, as the reporting State has requested that it not be circulated',
    );
    expect(note.text).toContain('This decision concerns circulation only');
    expect(note.subject).toBe('Report MPR-2024-0042 received from France will not be circulated');
    expect(note.html).toMatch(/<h1[^>]*>Internal notice<\/h1>/);
    expect(renderNote(inputOf('not-circulated-notice', 'fr')).addresseeLine).toBe(
      'Destinataire\u00a0: Division de la codification, Bureau des affaires juridiques',
    );
  });
});

describe('user text is printed, never interpreted', () => {
  const hostile = { code: 'KEN', nameEn: '<script>alert("x")</script> ${reference} {title}', nameFr: '<img src=x onerror=alert(1)> {ofState}' };
  const hostileReport = { ...report, reference: '</p><p>{deadline}', summary: { place: '<b>Nairobi</b> & {place}', description: '${title} $& $1 {email}' } };

  it.each(noteLanguages)('escapes State names and summaries in the HTML (%s)', (language) => {
    const input = inputOf('attention', language);
    if (input.kind !== 'attention') throw new Error('expected an attention note');
    const note = renderNote({ ...input, addressee: hostile, report: { ...hostileReport, reportingState: hostile } });
    expect(note.html).not.toMatch(/<script|<img|<b>|<\/p><p>\{/);
    expect(note.html).toContain(language === 'en' ? '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' : '&lt;img src=x onerror=alert(1)&gt;');
    expect(note.html).toContain('&lt;b&gt;Nairobi&lt;/b&gt; &amp; {place}');
  });

  it('substitutes in one pass: placeholders and replacement patterns inside values stay as written', () => {
    const input = inputOf('attention', 'en');
    if (input.kind !== 'attention') throw new Error('expected an attention note');
    const note = renderNote({ ...input, addressee: hostile, report: { ...hostileReport, reportingState: hostile } });
    expect(note.text).toContain('Permanent Representative of <script>alert("x")</script> ${reference} {title} to the United Nations');
    expect(note.text).toContain('Place: <b>Nairobi</b> & {place}');
    expect(note.text).toContain('Description: ${title} $& $1 {email}');
    expect(note.text).toContain('under reference </p><p>{deadline}');
    expect(fill('{a}{b}', { a: '{b}', b: '$&' })).toBe('{b}$&');
  });

  it('keeps the subject on one line whatever the names contain', () => {
    const input = inputOf('circulation', 'en');
    if (input.kind !== 'circulation') throw new Error('expected a circulation note');
    const note = renderNote({
      ...input,
      report: { ...input.report, reference: 'MPR-2024-0042\r\nBcc: everyone@example.org', reportingState: { nameEn: 'France\n', nameFr: 'France' } },
    });
    expect(note.subject).not.toMatch(/[\r\n]/);
    expect(note.subject).toContain('MPR-2024-0042 Bcc: everyone@example.org received from France');
  });

  it('throws on a template placeholder that has no value: a fault in a template, not in the data', () => {
    expect(() => fill('{missing}', {})).toThrow('{missing}');
    expect(() => fill('{constructor}', {})).toThrow('{constructor}');
  });
});

describe('property: any user text', () => {
  const userText = fc.string({ unit: 'binary', maxLength: 40 });
  const userFields = fc.record({
    nameEn: userText,
    nameFr: userText,
    code: userText,
    reference: userText,
    reportReference: userText,
    place: userText,
    description: userText,
    email: userText,
    uploadUrl: userText,
    attachment: userText,
  });
  type Fields = typeof userFields extends fc.Arbitrary<infer T> ? T : never;

  function noteOf(kind: NoteKind, language: NoteLanguage, fields: Fields): NoteInput {
    const names = { code: fields.code, nameEn: fields.nameEn, nameFr: fields.nameFr };
    const base = { ...inputOf(kind, language), reference: fields.reference, addressee: names } as NoteInput;
    const channels = { email: fields.email, uploadUrl: fields.uploadUrl };
    const details = {
      ...report,
      reference: fields.reportReference,
      reportingState: names,
      summary: { place: fields.place, description: fields.description },
      attachmentFileName: fields.attachment,
    };
    switch (base.kind) {
      case 'circular':
      case 'pre-deadline-reminder':
        return { ...base, replyChannels: channels };
      case 'circulation':
        return { ...base, report: details };
      case 'attention':
        return { ...base, report: details, replyChannels: channels };
      case 'reminder':
        return { ...base, replyChannels: channels, obligation: { ...base.obligation, place: fields.place, triggeringReference: fields.reportReference } };
      case 'not-circulated-notice':
        return { ...base, report: details };
      case 'withdrawal':
        return { ...base, reportReference: fields.reportReference };
    }
  }

  const countOf = (text: string, character: string) => text.split(character).length - 1;

  it('renders every kind in every language without throwing, and no "<" from the text reaches the HTML unescaped', () => {
    fc.assert(
      fc.property(fc.constantFrom(...noteKinds), fc.constantFrom(...noteLanguages), userFields, (kind, language, fields) => {
        const note = renderNote(noteOf(kind, language, fields));
        // The same note with every "<" in the user text made harmless has the same markup, so
        // every "<" in the HTML is one the renderer wrote.
        const defused = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value.replaceAll('<', 'x')])) as Fields;
        const baseline = renderNote(noteOf(kind, language, defused));
        expect(countOf(note.html, '<')).toBe(countOf(baseline.html, '<'));
        expect(note.subject).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('State names in running text', () => {
  it.each([
    ['France', 'la France', 'de la France'],
    ['Kenya', 'le Kenya', 'du Kenya'],
    ['Pays-Bas (Royaume des)', 'le Royaume des Pays-Bas', 'du Royaume des Pays-Bas'],
    ['Algérie', "l'Algérie", "de l'Algérie"],
    ['Haïti', 'Haïti', "d'Haïti"],
    ['Cuba', 'Cuba', 'de Cuba'],
    ['Philippines', 'les Philippines', 'des Philippines'],
    ['Honduras', 'le Honduras', 'du Honduras'],
    ['Bolivie (État plurinational de)', "l'État plurinational de Bolivie", "de l'État plurinational de Bolivie"],
    ["Iran (République islamique d')", "la République islamique d'Iran", "de la République islamique d'Iran"],
    ["États-Unis d'Amérique", "les États-Unis d'Amérique", "des États-Unis d'Amérique"],
    [
      "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
      "le Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
      "du Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
    ],
    ['État de Palestine', "l'État de Palestine", "de l'État de Palestine"],
    ['Saint-Siège', 'le Saint-Siège', 'du Saint-Siège'],
    ['République de Ruritanie', 'la République de Ruritanie', 'de la République de Ruritanie'],
  ])('French: %s → %s, %s', (name, inText, ofState) => {
    expect(french.inText(name)).toEqual({ state: inText, ofState, known: true });
  });

  it('French: a name no rule knows gets the neutral construction, and the note says so', () => {
    expect(french.inText('Ruritanie')).toEqual({ state: "l'État (Ruritanie)", ofState: "de l'État (Ruritanie)", known: false });
    const note = renderNote({ ...inputOf('circular', 'fr'), addressee: { code: 'RUR', nameEn: 'Ruritania', nameFr: 'Ruritanie' } });
    expect(note.text).toContain("au Représentant permanent de l'État (Ruritanie) auprès de l'Organisation des Nations Unies");
    expect(note.warnings).toEqual([expect.stringContaining('Ruritanie')]);
  });

  it('French: every State in the registry has a known article', () => {
    expect(states.filter((candidate) => !french.inText(candidate.nameFr).known).map((candidate) => candidate.nameFr)).toEqual([]);
  });

  it.each([
    ['France', 'of France'],
    ['Netherlands (Kingdom of the)', 'of the Kingdom of the Netherlands'],
    ['Bolivia (Plurinational State of)', 'of the Plurinational State of Bolivia'],
    ['Philippines', 'of the Philippines'],
    ['Holy See', 'of the Holy See'],
    ['Solomon Islands', 'of Solomon Islands'],
    ['Marshall Islands', 'of the Marshall Islands'],
    ['United Kingdom of Great Britain and Northern Ireland', 'of the United Kingdom of Great Britain and Northern Ireland'],
    ['Russian Federation', 'of the Russian Federation'],
    ['State of Palestine', 'of the State of Palestine'],
    ['Türkiye', 'of Türkiye'],
    ["Côte d'Ivoire", "of Côte d'Ivoire"],
  ])('English: %s → %s', (name, ofState) => {
    expect(english.inText(name).ofState).toBe(ofState);
  });
});

describe('dates, ordinals and titles', () => {
  it.each([
    ['2024-05-15', '15 May 2024', '15 mai 2024'],
    ['2024-05-01', '1 May 2024', '1er mai 2024'],
    ['2022-12-07', '7 December 2022', '7 décembre 2022'],
    ['2024-02-30', '2024-02-30', '2024-02-30'],
    ['15/05/2024', '15/05/2024', '15/05/2024'],
  ])('%s is written %s and %s', (iso, inEnglish, inFrench) => {
    expect(english.date(iso, en.months)).toBe(inEnglish);
    expect(french.date(iso, languages.fr.templates.months)).toBe(inFrench);
  });

  it.each([
    [2, 'second', 'deuxième'],
    [5, 'fifth', 'cinquième'],
    [9, 'ninth', 'neuvième'],
    [21, 'twenty-first', 'vingt et unième'],
    [71, 'seventy-first', 'soixante et onzième'],
    [79, 'seventy-ninth', 'soixante-dix-neuvième'],
    [80, 'eightieth', 'quatre-vingtième'],
    [81, 'eighty-first', 'quatre-vingt-unième'],
    [91, 'ninety-first', 'quatre-vingt-onzième'],
    [100, 'one hundredth', 'centième'],
    [112, 'one hundred and twelfth', 'cent douzième'],
    [201, '201st', '201e'],
  ])('%i is %s and %s', (n, inEnglish, inFrench) => {
    expect(english.ordinal(n, 'feminine')).toBe(inEnglish);
    expect(french.ordinal(n, 'feminine')).toBe(inFrench);
  });

  it('French ordinals agree in gender for "first" only', () => {
    expect([french.ordinal(1, 'masculine'), french.ordinal(1, 'feminine')]).toEqual(['premier', 'première']);
  });

  it('a French note of a resolution whose French title is unknown gives the title as the cycle has it, with a warning', () => {
    const retitled = cycleWith({ resolution: { ...cycle.resolution, title: 'A new title' } });
    const note = renderNote(inputOf('circular', 'fr', { cycle: retitled }));
    expect(note.text).toContain('intitulée «\u00a0A new title\u00a0»');
    expect(note.warnings).toEqual([expect.stringContaining('A/RES/77/108')]);
    expect(renderNote(inputOf('circular', 'en', { cycle: retitled })).warnings).toEqual([]);
  });
});

describe('templates', () => {
  const textsOf = (node: unknown, path = ''): [string, string][] => {
    if (typeof node === 'string') return [[path, node]];
    if (Array.isArray(node)) return node.flatMap((child, index) => textsOf(child, `${path}/${index}`));
    if (node !== null && typeof node === 'object')
      return Object.entries(node).flatMap(([key, child]) => (key === 'resolutionTitles' ? [] : textsOf(child, `${path}/${key}`)));
    return [];
  };

  it.each(noteLanguages)('%s has every template English has', (language) => {
    expect(textsOf(languages[language].templates).map(([path]) => path)).toEqual(textsOf(languages.en.templates).map(([path]) => path));
  });

  it('no template writes a paragraph number of its own', () => {
    for (const language of noteLanguages) {
      for (const [path, text] of textsOf(languages[language].templates)) expect([path, text]).not.toEqual([path, expect.stringMatching(/paragraph\w* \d/)]);
    }
  });

  // Every template of every variant is filled, so a placeholder without a value would throw here.
  it.each(noteLanguages)('every variant of every kind renders in %s', (language) => {
    const attention = inputOf('attention', language);
    const reminder = inputOf('reminder', language);
    if (attention.kind !== 'attention' || reminder.kind !== 'reminder') throw new Error('unexpected fixtures');
    const variants: NoteInput[] = [
      ...noteKinds.map((kind) => inputOf(kind, language, { confidential: true })),
      ...(['territorial', 'offender-present'] as const).flatMap((concernedAs) =>
        [undefined, '2024-07-01'].flatMap((dueDate) =>
          [undefined, 'report.pdf'].map((attachmentFileName): NoteInput => ({ ...attention, concernedAs, dueDate, report: { ...report, attachmentFileName } })),
        ),
      ),
      ...(['violation-report', 'follow-up', 'follow-up-outcome'] as const).flatMap((kind) =>
        [1, 2, 5].map((reminderNumber): NoteInput => ({ ...reminder, obligation: { ...reminder.obligation, kind, reminderNumber, place: undefined } })),
      ),
      { ...inputOf('circular', language), addressee: state('PSE') },
    ];
    for (const variant of variants) {
      const note = renderNote(variant);
      expect(note.text).not.toMatch(/\{[A-Za-z]+\}/);
      expect(note.warnings).toEqual([]);
    }
  });
});

describe('noteSymbol', () => {
  it('joins the series, the year and the number', () => {
    expect(noteSymbol(cycle.noteReferenceSeries, 2024, 17)).toBe('LA/COD/72/2024/17');
  });

  it.each([
    ['LA/COD', 2024, 1],
    ['XX/COD/72', 2024, 1],
    ['LA/COD/72', 24, 1],
    ['LA/COD/72', 2024, 0],
    ['LA/COD/72', 2024, 1.5],
  ])('refuses %s, %i, %s', (series, year, sequence) => {
    expect(() => noteSymbol(series, year, sequence)).toThrow(RangeError);
  });
});

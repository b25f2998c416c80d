/**
 * The States registry: who the Secretariat writes to, under which names, in which language and
 * at which mailboxes.
 *
 * "All States" in the resolution means the 193 Member States and the two non-member observer
 * States (Holy See, State of Palestine). Other treaty participants (Niue, Cook Islands) are kept
 * so that treaty-status tables can name them, but they are not addressed by default.
 *
 * The registry is seeded from `data/states.csv`, whose shape this module defines and checks.
 * This module does no I/O: callers read the file and hand its text to `parseStatesCsv`.
 *
 * The seed's mission working languages are an initial assumption, to be corrected from the
 * Protocol and Liaison Service's Blue Book: French for the missions of France, Belgium,
 * Luxembourg, Monaco and Switzerland (multilingual, taken here as corresponding in French),
 * of the francophone States of West and Central Africa, the Indian Ocean and the Horn (Benin,
 * Burkina Faso, Burundi, Cameroon, Central African Republic, Chad, Comoros, Congo, Côte
 * d'Ivoire, Democratic Republic of the Congo, Djibouti, Equatorial Guinea, Gabon, Guinea,
 * Madagascar, Mali, Niger, Senegal, Togo), of Haiti, and of the Maghreb (Algeria, Mauritania,
 * Morocco, Tunisia); English for every other mission, including Rwanda (which moved from French
 * to English in 2008), Lebanon, Canada and Vanuatu, whose practice is the least certain.
 * The mailboxes in the seed are placeholders at the reserved domain example.org, because real
 * mission addresses are not public; they too come from the Blue Book.
 */
import * as z from 'zod/mini';
import { isoInstantSchema, stateCodeSchema, workingLanguages } from './codes.ts';
// zod's English messages, which a refused line of the registry is reported with.
import './zod-messages.ts';

/** Version of `data/states.csv`; bump it with every change to the file. */
export const statesSeedVersion = '2026-12-06.1';

/**
 * The 249 codes officially assigned in ISO 3166-1 alpha-3 (none added since South Sudan in 2011;
 * later renamings such as Czechia, Eswatini and Türkiye kept their codes). A code that is well formed but not on this list is a typo or
 * a user-assigned code such as `XKX`, and would never match a treaty-status table.
 */
export const iso3166Alpha3Codes: ReadonlySet<string> = new Set(
  (
    'ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR ' +
    'BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG ' +
    'COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH ' +
    'FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY ' +
    'HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM ' +
    'KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL ' +
    'MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR ' +
    'NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU ' +
    'SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA ' +
    'TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB ' +
    'VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE'
  ).split(' '),
);

/**
 * The key that puts UN short names in the English alphabetical order of UN lists: diacritics
 * stripped (Côte d'Ivoire files under C, Türkiye under T), case ignored, apostrophes dropped
 * (so "People's" sorts as "peoples"), and any other punctuation treated as a word break
 * ("Guinea-Bissau" after "Guinea", "Bolivia (Plurinational State of)" as "bolivia
 * plurinational state of"). The result compares by plain code-unit order, which is the same on
 * every runtime, unlike a locale-dependent collation.
 */
export function englishSortKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['\u2019]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A text that the registry will print: not blank, and on one line. */
const nameSchema = z.string().check(
  z.trim(),
  z.minLength(1, 'must not be empty'),
  z.regex(/^\P{Cc}*$/u, 'must not contain line breaks or control characters'),
  z.refine((text) => englishSortKey(text) !== '', {
    error: 'must contain a letter or digit',
    when: (payload) => payload.issues.length === 0,
  }),
);

export const mailboxHealths = ['healthy', 'bouncing', 'complained', 'suspended'] as const;

/**
 * A mission mailbox. Its health is operational data, kept up to date from delivery feedback
 * (bounces, complaints) and by the Secretariat suspending an address; it is not part of the seed.
 */
export const mailboxSchema = z.object({
  address: z.email({ error: (issue) => `${JSON.stringify(issue.input)} is not a valid e-mail address` }).check(z.toLowerCase()),
  health: z._default(z.enum(mailboxHealths), 'healthy'),
  healthReason: z.optional(z.string()),
  healthChangedAt: z.optional(isoInstantSchema),
});
export type Mailbox = z.output<typeof mailboxSchema>;

export const stateStatuses = ['member', 'observer', 'other'] as const;
export type StateStatus = (typeof stateStatuses)[number];

/**
 * A State in the registry. `sortKey`, when given, overrides the key computed from the English
 * name and is normalized the same way; `addressed` defaults to whether the State is a Member or
 * observer State, and a different value is a Secretariat decision, kept as operational data.
 */
export const stateSchema = z.pipe(
  z.object({
    code: stateCodeSchema.check(
      z.refine((code) => iso3166Alpha3Codes.has(code), {
        error: (issue) => `${String(issue.input)} is not an assigned ISO 3166-1 alpha-3 code`,
        when: (payload) => payload.issues.length === 0,
      }),
    ),
    nameEn: nameSchema,
    nameFr: nameSchema,
    /**
     * The name as it stands in a sentence, article included ("the Russian Federation", "the
     * Islamic Republic of Iran", "France"), and in French ("la Fédération de Russie", "Cuba"):
     * see docs/report-drafting.md for the rule and its sources. Optional for a registry written
     * before these columns existed; the seed gives it for every State.
     */
    nameEnInText: z.optional(nameSchema),
    nameFrInText: z.optional(nameSchema),
    /**
     * The UN's Spanish short name, for the mission portal's Spanish pages. Optional: absent where
     * no checked source gives it (see docs/portal.md), and the portal then shows the English name.
     */
    nameEs: z.optional(nameSchema),
    sortKey: z.optional(nameSchema),
    status: z.enum(stateStatuses, { error: (issue) => `${JSON.stringify(issue.input)} is not one of ${stateStatuses.join(', ')}` }),
    // The shared vocabulary, with a message that names the rejected value.
    language: z.enum(workingLanguages, { error: (issue) => `${JSON.stringify(issue.input)} is not one of ${workingLanguages.join(', ')}` }),
    mailboxes: z.array(mailboxSchema).check(
      z.minLength(1, 'at least one mailbox is required'),
      z.superRefine((mailboxes, context) => {
        const seen = new Set<string>();
        mailboxes.forEach((mailbox, index) => {
          if (seen.has(mailbox.address)) {
            context.addIssue({ code: 'custom', path: [index, 'address'], message: `${mailbox.address} is listed twice` });
          }
          seen.add(mailbox.address);
        });
      }),
    ),
    addressed: z.optional(z.boolean()),
  }),
  z.transform((state) => ({
    ...state,
    sortKey: englishSortKey(state.sortKey ?? state.nameEn),
    addressed: state.addressed ?? state.status !== 'other',
  })),
);
export type StateInput = z.input<typeof stateSchema>;
export type State = z.output<typeof stateSchema>;

/** English alphabetical order; the code breaks ties so that the order never depends on input order. */
export function compareStatesEnglish(a: State, b: State): number {
  if (a.sortKey !== b.sortKey) return a.sortKey < b.sortKey ? -1 : 1;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return 0;
}

/** The State's name as a sentence of the report uses it: "the Russian Federation", "France"; the short name when the registry has no form in running text. */
export function nameInText(state: Pick<State, 'nameEn' | 'nameEnInText'>): string {
  return state.nameEnInText ?? state.nameEn;
}

/** "The Russian Federation", "France": the name in running text at the start of a sentence. */
export function nameAtSentenceStart(state: Pick<State, 'nameEn' | 'nameEnInText'>): string {
  const name = nameInText(state);
  return name.startsWith('the ') ? `T${name.slice(1)}` : name;
}

/** The States a circular note goes to unless the Secretariat chooses otherwise, in English order. */
export function addressees(states: readonly State[]): State[] {
  return states.filter((state) => state.status !== 'other' && state.addressed).sort(compareStatesEnglish);
}

/** The mailboxes that mail can be sent to now. */
export function healthyMailboxes(state: State): Mailbox[] {
  return state.mailboxes.filter((mailbox) => mailbox.health === 'healthy');
}

// ---------------------------------------------------------------------------------------------
// The seed file, data/states.csv
// ---------------------------------------------------------------------------------------------

/**
 * The columns of `data/states.csv`, in order. `mailboxes` holds one or more addresses separated
 * by `;`. Mailbox health and a non-default `addressed` are operational data and are not part of
 * the file: a parsed State starts with healthy mailboxes and the default `addressed`.
 */
export const statesCsvColumns = [
  'code',
  'name_en',
  'name_fr',
  'sort_key',
  'status',
  'language',
  'mailboxes',
  'name_en_in_text',
  'name_fr_in_text',
  'name_es',
] as const;

/**
 * The headers of files written before later columns existed, still read with those names absent:
 * without the Spanish name, and without the names in running text either.
 */
const acceptedCsvHeaders = [statesCsvColumns, statesCsvColumns.slice(0, 9), statesCsvColumns.slice(0, 7)];

export interface StatesCsvError {
  /** The line the record starts on, counting the header as line 1. */
  readonly line: number;
  /** The column concerned, when the fault is in one column. */
  readonly field?: string;
  readonly message: string;
}

export type StatesCsvResult = { ok: true; states: State[] } | { ok: false; errors: StatesCsvError[] };

const columnOfStateField: Readonly<Record<string, string>> = {
  code: 'code',
  nameEn: 'name_en',
  nameFr: 'name_fr',
  sortKey: 'sort_key',
  status: 'status',
  language: 'language',
  mailboxes: 'mailboxes',
  nameEnInText: 'name_en_in_text',
  nameFrInText: 'name_fr_in_text',
  nameEs: 'name_es',
};

interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/**
 * Splits RFC 4180 text into records: fields separated by commas, records by CRLF or LF, fields
 * optionally quoted with doubled quotes inside, a final line break optional. A malformed quote
 * stops the split at once, since no later record boundary can be trusted after it.
 */
function splitCsv(text: string): { records: CsvRecord[] } | { error: StatesCsvError } {
  const records: CsvRecord[] = [];
  let position = text.startsWith('\uFEFF') ? 1 : 0;
  let line = 1;
  const atRecordEnd = (): boolean => position >= text.length || text[position] === '\n' || (text[position] === '\r' && text[position + 1] === '\n');

  while (position < text.length) {
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[position] === '"') {
        const openedOn = line;
        position += 1;
        for (;;) {
          if (position >= text.length) return { error: { line: openedOn, message: 'a quoted field is not closed' } };
          const character = text[position] as string;
          if (character === '"') {
            if (text[position + 1] !== '"') break;
            position += 1;
          } else if (character === '\n') {
            line += 1;
          }
          value += character;
          position += 1;
        }
        position += 1;
        if (!atRecordEnd() && text[position] !== ',') return { error: { line, message: 'text follows a closing quote' } };
      } else {
        while (!atRecordEnd() && text[position] !== ',') {
          if (text[position] === '"') return { error: { line, message: 'a quote inside an unquoted field' } };
          value += text[position];
          position += 1;
        }
      }
      fields.push(value);
      if (text[position] !== ',') break;
      position += 1;
    }
    if (position < text.length) {
      position += text[position] === '\r' ? 2 : 1;
      line += 1;
    }
    records.push({ line: recordLine, fields });
  }
  return { records };
}

/** The schema's input from a record of the right length; the schema does the checking. */
function stateInputFromRecord(fields: readonly string[]) {
  const [code, nameEn, nameFr, sortKey, status, language, mailboxes, nameEnInText = '', nameFrInText = '', nameEs = ''] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string?,
    string?,
    string?,
  ];
  return {
    code,
    nameEn,
    nameFr,
    ...(nameEnInText.trim() === '' ? {} : { nameEnInText }),
    ...(nameFrInText.trim() === '' ? {} : { nameFrInText }),
    ...(nameEs.trim() === '' ? {} : { nameEs }),
    sortKey: sortKey.trim() === '' ? undefined : sortKey,
    status,
    language,
    mailboxes: mailboxes
      .split(';')
      .map((address) => address.trim())
      .filter((address) => address !== '')
      .map((address) => ({ address })),
  };
}

/**
 * Reads `data/states.csv` (or a file of the same shape). All or nothing: every record is checked,
 * every fault is reported with its line, and any fault means no States at all, so that a half
 * imported registry can never address a partial list of States.
 */
export function parseStatesCsv(text: string): StatesCsvResult {
  const split = splitCsv(text);
  if ('error' in split) return { ok: false, errors: [split.error] };
  const [header, ...rows] = split.records;
  if (header === undefined) return { ok: false, errors: [{ line: 1, message: 'the file is empty; a header line is required' }] };
  const columns = acceptedCsvHeaders.find((candidate) => header.fields.join(',') === candidate.join(','));
  if (columns === undefined) {
    return {
      ok: false,
      errors: [
        {
          line: header.line,
          message: `the header must be exactly: ${statesCsvColumns.join(',')} (or without the last column, or without the last three)`,
        },
      ],
    };
  }

  const errors: StatesCsvError[] = [];
  const states: State[] = [];
  const lineOfCode = new Map<string, number>();
  for (const row of rows) {
    if (row.fields.length !== columns.length) {
      errors.push({ line: row.line, message: `expected ${columns.length} fields, found ${row.fields.length}` });
      continue;
    }
    const parsed = stateSchema.safeParse(stateInputFromRecord(row.fields));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = columnOfStateField[String(issue.path[0])];
        errors.push({ line: row.line, ...(field === undefined ? {} : { field }), message: issue.message });
      }
      continue;
    }
    const firstLine = lineOfCode.get(parsed.data.code);
    if (firstLine === undefined) {
      lineOfCode.set(parsed.data.code, row.line);
      states.push(parsed.data);
    } else {
      errors.push({ line: row.line, field: 'code', message: `${parsed.data.code} is on line ${firstLine} and again on line ${row.line}` });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, states: states.sort(compareStatesEnglish) };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Writes States in the shape of `data/states.csv`, in English order, with LF line ends (which
 * `parseStatesCsv` accepts like CRLF, and which keep the versioned file's diffs clean). The sort
 * key is written only where it differs from the one computed from the English name. Mailbox
 * health and `addressed` are not written: see `statesCsvColumns`.
 */
export function serializeStatesCsv(states: readonly State[]): string {
  const rows = [...states]
    .sort(compareStatesEnglish)
    .map((state) =>
      [
        state.code,
        state.nameEn,
        state.nameFr,
        state.sortKey === englishSortKey(state.nameEn) ? '' : state.sortKey,
        state.status,
        state.language,
        state.mailboxes.map((mailbox) => mailbox.address).join(';'),
        state.nameEnInText ?? '',
        state.nameFrInText ?? '',
        state.nameEs ?? '',
      ]
        .map(csvField)
        .join(','),
    );
  return [statesCsvColumns.join(','), ...rows].map((row) => `${row}\n`).join('');
}

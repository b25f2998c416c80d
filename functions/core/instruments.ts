/**
 * The instruments relevant to the protection of diplomatic and consular missions and
 * representatives, and who participates in them: what paragraph 14 (a) of resolution 77/108 asks
 * the Secretary-General to report on ("the state of ratification of and accession to").
 *
 * Which instruments count is configuration (data/instruments/instruments.json): the Convention on
 * Special Missions and its Optional Protocol may belong in the list, which could not be confirmed.
 * Each instrument is named by its number in the United Nations Treaty Collection (`III-3` is
 * chapter III, number 3), whose status tables record per participant a signature date and the
 * date and kind of its consent to be bound. Party counts change every year: they are imported
 * from those tables, never written here. This module does no I/O.
 */
import * as z from 'zod/mini';
import { isoDateSchema, type StateCode, stateCodeSchema } from './codes.ts';
import { compareStatesEnglish, englishSortKey, iso3166Alpha3Codes, type State } from './states.ts';
import { fieldErrors, parseJsonWith, type Validation } from './validation.ts';

// ---------------------------------------------------------------------------------------------
// The instruments

const instrumentIdSchema = z.string().check(z.regex(/^[IVXL]+-[1-9]\d*$/, 'a UN Treaty Collection chapter and number, e.g. III-3'));

export const instrumentSchema = z.strictObject({
  /** Chapter and number in the UN Treaty Collection, e.g. `III-3`. */
  id: instrumentIdSchema,
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
  /** The year the instrument was adopted, which the report prints after its title. */
  year: z.int().check(z.gte(1900), z.lte(2100)),
  /** Whether the report covers it; an instrument listed but not included can be switched on by this flag alone. */
  included: z.boolean(),
});

export type Instrument = z.output<typeof instrumentSchema>;

const catalogueSchema = z.array(instrumentSchema).check(
  z.minLength(1),
  z.superRefine((instruments, context) => {
    const seen = new Set<string>();
    instruments.forEach((instrument, index) => {
      if (seen.has(instrument.id)) context.addIssue({ code: 'custom', path: [index, 'id'], message: `must not list ${instrument.id} twice` });
      seen.add(instrument.id);
    });
  }),
);

/** Reads the list of instruments (data/instruments/instruments.json), from its JSON text or parsed value. */
export function parseInstrumentCatalogue(json: unknown): Validation<Instrument[]> {
  return parseJsonWith(catalogueSchema, json, 'is not a field of an instrument');
}

/** `Vienna Convention on Diplomatic Relations, 1961`, as the report names an instrument. */
export function instrumentName(instrument: Instrument): string {
  return `${instrument.title}, ${instrument.year}`;
}

// ---------------------------------------------------------------------------------------------
// A status table

export const consentKinds = ['ratification', 'accession', 'succession', 'acceptance', 'approval'] as const;
export type ConsentKind = (typeof consentKinds)[number];

/** The marks of the Treaty Collection's tables: a date with no mark is a ratification. */
export const consentMarks: Readonly<Record<ConsentKind, string>> = { ratification: '', accession: 'a', succession: 'd', acceptance: 'A', approval: 'AA' };

const kindOfMark = new Map<string, ConsentKind>(
  consentKinds.flatMap((kind) => [[kind, kind] as const, ...(consentMarks[kind] ? [[consentMarks[kind], kind] as const] : [])]),
);

export const participantStatusSchema = z
  .strictObject({
    participant: stateCodeSchema.check(
      z.refine((code) => iso3166Alpha3Codes.has(code), {
        error: (issue) => `${String(issue.input)} is not an assigned ISO 3166-1 alpha-3 code`,
        when: (payload) => payload.issues.length === 0,
      }),
    ),
    signature: z.optional(isoDateSchema),
    /** The deposit of the instrument of ratification, accession, succession, acceptance or approval. */
    consent: z.optional(
      z.strictObject({
        date: isoDateSchema,
        kind: z.enum(consentKinds, { error: 'must be ratification, accession (a), succession (d), acceptance (A) or approval (AA)' }),
      }),
    ),
  })
  .check(
    z.superRefine(
      (row, context) => {
        if (row.signature === undefined && row.consent === undefined)
          context.addIssue({ code: 'custom', path: ['signature'], message: 'must give a signature date, a consent date, or both' });
        if (row.signature !== undefined && row.consent !== undefined && row.consent.date < row.signature) {
          context.addIssue({ code: 'custom', path: ['consent', 'date'], message: `must not be before the signature (${row.signature})` });
        }
      },
      { when: (payload) => payload.issues.length === 0 },
    ),
  );

export type ParticipantStatus = z.output<typeof participantStatusSchema>;

export interface StatusTableError {
  /** The line of the file the row starts on, counting from 1. */
  readonly line: number;
  readonly field?: string;
  readonly message: string;
}

export type StatusTableResult = { ok: true; participants: ParticipantStatus[] } | { ok: false; errors: StatusTableError[] };

/**
 * The columns of a status table in CSV. Dates are `YYYY-MM-DD`; `consent_kind` is a word
 * (`accession`) or the Treaty Collection's mark (`a`, `d`, `A`, `AA`). Lines starting with `#`
 * are comments (the sample tables say there what they are).
 */
export const statusCsvColumns = ['participant', 'signature', 'consent_date', 'consent_kind'] as const;

type Row = { readonly line: number; readonly input: unknown } | { readonly line: number; readonly error: string };

/**
 * Reads a status table, CSV (`statusCsvColumns`) or JSON (a list of `ParticipantStatus`). All
 * or nothing: every row is checked and every fault reported with its line, so that a table half
 * read never becomes the one the report counts parties from.
 */
export function parseStatusTable(text: string, format: 'csv' | 'json'): StatusTableResult {
  const rows = format === 'csv' ? csvRows(text) : jsonRows(text);
  if ('error' in rows) return { ok: false, errors: [rows.error] };
  const errors: StatusTableError[] = [];
  const participants: ParticipantStatus[] = [];
  const lineOf = new Map<string, number>();
  for (const row of rows.rows) {
    if ('error' in row) {
      errors.push({ line: row.line, message: row.error });
      continue;
    }
    const parsed = participantStatusSchema.safeParse(row.input);
    if (!parsed.success) {
      for (const error of fieldErrors(parsed.error.issues, 'is not a field of a status table')) {
        const field = format === 'csv' ? csvColumnOfPointer[error.path] : error.path.slice(1).replaceAll('/', '.');
        errors.push({ line: row.line, ...(field ? { field } : {}), message: error.message });
      }
      continue;
    }
    const first = lineOf.get(parsed.data.participant);
    if (first === undefined) {
      lineOf.set(parsed.data.participant, row.line);
      participants.push(parsed.data);
    } else {
      errors.push({ line: row.line, field: 'participant', message: `${parsed.data.participant} is on line ${first} and again on line ${row.line}` });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, participants: participants.sort((a, b) => (a.participant < b.participant ? -1 : 1)) };
}

const csvColumnOfPointer: Readonly<Record<string, string>> = {
  '/participant': 'participant',
  '/signature': 'signature',
  '/consent': 'consent_date',
  '/consent/date': 'consent_date',
  '/consent/kind': 'consent_kind',
};

/**
 * Splits the CSV into rows. Its fields are codes, dates and kinds, none of which holds a comma, a
 * quote or a line break: a field may be quoted as spreadsheets write them, nothing more.
 */
function csvRows(text: string): { rows: Row[] } | { error: StatusTableError } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows: Row[] = [];
  let header: number | undefined;
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const fields = raw.split(',').map((field) => field.trim().replace(/^"(.*)"$/, '$1'));
    if (header === undefined) {
      if (fields.join(',') !== statusCsvColumns.join(',')) return { error: { line, message: `the header must be exactly: ${statusCsvColumns.join(',')}` } };
      header = line;
    } else if (fields.length !== statusCsvColumns.length) {
      rows.push({ line, error: `expected ${statusCsvColumns.length} fields, found ${fields.length}` });
    } else if (fields.some((field) => field.includes('"'))) {
      rows.push({ line, error: 'a field holds a quote, but fields are codes, dates and kinds' });
    } else {
      const [participant, signature, consentDate, consentKind] = fields as [string, string, string, string];
      const kind = kindOfMark.get(consentKind) ?? (consentKind || undefined);
      const consent = consentDate || kind ? { consent: { date: consentDate || undefined, kind } } : {};
      rows.push({ line, input: { participant, ...(signature ? { signature } : {}), ...consent } });
    }
  }
  if (header === undefined) return { error: { line: 1, message: `the file has no header; the first line must be: ${statusCsvColumns.join(',')}` } };
  return { rows };
}

/** The rows of a JSON list, each with the line its element starts on, found by walking the text once. */
function jsonRows(text: string): { rows: Row[] } | { error: StatusTableError } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: { line: 1, message: `not valid JSON: ${(error as Error).message}` } };
  }
  if (!Array.isArray(value)) return { error: { line: 1, message: 'must be a JSON list of participants' } };
  const lines = elementLines(text);
  return { rows: value.map((input: unknown, index) => ({ line: lines[index] ?? 1, input })) };
}

/** The line on which each element of the top-level JSON array starts (the text is valid JSON). */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let position = 0; position < text.length; position += 1) {
    const character = text[position]!;
    if (character === '\n') line += 1;
    if (inString) {
      if (character === '\\') position += 1;
      else if (character === '"') inString = false;
      continue;
    }
    if (/\s/.test(character)) continue;
    if (depth === 1 && expectElement && character !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (character === '"') inString = true;
    else if (character === '[' || character === '{') {
      depth += 1;
      if (depth === 1) expectElement = true;
    } else if (character === ']' || character === '}') depth -= 1;
    else if (character === ',' && depth === 1) expectElement = true;
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Participation as of a date

/** A status table as imported: which instrument, and its participants. */
export interface InstrumentTable {
  readonly instrument: Instrument;
  readonly participants: readonly ParticipantStatus[];
}

/** The number of parties on `asOf`: participants whose consent to be bound was deposited by then. */
export function partiesAsOf(participants: readonly ParticipantStatus[], asOf: string): number {
  return participants.filter((row) => row.consent !== undefined && row.consent.date <= asOf).length;
}

/** The table as it stood on `asOf`: what happened later is left out (a later ratification, a later signatory). */
export function participationAsOf(participants: readonly ParticipantStatus[], asOf: string): ParticipantStatus[] {
  return participants.flatMap((row) => {
    const signature = row.signature !== undefined && row.signature <= asOf ? row.signature : undefined;
    const consent = row.consent !== undefined && row.consent.date <= asOf ? row.consent : undefined;
    if (signature === undefined && consent === undefined) return [];
    return [{ participant: row.participant, ...(signature ? { signature } : {}), ...(consent ? { consent } : {}) }];
  });
}

/** The English name and order of participants: the registry's, and for a code the registry lacks, the code itself. */
export interface StateDirectory {
  name(code: StateCode): string;
  compare(a: StateCode, b: StateCode): number;
}

export function stateDirectory(states: readonly State[]): StateDirectory {
  const byCode = new Map(states.map((state) => [state.code, state]));
  const sortKey = (code: StateCode) => byCode.get(code)?.sortKey ?? englishSortKey(code);
  return {
    name: (code) => byCode.get(code)?.nameEn ?? code,
    compare: (a, b) => {
      const left = byCode.get(a);
      const right = byCode.get(b);
      if (left && right) return compareStatesEnglish(left, right);
      const [x, y] = [sortKey(a), sortKey(b)];
      return x === y ? (a < b ? -1 : a > b ? 1 : 0) : x < y ? -1 : 1;
    },
  };
}

export interface NewParticipant {
  readonly participant: StateCode;
  /** Each instrument it became a party to in the period, in the order of the list of instruments. */
  readonly joined: readonly { readonly instrument: Instrument; readonly date: string; readonly kind: ConsentKind }[];
}

/**
 * The States that became parties to any of the instruments after `since` (the date of the
 * previous report) and by `asOf`, each once however many instruments it joined, in English
 * order. A signature alone does not make a State a party, so it does not count.
 */
export function newParticipants(
  tables: readonly InstrumentTable[],
  period: { readonly since: string; readonly asOf: string },
  directory: StateDirectory,
): NewParticipant[] {
  const joined = new Map<StateCode, NewParticipant['joined'][number][]>();
  for (const { instrument, participants } of tables) {
    for (const { participant, consent } of participants) {
      if (consent === undefined || consent.date <= period.since || consent.date > period.asOf) continue;
      joined.set(participant, [...(joined.get(participant) ?? []), { instrument, date: consent.date, kind: consent.kind }]);
    }
  }
  return [...joined.entries()]
    .map(([participant, entries]) => ({ participant, joined: entries }))
    .sort((a, b) => directory.compare(a.participant, b.participant));
}

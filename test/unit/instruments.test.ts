import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Instrument,
  newParticipants,
  type ParticipantStatus,
  parseInstrumentCatalogue,
  parseStatusTable,
  participationAsOf,
  partiesAsOf,
  type StatusTableResult,
  stateDirectory,
  statusCsvColumns,
} from '../../functions/core/instruments.ts';
import { seedStates } from '../support/seed.ts';

const folder = join(import.meta.dirname, '..', '..', 'data', 'instruments');
const csv = (...rows: string[]) => [statusCsvColumns.join(','), ...rows].join('\n');

function participantsOf(result: StatusTableResult): ParticipantStatus[] {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.participants;
}

const vcdr: Instrument = { id: 'III-3', title: 'Vienna Convention on Diplomatic Relations', year: 1961, included: true };
const vccr: Instrument = { id: 'III-6', title: 'Vienna Convention on Consular Relations', year: 1963, included: true };
const directory = stateDirectory(seedStates());

describe('the list of instruments, data/instruments/instruments.json', () => {
  const parsed = parseInstrumentCatalogue(readFileSync(join(folder, 'instruments.json'), 'utf8'));
  const catalogue = parsed.ok ? parsed.value : [];

  it('includes the seven instruments of the report and lists the two unconfirmed ones without including them', () => {
    expect(parsed.ok).toBe(true);
    expect(catalogue.filter((instrument) => instrument.included).map((instrument) => instrument.id)).toEqual([
      'III-3',
      'III-4',
      'III-5',
      'III-6',
      'III-7',
      'III-8',
      'XVIII-7',
    ]);
    expect(catalogue.filter((instrument) => !instrument.included).map((instrument) => instrument.id)).toEqual(['III-9', 'III-10']);
  });

  it('ships a sample table for each instrument of the report, marked as sample data, that parses', () => {
    for (const instrument of catalogue.filter((entry) => entry.included)) {
      const text = readFileSync(join(folder, `${instrument.id}.sample.csv`), 'utf8');
      expect(text.split('\n')[0]).toMatch(/^# ILLUSTRATIVE SAMPLE DATA/);
      expect(participantsOf(parseStatusTable(text, 'csv')).length, instrument.id).toBeGreaterThanOrEqual(3);
    }
    expect(
      readdirSync(folder)
        .filter((name) => name.endsWith('.csv'))
        .every((name) => name.includes('.sample.')),
    ).toBe(true);
  });

  it('refuses an instrument listed twice or an id that is not a Treaty Collection number', () => {
    const twice = parseInstrumentCatalogue([vcdr, vcdr]);
    expect(twice).toEqual({ ok: false, errors: [{ path: '/1/id', message: 'must not list III-3 twice' }] });
    const badId = parseInstrumentCatalogue([{ ...vcdr, id: 'VCDR' }]);
    expect(badId.ok).toBe(false);
  });
});

describe('parseStatusTable', () => {
  it('reads dates, words and the Collection’s marks, skipping comments and blank lines', () => {
    const text = `# a comment\n${csv('KEN,,1965-07-01,a', '"FRA","1961-04-18","1970-12-31","ratification"', '', 'MEX,1961-04-18,,', 'NIU,,2023-09-12,d', 'CHE,,2001-01-01,AA', 'AUT,,2002-01-01,A')}\n`;
    expect(participantsOf(parseStatusTable(text, 'csv'))).toEqual([
      { participant: 'AUT', consent: { date: '2002-01-01', kind: 'acceptance' } },
      { participant: 'CHE', consent: { date: '2001-01-01', kind: 'approval' } },
      { participant: 'FRA', signature: '1961-04-18', consent: { date: '1970-12-31', kind: 'ratification' } },
      { participant: 'KEN', consent: { date: '1965-07-01', kind: 'accession' } },
      { participant: 'MEX', signature: '1961-04-18' },
      { participant: 'NIU', consent: { date: '2023-09-12', kind: 'succession' } },
    ]);
  });

  it('reports every fault with its line and column, and returns no participant at all', () => {
    const text = csv(
      'KEN,,1965-07-01,a',
      'XYZ,,1965-07-01,a',
      'FRA,1961-04-18,1960-01-01,ratification',
      'MEX,,1965-02-30,a',
      'KEN,,1966-01-01,a',
      'TUR,,,',
      'CIV,,1962-01-01,x',
      'GHA,1961-04-18',
    );
    const result = parseStatusTable(text, 'csv');
    expect(result).toEqual({
      ok: false,
      errors: [
        { line: 3, field: 'participant', message: 'XYZ is not an assigned ISO 3166-1 alpha-3 code' },
        { line: 4, field: 'consent_date', message: 'must not be before the signature (1961-04-18)' },
        { line: 5, field: 'consent_date', message: 'must be a date as YYYY-MM-DD that exists' },
        { line: 6, field: 'participant', message: 'KEN is on line 2 and again on line 6' },
        { line: 7, field: 'signature', message: 'must give a signature date, a consent date, or both' },
        { line: 8, field: 'consent_kind', message: 'must be ratification, accession (a), succession (d), acceptance (A) or approval (AA)' },
        { line: 9, message: 'expected 4 fields, found 2' },
      ],
    });
  });

  it('names the header it expects', () => {
    expect(parseStatusTable('code,signed\nKEN,', 'csv')).toEqual({
      ok: false,
      errors: [{ line: 1, message: 'the header must be exactly: participant,signature,consent_date,consent_kind' }],
    });
    expect(parseStatusTable('# only a comment\n', 'csv')).toMatchObject({ ok: false, errors: [{ line: 1 }] });
  });

  it('reads JSON, giving the line each faulty entry starts on', () => {
    const good = JSON.stringify([{ participant: 'KEN', consent: { date: '1965-07-01', kind: 'accession' } }]);
    expect(participantsOf(parseStatusTable(good, 'json'))).toEqual([{ participant: 'KEN', consent: { date: '1965-07-01', kind: 'accession' } }]);
    const text = [
      '[',
      '  { "participant": "KEN", "signature": "1961-04-18" },',
      '  {',
      '    "participant": "FRA",',
      '    "consent": { "date": "1970-12-31", "kind": "a" }',
      '  },',
      '  { "participant": "MEX", "note": "x, y [z]" }',
      ']',
    ].join('\n');
    expect(parseStatusTable(text, 'json')).toEqual({
      ok: false,
      errors: [
        { line: 3, field: 'consent.kind', message: 'must be ratification, accession (a), succession (d), acceptance (A) or approval (AA)' },
        { line: 7, field: 'note', message: 'is not a field of a status table' },
      ],
    });
    expect(parseStatusTable('{"participant":"KEN"}', 'json')).toEqual({ ok: false, errors: [{ line: 1, message: 'must be a JSON list of participants' }] });
    expect(parseStatusTable('[', 'json')).toMatchObject({ ok: false, errors: [{ line: 1 }] });
  });
});

describe('participation on a date', () => {
  const table = participantsOf(
    parseStatusTable(csv('FRA,1961-04-18,1970-12-31,ratification', 'MEX,1961-04-18,2024-08-01,ratification', 'KEN,,2024-07-01,a', 'GHA,2024-09-01,,'), 'csv'),
  );

  it('counts as parties those whose consent was deposited by the date, that date included', () => {
    expect(partiesAsOf(table, '2024-06-30')).toBe(1);
    expect(partiesAsOf(table, '2024-07-01')).toBe(2);
    expect(partiesAsOf(table, '2024-08-01')).toBe(3);
  });

  it('shows the table as it stood: a later ratification and a later signatory left out', () => {
    expect(participationAsOf(table, '2024-07-01')).toEqual([
      { participant: 'FRA', signature: '1961-04-18', consent: { date: '1970-12-31', kind: 'ratification' } },
      { participant: 'KEN', consent: { date: '2024-07-01', kind: 'accession' } },
      { participant: 'MEX', signature: '1961-04-18' },
    ]);
  });
});

describe('newParticipants', () => {
  const period = { since: '2022-07-20', asOf: '2024-07-01' };
  const table = (instrument: Instrument, ...rows: string[]) => ({ instrument, participants: participantsOf(parseStatusTable(csv(...rows), 'csv')) });

  it('counts a State that joined two instruments once, listing both', () => {
    const joined = newParticipants([table(vcdr, 'PLW,,2023-01-10,a'), table(vccr, 'PLW,,2023-02-11,a')], period, directory);
    expect(joined).toEqual([
      {
        participant: 'PLW',
        joined: [
          { instrument: vcdr, date: '2023-01-10', kind: 'accession' },
          { instrument: vccr, date: '2023-02-11', kind: 'accession' },
        ],
      },
    ]);
  });

  it('leaves out States that joined on or before the previous report, after the date of the report, or only signed', () => {
    const joined = newParticipants(
      [table(vcdr, 'FRA,,2022-07-20,a', 'KEN,,2022-07-19,a', 'MEX,,2024-07-02,a', 'GHA,2023-01-01,,', 'TUR,,2024-07-01,a')],
      period,
      directory,
    );
    expect(joined.map((entry) => entry.participant)).toEqual(['TUR']);
  });

  it('counts a State already party to one instrument that joined another since the previous report', () => {
    const joined = newParticipants([table(vcdr, 'KEN,,1965-07-01,a'), table(vccr, 'KEN,,2023-05-05,a')], period, directory);
    expect(joined).toEqual([{ participant: 'KEN', joined: [{ instrument: vccr, date: '2023-05-05', kind: 'accession' }] }]);
  });

  it('lists them in English order by their UN short names (Côte d’Ivoire under C, Türkiye under T), other participants by name too', () => {
    const rows = ['TUR', 'CIV', 'COK', 'CMR', 'TKM', 'ZWE', 'AFG', 'NIU', 'VAT'].map((code) => `${code},,2023-03-03,a`);
    const joined = newParticipants([table(vcdr, ...rows)], period, directory);
    expect(joined.map((entry) => directory.name(entry.participant))).toEqual([
      'Afghanistan',
      'Cameroon',
      'Cook Islands',
      "Côte d'Ivoire",
      'Holy See',
      'Niue',
      'Türkiye',
      'Turkmenistan',
      'Zimbabwe',
    ]);
  });

  it('names and orders a participant the registry lacks by its code', () => {
    const few = stateDirectory(seedStates().filter((state) => state.code !== 'NIU'));
    expect(few.name('NIU')).toBe('NIU');
    expect(['NIU', 'NER', 'NGA'].sort(few.compare)).toEqual(['NER', 'NGA', 'NIU']);
  });
});

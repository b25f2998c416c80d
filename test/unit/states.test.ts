import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressees,
  compareStatesEnglish,
  englishSortKey,
  healthyMailboxes,
  iso3166Alpha3Codes,
  nameAtSentenceStart,
  nameInText,
  parseStatesCsv,
  type State,
  type StatesCsvResult,
  serializeStatesCsv,
  stateSchema,
  statesCsvColumns,
  statesSeedVersion,
} from '../../functions/core/states.ts';

const seedText = readFileSync(new URL('../../data/states.csv', import.meta.url), 'utf8');

function statesOf(result: StatesCsvResult): State[] {
  if (!result.ok) throw new Error(`expected the CSV to parse: ${JSON.stringify(result.errors)}`);
  return result.states;
}

/** Most rows below have the shape of a file without the names in running text, which is still read. */
const header = statesCsvColumns.slice(0, 7).join(',');
const fullHeader = statesCsvColumns.join(',');
const csv = (...rows: string[]): string => [header, ...rows].map((row) => `${row}\n`).join('');
const france = 'FRA,France,France,,member,fr,pm.fra@missions.example.org';
const ghana = 'GHA,Ghana,Ghana,,member,en,pm.gha@missions.example.org';

describe('the seed, data/states.csv', () => {
  const seed = statesOf(parseStatesCsv(seedText));

  it('has a version', () => {
    expect(statesSeedVersion).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
  });

  it('addresses exactly the 193 Member States and the 2 observer States', () => {
    const addressed = addressees(seed);
    expect(addressed).toHaveLength(195);
    expect(addressed.filter((state) => state.status === 'member')).toHaveLength(193);
    expect(
      addressed
        .filter((state) => state.status === 'observer')
        .map((state) => state.code)
        .sort(),
    ).toEqual(['PSE', 'VAT']);
  });

  it('keys every State by a unique assigned code and gives it a mailbox and a language', () => {
    expect(new Set(seed.map((state) => state.code)).size).toBe(seed.length);
    for (const state of seed) {
      expect(iso3166Alpha3Codes.has(state.code), state.code).toBe(true);
      expect(state.mailboxes.length, state.code).toBeGreaterThanOrEqual(1);
      expect(['en', 'fr'], state.code).toContain(state.language);
    }
  });

  it('exercises both working languages and two-mailbox missions', () => {
    expect(seed.filter((state) => state.language === 'fr').length).toBeGreaterThan(0);
    expect(seed.filter((state) => state.mailboxes.length > 1).length).toBeGreaterThan(seed.length / 4);
  });

  it('keeps Niue and the Cook Islands without addressing them', () => {
    for (const code of ['NIU', 'COK']) {
      const state = seed.find((candidate) => candidate.code === code);
      expect(state, code).toMatchObject({ status: 'other', addressed: false });
      expect(addressees(seed).map((addressee) => addressee.code)).not.toContain(code);
    }
  });

  it('uses the UN short names', () => {
    const byCode = new Map(seed.map((state) => [state.code, state]));
    expect(byCode.get('BOL')).toMatchObject({ nameEn: 'Bolivia (Plurinational State of)', nameFr: 'Bolivie (État plurinational de)' });
    expect(byCode.get('NLD')).toMatchObject({ nameEn: 'Netherlands (Kingdom of the)', nameFr: 'Pays-Bas (Royaume des)' });
    expect(byCode.get('CIV')).toMatchObject({ nameEn: "Côte d'Ivoire", nameFr: "Côte d'Ivoire", language: 'fr' });
    expect(byCode.get('TUR')?.nameEn).toBe('Türkiye');
    expect(byCode.get('VNM')?.nameEn).toBe('Viet Nam');
    expect(byCode.get('GBR')?.nameFr).toBe("Royaume-Uni de Grande-Bretagne et d'Irlande du Nord");
    expect(byCode.get('VAT')?.nameFr).toBe('Saint-Siège');
  });

  it('gives every State its name as it stands in a sentence, in English and French', () => {
    const byCode = new Map(seed.map((state) => [state.code, state]));
    // The names the UN writes with "the" in running text: descriptive heads, and the few it always writes so.
    const withThe = [
      'ARE',
      'BHS',
      'BOL',
      'CAF',
      'COD',
      'COG',
      'COK',
      'COM',
      'DOM',
      'FSM',
      'GBR',
      'GMB',
      'IRN',
      'KOR',
      'LAO',
      'MDA',
      'MHL',
      'NER',
      'NLD',
      'PHL',
      'PRK',
      'PSE',
      'RUS',
      'SDN',
      'SYR',
      'TZA',
      'USA',
      'VAT',
      'VEN',
    ];
    expect(
      seed
        .filter((state) => state.nameEnInText?.startsWith('the '))
        .map((state) => state.code)
        .sort(),
    ).toEqual(withThe);
    for (const state of seed) {
      expect(state.nameEnInText, state.code).toBeDefined();
      expect(state.nameFrInText, state.code).toBeDefined();
      // The same words as the short name, whatever their order: only the article is added.
      const words = (name: string) =>
        englishSortKey(name.replace(/['’]/g, ' '))
          .split(' ')
          .filter((word) => !['the', 'of', 'le', 'la', 'l', 'les', 'des', 'de', 'du', 'd'].includes(word))
          .sort();
      expect(words(state.nameEnInText!), state.code).toEqual(words(state.nameEn));
      expect(words(state.nameFrInText!), state.code).toEqual(words(state.nameFr));
      expect(nameAtSentenceStart(state), state.code).toMatch(/^\p{Lu}/u);
    }
    expect(nameInText(byCode.get('RUS')!)).toBe('the Russian Federation');
    expect(nameAtSentenceStart(byCode.get('RUS')!)).toBe('The Russian Federation');
    expect(nameInText(byCode.get('GBR')!)).toBe('the United Kingdom of Great Britain and Northern Ireland');
    expect(nameInText(byCode.get('NLD')!)).toBe('the Netherlands (Kingdom of the)');
    expect(nameInText(byCode.get('IRN')!)).toBe('the Islamic Republic of Iran');
    expect(nameInText(byCode.get('SLB')!)).toBe('Solomon Islands');
    expect(nameInText(byCode.get('CZE')!)).toBe('Czechia');
    expect(nameInText(byCode.get('FRA')!)).toBe('France');
    expect(byCode.get('RUS')?.nameFrInText).toBe('la Fédération de Russie');
    expect(byCode.get('CUB')?.nameFrInText).toBe('Cuba');
    expect(byCode.get('IRQ')?.nameFrInText).toBe("l'Iraq");
    expect(byCode.get('USA')?.nameFrInText).toBe("les États-Unis d'Amérique");
  });

  it('reads a file without the names in running text, the names then absent', () => {
    const [state] = statesOf(parseStatesCsv(csv(france)));
    expect(state).not.toHaveProperty('nameEnInText');
    expect(nameInText(state!)).toBe('France');
    expect(parseStatesCsv(`${fullHeader}\n${france}\n`)).toMatchObject({ ok: false, errors: [{ line: 2, message: 'expected 10 fields, found 7' }] });
  });

  it('gives the UN Spanish name of every State the source lists, and none of the six it does not', () => {
    // The source (docs/portal.md) is the UN's Spanish list of Member States: it has neither the
    // observer States nor the Cook Islands and Niue, and predates the names Türkiye and
    // Netherlands (Kingdom of the).
    const seed = statesOf(parseStatesCsv(seedText));
    const byCode = new Map(seed.map((state) => [state.code, state]));
    expect(
      seed
        .filter((state) => state.nameEs === undefined)
        .map((state) => state.code)
        .sort(),
    ).toEqual(['COK', 'NIU', 'NLD', 'PSE', 'TUR', 'VAT']);
    expect(byCode.get('DEU')?.nameEs).toBe('Alemania');
    expect(byCode.get('BOL')?.nameEs).toBe('Bolivia (Estado Plurinacional de)');
    expect(byCode.get('PRK')?.nameEs).toBe('República Popular Democrática de Corea');
    expect(byCode.get('NZL')?.nameEs).toBe('Nueva Zelandia');
    expect(byCode.get('CZE')?.nameEs).toBe('Chequia');
  });

  it('reads a file without the Spanish names, the names then absent', () => {
    const nineColumns = statesCsvColumns.slice(0, 9).join(',');
    const [state] = statesOf(parseStatesCsv(`${nineColumns}\n${france},France,la France\n`));
    expect(state).toMatchObject({ nameEnInText: 'France', nameFrInText: 'la France' });
    expect(state).not.toHaveProperty('nameEs');
  });

  it('is stored in canonical form: English order, from Afghanistan to Zimbabwe', () => {
    expect(serializeStatesCsv(seed)).toBe(seedText);
    expect(seed[0]?.nameEn).toBe('Afghanistan');
    expect(seed.at(-1)?.nameEn).toBe('Zimbabwe');
  });

  it('serializes the same whatever order the States come in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(seed, { minLength: seed.length }), (shuffled) => {
        expect(serializeStatesCsv(shuffled)).toBe(seedText);
      }),
      { numRuns: 20 },
    );
  });
});

describe('englishSortKey and compareStatesEnglish', () => {
  it.each([
    ["Côte d'Ivoire", 'cote divoire'],
    ['Türkiye', 'turkiye'],
    ["Democratic People's Republic of Korea", 'democratic peoples republic of korea'],
    ['Bolivia (Plurinational State of)', 'bolivia plurinational state of'],
    ['Guinea-Bissau', 'guinea bissau'],
    ['Côte d\u2019Ivoire', 'cote divoire'],
  ])('keys %s as %s', (name, key) => {
    expect(englishSortKey(name)).toBe(key);
  });

  const state = (nameEn: string, code = 'FRA'): State =>
    stateSchema.parse({ code, nameEn, nameFr: nameEn, status: 'member', language: 'en', mailboxes: [{ address: 'pm@example.org' }] });

  it.each([
    ['Costa Rica', "Côte d'Ivoire"],
    ["Côte d'Ivoire", 'Croatia'],
    ['Croatia', 'Cuba'],
    ['Tunisia', 'Türkiye'],
    ['Türkiye', 'Turkmenistan'],
    ['Czechia', "Democratic People's Republic of Korea"],
    ["Democratic People's Republic of Korea", 'Democratic Republic of the Congo'],
    ['Qatar', 'Republic of Korea'],
    ['Republic of Korea', 'Republic of Moldova'],
    ['Republic of Moldova', 'Romania'],
    ['United Arab Emirates', 'United Kingdom of Great Britain and Northern Ireland'],
    ['United Kingdom of Great Britain and Northern Ireland', 'United Republic of Tanzania'],
    ['United Republic of Tanzania', 'United States of America'],
    ['Guinea', 'Guinea-Bissau'],
    ['Guinea-Bissau', 'Guyana'],
    ['Niger', 'Nigeria'],
    ['Iran (Islamic Republic of)', 'Iraq'],
    ['Nepal', 'Netherlands (Kingdom of the)'],
    ['Netherlands (Kingdom of the)', 'New Zealand'],
    ["Lao People's Democratic Republic", 'Latvia'],
    ['Saint Vincent and the Grenadines', 'Samoa'],
    ['Dominica', 'Dominican Republic'],
  ])('puts %s before %s', (first, second) => {
    expect(compareStatesEnglish(state(first), state(second))).toBeLessThan(0);
    expect(compareStatesEnglish(state(second), state(first))).toBeGreaterThan(0);
  });

  it('lets a sort key override the computed one, and keeps it through the CSV', () => {
    const korea = stateSchema.parse({
      code: 'KOR',
      nameEn: 'Republic of Korea',
      nameFr: 'République de Corée',
      sortKey: 'Korea, Republic of',
      status: 'member',
      language: 'en',
      mailboxes: [{ address: 'pm.kor@missions.example.org' }],
    });
    expect(korea.sortKey).toBe('korea republic of');
    const text = serializeStatesCsv([korea, state('Latvia', 'LVA'), state('Kenya', 'KEN')]);
    expect(text.split('\n')[2]).toBe('KOR,Republic of Korea,République de Corée,korea republic of,member,en,pm.kor@missions.example.org,,,');
    expect(statesOf(parseStatesCsv(text)).map((parsed) => parsed.nameEn)).toEqual(['Kenya', 'Republic of Korea', 'Latvia']);
  });
});

describe('stateSchema, addressees and healthyMailboxes', () => {
  const base = { code: 'FRA', nameEn: 'France', nameFr: 'France', language: 'fr', mailboxes: [{ address: 'PM.FRA@Missions.Example.org' }] } as const;

  it('lower-cases addresses, starts mailboxes healthy and derives addressed from the status', () => {
    const france = stateSchema.parse({ ...base, status: 'member' });
    expect(france.mailboxes).toEqual([{ address: 'pm.fra@missions.example.org', health: 'healthy' }]);
    expect(france.addressed).toBe(true);
    expect(stateSchema.parse({ ...base, code: 'NIU', status: 'other' }).addressed).toBe(false);
  });

  it('addresses Member and observer States that have not been taken off, in English order', () => {
    const states = [
      stateSchema.parse({ ...base, code: 'VAT', nameEn: 'Holy See', status: 'observer' }),
      stateSchema.parse({ ...base, code: 'NIU', nameEn: 'Niue', status: 'other', addressed: true }),
      stateSchema.parse({ ...base, code: 'GHA', nameEn: 'Ghana', status: 'member', addressed: false }),
      stateSchema.parse({ ...base, status: 'member' }),
    ];
    expect(addressees(states).map((state) => state.code)).toEqual(['FRA', 'VAT']);
  });

  it('offers only the healthy mailboxes', () => {
    const state = stateSchema.parse({
      ...base,
      status: 'member',
      mailboxes: [
        { address: 'pm.fra@missions.example.org', health: 'bouncing', healthReason: '550 mailbox unavailable', healthChangedAt: '2026-11-01T09:00:00Z' },
        { address: 'protocol.fra@missions.example.org' },
        { address: 'old.fra@missions.example.org', health: 'suspended' },
      ],
    });
    expect(healthyMailboxes(state).map((mailbox) => mailbox.address)).toEqual(['protocol.fra@missions.example.org']);
  });
});

describe('parseStatesCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF, a byte order mark and a missing final line break', () => {
    const text = `\uFEFF${header}\r\n"FRA","France ""test""",France,,member,fr,"pm.fra@missions.example.org;protocol.fra@missions.example.org"\r\n${ghana}`;
    const states = statesOf(parseStatesCsv(text));
    expect(states.map((state) => [state.code, state.nameEn, state.mailboxes.length])).toEqual([
      ['FRA', 'France "test"', 2],
      ['GHA', 'Ghana', 1],
    ]);
  });

  it('counts lines inside quoted fields, so later errors point at the right line', () => {
    const result = parseStatesCsv(
      csv(
        `FRA,"France${'\n'}(two lines)",France,,member,fr,pm.fra@missions.example.org`,
        ghana,
        'DEU,Germany,Allemagne,,member,de,pm.deu@missions.example.org',
      ),
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { line: 2, field: 'name_en', message: 'must not contain line breaks or control characters' },
        { line: 5, field: 'language', message: '"de" is not one of en, fr' },
      ],
    });
  });

  // One rejection per kind; `line` counts the header as line 1.
  it.each<[string, string, { line: number; field?: string; message: RegExp }]>([
    ['an empty file', '', { line: 1, message: /header line is required/ }],
    [
      'a wrong header',
      'code,name,status\nFRA,France,member\n',
      {
        line: 1,
        message:
          /header must be exactly: code,name_en,name_fr,sort_key,status,language,mailboxes,name_en_in_text,name_fr_in_text,name_es \(or without the last column, or without the last three\)/,
      },
    ],
    [
      'a duplicate code',
      csv(france, ghana, 'FRA,France bis,France bis,,member,fr,pm2.fra@missions.example.org'),
      { line: 4, field: 'code', message: /FRA is on line 2 and again on line 4/ },
    ],
    ['a malformed code', csv(france, 'gh,Ghana,Ghana,,member,en,pm.gha@missions.example.org'), { line: 3, field: 'code', message: /ISO 3166-1 alpha-3/ }],
    [
      'an unassigned code',
      csv(france, ghana, 'XYZ,Nowhere,Nulle part,,member,en,pm.xyz@missions.example.org'),
      { line: 4, field: 'code', message: /XYZ is not an assigned ISO 3166-1 alpha-3 code/ },
    ],
    [
      'a bad e-mail address',
      csv(france, 'GHA,Ghana,Ghana,,member,en,pm.gha@missions.example.org;pm.gha.missions.example.org'),
      { line: 3, field: 'mailboxes', message: /"pm.gha.missions.example.org" is not a valid e-mail address/ },
    ],
    [
      'an unknown status',
      csv('FRA,France,France,,candidate,fr,pm.fra@missions.example.org'),
      { line: 2, field: 'status', message: /"candidate" is not one of member, observer, other/ },
    ],
    [
      'an unknown language',
      csv(france, 'GHA,Ghana,Ghana,,member,es,pm.gha@missions.example.org'),
      { line: 3, field: 'language', message: /"es" is not one of en, fr/ },
    ],
    ['an empty English name', csv(france, 'GHA,,Ghana,,member,en,pm.gha@missions.example.org'), { line: 3, field: 'name_en', message: /must not be empty/ }],
    ['a blank French name', csv('FRA,France,   ,,member,fr,pm.fra@missions.example.org'), { line: 2, field: 'name_fr', message: /must not be empty/ }],
    [
      'a sort key without letters',
      csv('FRA,France,France,--,member,fr,pm.fra@missions.example.org'),
      { line: 2, field: 'sort_key', message: /letter or digit/ },
    ],
    ['missing mailboxes', csv(france, 'GHA,Ghana,Ghana,,member,en, ; '), { line: 3, field: 'mailboxes', message: /at least one mailbox/ }],
    [
      'a mailbox listed twice',
      csv('FRA,France,France,,member,fr,pm.fra@missions.example.org;PM.FRA@missions.example.org'),
      { line: 2, field: 'mailboxes', message: /pm.fra@missions.example.org is listed twice/ },
    ],
    ['a missing field', csv(france, 'GHA,Ghana,Ghana,member,en,pm.gha@missions.example.org'), { line: 3, message: /expected 7 fields, found 6/ }],
    ['a blank line', csv(france, '', ghana), { line: 3, message: /expected 7 fields, found 1/ }],
    ['an unclosed quote', csv(france, 'GHA,"Ghana,Ghana,,member,en,pm.gha@missions.example.org', ghana), { line: 3, message: /quoted field is not closed/ }],
    [
      'a quote inside an unquoted field',
      csv(france, 'GHA,Gh"ana,Ghana,,member,en,pm.gha@missions.example.org'),
      { line: 3, message: /quote inside an unquoted field/ },
    ],
    [
      'text after a closing quote',
      csv(france, 'GHA,"Ghana" x,Ghana,,member,en,pm.gha@missions.example.org'),
      { line: 3, message: /text follows a closing quote/ },
    ],
  ])('rejects %s', (_kind, text, expected) => {
    const result = parseStatesCsv(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { line: expected.line, ...(expected.field === undefined ? {} : { field: expected.field }), message: expect.stringMatching(expected.message) },
    ]);
  });

  it('reports every fault in one pass', () => {
    const result = parseStatesCsv(csv('FRA,France,France,,member,de,pm.fra@missions.example.org', ghana, 'XYZ,,Nulle part,,member,en,'));
    expect(result.ok ? [] : result.errors.map((error) => [error.line, error.field])).toEqual([
      [2, 'language'],
      [4, 'code'],
      [4, 'name_en'],
      [4, 'mailboxes'],
    ]);
  });

  it('returns no States at all when any line is wrong', () => {
    const lines = seedText.trimEnd().split('\n');
    for (const index of [1, 100, lines.length - 1]) {
      const broken = lines.map((line, at) => (at === index ? line.replace(/,(en|fr),/, ',xx,') : line)).join('\n');
      const result = parseStatesCsv(broken);
      expect(result).toEqual({ ok: false, errors: [{ line: index + 1, field: 'language', message: '"xx" is not one of en, fr' }] });
      expect(result).not.toHaveProperty('states');
    }
  });
});

describe('serializeStatesCsv', () => {
  const nameCharacters = [
    ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    ...'éèêëàâäôöüçñåÉÈÖÜÇÅ',
    "'",
    '\u2019',
    '"',
    ';',
    ',',
    ' ',
    '-',
    '(',
    ')',
    '.',
  ];
  const name = fc.string({ unit: fc.constantFrom(...nameCharacters), minLength: 1, maxLength: 40 }).filter((text) => englishSortKey(text) !== '');
  const mailbox = fc
    .tuple(fc.stringMatching(/^[a-z0-9_+-]{1,12}$/), fc.constantFrom('missions.example.org', 'example.org', 'mission-01.example.org'))
    .map(([local, domain]) => ({ address: `${local}@${domain}` }));
  const stateInput = fc.record({
    code: fc.constantFrom(...iso3166Alpha3Codes),
    nameEn: name,
    nameFr: name,
    nameEnInText: fc.option(name, { nil: undefined }),
    nameFrInText: fc.option(name, { nil: undefined }),
    nameEs: fc.option(name, { nil: undefined }),
    sortKey: fc.option(name, { nil: undefined }),
    status: fc.constantFrom('member', 'observer', 'other'),
    language: fc.constantFrom('en', 'fr'),
    mailboxes: fc.uniqueArray(mailbox, { minLength: 1, maxLength: 3, selector: (candidate) => candidate.address }),
  });

  it('round-trips through parseStatesCsv, in English order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(stateInput, { maxLength: 12, selector: (input) => input.code }), (inputs) => {
        const states = inputs.map((input) => stateSchema.parse(input));
        expect(parseStatesCsv(serializeStatesCsv(states))).toEqual({ ok: true, states: [...states].sort(compareStatesEnglish) });
      }),
      { numRuns: 300 },
    );
  });

  it('quotes only the fields that need it', () => {
    const state = stateSchema.parse({
      code: 'CIV',
      nameEn: "Côte d'Ivoire",
      nameFr: 'Côte "d\'Ivoire", test',
      status: 'member',
      language: 'fr',
      mailboxes: [{ address: 'pm.civ@missions.example.org' }, { address: 'protocol.civ@missions.example.org' }],
    });
    expect(serializeStatesCsv([state])).toBe(
      `${fullHeader}\nCIV,Côte d'Ivoire,"Côte ""d'Ivoire"", test",,member,fr,pm.civ@missions.example.org;protocol.civ@missions.example.org,,,\n`,
    );
  });

  it('leaves out mailbox health, which is operational data', () => {
    const state = stateSchema.parse({
      code: 'FRA',
      nameEn: 'France',
      nameFr: 'France',
      status: 'member',
      language: 'fr',
      mailboxes: [{ address: 'pm.fra@missions.example.org', health: 'complained', healthChangedAt: '2026-11-01T09:00:00Z' }],
    });
    expect(statesOf(parseStatesCsv(serializeStatesCsv([state])))[0]?.mailboxes).toEqual([{ address: 'pm.fra@missions.example.org', health: 'healthy' }]);
  });
});

/**
 * A fixed set of replies to the 77/108 circular note, for the golden report: fourteen States,
 * violation reports under paragraph 11 (a) and follow-ups under 11 (b), views in English, French
 * and Spanish, one report in Russian, one reply the Secretariat decided (at the State's request)
 * not to summarize, and one reply received after the deadline. The status tables are
 * illustrative, for tests only: III-3 as an imported table, III-6 as the sample file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Instrument } from '../../functions/core/instruments.ts';
import { formatReference } from '../../functions/core/references.ts';
import type { ReportRequest } from '../../functions/core/report/compile.ts';
import { parseHeadlineStatus } from '../../functions/core/report/treaty-status.ts';
import { createSubmission, type Submission, validateSubmissionBody } from '../../functions/core/submissions.ts';
import { seededCycle, seedStates } from '../support/seed.ts';

let sequence = 0;

function reply(state: string, receivedAt: string, noteDate: string, items: unknown[], language = 'en'): Submission {
  sequence += 1;
  const body = validateSubmissionBody(
    { formVersion: 1, language, note: { date: noteDate, reference: `${state}/2024/${sequence}` }, items },
    new Date('2024-06-30T12:00:00Z'),
  );
  if (!body.ok) throw new Error(`${state}: ${JSON.stringify(body.errors)}`);
  return createSubmission({
    body: body.value,
    reference: formatReference(2024, sequence),
    cycleId: '77/108',
    reportingState: state,
    source: 'upload',
    receivedAt,
    attachments: [],
    evidence: { bucket: 'mpr-evidence', key: `golden/${sequence}.json` },
  });
}

const azerbaijan = reply('AZE', '2024-02-05T15:00:00.000Z', '2024-02-05', [
  {
    kind: 'violation',
    occurredIn: 'IRN',
    city: 'Tehran',
    incidentDate: '2024-01-27',
    incidentTime: '08:30',
    affected: { kinds: ['embassy', 'staff'], missionState: 'AZE' },
    violationKinds: ['attack', 'killing'],
    facts:
      'An armed man forced his way into the Embassy and opened fire; the head of the security service of the Embassy was killed and two guards were wounded.',
    allegedOffender: { known: true, detained: true },
    actionRequestedOrTaken:
      'The Embassy was evacuated. Azerbaijan requested the Islamic Republic of Iran to conduct a thorough investigation and to bring the perpetrator to justice.',
  },
]);

const russia = reply(
  'RUS',
  '2024-03-12T14:00:00.000Z',
  '2024-03-11',
  [
    {
      kind: 'violation',
      occurredIn: 'USA',
      city: 'New York',
      incidentDate: '2024-03-02',
      affected: { kinds: ['permanent-mission'], missionState: 'RUS' },
      violationKinds: ['demonstration', 'damage'],
      facts: 'Участники несанкционированной акции повредили ограждение и входную дверь здания Постоянного представительства.',
      allegedOffender: { known: false },
      actionRequestedOrTaken: 'Постоянное представительство направило ноту протеста и просило принять меры по обеспечению безопасности.',
    },
  ],
  'ru',
);

export const goldenSubmissions: readonly Submission[] = [
  azerbaijan,
  // 11 (b): the territorial State on the measures taken.
  reply('IRN', '2024-04-22T10:00:00.000Z', '2024-04-19', [
    {
      kind: 'follow-up',
      answers: `INC-${azerbaijan.reference}-1`,
      justiceMeasures: { taken: ['investigation', 'arrest', 'charges'], description: 'The perpetrator was arrested at the scene and charged with murder.' },
      outcomeOfProceedings: { final: false, description: 'The trial before the Tehran Criminal Court began on 3 April 2024.' },
      preventiveMeasures: { taken: ['guards', 'perimeter'], description: 'Police posts were reinforced around diplomatic premises.' },
    },
  ]),
  russia,
  reply('USA', '2024-05-14T20:00:00.000Z', '2024-05-14', [
    {
      kind: 'follow-up',
      answers: russia.reference,
      justiceMeasures: { taken: ['investigation'], description: 'The New York City Police Department opened an investigation.' },
      preventiveMeasures: {
        taken: ['guards', 'other'],
        description: 'Officers of the Diplomatic Security Service and the police were assigned to the Permanent Mission during demonstrations.',
      },
    },
  ]),
  reply('GBR', '2024-03-20T11:00:00.000Z', '2024-03-20', [
    {
      kind: 'violation',
      occurredIn: 'SDN',
      city: 'Khartoum',
      incidentDate: '2024-03-09',
      affected: { kinds: ['embassy', 'vehicle'], missionState: 'GBR' },
      violationKinds: ['arson', 'intrusion'],
      facts: 'Intruders entered the compound and set fire to two vehicles.',
      allegedOffender: { known: true, detained: false, presentIn: 'TCD' },
    },
  ]),
  reply('NLD', '2024-04-02T09:00:00.000Z', '2024-04-02', [
    {
      kind: 'violation',
      occurredIn: 'TUR',
      city: 'Istanbul',
      incidentDate: '2024-03-28',
      affected: { kinds: ['consulate'], missionState: 'NLD' },
      violationKinds: ['other'],
      facts: 'Unknown persons projected offensive images onto the facade of the Consulate-General during the night.',
      allegedOffender: { known: false },
    },
  ]),
  reply('DEU', '2024-04-15T08:00:00.000Z', '2024-04-15', [
    {
      kind: 'violation',
      occurredIn: 'VEN',
      city: 'Caracas',
      incidentDate: '2024-04-08',
      affected: { kinds: ['diplomatic-agent'], missionState: 'DEU' },
      violationKinds: ['threat', 'surveillance'],
      facts: 'A diplomatic agent received threatening messages and was followed for several days.',
      allegedOffender: { known: false, presentIn: 'COL' },
    },
  ]),
  reply('PHL', '2024-05-02T03:00:00.000Z', '2024-05-02', [
    {
      kind: 'violation',
      occurredIn: 'MYS',
      city: 'Kota Kinabalu',
      incidentDate: '2024-04-25',
      affected: { kinds: ['consular-officer'], missionState: 'PHL' },
      violationKinds: ['kidnapping'],
      facts: 'A consular officer was abducted on his way to the Consulate and released after two days.',
      allegedOffender: { known: true, detained: true },
      actionRequestedOrTaken: 'The Philippines thanked the Malaysian authorities for their swift action.',
    },
    { kind: 'views', text: 'The Philippines considers that regional cooperation among police services is essential to the protection of consular officers.' },
  ]),
  reply('KEN', '2024-04-09T12:00:00.000Z', '2024-04-09', [
    {
      kind: 'views',
      text: 'Kenya considers that the protection of diplomatic missions requires trained police units and clear rules on the perimeter of diplomatic premises.',
      legislation: [{ title: 'Privileges and Immunities Act', year: 1970 }],
    },
  ]),
  reply(
    'FRA',
    '2024-05-10T16:00:00.000Z',
    '2024-05-10',
    [{ kind: 'views', text: "La France rappelle l'obligation spéciale de l'État accréditaire de protéger les locaux de la mission." }],
    'fr',
  ),
  reply(
    'MEX',
    '2024-05-13T17:00:00.000Z',
    '2024-05-13',
    [{ kind: 'views', text: 'México considera que la cooperación internacional es indispensable para prevenir los ataques contra las misiones diplomáticas.' }],
    'es',
  ),
  reply('VAT', '2024-03-01T10:00:00.000Z', '2024-03-01', [{ kind: 'views', text: 'The Holy See reaffirms the inviolability of diplomatic premises.' }]),
  // The State asked that its report not be summarized; the Secretariat so decided.
  notSummarized(
    reply('CIV', '2024-04-18T10:00:00.000Z', '2024-04-18', [
      {
        kind: 'violation',
        occurredIn: 'CIV',
        city: 'Abidjan',
        incidentDate: '2024-04-10',
        affected: { kinds: ['residence'], missionState: 'GHA' },
        violationKinds: ['intrusion'],
        facts: 'Intrusion into a residence.',
        allegedOffender: { known: false },
        circulate: false,
      },
    ]),
  ),
  // After the deadline of 15 May 2024 (New York): for the addendum.
  reply('CHE', '2024-05-21T09:00:00.000Z', '2024-05-21', [
    { kind: 'views', text: 'Switzerland supports the reporting procedure and encourages all States to use it.' },
  ]),
];

function notSummarized(original: Submission): Submission {
  return { ...original, decisions: { ...original.decisions, summarize: { value: false, decidedBy: 'secretariat', at: '2024-04-25T09:00:00.000Z' } } };
}

const root = join(import.meta.dirname, '..', '..');
const catalogue = JSON.parse(readFileSync(join(root, 'data', 'instruments', 'instruments.json'), 'utf8')) as Instrument[];
const parsedHeadline = parseHeadlineStatus(readFileSync(join(root, 'data', 'instruments', 'untc-status.json'), 'utf8'));
if (!parsedHeadline.ok) throw new Error(JSON.stringify(parsedHeadline.errors));
const headlineStatus = parsedHeadline.value;

/** The report request of the golden report: the replies above, as at 1 July 2024, the circular note as sent. */
export function goldenRequest(mode: ReportRequest['mode'] = { kind: 'report' }): ReportRequest {
  const seeded = seededCycle();
  const cycle = { ...seeded, report: { ...seeded.report, previous: { symbol: 'A/77/208', date: '2022-07-15' } } };
  return {
    cycle,
    states: seedStates(),
    submissions: goldenSubmissions,
    instruments: catalogue
      .filter((instrument) => instrument.included)
      .map((instrument) => {
        if (instrument.id === 'III-3')
          return {
            instrument,
            table: {
              participants: [
                { participant: 'AZE', consent: { date: '1992-03-13', kind: 'accession' as const } },
                { participant: 'FRA', signature: '1961-12-30', consent: { date: '1970-12-31', kind: 'ratification' as const } },
                { participant: 'PLW', consent: { date: '2023-03-01', kind: 'accession' as const } },
                { participant: 'SSD', signature: '2024-06-28' },
              ],
              version: 2,
              importedAt: '2024-06-20T10:00:00.000Z',
              source: 'III-3.csv',
            },
          };
        if (instrument.id === 'III-6')
          return {
            instrument,
            table: {
              participants: [{ participant: 'KEN', consent: { date: '1965-07-01', kind: 'accession' as const } }],
              version: 1,
              importedAt: '2024-06-01T10:00:00.000Z',
              source: 'III-6.sample.csv',
            },
          };
        return { instrument };
      }),
    circularNote: { symbol: 'LA/COD/72/2023/1', date: '2023-12-18' },
    headlineStatus,
    asOf: '2024-07-01',
    mode,
  };
}

/**
 * The report of a small cycle, end to end on one local engine: replies recorded by the intake
 * service both intake paths end in, one of them then marked not to be summarized, status tables
 * imported with `mpr instruments import`, and the report and its addendum compiled with `mpr
 * report compile`, read back section by section from the Markdown and from the Word document.
 */

import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CommandGroup } from '../../cli/command.ts';
import { instrumentsCommands } from '../../cli/commands/instruments.ts';
import { reportCommands } from '../../cli/commands/report.ts';
import { VersionConflictError } from '../../functions/aws/errors.ts';
import { NotesRepository } from '../../functions/aws/notes-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { noteId } from '../../functions/core/dispatch.ts';
import { type Submission, validateSubmissionBody } from '../../functions/core/submissions.ts';
import { type IntakeDependencies, recordSubmission } from '../../functions/intake/record-submission.ts';
import { changeCycle } from '../support/cycles.ts';
import { eventually, useEngine } from '../support/engine.ts';
import { followUpItem, violationItem } from '../support/submissions.ts';
import { docxParagraphs, docxParts } from './docx.ts';

const test = useEngine({ withoutSampleInstruments: true });
const root = join(import.meta.dirname, '..', '..');
let localDir: string;
const references: Record<string, string> = {};

/** Runs an `mpr` command in this process against the test's engine, returning what it printed. */
async function mpr(group: CommandGroup, name: string, args: string[]): Promise<string> {
  const printed: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  try {
    await group.commands.find((command) => command.name === name)!.run(args);
  } finally {
    write.mockRestore();
  }
  return printed.join('');
}

async function record(state: string, receivedAt: string, noteDate: string, items: unknown[], language = 'en'): Promise<Submission> {
  const { engine, table, sfn } = test();
  const body = validateSubmissionBody({ formVersion: 1, language, note: { date: noteDate }, items }, new Date(receivedAt));
  if (!body.ok) throw new Error(JSON.stringify(body.errors));
  const deps: IntakeDependencies = {
    table,
    stepFunctions: sfn,
    circulationStateMachineArn: engine.resources.stateMachines['circulation']!,
  };
  const { submission } = await recordSubmission(
    {
      body: body.value,
      reportingState: state,
      source: 'upload',
      receivedAt,
      evidence: { bucket: engine.resources.evidenceBucket, key: `test/${state}/${receivedAt}` },
      attachments: [],
      actor: { kind: 'state', id: `focal.${state.toLowerCase()}`, state },
    },
    deps,
  );
  return submission;
}

/** The Secretariat's decision, after consulting the State, not to summarize a reply (the circulation may be changing it too). */
async function doNotSummarize(reference: string): Promise<void> {
  const submissions = new SubmissionsRepository(test().table);
  await eventually(async () => ((await submissions.get(reference))?.status === 'received' ? undefined : true), `${reference} to be circulated`);
  for (;;) {
    const current = (await submissions.get(reference))!;
    try {
      await submissions.update({
        ...current,
        decisions: { ...current.decisions, summarize: { value: false, decidedBy: 'secretariat', at: '2024-05-20T12:00:00.000Z' } },
      });
      return;
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
}

beforeAll(async () => {
  const { engine, table } = test();
  localDir = await mkdtemp(join(tmpdir(), 'mpr-report-'));
  await writeFile(
    join(localDir, 'endpoints.json'),
    JSON.stringify({ endpoints: engine.endpoints, resources: engine.resources, pid: process.pid, readyMillis: 0 }),
  );
  process.env['MPR_LOCAL_DIR'] = localDir;
  await changeCycle(table, '77/108', { 'report.previous': { symbol: 'A/77/186', date: '2022-07-20' } });

  const attack = await record('FRA', '2024-03-02T09:00:00.000Z', '2024-03-01', [violationItem({ violationKinds: ['attack', 'damage'], circulate: false })]);
  references['attack'] = attack.reference;
  await record('KEN', '2024-04-10T15:00:00.000Z', '2024-04-09', [
    followUpItem(`INC-${attack.reference}-1`, { final: false }),
    {
      kind: 'views',
      text: 'Kenya considers that the protection of missions requires trained units & clear rules <in law>.',
      legislation: [{ title: 'Privileges and Immunities Act', year: 1970 }],
    },
  ]);
  await record('CIV', '2024-04-20T10:00:00.000Z', '2024-04-19', [
    violationItem({
      occurredIn: 'CIV',
      city: 'Abidjan',
      affected: { kinds: ['consulate'], missionState: 'TUR' },
      violationKinds: ['demonstration'],
      allegedOffender: { known: false },
      circulate: false,
    }),
  ]);
  // 23:30 on 15 May in New York: by the deadline.
  await record(
    'TUR',
    '2024-05-16T03:30:00.000Z',
    '2024-05-15',
    [{ kind: 'views', text: 'La protection des missions diplomatiques est une obligation de l’État accréditaire.' }],
    'fr',
  );
  const confidential = await record('MEX', '2024-05-02T16:00:00.000Z', '2024-05-02', [
    violationItem({ occurredIn: 'GTM', city: 'Guatemala City', affected: { kinds: ['residence'], missionState: 'MEX' }, circulate: false }),
  ]);
  references['confidential'] = confidential.reference;
  await record('BRA', '2024-05-20T14:00:00.000Z', '2024-05-20', [
    violationItem({
      occurredIn: 'ARG',
      city: 'Buenos Aires',
      affected: { kinds: ['vehicle'], missionState: 'BRA' },
      violationKinds: ['damage'],
      circulate: false,
    }),
  ]);
  await record('DEU', '2024-06-10T09:00:00.000Z', '2024-06-07', [{ kind: 'views', text: 'Germany supports the reporting procedure.' }]);
  await doNotSummarize(confidential.reference);

  // The circular note as its dispatch records it: its symbol and date, and a send to one mailbox.
  const notes = new NotesRepository(table);
  const circular = noteId('circular', '77/108');
  await notes.allocate(circular, 'LA/COD/72', '2023-12-18');
  expect(await notes.claimSend(circular, 'FRA', 'pm.fra@missions.example.org', '2023-12-18T15:00:00.000Z')).toMatchObject({ status: 'claimed' });
  await notes.markSent(circular, 'FRA', 'pm.fra@missions.example.org', 'message-1', '2023-12-18T15:00:01.000Z');

  // The illustrative tables, imported under names that are not those of the sample files (which
  // section IV neither shows nor counts), then a newer table of III-3 with a new party: the report
  // reads the current version.
  const tables = join(localDir, 'instruments');
  await mkdir(tables);
  for (const file of (await readdir(join(root, 'data', 'instruments'))).filter((name) => name.endsWith('.sample.csv'))) {
    await writeFile(join(tables, file.replace('.sample.csv', '.csv')), await readFile(join(root, 'data', 'instruments', file), 'utf8'));
  }
  await mpr(instrumentsCommands, 'import', [tables]);
  const newer = join(localDir, 'III-3.csv');
  await writeFile(newer, `${(await readFile(join(root, 'data', 'instruments', 'III-3.sample.csv'), 'utf8')).trimEnd()}\nPLW,,2024-03-01,a\n`);
  await mpr(instrumentsCommands, 'import', [newer, '--instrument', 'III-3']);
}, 120_000);

afterAll(async () => {
  delete process.env['MPR_LOCAL_DIR'];
  if (localDir) await rm(localDir, { recursive: true, force: true });
});

describe('mpr instruments', () => {
  it('lists the table in use for each instrument', async () => {
    const listed = await mpr(instrumentsCommands, 'list', []);
    expect(listed).toMatch(/^III-3 +yes +2 +8 +\S+ +\S+ +III-3\.csv +Vienna Convention on Diplomatic Relations, 1961$/m);
    expect(listed).toMatch(/^XVIII-7 +yes +1 +6 .* XVIII-7\.csv /m);
    expect(listed).toMatch(/^III-9 +no +- +- /m);
  });

  it('counts parties on a date', async () => {
    const status = await mpr(instrumentsCommands, 'status', ['--as-of', '2024-02-29']);
    expect(status).toMatch(/^III-3 +7 +3 +2 +Vienna Convention on Diplomatic Relations$/m);
    expect(await mpr(instrumentsCommands, 'status', ['--as-of', '2024-03-01'])).toMatch(/^III-3 +8 +3 +2 /m);
  });

  it('refuses a faulty table, naming its lines, and changes nothing', async () => {
    const bad = join(localDir, 'bad.csv');
    await writeFile(bad, 'participant,signature,consent_date,consent_kind\nKEN,,1965-07-01,a\nXXX,,1965-07-01,a\nFRA,,1970-13-01,ratification\n');
    await expect(mpr(instrumentsCommands, 'import', [bad, '--instrument', 'III-6'])).rejects.toThrow(
      /nothing changed:\n {2}bad\.csv, line 3, participant: XXX is not an assigned.*\n {2}bad\.csv, line 4, consent_date: must be a date/,
    );
    expect(await mpr(instrumentsCommands, 'list', [])).toMatch(/^III-6 +yes +1 +6 /m);
  });
});

describe('mpr report compile', () => {
  let markdown: string;
  let printed: string;
  let summary: string;

  beforeAll(async () => {
    const out = join(localDir, 'report.md');
    printed = await mpr(reportCommands, 'compile', ['--cycle', '77/108', '--as-of', '2024-07-01', '--out', out]);
    markdown = await readFile(out, 'utf8');
    summary = /## Summary\n\n(.*)\n/.exec(markdown)![1]!;
    console.log(`Summary of the small cycle's report:\n${summary}`);
  });

  it('prints where it wrote, the counts and the time it took', () => {
    expect(printed).toMatch(/^Wrote .*report\.md \(md, [\d.]+ KB\) from the local engine: report as at 1 July 2024, cycle 77\/108$/m);
    expect(printed).toMatch(/section II +reports from 3 State\(s\)/);
    expect(printed).toMatch(/section III +views from 2 State\(s\)/);
    expect(printed).toMatch(/section IV +4 State\(s\) became parties since A\/77\/186; 7 of 7 status tables imported \(samples not counted\)/);
    expect(printed).toMatch(/circular +LA\/COD\/72\/2023\/1 of 18 December 2023/);
    expect(printed).toMatch(/replies +4 summarized of 7 read; 1 not to be summarized; 2 after the deadline, for the addendum/);
    expect(printed).toMatch(/time +[\d.]+ s: read [\d.]+ s, compile [\d.]+ s, render and write [\d.]+ s/);
  });

  it('summarizes in three sentences, counts in words', () => {
    expect(summary).toBe(
      'Three States submitted reports pursuant to paragraph 11 of General Assembly resolution 77/108 by the deadline of 15 May 2024 (see section II of the present report). Views pursuant to paragraph 13 of the resolution were received from two States (see section III). Since the previous report (A/77/186), four States have become parties to one or more of the instruments relevant to the protection, security and safety of diplomatic and consular missions and representatives (see section IV).',
    );
  });

  it('gives the date and symbol of the circular note from the record of its dispatch', () => {
    expect(markdown).toContain(
      '2. Pursuant to paragraphs 12 and 13 of the resolution, the Secretary-General, by a circular note dated 18 December 2023 (LA/COD/72/2023/1), reminded all States of the request in paragraph 11',
    );
  });

  it('has the masthead and the introduction', () => {
    expect(markdown).toContain('**A/79/\\[…\\]**  \n**General Assembly**  \nDistr.: General  \n1 July 2024  \nOriginal: English');
    expect(markdown).toContain('Seventy-ninth session  \nItem 82 of the provisional agenda');
    expect(markdown).toMatch(/^1\. The present report is submitted pursuant to General Assembly resolution 77\/108 of 7 December 2022/m);
  });

  it('section II: one paragraph per State in English order, the confidential reply and the late ones left out', () => {
    const section = /## II\. Reports received from States\n\n([\s\S]*?)\n## III/.exec(markdown)![1]!;
    const paragraphs = section.trim().split('\n\n');
    expect(paragraphs).toEqual([
      "4. Côte d'Ivoire (19 April 2024) reported that, on 1 March 2024, there had been a demonstration at the Consulate of Türkiye in Abidjan, Côte d'Ivoire. The alleged offender had not been identified.",
      '5. France (1 March 2024) reported that, on 1 March 2024, there had been an attack on the Embassy of France in Nairobi, Kenya, in which the premises were damaged. The alleged offender had been identified but not detained.',
      '6. Kenya (9 April 2024) reported that, with regard to the attack on the Embassy of France in Nairobi, Kenya, on 1 March 2024, an investigation had been opened and the proceedings were continuing. As to the outcome of the proceedings, it stated: “Judgment.”',
    ]);
    expect(/## II\.[\s\S]*## IV\./.exec(markdown)![0]).not.toMatch(/Mexico|Brazil|Germany/);
  });

  it('section III: views quoted in English, those in French left to the drafter', () => {
    const section = /## III\. Views received from States\n\n([\s\S]*?)\n## IV/.exec(markdown)![1]!;
    expect(section.trim().split('\n\n')).toEqual([
      '7. Kenya (9 April 2024) stated: “Kenya considers that the protection of missions requires trained units \\& clear rules \\<in law\\>.” It referred to Privileges and Immunities Act (1970).',
      '8. Türkiye (15 May 2024) submitted a reply. **\\[Views to be summarized from the French original (MPR-2024-0004, item 1): “La protection des missions diplomatiques est une obligation de l’État accréditaire.”\\]**',
    ]);
  });

  it('section IV: the new parties and a table per instrument, as at the date', () => {
    expect(markdown).toContain(
      'the following States have become parties to the instruments relevant to the protection, security and safety of diplomatic and consular missions and representatives: Mexico (',
    );
    expect(markdown).toMatch(
      /Niue \(Vienna Convention on Diplomatic Relations, 1961, accession on 12 September 2023\); Palau \(Vienna Convention on Diplomatic Relations, 1961, accession on 1 March 2024\); Türkiye \(/,
    );
    expect(markdown.match(/^### [A-G]\. /gm)).toHaveLength(7);
    expect(markdown).toContain('As at 1 July 2024, there were eight parties to the Vienna Convention on Diplomatic Relations, 1961.');
    expect(markdown).toContain('| Palau |   | 1 March 2024 a |');
  });

  it('tells the drafter what was left out and where the tables came from', () => {
    expect(markdown).toContain(
      `> - One reply in the period is not to be summarized, by the Secretariat's decision, and is neither summarized nor counted: ${references['confidential']}.`,
    );
    expect(markdown).toContain(
      '> - Two replies were received after the deadline (15 May 2024) and by 1 July 2024: they go into the addendum (mpr report compile --addendum --from 2024-05-16).',
    );
    expect(markdown).toContain('> - III-3: status table version 2, imported on');
    expect(markdown).toContain('from III-3.csv.');
  });

  it('writes the same report as a Word document with headings, numbered paragraphs and tables', async () => {
    const out = join(localDir, 'report.docx');
    expect(await mpr(reportCommands, 'compile', ['--cycle', '77/108', '--as-of', '2024-07-01', '--format', 'docx', '--out', out])).toMatch(/\(docx, /);
    const parts = docxParts(await readFile(out));
    const xml = parts.get('word/document.xml')!;
    const paragraphs = docxParagraphs(xml);
    expect(paragraphs.filter((paragraph) => paragraph.style === 'Heading1').map((paragraph) => paragraph.text)).toEqual([
      'Summary',
      'I. Introduction',
      'II. Reports received from States',
      'III. Views received from States',
      'IV. Status of participation in the instruments',
    ]);
    expect(paragraphs.find((paragraph) => paragraph.text.startsWith('Three States submitted reports'))?.text).toBe(summary);
    const numbered = paragraphs.filter((paragraph) => paragraph.numbered).map((paragraph) => paragraph.text);
    expect(numbered).toHaveLength([...markdown.matchAll(/^\d+\. /gm)].length);
    expect(numbered[3]).toMatch(/^Côte d'Ivoire \(19 April 2024\) reported that, /);
    expect(xml.match(/<w:tbl>/g)).toHaveLength(7);
  });

  it('compiles the addendum: the replies received after the deadline', async () => {
    const out = join(localDir, 'addendum.html');
    const said = await mpr(reportCommands, 'compile', ['--cycle', '77/108', '--as-of', '2024-07-01', '--addendum', '--out', out]);
    expect(said).toMatch(/addendum for the replies received from 16 May 2024 to 1 July 2024/);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('<p class="symbol">A/79/[…]/Add.1</p>');
    expect(html).toContain(
      'During the period from 16 May to 1 July 2024, two additional reports were received from States pursuant to paragraphs 11 and 13 of General Assembly resolution 77/108 of 7 December 2022. They comprise reports under paragraph 11 from one State and views under paragraph 13 from one State.',
    );
    expect(html).toContain(
      '<li>Brazil (20 May 2024) reported that, on 1 March 2024, there had been damage to a vehicle of the mission of Brazil in Buenos Aires, Argentina.',
    );
    expect(html).toContain('<li>Germany (7 June 2024) stated: “Germany supports the reporting procedure.”</li>');
    expect(html).not.toMatch(/Kenya \(|Mexico \(/);
  });

  it('refuses what it cannot compile, as usage errors', async () => {
    await expect(mpr(reportCommands, 'compile', ['--as-of', '2024-07-01', '--out', join(localDir, 'report.pdf')])).rejects.toMatchObject({ exitCode: 2 });
    await expect(mpr(reportCommands, 'compile', ['--as-of', '2024-02-30', '--out', join(localDir, 'report.md')])).rejects.toMatchObject({ exitCode: 2 });
    await expect(mpr(reportCommands, 'compile', ['--as-of', '2024-07-01', '--from', '2024-06-01', '--out', join(localDir, 'report.md')])).rejects.toMatchObject(
      { exitCode: 2 },
    );
  });
});

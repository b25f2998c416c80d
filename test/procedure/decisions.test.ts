/**
 * The Secretariat's decisions on a report (`mpr reports decide`, and the same on the API for the
 * Secretariat role), honoured by circulation, publication and the report; and withdrawal: kept,
 * out of every output, and a note of withdrawal to every State that received the report.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { publishCommand } from '../../cli/commands/publish.ts';
import { reportCommands } from '../../cli/commands/report.ts';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { NotesRepository } from '../../functions/aws/notes-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { noteId } from '../../functions/core/dispatch.ts';
import { readOutbox } from '../../local/ses.ts';
import { type CliTestEngine, mpr, run, storeSubmissions, useCliEngine } from '../cli/support.ts';
import { eventually, runWorkflow } from '../support/engine.ts';
import { addressOnly } from '../support/seed.ts';
import { submission, violationItem } from '../support/submissions.ts';

const testEngine = useCliEngine({ sesMaxSendRate: 10_000 });
const work = await mkdtemp(join(tmpdir(), 'mpr-decisions-'));
afterAll(async () => rm(work, { recursive: true, force: true }));

const addressed = ['FRA', 'KEN', 'MEX', 'SEN', 'JPN'];

/** Five addressees instead of 195: what is tested is who receives what, not the fan-out. */
async function fewAddressees(test: CliTestEngine): Promise<void> {
  await addressOnly(test.table, addressed);
}

const circulated = submission(1, 'FRA', '2024-04-01T10:00:00.000Z', [violationItem({ facts: 'Stones were thrown at the chancery of France.' })]);
const heldBack = submission(2, 'MEX', '2024-04-02T10:00:00.000Z', [
  violationItem({
    occurredIn: 'SEN',
    city: 'Dakar',
    affected: { kinds: ['consulate'], missionState: 'MEX' },
    facts: 'The consulate of Mexico was searched.',
    circulate: false,
  }),
]);
const notToSummarize = submission(3, 'JPN', '2024-04-03T10:00:00.000Z', [
  violationItem({ occurredIn: 'KEN', affected: { kinds: ['residence'], missionState: 'JPN' }, facts: 'The residence of Japan was entered.' }),
]);

async function circulate(test: CliTestEngine, reference: string, name = `circulation-${reference}`): Promise<void> {
  const execution = await runWorkflow(test, 'circulation', name, { reference });
  expect(execution.status, `${execution.error}: ${execution.cause}`).toBe('SUCCEEDED');
}

async function compiled(): Promise<string> {
  const out = join(work, `report-${Date.now()}.md`);
  await run(reportCommands, 'compile', '--cycle', '77/108', '--as-of', '2024-07-01', '--out', out);
  return readFile(out, 'utf8');
}

async function published(): Promise<string[]> {
  const out = join(work, `site-${Date.now()}`);
  await run(publishCommand('mpr'), '--cycle', '77/108', '--out', out);
  return (await readdir(join(out, 'replies'))).sort();
}

describe("the Secretariat's decisions", () => {
  it('are refused where they no longer apply, and honoured by circulation, the report and the publication site', async () => {
    const test = testEngine();
    await fewAddressees(test);
    await storeSubmissions(test, [circulated, heldBack, notToSummarize]);
    await circulate(test, circulated.reference);
    await circulate(test, heldBack.reference);
    const submissions = new SubmissionsRepository(test.table);
    expect((await submissions.get(heldBack.reference))?.status).toBe('not-circulated');

    // A circulated report cannot be un-circulated: the command says so and changes nothing.
    const refused = await mpr(test.localDir, 'reports', 'decide', circulated.reference, 'circulate', 'no', '--reason', 'asked too late');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already been circulated');
    expect(refused.stderr).toContain('mpr reports withdraw');
    expect((await submissions.get(circulated.reference))?.decisions.circulate.value).toBe(true);

    // Before any change: the report asked not to be circulated is flagged to the drafter.
    const before = await compiled();
    expect(before).toContain('not circulated because its State asked');
    expect(before).toContain(heldBack.reference);

    // Circulating a report held back until now circulates it, once, to every addressee.
    const decided = await mpr(test.localDir, 'reports', 'decide', heldBack.reference, 'circulate', 'yes', '--reason', 'Mexico agreed by its note of 10 April');
    expect(decided.code, decided.stderr).toBe(0);
    await eventually(async () => ((await submissions.get(heldBack.reference))?.status === 'circulated' ? true : undefined), 'the held-back report circulated');
    expect((await new NotesRepository(test.table).sendCounts(noteId('circulation', heldBack.reference))).statesSent).toBe(addressed.length);

    // Not summarized: out of the report, named in the notes to the drafter.
    expect((await mpr(test.localDir, 'reports', 'decide', notToSummarize.reference, 'summarize', 'no', '--reason', 'Japan asked so')).code).toBe(0);
    const report = await compiled();
    expect(report).not.toContain('residence of Japan');
    expect(report).toMatch(new RegExp(`not to be summarized[^\\n]*${notToSummarize.reference}`));

    // Not published: out of the site; the others stay.
    expect(await published()).toEqual(expect.arrayContaining([`${circulated.reference}.html`, `${notToSummarize.reference}.html`]));
    expect((await mpr(test.localDir, 'reports', 'decide', notToSummarize.reference, 'publish', 'no', '--reason', 'Japan asked so')).code).toBe(0);
    expect(await published()).not.toContain(`${notToSummarize.reference}.html`);

    const trail = await new AuditRepository(test.table).forSubject('submission', notToSummarize.reference);
    expect(trail.filter((event) => event.action === 'overridden').map((event) => event.details?.['decision'])).toEqual(['summarize', 'publish']);
  }, 120_000);

  it('are open to the Secretariat role on the API, and to no State', async () => {
    const test = testEngine();
    const { engine } = test;
    const post = async (username: string, body: unknown) => {
      const token = (await engine.cognito.tokenFor({ username })).idToken;
      return fetch(`${engine.endpoints.api}/v1/submissions/${notToSummarize.reference}/decisions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    };
    expect((await post('focal.fra', { decision: 'publish', value: true, reason: 'x' })).status).toBe(403);
    const bad = await post('secretariat.officer', { decision: 'publish', value: 'maybe', reason: 'x' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('/value');
    const ok = await post('secretariat.officer', { decision: 'publish', value: true, reason: 'Japan withdrew its request' });
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(((await ok.json()) as { decisions: { publishFullText: { value: boolean } } }).decisions.publishFullText.value).toBe(true);
  }, 60_000);

  it('withdraws a report: kept as evidence, out of every output, and every State that received it is told in its language', async () => {
    const test = testEngine();
    const since = (await readOutbox(test.engine.endpoints.ses)).length;
    const withdrawn = await mpr(test.localDir, 'reports', 'withdraw', circulated.reference, '--reason', 'Forged: not sent by the Permanent Mission');
    expect(withdrawn.code, withdrawn.stderr).toBe(0);

    const stored = (await new SubmissionsRepository(test.table).get(circulated.reference))!;
    expect(stored.withdrawal?.reason).toBe('Forged: not sent by the Permanent Mission');
    const notes = new NotesRepository(test.table);
    const told = noteId('withdrawal', circulated.reference);
    await eventually(async () => ((await notes.dispatchRecords(told)).length > 0 ? true : undefined), 'the notes of withdrawal');
    expect(await notes.statesSent(told)).toEqual([...addressed].sort());
    const sent = (await readOutbox(test.engine.endpoints.ses)).slice(since).filter((message) => message.subject.includes(circulated.reference));
    const french = sent.filter((message) => message.subject.includes('retrait'));
    const english = sent.filter((message) => message.subject.includes('withdrawn'));
    expect(french.length).toBeGreaterThan(0); // France and Senegal correspond in French
    expect(english.length).toBeGreaterThan(0);
    expect(french.length + english.length).toBe(sent.length);

    // Out of every output: the report, the site, the State's own list on the API.
    expect(await compiled()).not.toContain('chancery of France');
    expect(await published()).not.toContain(`${circulated.reference}.html`);
    const token = (await test.engine.cognito.tokenFor({ username: 'focal.fra' })).idToken;
    const own = (await (await fetch(`${test.engine.endpoints.api}/v1/submissions`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      submissions: { reference: string }[];
    };
    expect(own.submissions.map((receipt) => receipt.reference)).not.toContain(circulated.reference);
    expect((await fetch(`${test.engine.endpoints.api}/v1/submissions/${circulated.reference}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      404,
    );
    // And no decision applies to it any more.
    const again = await mpr(test.localDir, 'reports', 'decide', circulated.reference, 'publish', 'yes', '--reason', 'x');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('withdrawn');
  }, 120_000);
});

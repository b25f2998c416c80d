/**
 * The Secretariat's day-to-day commands against a running engine: the submissions and their
 * trail, what States owe, the health of mailboxes and the progress of the circular note.
 */
import { describe, expect, it } from 'vitest';
import { CliError } from '../../cli/command.ts';
import { circularCommands } from '../../cli/commands/circular.ts';
import { mailboxesCommands } from '../../cli/commands/mailboxes.ts';
import { obligationsCommands } from '../../cli/commands/obligations.ts';
import { reportsCommands } from '../../cli/commands/reports.ts';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import type { Submission } from '../../functions/core/submissions.ts';
import { changeCycle } from '../support/cycles.ts';
import { addressOnly } from '../support/seed.ts';
import { followUpItem, submission, violationItem } from '../support/submissions.ts';
import { run, storeSubmissions, useCliEngine } from './support.ts';

// Fast sends: the circular note goes to every addressee in a few seconds.
const system = useCliEngine({ sesMaxSendRate: 10_000 });

/**
 * France reports an attack on its embassy in Nairobi and Kenya follows it up; Mexico reports an
 * attack in the United States whose offender is said to be in Canada, and gives its views.
 */
const replies: Submission[] = [
  { ...submission(1, 'FRA', '2024-03-02T09:00:00.000Z', [violationItem()]), status: 'circulated' },
  {
    ...submission(2, 'MEX', '2024-04-10T09:00:00.000Z', [
      violationItem({
        occurredIn: 'USA',
        city: 'Houston',
        affected: { kinds: ['consulate'], missionState: 'MEX' },
        allegedOffender: { known: true, presentIn: 'CAN' },
      }),
      { kind: 'views', text: 'Guards should be posted.' },
    ]),
    status: 'circulated',
  },
  submission(3, 'KEN', '2024-05-01T09:00:00.000Z', [followUpItem('MPR-2024-0001')]),
];

let stored: Promise<void> | undefined;
/** The replies, stored once for the file, whichever test runs first. */
const withReplies = () => (stored ??= storeSubmissions(system(), replies).then(() => undefined));

const lines = (printed: string) => printed.trimEnd().split('\n');
const column = (printed: string, index: number) =>
  lines(printed)
    .slice(2)
    .map((line) => line.split(/ {2,}/)[index]);

describe('mpr reports', () => {
  it('lists a cycle’s submissions as received, filtered by State, kind and circulation', async () => {
    await withReplies();
    const all = await run(reportsCommands, 'list', '--cycle', '77/108');
    expect(lines(all)[0]).toMatch(/^reference +received +state +note of +kinds +status +circulation +circulate +publish +summarize$/);
    // Stored here without their workflows: no circulation was started for them.
    expect(lines(all)[2]).toMatch(/^MPR-2024-0001 {2}2024-03-02 09:00 {2}FRA +2024-03-02 {2}violation +circulated +not started +yes +yes +yes$/);
    expect(column(all, 0)).toEqual(['MPR-2024-0001', 'MPR-2024-0002', 'MPR-2024-0003']);
    expect(column(await run(reportsCommands, 'list', '--state', 'fra'), 0)).toEqual(['MPR-2024-0001']);
    expect(column(await run(reportsCommands, 'list', '--kind', 'views'), 0)).toEqual(['MPR-2024-0002']);
    expect(column(await run(reportsCommands, 'list', '--kind', 'follow-up', '--circulated', 'no'), 0)).toEqual(['MPR-2024-0003']);
    expect(column(await run(reportsCommands, 'list', '--circulated', 'yes'), 0)).toEqual(['MPR-2024-0001', 'MPR-2024-0002']);
    expect(await run(reportsCommands, 'list', '--state', 'KEN', '--kind', 'views')).toBe('No submission in cycle 77/108 matches.\n');
    const json = JSON.parse(await run(reportsCommands, 'list', '--state', 'MEX', '--json')) as Submission[];
    expect(json).toEqual([{ ...replies[1], circulation: 'not started' }]);
    await expect(run(reportsCommands, 'list', '--cycle', '1/1')).rejects.toThrow('the local engine has no cycle 1/1 (mpr cycles list shows the cycles)');
  });

  it('shows one submission with its decisions, incidents, audit trail and full text', async () => {
    await withReplies();
    await new AuditRepository(system().table).append(
      {
        actor: { kind: 'secretariat', id: 'officer.test' },
        action: 'overridden',
        subject: { kind: 'submission', id: 'MPR-2024-0001' },
        state: 'FRA',
        details: { decision: 'summarize', from: true, to: true },
      },
      new Date('2024-03-03T10:00:00Z'),
    );
    const shown = await run(reportsCommands, 'show', 'mpr-2024-0001');
    expect(shown).toMatch(/^MPR-2024-0001 {2}France \(FRA\), cycle 77\/108\n {2}received {5}2024-03-02T09:00:00.000Z by upload\n {2}status {7}circulated\n/);
    expect(shown).toContain(
      '  decisions    circulate yes (as the State asked, 2024-03-02T09:00:00.000Z)\n               publish full text yes (as the State asked, 2024-03-02T09:00:00.000Z)\n',
    );
    expect(shown).toContain('  incidents    INC-MPR-2024-0001-1\n');
    expect(shown).toMatch(
      /\nAudit trail\n {2}at +action +by +details\n {2}-+ +-+ +-+ +-+\n {2}2024-03-03T10:00:00.000Z {2}overridden {2}secretariat officer.test {2}\{"decision":"summarize","from":true,"to":true\}\n/,
    );
    expect(shown).toMatch(/\nFull text\n {2}Communication from France\n {2}Reference: MPR-2024-0001\n/);
    expect(shown).toContain('     Place: Nairobi, Kenya');

    const json = JSON.parse(await run(reportsCommands, 'show', 'MPR-2024-0003', '--json')) as {
      submission: Submission;
      incidents: string[];
      audit: unknown[];
      text: string;
    };
    expect(json).toMatchObject({ submission: { reference: 'MPR-2024-0003', reportingState: 'KEN' }, incidents: ['INC-MPR-2024-0001-1'], audit: [] });
    expect(json.text).toContain('In answer to: MPR-2024-0001');
    const missing = await run(reportsCommands, 'show', 'MPR-2024-0099').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(CliError);
    expect(missing).toMatchObject({ exitCode: 1, message: 'the local engine has no submission MPR-2024-0099' });
  });
});

describe('mpr obligations list', () => {
  it('tells what every State owes in the cycle, and which reports are overdue', async () => {
    await withReplies();
    const owed = await run(obligationsCommands, 'list', '--at', '2024-07-01');
    expect(lines(owed).slice(2)).toEqual([
      expect.stringMatching(/^2024-06-09 overdue +USA +its own report of the violation +11\(a\) {2}INC-MPR-2024-0002-1 {2}MPR-2024-0002$/),
      expect.stringMatching(/^2024-07-09 +USA +a follow-up report on the measures taken +11\(b\) {2}INC-MPR-2024-0002-1 {2}MPR-2024-0002$/),
      expect.stringMatching(/^2025-05-01 +KEN +the final outcome of the proceedings +11\(b\) {2}INC-MPR-2024-0001-1 {2}MPR-2024-0003$/),
      expect.stringMatching(
        /^no due date +CAN +where possible, a follow-up report \(invitation, no due date\) {2}11\(b\) {2}INC-MPR-2024-0002-1 {2}MPR-2024-0002$/,
      ),
    ]);
    const overdue = JSON.parse(await run(obligationsCommands, 'list', '--overdue', '--at', '2024-07-01', '--json')) as { id: string; overdue: boolean }[];
    expect(overdue.map((obligation) => [obligation.id, obligation.overdue])).toEqual([['INC-MPR-2024-0002-1/violation-report/USA', true]]);
    expect(column(await run(obligationsCommands, 'list', '--state', 'KEN', '--at', '2024-07-01'), 1)).toEqual(['KEN']);
    expect(await run(obligationsCommands, 'list', '--state', 'KEN', '--overdue', '--at', '2024-07-01')).toBe(
      'No report is overdue by KEN in cycle 77/108 as of 2024-07-01.\n',
    );
    // The per-State command gives the same answer for one State.
    expect(column(await run(obligationsCommands, 'owed', '--state', 'USA', '--at', '2024-07-01'), 0)).toEqual(['2024-06-09 overdue', '2024-07-09']);
  });
});

describe('mpr mailboxes', () => {
  it('lists the unhealthy mailboxes, and clears one once, audited', async () => {
    const states = new StatesRepository(system().table);
    await states.setMailboxHealth({
      state: 'FRA',
      address: 'pm.fra@missions.example.org',
      health: 'bouncing',
      healthReason: 'permanent bounce (General)',
      healthChangedAt: '2024-03-05T10:00:00.000Z',
    });
    expect(lines(await run(mailboxesCommands, 'list', '--unhealthy'))).toEqual([
      expect.stringMatching(/^state +address +health +since +reason$/),
      expect.stringMatching(/^-+/),
      'FRA    pm.fra@missions.example.org  bouncing  2024-03-05  permanent bounce (General)',
    ]);
    expect(JSON.parse(await run(mailboxesCommands, 'list', '--state', 'FRA', '--json'))).toEqual([
      {
        state: 'FRA',
        name: 'France',
        address: 'pm.fra@missions.example.org',
        health: 'bouncing',
        healthReason: 'permanent bounce (General)',
        healthChangedAt: '2024-03-05T10:00:00.000Z',
      },
    ]);

    expect(await run(mailboxesCommands, 'clear', '--state', 'FRA', '--address', 'PM.FRA@missions.example.org')).toBe(
      'pm.fra@missions.example.org of FRA is healthy again (it was bouncing); notes reach it from now on.\n',
    );
    expect(await run(mailboxesCommands, 'list', '--unhealthy')).toBe('No unhealthy mailbox in the local engine.\n');
    expect((await states.get('FRA'))!.mailboxes).toEqual([expect.objectContaining({ address: 'pm.fra@missions.example.org', health: 'healthy' })]);
    const trail = (await new AuditRepository(system().table).forState('FRA')).filter((event) => event.details['mailbox'] !== undefined);
    expect(trail).toEqual([
      expect.objectContaining({
        actor: { kind: 'secretariat', id: 'officer.test' },
        action: 'changed',
        subject: { kind: 'state', id: 'FRA' },
        details: { mailbox: 'pm.fra@missions.example.org', health: 'healthy', previously: 'bouncing', previousReason: 'permanent bounce (General)' },
      }),
    ]);

    expect(await run(mailboxesCommands, 'clear', '--state', 'FRA', '--address', 'pm.fra@missions.example.org')).toBe(
      'pm.fra@missions.example.org of FRA is healthy already; nothing changed.\n',
    );
    await expect(run(mailboxesCommands, 'clear', '--state', 'FRA', '--address', 'nobody@example.org')).rejects.toThrow(
      'FRA has no mailbox nobody@example.org (its mailboxes: pm.fra@missions.example.org)',
    );
  });
});

describe('mpr circular status', () => {
  it('tells each note of the cycle not sent, then how far the dispatch went', async () => {
    const test = system();
    // A deadline far ahead: the dispatch then waits for its reminder days instead of sending them.
    await changeCycle(test.table, '77/108', { replyDeadline: '2099-05-15' });
    // Five States addressed: the dispatch to all 195 through the CLI is the npm start test's.
    await addressOnly(test.table, ['FRA', 'KEN', 'MEX', 'SEN', 'JPN']);
    expect(await run(circularCommands, 'status')).toBe(
      'Circular note of cycle 77/108: not sent yet\nPre-deadline reminder of 2099-02-20: not sent yet\nPre-deadline reminder of 2099-05-01: not sent yet\n',
    );
    const sent = await run(circularCommands, 'send', '--cycle', '77/108');
    expect(sent).toMatch(/Done: \d+ sent now, 0 already sent before, 0 uncertain; 0 State\(s\) unreached\./);

    const status = await run(circularCommands, 'status', '--cycle', '77/108');
    expect(status).toMatch(
      /^Circular note of cycle 77\/108: LA\/COD\/72\/\d{4}\/\d+ of \d{4}-\d\d-\d\d\n {2}sent to 5\/5 States, (\d+) mailboxes\n {2}last dispatch circular-77-108-\d+, ended \S+: \1 sent, 0 already sent before, 0 uncertain; 0 State\(s\) unreached\nPre-deadline reminder of 2099-02-20: not sent yet\n/,
    );
    const json = JSON.parse(await run(circularCommands, 'status', '--json')) as {
      addressees: number;
      notes: { kind: string; statesSent: number; runs: number; lastRun: { totals: { states: number } } | null }[];
    };
    expect(json.addressees).toBe(5);
    expect(json.notes.map((note) => [note.kind, note.statesSent, note.runs, note.lastRun?.totals.states ?? null])).toEqual([
      ['circular', 5, 1, 5],
      ['pre-deadline-reminder', 0, 0, null],
      ['pre-deadline-reminder', 0, 0, null],
    ]);
  }, 60_000);
});

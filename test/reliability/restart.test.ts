/**
 * Restart: the engine (`npm start` with a data directory) is killed in the middle of a circular
 * note's dispatch, and in the middle of a circulation, as a machine dies: no stop, no drain.
 * Started again on the same data, the dispatch is run again, as an officer would, and completes
 * with no State sent the note twice. The circulation's uncertain sends are reconciled on their
 * own: those SES accepted by their Send events (published again at the restart, as SES publishes
 * them whatever became of the sender), the others released by the sweep after the window; the
 * next attempt sends those, and no mailbox ever gets two copies. What was sent before the kill is
 * counted from the engine's journal of sent mail, which is written before each message reaches SES.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, it } from 'vitest';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { keys } from '../../functions/aws/keys.ts';
import { noteTags } from '../../functions/aws/note-sender.ts';
import { NotesRepository } from '../../functions/aws/notes-repository.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { circulationExecutionName, deliverableMailboxes, noteId } from '../../functions/core/dispatch.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import type { EndpointsFile } from '../../local/endpoints-file.ts';
import { sentMailJournalPath } from '../../local/engine.ts';
import { type JournalEntry, readSentMailJournal } from '../../local/ses.ts';
import { mprProgram } from '../cli/support.ts';
import { changeCycle } from '../support/cycles.ts';
import { eventually } from '../support/engine.ts';
import { addressOnly, seedStates } from '../support/seed.ts';
import { submission, violationItem } from '../support/submissions.ts';

const root = join(import.meta.dirname, '..', '..');
const freePorts = Object.fromEntries(['API', 'DYNAMODB', 'S3', 'SES', 'COGNITO', 'STEPFUNCTIONS', 'SMTP'].map((service) => [`MPR_PORT_${service}`, '0']));
/**
 * A third of the States addressed (Kenya and Uganda, of the circulated report, among them): what
 * is proved (no mailbox twice across a kill, what was under way reconciled) does not need the
 * fan-out to all 195, which test/workflows/circular-dispatch.test.ts sends; the kill still lands
 * among about a hundred mailboxes.
 */
const addressedStates = seedStates()
  .filter((state) => state.addressed)
  .map((state) => state.code)
  .filter((code, index) => index % 3 === 0 || code === 'KEN' || code === 'UGA');
/**
 * Slow enough that the kill lands mid-dispatch however fast the machine: all parallel senders
 * together send at most 100 messages a second, so the mailboxes take most of a second at least,
 * while the journal is read every few milliseconds for the kill. Where the engine's own work (a
 * note and its PDF per State, each send claimed and marked) is slower than that, it sets the pace.
 */
const sendRate = 100;
/** After the restart nothing is killed: the engine sends as fast as it can. */
const afterTheRestart = { MPR_SES_MAX_SEND_RATE: '10000' };
/** About half of the addressed States' mailboxes. */
const killAfterSends = 45;
/** How often the journal is read for the kill: a file of a few hundred lines, read in a millisecond or two. */
const killProbeMillis = 20;
/** How often the table or the data directory is probed for what a test waits for: one item or one small query. */
const probeMillis = 100;

interface RunningEngine {
  readonly process: ChildProcess;
  /** Where its endpoints.json is, for the CLI (MPR_LOCAL_DIR). */
  readonly localDir: string;
  readonly file: EndpointsFile;
  readonly table: { client: DynamoDBDocumentClient; tableName: string };
  readonly sfn: SFNClient;
  output(): string;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function startEngineProcess(dataDir: string, environment: Record<string, string> = {}): Promise<RunningEngine> {
  const localDir = await mkdtemp(join(tmpdir(), 'mpr-restart-local-'));
  cleanups.push(() => rm(localDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['local/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ...freePorts,
      MPR_LOCAL_DIR: localDir,
      MPR_DATA_DIR: dataDir,
      MPR_SES_MAX_SEND_RATE: String(sendRate),
      MPR_TIME_SCALE: '60',
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  cleanups.push(async () => kill(child, 'SIGKILL'));
  const endpoints = join(localDir, 'endpoints.json');
  const file = await eventually(
    async () => (existsSync(endpoints) ? (JSON.parse(await readFile(endpoints, 'utf8')) as EndpointsFile) : undefined),
    'the engine to be ready',
    30_000,
    probeMillis,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${output}`);
  });
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(file.endpoints.dynamodb)), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const sfn = new SFNClient(localClientConfig(file.endpoints.stepfunctions));
  cleanups.push(async () => {
    documents.destroy();
    sfn.destroy();
  });
  return { process: child, localDir, file, table: { client: documents, tableName: file.resources.tableName }, sfn, output: () => output };
}

/** Kills the engine's whole process group and waits until it has exited. */
async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid!, signal);
  } catch {
    return;
  }
  await exited;
}

/** How many times each mailbox appears among the journal's recipients. */
function timesSentTo(entries: readonly JournalEntry[]): Map<string, number> {
  const times = new Map<string, number>();
  for (const entry of entries) for (const address of entry.to) times.set(address, (times.get(address) ?? 0) + 1);
  return times;
}

/**
 * A preload for the `mpr` program that sets its clock ahead by `aheadMillis`, as when an officer
 * runs it that much later: `new Date()` and `Date.now()` read later, dates of given instants are
 * unchanged, and `instanceof Date` still holds for every date.
 */
function clockAhead(aheadMillis: number): string {
  const source = `const Real = Date;
globalThis.Date = new Proxy(Real, {
  construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [Real.now() + ${aheadMillis}] : args, newTarget === globalThis.Date ? target : newTarget),
  apply: () => new Real(Real.now() + ${aheadMillis}).toString(),
  get: (target, key) => (key === 'now' ? () => Real.now() + ${aheadMillis} : Reflect.get(target, key)),
});`;
  return `data:text/javascript,${encodeURIComponent(source)}`;
}

/**
 * Runs the `mpr` program against the engine of `localDir`, as `officer.restart`, with its clock
 * `aheadMillis` ahead; returns what it printed. A program of its own, so that its environment and
 * its clock are its own: the other test of this file runs meanwhile in this process.
 */
async function mpr(localDir: string, aheadMillis: number, ...args: string[]): Promise<string> {
  const run = await mprProgram({ localDir, operator: 'officer.restart', nodeArguments: ['--import', clockAhead(aheadMillis)] }, args);
  if (run.code !== 0) throw new Error(`mpr ${args.join(' ')} exited with ${run.code}: ${run.stderr}`);
  return run.stdout;
}

async function startDispatch(engine: RunningEngine, name: string): Promise<string> {
  // The seeded deadline is past; each start seeds again, so the deadline is set each time.
  await changeCycle(engine.table, '77/108', { replyDeadline: '2099-05-15' });
  const { executionArn } = await engine.sfn.send(
    new StartExecutionCommand({
      stateMachineArn: engine.file.resources.stateMachines['circular-dispatch'],
      name,
      input: JSON.stringify({ cycleId: '77/108' }),
    }),
  );
  return executionArn!;
}

// The two tests run together: each has engines, ports and a data directory of its own, and
// nothing of this process is changed for either (the officer's `mpr` runs as a program).
describe.concurrent('the engine killed mid-dispatch and restarted on its data', () => {
  it('completes the dispatch when it is run again, with no mailbox sent the note twice, and the uncertain sends once an officer gives back those that did not leave', async ({
    expect,
  }) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mpr-restart-data-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const journal = sentMailJournalPath(dataDir);
    const circularNotes = () => readSentMailJournal(journal).filter((entry) => entry.note !== undefined);

    const first = await startEngineProcess(dataDir);
    await addressOnly(first.table, addressedStates);
    await startDispatch(first, 'before-the-kill');
    await eventually(async () => (circularNotes().length >= killAfterSends ? true : undefined), `${killAfterSends} notes to be sent`, 60_000, killProbeMillis);
    await kill(first.process, 'SIGKILL');
    const sentBeforeKill = circularNotes().length;

    const second = await startEngineProcess(dataDir, afterTheRestart);
    // Whether the kill caught a send between SES and its mark is a matter of timing: one such
    // send is made certain here, a mailbox claimed and never sent, as a run dying just before
    // SES would leave it.
    const journaled = new Set(circularNotes().flatMap((entry) => entry.to));
    const stranded = (await new StatesRepository(second.table).list())
      .filter((state) => state.addressed)
      .flatMap((state) => deliverableMailboxes(state).map((address) => ({ state: state.code, address })))
      .find((mailbox) => !journaled.has(mailbox.address))!;
    await new NotesRepository(second.table).claimSend(noteId('circular', '77/108'), stranded.state, stranded.address, new Date().toISOString());
    const executionArn = await startDispatch(second, 'after-the-restart');
    // The dispatch is complete when its outcome is recorded (the execution itself goes on to wait
    // for the pre-deadline reminder).
    const notes = new NotesRepository(second.table);
    const record = await eventually(
      async () => notes.dispatchRecord(noteId('circular', '77/108'), 'after-the-restart'),
      'the dispatch run again to record its outcome',
      90_000,
      probeMillis,
    ).catch(async (error: unknown) => {
      const described = await second.sfn.send(new DescribeExecutionCommand({ executionArn }));
      throw new Error(
        `${String(error)}: execution ${described.status}, ${circularNotes().length} notes sent in all, ${sentBeforeKill} before the kill\n${second.output()}`,
      );
    });
    const registry = await new StatesRepository(second.table).list();
    const mailboxes = registry.filter((state) => state.addressed).flatMap((state) => deliverableMailboxes(state));
    // The kill landed mid-dispatch: some notes sent, not all.
    expect(sentBeforeKill).toBeGreaterThanOrEqual(killAfterSends);
    expect(sentBeforeKill).toBeLessThan(mailboxes.length);
    const sent = circularNotes();
    const timesSent = timesSentTo(sent);
    const twice = [...timesSent].filter(([, times]) => times > 1);
    expect(twice).toEqual([]);
    expect(new Set(sent.map((entry) => entry.note)).size).toBe(1);

    // A send under way when the engine died may or may not have left: it stays uncertain, never
    // sent again, at most one per parallel sender; every other mailbox has the note.
    const counts = await notes.sendCounts(noteId('circular', '77/108'));
    expect(record['totals']).toMatchObject({ sent: sent.length - sentBeforeKill, uncertain: counts.claimed, unreached: [] });
    const missing = mailboxes.filter((address) => !timesSent.has(address));
    expect(counts.sent + counts.claimed).toBe(mailboxes.length);
    expect(missing.length).toBeLessThanOrEqual(counts.claimed);
    expect(missing).toContain(stranded.address);
    expect(counts.claimed).toBeLessThanOrEqual(11);

    // The officer's part: `mpr circular uncertain` lists the uncertain sends (once no run can
    // still be sending them: a few minutes on), the missions confirm which notes did not arrive
    // (here, the journal says), those are given back, and one more run sends them.
    const fewMinutesOn = 5 * 60_000;
    const listed = JSON.parse(await mpr(second.localDir, fewMinutesOn, 'circular', 'uncertain', '--cycle', '77/108', '--json')) as {
      uncertain: { address: string }[];
    };
    expect(listed.uncertain.map((send) => send.address).sort()).toEqual(
      (await notes.unmarkedSends(noteId('circular', '77/108'))).map((send) => send.address).sort(),
    );
    if (missing.length > 0)
      await mpr(second.localDir, fewMinutesOn, 'circular', 'uncertain', '--cycle', '77/108', ...missing.flatMap((address) => ['--release', address]));
    await startDispatch(second, 'after-the-release');
    await eventually(
      async () => notes.dispatchRecord(noteId('circular', '77/108'), 'after-the-release'),
      'the dispatch after the release to record its outcome',
      60_000,
      probeMillis,
    );
    const sentInAll = circularNotes();
    const timesSentInAll = timesSentTo(sentInAll);
    expect([...timesSentInAll].filter(([, times]) => times > 1)).toEqual([]);
    expect(mailboxes.filter((address) => !timesSentInAll.has(address))).toEqual([]);

    console.log(
      `restart: ${sentBeforeKill} of ${mailboxes.length} notes sent before the kill, ${sent.length - sentBeforeKill} after the restart; ` +
        `${timesSent.size} mailboxes sent the note once, none twice; ${counts.claimed} sends left uncertain by the kill and the planted one (${missing.length} of them had not left); ` +
        `${missing.length} released by the officer and sent by one more run: ${timesSentInAll.size} of ${mailboxes.length} mailboxes have the note, each once`,
    );
    await kill(second.process, 'SIGTERM');
  }, 180_000);

  it('reconciles a circulation killed mid-send: its uncertain sends settled by SES’s Send events or released by the sweep, the next attempt sends the rest, none twice', async ({
    expect,
  }) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mpr-restart-circulation-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    // The sweep runs every second of real time (a quarter of an hour at ×900) and releases what
    // stayed unsettled three seconds: far longer than a send takes from its claim to its mark,
    // even on a busy machine, so that no send still under way is released.
    const environment = { MPR_TIME_SCALE: '900', MPR_UNSETTLED_SEND_WINDOW_MINUTES: '0.05' };
    const report = submission(
      777,
      'KEN',
      new Date().toISOString(),
      [violationItem({ incidentDate: new Date().toISOString().slice(0, 10), occurredIn: 'UGA', affected: { kinds: ['embassy'], missionState: 'KEN' } })],
      new Date(),
    );
    const note = noteId('circulation', report.reference);
    const journal = sentMailJournalPath(dataDir);
    const circulationNotes = () => readSentMailJournal(journal).filter((entry) => entry.tags?.['note'] === note.replace(/[^A-Za-z0-9_-]/g, '_'));

    const first = await startEngineProcess(dataDir, environment);
    await addressOnly(first.table, addressedStates);
    await new SubmissionsRepository(first.table).create(report);
    await first.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: first.file.resources.stateMachines['circulation'],
        name: circulationExecutionName(report.reference),
        input: JSON.stringify({ reference: report.reference }),
      }),
    );
    await eventually(
      async () => (circulationNotes().length >= killAfterSends ? true : undefined),
      `${killAfterSends} circulation notes to be sent`,
      60_000,
      killProbeMillis,
    );
    // Whether the kill catches a send between SES and its mark is a matter of timing: one such
    // send is made certain, a mailbox claimed and journaled as SES accepted it, and never marked,
    // as a run dying right after SES answered would leave it.
    const mailboxes = (await new StatesRepository(first.table).list())
      .filter((state) => state.addressed)
      .flatMap((state) => deliverableMailboxes(state).map((address) => ({ state: state.code, address })))
      .reverse();
    let accepted: { state: string; address: string } | undefined;
    for (const mailbox of mailboxes) {
      if ((await new NotesRepository(first.table).claimSend(note, mailbox.state, mailbox.address, new Date().toISOString())).status !== 'claimed') continue;
      accepted = mailbox;
      const entry: JournalEntry = {
        at: new Date().toISOString(),
        to: [mailbox.address],
        subject: 'a note SES accepted just before the kill',
        tags: noteTags({ noteId: note, kind: 'circulation', state: mailbox.state }),
      };
      await appendFile(journal, `${JSON.stringify(entry)}\n`);
      break;
    }
    await kill(first.process, 'SIGKILL');
    const sentBeforeKill = circulationNotes().length;
    const journaled = new Set(circulationNotes().flatMap((entry) => entry.to));

    const second = await startEngineProcess(dataDir, { ...environment, ...afterTheRestart });
    const notes = new NotesRepository(second.table);
    // One send made certain to have died before SES: a mailbox claimed and never sent.
    const stranded = mailboxes.find((mailbox) => !journaled.has(mailbox.address))!;
    await notes.claimSend(note, stranded.state, stranded.address, new Date().toISOString());

    // At its start the engine published the Send events of what SES accepted before the kill: the
    // accepted send is marked sent by its event. What stayed claimed had not reached SES: the sweep
    // releases it (the intake sweep may meanwhile start the circulation again, which sends it).
    const sendOf = async (mailbox: { state: string; address: string }) =>
      (
        await second.table.client.send(
          new GetCommand({ TableName: second.table.tableName, Key: keys.noteSend(note, mailbox.state, mailbox.address), ConsistentRead: true }),
        )
      ).Item;
    expect(await sendOf(accepted!)).toMatchObject({ status: 'sent', settledBy: 'ses-event', messageId: expect.stringMatching(/^journal-\d+$/) });
    await eventually(
      async () => ((await notes.unsettledSendsOf(note)).every((send) => send.status === 'released') ? true : undefined),
      'the sweep to release every send no SES event settled',
      60_000,
      probeMillis,
    );
    const releasedBySweep = await eventually(
      async () => {
        const events = (await new AuditRepository(second.table).forSubject('state', stranded.state)).filter(
          (event) => event.actor.id === 'reconcile-sends' && event.details['noteId'] === note,
        );
        return events.some((event) => event.details['released'] === stranded.address) ? events : undefined;
      },
      'the release of the stranded send in the audit trail',
      20_000,
      probeMillis,
    );
    for (const address of journaled) expect(timesSentTo(circulationNotes()).get(address)).toBe(1);

    // The next attempt of the circulation (as the intake sweep names it) sends the released ones.
    const retry = circulationExecutionName(report.reference, 1);
    await second.sfn
      .send(
        new StartExecutionCommand({
          stateMachineArn: second.file.resources.stateMachines['circulation'],
          name: retry,
          input: JSON.stringify({ reference: report.reference }),
        }),
      )
      .catch((error: unknown) => {
        // The intake sweep started it first.
        if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) throw error;
      });
    const record = await eventually(async () => notes.dispatchRecord(note, retry), 'the next attempt to record its outcome', 90_000, probeMillis).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}: ${circulationNotes().length} notes sent in all, ${sentBeforeKill} before the kill\n${second.output()}`);
      },
    );
    const sent = circulationNotes();
    const timesSent = timesSentTo(sent);
    // The kill landed mid-send: some notes sent, not all.
    expect(sentBeforeKill).toBeGreaterThanOrEqual(killAfterSends);
    expect(sentBeforeKill).toBeLessThan(timesSent.size);
    expect([...timesSent].filter(([, times]) => times > 1)).toEqual([]);
    const counts = await notes.sendCounts(note);
    expect(counts.claimed).toBe(0);
    expect(await notes.unsettledSendsOf(note)).toEqual([]);
    expect(counts.sent).toBe(timesSent.size);
    expect(timesSent.has(stranded.address)).toBe(true);
    expect(timesSent.get(accepted!.address)).toBe(1);
    expect(record['totals']).toMatchObject({ uncertain: 0 });

    console.log(
      `restart of a circulation: ${sentBeforeKill} of ${timesSent.size} notes sent before the kill, one planted as accepted by SES and settled by its Send event at the restart; ` +
        `${releasedBySweep.length} send(s) of ${stranded.state} with no event released by the sweep (the planted one among them) and sent by the next attempt; ${timesSent.size} mailboxes have the note, each once`,
    );
    await kill(second.process, 'SIGTERM');
  }, 180_000);
});

/**
 * `mpr circular …`: the circular note of a cycle (paragraphs 12(a) and 13) and its pre-deadline
 * reminders. `send` starts the dispatch and shows its progress until every addressee has been
 * sent the note or found unreachable; running it again is safe, since States already sent the
 * note are skipped. `status` tells how far each note of the cycle has gone.
 */
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { NotesRepository } from '../../functions/aws/notes-repository.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { circularNoteRefusal, reminderDates, secretaryGeneralCommand, secretaryGeneralTermOn } from '../../functions/core/cycles.ts';
import { deliverableMailboxes, dispatchAddressees, noteId } from '../../functions/core/dispatch.ts';
import type { DispatchTotals } from '../../functions/core/dispatch-record.ts';
import { CliError, command, group } from '../command.ts';
import { jsonOption, printLine, printResult, progress, terminalText } from '../output.ts';
import { targetOptions, withTarget } from '../target.ts';
import { cycleOption, readCycle } from './cycles.ts';
import { releaseUncertain, uncertainSends } from './notes.ts';

const pollMillis = 500;

/** `sent` names the sends of the run itself, e.g. `sent now` when the run is this command's. */
function describeTotals(totals: DispatchTotals, sent = 'sent'): string {
  return `${totals.sent} ${sent}, ${totals.alreadySent} already sent before, ${totals.uncertain} uncertain; ${totals.unreached.length} State(s) unreached${totals.unreached.length ? `: ${totals.unreached.join(', ')}` : ''}`;
}

interface NoteStatus {
  readonly kind: 'circular' | 'pre-deadline-reminder';
  /** For a reminder, the day it is sent. */
  readonly reminderDate: string | null;
  readonly noteId: string;
  readonly symbol: string | null;
  readonly date: string | null;
  readonly mailboxesSent: number;
  /** Sends claimed but not marked sent: in flight, or uncertain after a run stopped mid-send. */
  readonly mailboxesClaimed: number;
  readonly statesSent: number;
  readonly runs: number;
  /** Why the reminder was not sent, when a run skipped it (its day had passed). */
  readonly skipped: string | null;
  readonly lastRun: { readonly executionName: string; readonly recordedAt: string; readonly totals: DispatchTotals } | null;
}

function describeNote(status: NoteStatus, cycleId: string, addressees: number): string {
  const note = status.kind === 'circular' ? `Circular note of cycle ${cycleId}` : `Pre-deadline reminder of ${status.reminderDate}`;
  if (status.skipped !== null && status.mailboxesSent + status.mailboxesClaimed === 0) return `${note}: skipped, not sent: ${status.skipped}`;
  if (status.symbol === null && status.mailboxesSent + status.mailboxesClaimed === 0) return `${note}: not sent yet`;
  const lines = [
    `${note}: ${status.symbol ?? '(no symbol yet)'}${status.date ? ` of ${status.date}` : ''}`,
    // A reminder goes only to the States that have not replied: no fixed number to compare with.
    `  sent to ${status.statesSent}${status.kind === 'circular' ? `/${addressees}` : ''} States, ${status.mailboxesSent} mailboxes${status.mailboxesClaimed ? `; ${status.mailboxesClaimed} send(s) claimed but not marked sent (in flight, or uncertain)` : ''}`,
    status.lastRun
      ? `  last dispatch ${status.lastRun.executionName}, ended ${status.lastRun.recordedAt}: ${describeTotals(status.lastRun.totals)}${status.runs > 1 ? ` (${status.runs} runs in all)` : ''}`
      : '  no dispatch has ended yet (one may be running)',
  ];
  return lines.join('\n');
}

export const circularCommands = group('circular', 'the circular note of a cycle and its pre-deadline reminders', [
  command({
    name: 'send',
    summary: 'Send the circular note of a cycle to every addressee, showing progress until done.',
    description: [
      'Starts the circular-dispatch workflow, which sends the note, then the pre-deadline reminders on their days to States that have not replied. Safe to run again: mailboxes already sent the note are skipped.',
      "Refused (exit 1, nothing sent) once the cycle's reply deadline has passed: move it first with mpr cycles set. A reminder whose day has passed when the dispatch reaches it is skipped and recorded as skipped (mpr circular status), never sent late.",
    ],
    options: { ...targetOptions, ...cycleOption, ...jsonOption },
    examples: ['mpr circular send --cycle 77/108'],
    async run({ values }) {
      await withTarget(values, async (target) => {
        const { cycle } = await readCycle(target, values.cycle);
        const today = target.now().toISOString().slice(0, 10);
        const refusal = circularNoteRefusal(cycle, today);
        if (refusal) throw new CliError(`${refusal}. Nothing was sent.`);
        // The note and its reminders name the Secretary-General: say when they cannot.
        const unknown = [today, ...reminderDates(cycle).filter((day) => day > today)]
          .map((day) => secretaryGeneralTermOn(cycle, day))
          .find((term) => term?.pronoun === null);
        if (unknown) {
          process.stderr.write(
            terminalText(
              `Note: cycle ${cycle.id} does not say who holds the office of Secretary-General from ${unknown.from}; notes dated from then say "his or her". Once the appointment is known: ${secretaryGeneralCommand(cycle.id, unknown.from)}\n`,
            ),
          );
        }
        const addressees = dispatchAddressees(await new StatesRepository(target.table).list());
        const mailboxes = addressees.reduce((sum, state) => sum + deliverableMailboxes(state).length, 0);
        const executionName = `circular-${cycle.id.replaceAll('/', '-')}-${Date.now()}`;
        const { executionArn } = await target.stepFunctions.send(
          new StartExecutionCommand({
            stateMachineArn: target.stateMachineArn('circular-dispatch'),
            name: executionName,
            input: JSON.stringify({ cycleId: cycle.id }),
          }),
        );
        if (!values.json)
          printLine(
            `Dispatching the circular note of cycle ${cycle.id} to ${addressees.length} States (${mailboxes} mailboxes) on the ${target.description}\nExecution: ${executionArn}`,
          );
        const notes = new NotesRepository(target.table);
        const note = noteId('circular', cycle.id);
        const shown = progress(values);
        for (;;) {
          const counts = await notes.sendCounts(note);
          shown.update(`Sent to ${counts.statesSent}/${addressees.length} States, ${counts.sent}/${mailboxes} mailboxes`);
          const record = await notes.dispatchRecord(note, executionName);
          if (record) {
            shown.done();
            const totals = record['totals'] as DispatchTotals;
            printResult(
              values.json,
              { cycleId: cycle.id, executionArn, totals },
              () => `Done: ${describeTotals(totals, 'sent now')}.\nThe execution goes on to send the pre-deadline reminders on their days.`,
            );
            return;
          }
          const execution = await target.stepFunctions.send(new DescribeExecutionCommand({ executionArn }));
          if (execution.status !== 'RUNNING') {
            shown.done();
            throw new CliError(`the dispatch ended ${execution.status}: ${execution.error ?? ''} ${execution.cause ?? ''}`.trim());
          }
          await new Promise((resolve) => setTimeout(resolve, pollMillis));
        }
      });
    },
  }),
  command({
    name: 'uncertain',
    summary: 'The sends of the circular note whose outcome is unknown, and giving back those that did not leave (mpr notes uncertain: every note).',
    description: [
      'A run that stopped between handing a message to SES and learning the answer (a crash, a lost connection) leaves the send claimed but not marked: the note may or may not have reached the mailbox, and no run sends it again, since a second note verbale is worse than a missing one.',
      "SES's sending events settle such a send as sent when the message left, and the sweep releases one with no event within the window (mpr notes uncertain lists both, for every kind of note). If the mission says sooner that the note did not arrive, --release ADDRESS gives the send back (recorded in the audit trail with your name), and the note is sent to it again (or by `mpr circular send`, for a send whose claim does not say how).",
      'Sends claimed in the last few minutes are left out: a run may still be sending them.',
    ],
    options: {
      ...targetOptions,
      ...cycleOption,
      release: {
        type: 'string',
        multiple: true,
        value: 'ADDRESS',
        help: 'give back the uncertain send to this mailbox, once you know it did not leave (repeatable)',
      },
      ...jsonOption,
    },
    examples: ['mpr circular uncertain --cycle 77/108', 'mpr circular uncertain --cycle 77/108 --release protocol.alb@missions.example.org'],
    async run({ values }) {
      await withTarget(values, async (target) => {
        const { cycle } = await readCycle(target, values.cycle);
        const note = noteId('circular', cycle.id);
        const release = values.release ?? [];
        const released = await releaseUncertain(target, await uncertainSends(target, { noteId: note }), release);
        const left = (await uncertainSends(target, { noteId: note })).filter((send) => send.status === 'claimed');
        printResult(values.json, { cycleId: cycle.id, noteId: note, released: release, uncertain: left }, () =>
          [
            ...released.map(({ address, resend }) =>
              resend === undefined
                ? `Released ${address}: the next \`mpr circular send\` sends it the note.`
                : `Released ${address}: the note is sent to it again (execution ${resend}).`,
            ),
            left.length === 0 ? 'No uncertain send.' : `${left.length} uncertain send(s) (claimed, never marked sent):`,
            ...left.map((send) => `  ${send.state}  ${send.address}  claimed ${send.claimedAt}`),
          ].join('\n'),
        );
      });
    },
  }),
  command({
    name: 'status',
    summary: 'How far the circular note of a cycle and its reminders have gone.',
    description: ['For each note: its symbol and date, the States and mailboxes sent it so far, and the outcome of its last dispatch run.'],
    options: { ...targetOptions, ...cycleOption, ...jsonOption },
    examples: ['mpr circular status --cycle 77/108'],
    async run({ values }) {
      await withTarget(values, async (target) => {
        const { cycle } = await readCycle(target, values.cycle);
        const addressees = dispatchAddressees(await new StatesRepository(target.table).list()).length;
        const notesRepository = new NotesRepository(target.table);
        const notes = [
          { kind: 'circular' as const, reminderDate: null, id: noteId('circular', cycle.id) },
          ...reminderDates(cycle).map((date) => ({
            kind: 'pre-deadline-reminder' as const,
            reminderDate: date,
            id: noteId('pre-deadline-reminder', cycle.id, date),
          })),
        ];
        const statuses = await Promise.all(
          notes.map(async ({ kind, reminderDate, id }): Promise<NoteStatus> => {
            const [record, counts, runs] = await Promise.all([notesRepository.get(id), notesRepository.sendCounts(id), notesRepository.dispatchRecords(id)]);
            const last = runs.at(-1);
            return {
              kind,
              reminderDate,
              noteId: id,
              symbol: record?.symbol ?? null,
              date: record?.date ?? null,
              mailboxesSent: counts.sent,
              mailboxesClaimed: counts.claimed,
              statesSent: counts.statesSent,
              runs: runs.length,
              skipped: typeof last?.['skipped'] === 'string' ? last['skipped'] : null,
              lastRun: last
                ? { executionName: String(last['executionName']), recordedAt: String(last['recordedAt']), totals: last['totals'] as DispatchTotals }
                : null,
            };
          }),
        );
        printResult(values.json, { cycleId: cycle.id, addressees, notes: statuses }, () =>
          statuses.map((status) => describeNote(status, cycle.id, addressees)).join('\n'),
        );
      });
    },
  }),
]);

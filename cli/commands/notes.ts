/**
 * `mpr notes …`: the sends of notes verbales of every kind (circular notes and their reminders,
 * circulations, attention notes, reminders of obligations, withdrawals, acknowledgements and the
 * Secretariat's notices). `uncertain` lists the sends claimed and never marked sent, and gives
 * back those an officer knows did not leave; SES's sending events and the sweep of uncertain
 * sends settle or release the others on their own (functions/aws/note-sender.ts).
 */
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { SendReconciler } from '../../functions/aws/note-sender.ts';
import { NotesRepository, type ResentSend, type UnsettledSend } from '../../functions/aws/notes-repository.ts';
import { stepFunctionsResender } from '../../functions/aws/resend.ts';
import { allFunctions } from '../../functions/registry.ts';
import { cliActor } from '../actor.ts';
import { CliError, command, exitCodes, group } from '../command.ts';
import { formatTable, jsonOption, printResult } from '../output.ts';
import { type Target, targetOptions, withTarget } from '../target.ts';

/** The longest a function that sends mail may run: a send claimed more recently may still be under way. */
const inFlightSeconds = Math.max(...allFunctions.filter((spec) => spec.access.sendEmail).map((spec) => spec.timeoutSeconds ?? 60));

/** What `uncertain` lists: in-flight sends are left out, since a run may still be sending them. */
export async function uncertainSends(target: Target, filter: { readonly noteId?: string; readonly kind?: string } = {}): Promise<UnsettledSend[]> {
  const notes = new NotesRepository(target.table);
  const settledBefore = new Date(Date.now() - inFlightSeconds * 1000).toISOString();
  const sends = filter.noteId === undefined ? await notes.unsettledSends() : await notes.unsettledSendsOf(filter.noteId);
  return sends.filter((send) => send.claimedAt < settledBefore && (filter.kind === undefined || send.kind === filter.kind));
}

/** The sends released and sent again since, as filtered for `uncertain`. */
export async function resentSends(target: Target, filter: { readonly noteId?: string; readonly kind?: string } = {}): Promise<ResentSend[]> {
  return (await new NotesRepository(target.table).resentSends(filter.noteId)).filter((send) => filter.kind === undefined || send.kind === filter.kind);
}

/**
 * Gives back the uncertain sends of a note to these mailboxes, audited with the operator's name,
 * and starts the resend of each whose claim says how (the address and the resend's execution);
 * refused whole, with nothing released, when one of them is not an uncertain send of the note.
 */
export async function releaseUncertain(
  target: Target,
  sends: readonly UnsettledSend[],
  addresses: readonly string[],
): Promise<{ readonly address: string; readonly resend?: string }[]> {
  const unknown = addresses.filter((address) => !sends.some((send) => send.address === address && send.status === 'claimed'));
  if (unknown.length > 0) throw new CliError(`not an uncertain send of this note: ${unknown.join(', ')}; nothing was released`, exitCodes.badArguments);
  const reconciler = new SendReconciler({
    notes: new NotesRepository(target.table),
    audit: new AuditRepository(target.table),
    windowMinutes: 0,
    resend: stepFunctionsResender(target.stepFunctions, target.stateMachineArn('resend')),
  });
  const released: { readonly address: string; readonly resend?: string }[] = [];
  for (const send of sends.filter((candidate) => candidate.status === 'claimed' && addresses.includes(candidate.address))) {
    const outcome = await reconciler.release(send, cliActor());
    if (outcome) released.push({ address: send.address, ...outcome });
  }
  return released;
}

function describeSend(send: UnsettledSend): string[] {
  return [
    send.kind,
    send.noteId,
    send.state,
    send.address,
    send.claimedAt,
    send.status === 'released' ? `released ${send.releasedAt ?? ''}, for the next run to send`.trim() : 'uncertain',
  ];
}

function describeResent(send: ResentSend): string[] {
  return [send.kind, send.noteId, send.state, send.address, send.releasedAt, `resent ${send.sentAt}`];
}

export const notesCommands = group('notes', 'the sends of notes verbales of every kind', [
  command({
    name: 'uncertain',
    summary: 'The sends of any note whose outcome is unknown, and giving back those that did not leave.',
    description: [
      'A run that stopped between handing a message to SES and learning the answer (a crash, a lost connection) leaves the send claimed but not marked: no run sends it again, since a second note verbale is worse than a missing one.',
      "SES's own sending events settle such a send as sent when the message left; one with no event within the window (mpr:unsettledSendWindowMinutes, an hour by default) is released by the sweep and sent again by a resend of the note to its State (the resend workflow), once. Uncertain sends are listed here with their kind, note, State, mailbox and when they were claimed; released ones until they are sent again, then as resent.",
      'An officer who knows sooner that a message did not leave (the mission says so) gives it back with --note NOTE --release ADDRESS (recorded in the audit trail with your name), and the note is sent again the same way; a message sent outside a note workflow (an acknowledgement, a notice to the Secretariat) is sent again from the copy its claim kept. A send claimed before requests and messages were kept is not resent: the next run of that note sends it (mpr circular send for a circular note).',
      'Sends claimed in the last few minutes are left out: a run may still be sending them.',
    ],
    options: {
      ...targetOptions,
      kind: {
        type: 'string',
        value: 'KIND',
        help: 'only the notes of this kind (circular, pre-deadline-reminder, circulation, attention, reminder, acknowledgement…)',
      },
      note: { type: 'string', value: 'NOTE', help: 'only this note, by its id as listed (e.g. circulation:MPR-2024-0007); needed with --release' },
      release: {
        type: 'string',
        multiple: true,
        value: 'ADDRESS',
        help: 'give back the uncertain send of --note to this mailbox, once you know it did not leave (repeatable)',
      },
      ...jsonOption,
    },
    examples: [
      'mpr notes uncertain',
      'mpr notes uncertain --kind circulation',
      'mpr notes uncertain --note circulation:MPR-2024-0007 --release protocol.alb@missions.example.org',
    ],
    async run({ values }) {
      const release = values.release ?? [];
      if (release.length > 0 && values.note === undefined)
        throw new CliError('--release needs --note: the note whose send to give back', exitCodes.badArguments);
      await withTarget(values, async (target) => {
        const filter = { ...(values.note === undefined ? {} : { noteId: values.note }), ...(values.kind === undefined ? {} : { kind: values.kind }) };
        const listed = await uncertainSends(target, filter);
        const released = await releaseUncertain(target, listed, release);
        const left = release.length > 0 ? await uncertainSends(target, filter) : listed;
        const resent = await resentSends(target, filter);
        printResult(values.json, { released: release, resends: released, uncertain: left, resent }, () =>
          [
            ...released.map(({ address, resend }) =>
              resend === undefined
                ? `Released ${address}: the next run of ${values.note} sends it the note.`
                : `Released ${address}: the note is sent to it again (execution ${resend}).`,
            ),
            left.length === 0
              ? 'No uncertain send.'
              : formatTable(
                  ['kind', 'note', 'state', 'mailbox', 'claimed at', 'status'],
                  left.map((send) => describeSend(send)),
                ),
            ...(resent.length === 0
              ? []
              : [
                  'Released and sent again:',
                  formatTable(
                    ['kind', 'note', 'state', 'mailbox', 'released at', 'status'],
                    resent.map((send) => describeResent(send)),
                  ),
                ]),
          ].join('\n'),
        );
      });
    },
  }),
  command({
    name: 'backfill-index',
    summary: 'Puts the sends claimed before the unsettled-sends index existed on it, so that the sweep and SES’s events find them.',
    description: [
      'The sweep of uncertain sends and the settling of sends from SES’s events read the unsettled-sends index; a send claimed by a version of the system that did not index its claims is not on it, and would stay uncertain, unlisted by `mpr notes uncertain` without --note.',
      'This reads the whole table once and indexes every such send, claimed or released. Run it once after upgrading a deployment whose table holds claims made before the index; running it again indexes nothing twice, and it may run while notes are being sent.',
    ],
    options: { ...targetOptions, ...jsonOption },
    examples: ['mpr notes backfill-index', 'mpr notes backfill-index --aws'],
    async run({ values }) {
      await withTarget(values, async (target) => {
        const indexed = await new NotesRepository(target.table).indexUnindexedClaims();
        printResult(values.json, { indexed }, () =>
          indexed === 0
            ? 'Every unsettled send was on the index already.'
            : `Indexed ${indexed} unsettled send(s): mpr notes uncertain lists them, and the sweep settles or releases them.`,
        );
      });
    },
  }),
]);

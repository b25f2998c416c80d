/**
 * `mpr circular send --cycle 77/108`: starts the circular-note dispatch (paragraphs 12(a) and 13)
 * and shows its progress until every addressee has been sent the note or found unreachable.
 * Running it again is safe: States already sent the note are skipped.
 */
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { parseArgs } from 'node:util';
import { CyclesRepository } from '../../functions/aws/cycles-repository.ts';
import { NotesRepository } from '../../functions/aws/notes-repository.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { deliverableMailboxes, dispatchAddressees, noteId, type DispatchTotals } from '../../functions/core/dispatch.ts';
import { CliError, type CommandGroup } from '../command.ts';
import { resolveTarget, targetOptions } from '../target.ts';

const pollMillis = 500;

export const circularCommands: CommandGroup = {
  name: 'circular',
  commands: [
    {
      name: 'send',
      summary: 'Send the circular note of a cycle to every addressee, showing progress: --cycle 77/108.',
      async run(args) {
        const { values } = parseArgs({ args: [...args], options: { ...targetOptions, cycle: { type: 'string', default: '77/108' } } });
        const target = await resolveTarget(values);
        try {
          const access = { client: target.documents, tableName: target.tableName };
          if (!(await new CyclesRepository(access).get(values.cycle))) throw new CliError(`the ${target.description} has no cycle ${values.cycle}`);
          const addressees = dispatchAddressees(await new StatesRepository(access).list());
          const mailboxes = addressees.reduce((sum, state) => sum + deliverableMailboxes(state).length, 0);
          const executionName = `circular-${values.cycle.replaceAll('/', '-')}-${Date.now()}`;
          const { executionArn } = await target.stepFunctions.send(
            new StartExecutionCommand({ stateMachineArn: target.stateMachineArn('circular-dispatch'), name: executionName, input: JSON.stringify({ cycleId: values.cycle }) }),
          );
          process.stdout.write(`Dispatching the circular note of cycle ${values.cycle} to ${addressees.length} States (${mailboxes} mailboxes) on the ${target.description}\nExecution: ${executionArn}\n`);
          const notes = new NotesRepository(access);
          const note = noteId('circular', values.cycle);
          const interactive = process.stdout.isTTY;
          for (;;) {
            const counts = await notes.sendCounts(note);
            const line = `Sent to ${counts.statesSent}/${addressees.length} States, ${counts.sent}/${mailboxes} mailboxes`;
            if (interactive) process.stdout.write(`\r${line}`);
            const record = await notes.dispatchRecord(note, executionName);
            if (record) {
              const totals = record['totals'] as DispatchTotals;
              process.stdout.write(`${interactive ? '\n' : `${line}\n`}Done: ${totals.sent} sent now, ${totals.alreadySent} already sent before, ${totals.uncertain} uncertain; ${totals.unreached.length} State(s) unreached${totals.unreached.length ? `: ${totals.unreached.join(', ')}` : ''}.\n`);
              process.stdout.write('The execution goes on to send the pre-deadline reminders on their days.\n');
              return;
            }
            const execution = await target.stepFunctions.send(new DescribeExecutionCommand({ executionArn }));
            if (execution.status !== 'RUNNING') throw new CliError(`the dispatch ended ${execution.status}: ${execution.error ?? ''} ${execution.cause ?? ''}`.trim());
            await new Promise((resolve) => setTimeout(resolve, pollMillis));
          }
        } finally {
          target.close();
        }
      },
    },
  ],
};

/**
 * `mpr mailboxes …`: the health of the missions' mailboxes. A permanent bounce or a complaint
 * marks a mailbox unhealthy and every later note skips it; once the mission has fixed it, the
 * Secretariat clears it here, and notes reach it again.
 */
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { compareStatesEnglish } from '../../functions/core/states.ts';
import { cliActor } from '../actor.ts';
import { CliError, command, exitCodes, group, stateCodeOption } from '../command.ts';
import { jsonOption, printLine, printRows } from '../output.ts';
import { targetOptions, withTarget } from '../target.ts';

export const mailboxesCommands = group('mailboxes', 'the missions’ mailboxes and their health', [
  command({
    name: 'list',
    summary: 'The mailboxes of every State (or one), with their health.',
    options: {
      ...targetOptions,
      state: { type: 'string', value: 'CODE', help: 'only the mailboxes of this State' },
      unhealthy: { type: 'boolean', help: 'only the mailboxes notes skip: bouncing, complained or suspended' },
      ...jsonOption,
    },
    examples: ['mpr mailboxes list --unhealthy'],
    async run({ values }) {
      const state = values.state === undefined ? undefined : stateCodeOption(values.state);
      await withTarget(values, async (target) => {
        const mailboxes = (await new StatesRepository(target.table).list())
          .filter((candidate) => !state || candidate.code === state)
          .sort(compareStatesEnglish)
          .flatMap((candidate) => candidate.mailboxes.map((mailbox) => ({ state: candidate.code, name: candidate.nameEn, ...mailbox })))
          .filter((mailbox) => !values.unhealthy || mailbox.health !== 'healthy');
        printRows(values.json, mailboxes, {
          header: ['state', 'address', 'health', 'since', 'reason'],
          row: (mailbox) => [mailbox.state, mailbox.address, mailbox.health, mailbox.healthChangedAt?.slice(0, 10) ?? '', mailbox.healthReason ?? ''],
          empty: `No ${values.unhealthy ? 'unhealthy ' : ''}mailbox${state ? ` of ${state}` : ''} in the ${target.description}.`,
        });
      });
    },
  }),
  command({
    name: 'clear',
    summary: 'Mark a mailbox healthy again, so that notes reach it.',
    usage: '--state CODE --address ADDRESS',
    description: [
      'Clear a mailbox once the mission has fixed it (a full or closed mailbox, a complaint withdrawn). The change is audited with the health it had.',
    ],
    options: {
      ...targetOptions,
      state: { type: 'string', value: 'CODE', help: 'the State whose mailbox it is' },
      address: { type: 'string', value: 'ADDRESS', help: 'the mailbox' },
    },
    examples: ['mpr mailboxes clear --state FRA --address pm.fra@missions.example.org'],
    async run({ values }) {
      const code = stateCodeOption(values.state);
      const address = values.address?.trim().toLowerCase();
      if (!address) throw new CliError('name the mailbox: --address ADDRESS', exitCodes.badArguments);
      await withTarget(values, async (target) => {
        const states = new StatesRepository(target.table);
        const state = await states.get(code);
        if (!state) throw new CliError(`${code} is not in the States registry of the ${target.description}`);
        const mailbox = state.mailboxes.find((candidate) => candidate.address === address);
        if (!mailbox)
          throw new CliError(`${code} has no mailbox ${address} (its mailboxes: ${state.mailboxes.map((candidate) => candidate.address).join(', ')})`);
        if (mailbox.health === 'healthy') return void printLine(`${address} of ${code} is healthy already; nothing changed.`);
        await states.setMailboxHealth({ state: code, address, health: 'healthy' });
        await new AuditRepository(target.table).append({
          actor: cliActor(),
          action: 'changed',
          subject: { kind: 'state', id: code },
          state: code,
          details: { mailbox: address, health: 'healthy', previously: mailbox.health, previousReason: mailbox.healthReason ?? null },
        });
        printLine(`${address} of ${code} is healthy again (it was ${mailbox.health}); notes reach it from now on.`);
      });
    },
  }),
]);

/**
 * `mpr`: the Secretariat's command line. Each command group lives in cli/commands/; this file is
 * the registry of groups, the top-level help, and the exit codes.
 */

import { CliError, type Command, type CommandGroup, exitCodes } from './command.ts';
import { circularCommands } from './commands/circular.ts';
import { cyclesCommands } from './commands/cycles.ts';
import { focalPointsCommands } from './commands/focal-points.ts';
import { instrumentsCommands } from './commands/instruments.ts';
import { localCommands } from './commands/local.ts';
import { mailboxesCommands } from './commands/mailboxes.ts';
import { notesCommands } from './commands/notes.ts';
import { obligationsCommands } from './commands/obligations.ts';
import { publishCommand } from './commands/publish.ts';
import { reportCommands } from './commands/report.ts';
import { reportsCommands } from './commands/reports.ts';
import { statesCommands } from './commands/states.ts';
import { triageCommands } from './commands/triage.ts';
import { terminalText } from './output.ts';

const groups: readonly CommandGroup[] = [
  localCommands,
  statesCommands,
  cyclesCommands,
  circularCommands,
  notesCommands,
  reportsCommands,
  triageCommands,
  obligationsCommands,
  mailboxesCommands,
  focalPointsCommands,
  instrumentsCommands,
  reportCommands,
];
/** Commands of their own, outside any group: `mpr publish`. */
const standalone: readonly Command[] = [publishCommand('mpr')];

function usage(): string {
  const rows = [...groups.flatMap((group) => group.commands), ...standalone].map((command) => [command.invocation, command.summary] as const);
  const width = Math.max(...rows.map(([invocation]) => invocation.length));
  return [
    'usage: mpr <group> <command> [options]',
    '',
    'The Secretariat’s commands for the reporting procedure of resolution 77/108 and its successors.',
    'Every command acts on the local engine (npm start) unless given --aws [--stack NAME], which acts',
    'on the deployed stack; most print --json for scripts. mpr <group> <command> --help shows a',
    'command’s options and an example.',
    '',
    ...rows.map(([invocation, summary]) => `  ${invocation.padEnd(width)}  ${summary}`),
    '',
    'Exit codes:',
    `  ${exitCodes.ok}  done`,
    `  ${exitCodes.failed}  the operation failed or was refused; the message says why (and whether anything changed)`,
    `  ${exitCodes.badArguments}  bad arguments: an unknown command or option, a missing or malformed value (the usage is printed)`,
    '',
  ].join('\n');
}

function groupUsage(group: CommandGroup): string {
  const width = Math.max(...group.commands.map((command) => command.name.length));
  return [
    `usage: mpr ${group.name} <command> [options]`,
    '',
    `${group.summary}.`,
    '',
    ...group.commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    `mpr ${group.name} <command> --help shows a command’s options and an example.`,
    '',
  ].join('\n');
}

const isHelp = (word: string | undefined) => word === '--help' || word === '-h' || word === 'help';

/** Finds the command `argv` names; prints help or the usage when it names none. */
function find(argv: readonly string[]): { command: Command; args: readonly string[] } | number {
  const [first, second, ...rest] = argv;
  if (first === undefined || isHelp(first)) {
    (first === undefined ? process.stderr : process.stdout).write(usage());
    return first === undefined ? exitCodes.badArguments : exitCodes.ok;
  }
  const single = standalone.find((command) => command.name === first);
  if (single) return { command: single, args: argv.slice(1) };
  const group = groups.find((candidate) => candidate.name === first);
  if (!group) {
    process.stderr.write(`mpr: unknown command group '${first}'\n\n${usage()}`);
    return exitCodes.badArguments;
  }
  if (second === undefined || isHelp(second)) {
    (second === undefined ? process.stderr : process.stdout).write(groupUsage(group));
    return second === undefined ? exitCodes.badArguments : exitCodes.ok;
  }
  const command = group.commands.find((candidate) => candidate.name === second);
  if (!command) {
    process.stderr.write(`mpr ${group.name}: unknown command '${second}'\n\n${groupUsage(group)}`);
    return exitCodes.badArguments;
  }
  return { command, args: rest };
}

export async function main(argv: readonly string[]): Promise<number> {
  const found = find(argv);
  if (typeof found === 'number') return found;
  const { command, args } = found;
  const name = command.invocation;
  try {
    await command.run(args);
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`${name}: ${terminalText(error.message)}\n`);
      if (error.exitCode === exitCodes.badArguments) process.stderr.write(`${command.usage}\n(${name} --help shows the options and an example)\n`);
      return error.exitCode;
    }
    // Anything else is a fault of the service or of this program: its name and message, no stack.
    process.stderr.write(`${name}: ${(error as Error).name}: ${terminalText((error as Error).message)}\n`);
    return exitCodes.failed;
  }
}

process.exitCode = await main(process.argv.slice(2));

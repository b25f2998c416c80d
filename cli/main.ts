/**
 * `mpr`: the Secretariat's command line. Each command group lives in cli/commands/.
 */
import { localCommands } from './commands/local.ts';
import { statesCommands } from './commands/states.ts';
import { cyclesCommands } from './commands/cycles.ts';
import { obligationsCommands } from './commands/obligations.ts';
import { circularCommands } from './commands/circular.ts';
import { triageCommands } from './commands/triage.ts';
import { focalPointsCommands } from './commands/focal-points.ts';
import { CliError, type CommandGroup } from './command.ts';

const groups: readonly CommandGroup[] = [localCommands, statesCommands, cyclesCommands, obligationsCommands, circularCommands, triageCommands, focalPointsCommands];

function usage(): string {
  const lines = ['usage: mpr <group> <command> [options]', ''];
  for (const group of groups) {
    for (const command of group.commands) lines.push(`  mpr ${group.name} ${command.name.padEnd(10)} ${command.summary}`);
  }
  return lines.join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [groupName, commandName, ...rest] = argv;
  if (groupName === undefined || groupName === '--help' || groupName === '-h' || groupName === 'help') {
    process.stdout.write(`${usage()}\n`);
    return groupName === undefined ? 2 : 0;
  }
  const command = groups.find((group) => group.name === groupName)?.commands.find((candidate) => candidate.name === commandName);
  if (!command) {
    process.stderr.write(`mpr: unknown command '${[groupName, commandName].filter(Boolean).join(' ')}'\n${usage()}\n`);
    return 2;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`mpr ${groupName} ${commandName}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));

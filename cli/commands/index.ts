/** Every command of `mpr`, in the order its help lists them: read by cli/main.ts and by the tests of the help. */
import type { Command, CommandGroup } from '../command.ts';
import { circularCommands } from './circular.ts';
import { cyclesCommands } from './cycles.ts';
import { focalPointsCommands } from './focal-points.ts';
import { instrumentsCommands } from './instruments.ts';
import { localCommands } from './local.ts';
import { mailboxesCommands } from './mailboxes.ts';
import { notesCommands } from './notes.ts';
import { obligationsCommands } from './obligations.ts';
import { publishCommand } from './publish.ts';
import { reportCommands } from './report.ts';
import { reportsCommands } from './reports.ts';
import { secretariatUsersCommands } from './secretariat-users.ts';
import { statesCommands } from './states.ts';
import { triageCommands } from './triage.ts';

export const commandGroups: readonly CommandGroup[] = [
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
  secretariatUsersCommands,
  instrumentsCommands,
  reportCommands,
];

/** Commands of their own, outside any group: `mpr publish`. */
export const standaloneCommands: readonly Command[] = [publishCommand('mpr')];

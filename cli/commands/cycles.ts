/**
 * `mpr cycles …`: the reporting cycles (resolution, paragraphs, deadline, reasonable periods).
 */
import { parseArgs } from 'node:util';
import { applyCycleChanges, reminderDates, type Cycle } from '../../functions/core/cycles.ts';
import { CyclesRepository } from '../../functions/aws/cycles-repository.ts';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { VersionConflictError } from '../../functions/aws/errors.ts';
import { CliError, type CommandGroup } from '../command.ts';
import { resolveTarget, targetOptions, type Target } from '../target.ts';
import { cliActor } from '../actor.ts';

const cycleOption = { cycle: { type: 'string', default: '77/108' } } as const;

async function readCycle(target: Target, cycleId: string) {
  const stored = await new CyclesRepository({ client: target.documents, tableName: target.tableName }).get(cycleId);
  if (!stored) throw new CliError(`the ${target.description} has no cycle ${cycleId} (mpr cycles list shows the cycles)`);
  return stored;
}

function describeCycle(cycle: Cycle, version: number): string {
  const { periods } = cycle;
  const period = (name: string, setting: { dueAfterDays: number | null; remindAfterDays: readonly number[] }) =>
    `  ${name.padEnd(22)} ${setting.dueAfterDays === null ? 'no due date' : `due ${setting.dueAfterDays} days after the report`}` +
    `${setting.remindAfterDays.length ? `, reminders at ${setting.remindAfterDays.join(' and ')} days` : ''}`;
  return [
    `Cycle ${cycle.id} (version ${version})`,
    `  resolution             ${cycle.resolution.symbol} of ${cycle.resolution.adoptedOn}`,
    `  title                  ${cycle.resolution.title}`,
    `  paragraphs             reporting ${cycle.paragraphs.reporting}, circular note ${cycle.paragraphs.circularNote}, views ${cycle.paragraphs.views}, report ${cycle.paragraphs.reportRequest}`,
    `  report to              session ${cycle.report.session}${cycle.report.agendaItem ? `, agenda item ${cycle.report.agendaItem}` : ''}`,
    `  reply deadline         ${cycle.replyDeadline} (reminders ${reminderDates(cycle).join(', ')})`,
    `  note reference series  ${cycle.noteReferenceSeries}`,
    'Reasonable periods',
    period('violation report', periods.violationReport),
    period('follow-up', periods.followUp),
    period('outcome of proceedings', periods.followUpOutcome),
    ...(cycle.unconfirmed.length ? [`Unconfirmed settings (check against the official documents): ${cycle.unconfirmed.join(', ')}`] : []),
  ].join('\n');
}

/** `a.b=value` → ['a.b', value]; the value is read as JSON when it is JSON (numbers, lists, null), else as text. */
function parseAssignment(assignment: string): [string, unknown] {
  const equals = assignment.indexOf('=');
  if (equals <= 0) throw new CliError(`'${assignment}' is not SETTING=VALUE (e.g. replyDeadline=2024-05-31)`, 2);
  const raw = assignment.slice(equals + 1);
  try {
    return [assignment.slice(0, equals), JSON.parse(raw)];
  } catch {
    return [assignment.slice(0, equals), raw];
  }
}

export const cyclesCommands: CommandGroup = {
  name: 'cycles',
  commands: [
    {
      name: 'list',
      summary: 'List the reporting cycles, the latest first.',
      async run(args) {
        const { values } = parseArgs({ args: [...args], options: { ...targetOptions } });
        const target = await resolveTarget(values);
        try {
          const cycles = await new CyclesRepository({ client: target.documents, tableName: target.tableName }).list();
          for (const { cycle } of cycles) process.stdout.write(`${cycle.id.padEnd(8)} ${cycle.resolution.symbol.padEnd(14)} deadline ${cycle.replyDeadline}, report to session ${cycle.report.session}\n`);
        } finally {
          target.close();
        }
      },
    },
    {
      name: 'show',
      summary: 'Show a cycle’s settings: --cycle 77/108 (default), --json for the data as stored.',
      async run(args) {
        const { values } = parseArgs({ args: [...args], options: { ...targetOptions, ...cycleOption, json: { type: 'boolean' } } });
        const target = await resolveTarget(values);
        try {
          const { cycle, version } = await readCycle(target, values.cycle);
          process.stdout.write(values.json ? `${JSON.stringify(cycle, null, 2)}\n` : `${describeCycle(cycle, version)}\n`);
        } finally {
          target.close();
        }
      },
    },
    {
      name: 'set',
      summary: 'Change settings: mpr cycles set --cycle 77/108 replyDeadline=2024-05-31 periods.followUp.dueAfterDays=120',
      async run(args) {
        const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { ...targetOptions, ...cycleOption } });
        if (positionals.length === 0) throw new CliError('name at least one SETTING=VALUE', 2);
        const changes = Object.fromEntries(positionals.map(parseAssignment));
        const target = await resolveTarget(values);
        try {
          const { cycle, version } = await readCycle(target, values.cycle);
          const changed = applyCycleChanges(cycle, changes);
          if (!changed.ok) {
            throw new CliError(`nothing changed:\n${changed.errors.map((error) => `  ${error.path || '(cycle)'}: ${error.message}`).join('\n')}`);
          }
          const saved = await new CyclesRepository({ client: target.documents, tableName: target.tableName }).save(changed.value, version);
          await new AuditRepository({ client: target.documents, tableName: target.tableName }).append({
            actor: cliActor(),
            action: 'changed',
            subject: { kind: 'cycle', id: cycle.id },
            details: { changes, fromVersion: version },
          });
          process.stdout.write(`${describeCycle(saved.cycle, saved.version)}\n`);
        } catch (error) {
          if (error instanceof VersionConflictError) throw new CliError(`${error.message}; nothing changed, run the command again`);
          throw error;
        } finally {
          target.close();
        }
      },
    },
  ],
};

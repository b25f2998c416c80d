/**
 * `mpr cycles …`: the reporting cycles (resolution, paragraphs, deadline, reasonable periods).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { CyclesRepository } from '../../functions/aws/cycles-repository.ts';
import { VersionConflictError } from '../../functions/aws/errors.ts';
import { isoDateSchema } from '../../functions/core/codes.ts';
import { applyCycleChanges, type Cycle, parseCycleFile, reminderDates, secretaryGeneralCommand, withSecretaryGeneral } from '../../functions/core/cycles.ts';
import { cliActor } from '../actor.ts';
import { CliError, command, exitCodes, group } from '../command.ts';
import { jsonOption, printLine, printResult, printRows } from '../output.ts';
import { type Target, targetOptions, withTarget } from '../target.ts';

/** Cycles are data, so no cycle is built in: without --cycle, commands act on the latest. */
export const cycleOption = {
  cycle: { type: 'string', value: 'ID', help: 'the reporting cycle, by resolution number, e.g. 77/108 (default: the latest cycle)' },
} as const;

/** The cycle named, or the latest (by adoption of its resolution) when none is. */
export async function readCycle(target: Target, cycleId: string | undefined) {
  const cycles = new CyclesRepository(target.table);
  const stored = cycleId === undefined ? (await cycles.list())[0] : await cycles.get(cycleId);
  if (!stored)
    throw new CliError(
      cycleId === undefined
        ? `the ${target.description} has no reporting cycle`
        : `the ${target.description} has no cycle ${cycleId} (mpr cycles list shows the cycles)`,
    );
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
    `  Secretary-General      ${describeSecretaryGeneral(cycle)}`,
    'Reasonable periods',
    period('violation report', periods.violationReport),
    period('follow-up', periods.followUp),
    period('outcome of proceedings', periods.followUpOutcome),
    ...(cycle.unconfirmed.length ? [`Unconfirmed settings (check against the official documents): ${cycle.unconfirmed.join(', ')}`] : []),
  ].join('\n');
}

/** The terms of office, each unknown one with the command that records it. */
function describeSecretaryGeneral(cycle: Cycle): string {
  const terms = cycle.secretaryGeneral ?? [];
  if (terms.length === 0) return `not set: notes say "his or her" (${secretaryGeneralCommand(cycle.id, cycle.resolution.adoptedOn)} sets it)`;
  return terms
    .map((term) =>
      term.pronoun === null
        ? `from ${term.from}: not yet known, notes dated from then say "his or her" (once the appointment is known: ${secretaryGeneralCommand(cycle.id, term.from)})`
        : `from ${term.from}: ${term.pronoun}`,
    )
    .join('; ');
}

/** Saves the changes `changesOf` the cycle read, checked as a whole, audited; the saved cycle. */
async function saveChanged(target: Target, cycleId: string | undefined, changesOf: (cycle: Cycle) => Readonly<Record<string, unknown>>) {
  try {
    const { cycle, version } = await readCycle(target, cycleId);
    const changes = changesOf(cycle);
    const changed = applyCycleChanges(cycle, changes);
    if (!changed.ok) {
      throw new CliError(`nothing changed:\n${changed.errors.map((error) => `  ${error.path || '(cycle)'}: ${error.message}`).join('\n')}`);
    }
    const saved = await new CyclesRepository(target.table).save(changed.value, version);
    await new AuditRepository(target.table).append({
      actor: cliActor(),
      action: 'changed',
      subject: { kind: 'cycle', id: cycle.id },
      details: { changes, fromVersion: version },
    });
    return saved;
  } catch (error) {
    if (error instanceof VersionConflictError) throw new CliError(`${error.message}; nothing changed, run the command again`);
    throw error;
  }
}

/** `a.b=value` → ['a.b', value]; the value is read as JSON when it is JSON (numbers, lists, null), else as text. */
function parseAssignment(assignment: string): [string, unknown] {
  const equals = assignment.indexOf('=');
  if (equals <= 0) throw new CliError(`'${assignment}' is not SETTING=VALUE (e.g. replyDeadline=2024-05-31)`, exitCodes.badArguments);
  const raw = assignment.slice(equals + 1);
  try {
    return [assignment.slice(0, equals), JSON.parse(raw)];
  } catch {
    return [assignment.slice(0, equals), raw];
  }
}

export const cyclesCommands = group('cycles', 'reporting cycles: resolution, paragraphs, deadline, reasonable periods', [
  command({
    name: 'list',
    summary: 'List the reporting cycles, the latest first.',
    options: { ...targetOptions, ...jsonOption },
    examples: ['mpr cycles list'],
    async run({ values }) {
      await withTarget(values, async (target) => {
        const cycles = (await new CyclesRepository(target.table).list()).map(({ cycle }) => cycle);
        printRows(values.json, cycles, {
          header: ['cycle', 'resolution', 'adopted', 'reply deadline', 'report to session'],
          row: (cycle) => [cycle.id, cycle.resolution.symbol, cycle.resolution.adoptedOn, cycle.replyDeadline, String(cycle.report.session)],
          empty: `The ${target.description} has no reporting cycle.`,
        });
      });
    },
  }),
  command({
    name: 'show',
    summary: 'Show a cycle’s settings.',
    options: { ...targetOptions, ...cycleOption, ...jsonOption },
    examples: ['mpr cycles show --cycle 77/108'],
    async run({ values }) {
      await withTarget(values, async (target) => {
        const { cycle, version } = await readCycle(target, values.cycle);
        printResult(values.json, cycle, () => describeCycle(cycle, version));
      });
    },
  }),
  command({
    name: 'import',
    summary: 'Add a reporting cycle from its JSON file, or a new version of a cycle that exists.',
    usage: 'FILE.json',
    description: [
      'The file has the fields of mpr cycles show --json (data/cycles/77-108.json is an example). It is checked as a whole first: every error is reported with its line and field, and nothing is written unless the whole file is valid.',
      'A cycle that does not exist yet is created; one that exists is replaced by the file, as its next version. The import is audited.',
    ],
    options: { ...targetOptions, ...jsonOption },
    operands: ['FILE.json'],
    examples: ['mpr cycles import data/cycles/77-108.json', 'mpr cycles import 79-999.json --aws'],
    async run({ values, operands }) {
      const [file] = operands;
      if (file === undefined || operands.length > 1) throw new CliError('name one FILE.json', exitCodes.badArguments);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new CliError(`cannot read ${file}: ${(error as Error).message}`, exitCodes.badArguments);
      }
      const parsed = parseCycleFile(text);
      if (!parsed.ok) {
        const lines = parsed.errors.map((error) => `  ${error.line === undefined ? '' : `line ${error.line}, `}${error.path || '(cycle)'}: ${error.message}`);
        throw new CliError(`${file} was not imported; nothing changed:\n${lines.join('\n')}`);
      }
      const cycle = parsed.value;
      await withTarget(values, async (target) => {
        try {
          const cycles = new CyclesRepository(target.table);
          const existing = await cycles.get(cycle.id);
          const saved = await cycles.save(cycle, existing?.version);
          await new AuditRepository(target.table).append({
            actor: cliActor(),
            action: 'imported',
            subject: { kind: 'cycle', id: cycle.id },
            details: { file: basename(file), fromVersion: existing?.version ?? null, version: saved.version },
          });
          printResult(
            values.json,
            { ...saved.cycle, version: saved.version },
            () =>
              `${existing ? `Cycle ${cycle.id} replaced by ${file}` : `Cycle ${cycle.id} created from ${file}`}\n${describeCycle(saved.cycle, saved.version)}`,
          );
        } catch (error) {
          if (error instanceof VersionConflictError) throw new CliError(`${error.message}; nothing changed, run the command again`);
          throw error;
        }
      });
    },
  }),
  command({
    name: 'set',
    summary: 'Change settings of a cycle, checked together: all apply, or none.',
    usage: 'SETTING=VALUE…',
    description: [
      'A setting is a field path of mpr cycles show --json; a value is read as JSON when it is JSON (numbers, lists, null), else as text. The change is audited.',
    ],
    options: { ...targetOptions, ...cycleOption },
    operands: ['SETTING=VALUE…'],
    examples: ["mpr cycles set --cycle 77/108 replyDeadline=2024-05-31 periods.followUp.dueAfterDays=120 'periods.followUp.remindAfterDays=[120,180]'"],
    async run({ values, operands }) {
      if (operands.length === 0) throw new CliError('name at least one SETTING=VALUE', exitCodes.badArguments);
      const changes = Object.fromEntries(operands.map(parseAssignment));
      await withTarget(values, async (target) => {
        const saved = await saveChanged(target, values.cycle, () => changes);
        printLine(`${describeCycle(saved.cycle, saved.version)}`);
      });
    },
  }),
  command({
    name: 'secretary-general',
    summary: 'Record who holds the office of Secretary-General from a date, as the notes and the report refer to the office-holder.',
    usage: '--from DATE --pronoun he|she',
    description: [
      'Sets the term of office that starts on --from (adding it if the cycle has none from that date): notes dated from then present "his" or "her" compliments, and the report follows the pronoun in effect on the reply deadline. Set it only once the General Assembly has appointed the Secretary-General; until then, notes assume no one ("his or her"). The change is audited (mpr cycles show shows the terms).',
    ],
    options: {
      ...targetOptions,
      ...cycleOption,
      from: { type: 'string', value: 'DATE', help: 'the date the term of office starts (YYYY-MM-DD), e.g. 2027-01-01' },
      pronoun: { type: 'string', value: 'he|she', help: 'the pronoun of the person appointed' },
    },
    examples: ['mpr cycles secretary-general --cycle 77/108 --from 2027-01-01 --pronoun she'],
    async run({ values }) {
      const from = isoDateSchema.safeParse(values.from);
      if (!from.success) throw new CliError('--from must be the date the term starts, YYYY-MM-DD', exitCodes.badArguments);
      const pronoun = values.pronoun;
      if (pronoun !== 'he' && pronoun !== 'she') throw new CliError('--pronoun must be he or she', exitCodes.badArguments);
      await withTarget(values, async (target) => {
        const saved = await saveChanged(target, values.cycle, (cycle) => ({ secretaryGeneral: withSecretaryGeneral(cycle, from.data, pronoun) }));
        printLine(`${describeCycle(saved.cycle, saved.version)}`);
      });
    },
  }),
]);

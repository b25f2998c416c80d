/**
 * Who holds the office of Secretary-General, as the notes refer to the office-holder: while the
 * cycle does not say (the seeded term from 1 January 2027), `mpr` tells the operator the exact
 * command that records it, and that command records it, audited.
 */
import { describe, expect, it } from 'vitest';
import { CliError } from '../../cli/command.ts';
import { cyclesCommands } from '../../cli/commands/cycles.ts';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { CyclesRepository } from '../../functions/aws/cycles-repository.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { addDays } from '../../functions/core/cycles.ts';
import { changeCycle } from '../support/cycles.ts';
import { seedStates } from '../support/seed.ts';
import { mpr, run, useCliEngine } from './support.ts';

const context = useCliEngine({ sesMaxSendRate: 10_000 });

const command = 'mpr cycles secretary-general --cycle 77/108 --from 2027-01-01 --pronoun he|she';

describe('the Secretary-General of a cycle', () => {
  it('shows a term not yet known with the exact command that records it, and records it with that command, audited', async () => {
    const test = context();
    const shown = await run(cyclesCommands, 'show', '--cycle', '77/108');
    expect(shown).toContain(
      `Secretary-General      from 2017-01-01: he; from 2027-01-01: not yet known, notes dated from then say "his or her" (once the appointment is known: ${command})`,
    );

    // The pronoun here is test data for the engine, not a statement about any appointment.
    const set = await run(cyclesCommands, 'secretary-general', '--cycle', '77/108', '--from', '2027-01-01', '--pronoun', 'she');
    expect(set).toMatch(/^Cycle 77\/108 \(version 2\)\n/);
    expect(set).toContain('Secretary-General      from 2017-01-01: he; from 2027-01-01: she\n');
    expect((await new CyclesRepository(test.table).get('77/108'))?.cycle.secretaryGeneral).toEqual([
      { from: '2017-01-01', pronoun: 'he' },
      { from: '2027-01-01', pronoun: 'she' },
    ]);
    const trail = await new AuditRepository(test.table).forSubject('cycle', '77/108');
    expect(trail.at(-1)).toMatchObject({ action: 'changed', actor: { kind: 'secretariat', id: 'officer.test' }, details: { fromVersion: 1 } });

    // A later term is added in date order; bad values are refused before anything is read.
    const added = await run(cyclesCommands, 'secretary-general', '--cycle', '77/108', '--from', '2032-01-01', '--pronoun', 'he');
    expect(added).toContain('from 2017-01-01: he; from 2027-01-01: she; from 2032-01-01: he\n');
    for (const [args, message] of [
      [['--from', '1 January 2027', '--pronoun', 'she'], '--from must be the date the term starts, YYYY-MM-DD'],
      [['--from', '2027-01-01', '--pronoun', 'they'], '--pronoun must be he or she'],
    ] as const) {
      const refused = await run(cyclesCommands, 'secretary-general', ...args).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(CliError);
      expect(refused).toMatchObject({ exitCode: 2, message });
    }
  });

  it('warns, when a circular note or its reminders fall in a term not yet known, with the command that records it', async () => {
    const test = context();
    // Five addressees: what is tested is the warning, not the fan-out.
    const kept = new Set(['FRA', 'KEN', 'MEX', 'SEN', 'JPN']);
    await new StatesRepository(test.table).replaceAll(seedStates().map((state) => ({ ...state, addressed: kept.has(state.code) })));
    const today = test.engine.clock.now().toISOString().slice(0, 10);
    const unknownFrom = addDays(today, 20);
    // The second reminder (10 days before a deadline in 30 days) falls in a term whose holder is not known.
    await changeCycle(test.table, '77/108', {
      replyDeadline: addDays(today, 30),
      'periods.beforeDeadlineReminderDays': [40, 10],
      secretaryGeneral: [
        { from: '2017-01-01', pronoun: 'he' },
        { from: unknownFrom, pronoun: null },
      ],
    });
    const sent = await mpr(test.localDir, 'circular', 'send', '--cycle', '77/108');
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stderr).toBe(
      `Note: cycle 77/108 does not say who holds the office of Secretary-General from ${unknownFrom}; notes dated from then say "his or her". Once the appointment is known: mpr cycles secretary-general --cycle 77/108 --from ${unknownFrom} --pronoun he|she\n`,
    );
    expect(sent.stdout).toMatch(/Done: /);
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { CyclesRepository } from '../../functions/aws/cycles-repository.ts';
import { AlreadyExistsError, VersionConflictError } from '../../functions/aws/errors.ts';
import { applyCycleChanges } from '../../functions/core/cycles.ts';
import { seededCycle } from '../support/seed.ts';
import { useTestTable } from '../support/table.ts';

const testTable = useTestTable();

describe('CyclesRepository', () => {
  it('creates a cycle once and reads it back as it was', async () => {
    const cycles = new CyclesRepository(testTable());
    expect(await cycles.save(seededCycle())).toMatchObject({ version: 1 });
    await expect(cycles.save(seededCycle())).rejects.toBeInstanceOf(AlreadyExistsError);
    expect(await cycles.get('77/108')).toEqual({ cycle: seededCycle(), version: 1 });
    expect(await cycles.get('79/1')).toBeUndefined();
  });

  it('changes a cycle only from the version that was read', async () => {
    const cycles = new CyclesRepository(testTable());
    const read = (await cycles.get('77/108'))!;
    const changed = applyCycleChanges(read.cycle, { replyDeadline: '2024-05-31' });
    if (!changed.ok) throw new Error(JSON.stringify(changed.errors));
    expect((await cycles.save(changed.value, read.version)).version).toBe(2);
    await expect(cycles.save(changed.value, read.version)).rejects.toBeInstanceOf(VersionConflictError);
    expect((await cycles.get('77/108'))?.cycle.replyDeadline).toBe('2024-05-31');
  });

  it('lists cycles, the latest resolution first', async () => {
    const cycles = new CyclesRepository(testTable());
    const older = {
      ...seededCycle(),
      id: '75/1',
      resolution: { ...seededCycle().resolution, symbol: 'A/RES/75/1', adoptedOn: '2020-12-01' },
      report: { session: 77, agendaItem: '80' },
      replyDeadline: '2022-05-15',
      unconfirmed: seededCycle().unconfirmed.filter((pointer) => !pointer.startsWith('/report')),
    };
    await cycles.save(older);
    expect((await cycles.list()).map((stored) => stored.cycle.id)).toEqual(['77/108', '75/1']);
  });
});

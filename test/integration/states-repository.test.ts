import { describe, expect, it } from 'vitest';
import { VersionConflictError } from '../../functions/aws/errors.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { addressees } from '../../functions/core/states.ts';
import { seedStates } from '../support/seed.ts';
import { useTestTable } from '../support/table.ts';

const testTable = useTestTable();

describe('StatesRepository', () => {
  it('is empty before the first import', async () => {
    const repository = new StatesRepository(testTable());
    expect(await repository.currentVersion()).toBe(0);
    expect(await repository.list()).toEqual([]);
    expect(await repository.get('FRA')).toBeUndefined();
  });

  it('imports the seed as version 1 and reads back exactly what was imported', async () => {
    const repository = new StatesRepository(testTable());
    const seed = seedStates();
    expect(await repository.replaceAll(seed)).toEqual({ version: 1, count: seed.length });
    const stored = await repository.list();
    expect(stored).toHaveLength(seed.length);
    expect(addressees(stored)).toHaveLength(195);
    expect(await repository.get('CIV')).toEqual(seed.find((state) => state.code === 'CIV'));
  });

  it('keeps mailbox health across a re-import, and a new version replaces the old at once', async () => {
    const repository = new StatesRepository(testTable());
    await repository.setMailboxHealth({
      state: 'FRA',
      address: 'pm.fra@missions.example.org',
      health: 'bouncing',
      healthReason: 'hard bounce',
      healthChangedAt: '2026-11-01T00:00:00.000Z',
    });
    const withoutNiue = seedStates().filter((state) => state.code !== 'NIU');
    expect((await repository.replaceAll(withoutNiue)).version).toBe(2);
    expect(await repository.get('NIU')).toBeUndefined();
    const france = await repository.get('FRA');
    expect(france?.mailboxes.find((mailbox) => mailbox.address === 'pm.fra@missions.example.org')).toEqual({
      address: 'pm.fra@missions.example.org',
      health: 'bouncing',
      healthReason: 'hard bounce',
      healthChangedAt: '2026-11-01T00:00:00.000Z',
    });
  });

  it('lets one of two concurrent imports win and refuses the other', async () => {
    const repository = new StatesRepository(testTable());
    const before = await repository.currentVersion();
    const renamed = seedStates()
      .slice(0, 10)
      .map((state) => ({ ...state, nameEn: `${state.nameEn} (renamed)` }));
    const results = await Promise.allSettled([repository.replaceAll(seedStates()), repository.replaceAll(renamed)]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(VersionConflictError);
    expect(await repository.currentVersion()).toBe(before + 1);
    // Readers see one import whole, never a mixture of the two.
    const names = (await repository.list()).map((state) => state.nameEn);
    const renamedCount = names.filter((name) => name.endsWith('(renamed)')).length;
    expect([0, 10]).toContain(renamedCount);
    expect(names).toHaveLength(renamedCount === 10 ? 10 : seedStates().length);
  });
});

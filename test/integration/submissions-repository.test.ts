import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, VersionConflictError } from '../../functions/aws/errors.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { submission, violationItem } from '../support/submissions.ts';
import { useTestTable } from '../support/table.ts';

const testTable = useTestTable();

describe('SubmissionsRepository', () => {
  const first = submission(1, 'FRA', '2024-03-02T09:00:00.000Z', [violationItem()]);
  const second = submission(2, 'FRA', '2024-03-05T09:00:00.000Z', [violationItem({ city: 'Mombasa' })]);
  const byKenya = submission(3, 'KEN', '2024-03-04T09:00:00.000Z', [violationItem()]);

  it('stores a submission once under its reference', async () => {
    const submissions = new SubmissionsRepository(testTable());
    await submissions.create(first);
    await expect(submissions.create({ ...first, reportingState: 'KEN' })).rejects.toBeInstanceOf(AlreadyExistsError);
    expect(await submissions.get(first.reference)).toEqual(first);
  });

  it('lists a State’s submissions newest first and a cycle’s in a period', async () => {
    const submissions = new SubmissionsRepository(testTable());
    await submissions.create(second);
    await submissions.create(byKenya);
    expect((await submissions.listByState('FRA')).map((item) => item.reference)).toEqual(['MPR-2024-0002', 'MPR-2024-0001']);
    expect((await submissions.listByState('KEN')).map((item) => item.reference)).toEqual(['MPR-2024-0003']);
    expect((await submissions.listByCycle('77/108')).map((item) => item.reference)).toEqual(['MPR-2024-0001', 'MPR-2024-0003', 'MPR-2024-0002']);
    expect(
      (await submissions.listByCycle('77/108', { from: '2024-03-03T00:00:00.000Z', to: '2024-03-05T09:00:00.000Z' })).map((item) => item.reference),
    ).toEqual(['MPR-2024-0003']);
  });

  it('updates only from the version that was read', async () => {
    const submissions = new SubmissionsRepository(testTable());
    const read = (await submissions.get(first.reference))!;
    const circulated = await submissions.update({ ...read, status: 'circulated' });
    expect(circulated.version).toBe(2);
    await expect(submissions.update({ ...read, status: 'not-circulated' })).rejects.toBeInstanceOf(VersionConflictError);
    expect((await submissions.get(first.reference))?.status).toBe('circulated');
  });

  it('lets one of 20 concurrent updates of the same version win', async () => {
    const submissions = new SubmissionsRepository(testTable());
    const read = (await submissions.get(second.reference))!;
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => submissions.update({ ...read, status: 'circulated' })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect((await submissions.get(second.reference))?.version).toBe(read.version + 1);
  });

  it('lets one of 20 concurrent claimants claim an idempotency key, and names the claim to the others', async () => {
    const submissions = new SubmissionsRepository(testTable());
    const claimants = Array.from({ length: 20 }, (_, index) => `claimant-${index}`);
    const claims = await Promise.all(claimants.map((claimant) => submissions.claimIdempotencyKey('FRA', 'key-1', claimant, '2024-03-06T00:00:00.000Z')));
    const winners = claimants.filter((_, index) => claims[index]!.claimed);
    expect(winners).toHaveLength(1);
    for (const claim of claims) if (!claim.claimed) expect(claim.claim).toEqual({ claimant: winners[0], at: '2024-03-06T00:00:00.000Z' });
    // The winner's own claim, met again (its first answer lost): still its own.
    expect(await submissions.claimIdempotencyKey('FRA', 'key-1', winners[0]!, '2024-03-06T00:00:00.000Z')).toEqual({ claimed: true });
    // The same key from another State is that State's own.
    expect(await submissions.claimIdempotencyKey('KEN', 'key-1', 'claimant-0', '2024-03-06T00:00:00.000Z')).toEqual({ claimed: true });
  });

  it('names the first reference written into a claim, and that one only', async () => {
    const submissions = new SubmissionsRepository(testTable());
    await submissions.claimIdempotencyKey('FRA', 'key-2', 'claimant', '2024-03-06T00:00:00.000Z');
    expect(await submissions.idempotencyClaim('FRA', 'key-2')).toEqual({ claimant: 'claimant', at: '2024-03-06T00:00:00.000Z' });
    const named = await Promise.all(
      ['MPR-2024-0101', 'MPR-2024-0101', 'MPR-2024-0102'].map((reference) => submissions.nameReference('FRA', 'key-2', reference)),
    );
    expect(new Set(named).size).toBe(1);
    expect(await submissions.nameReference('FRA', 'key-2', 'MPR-2024-0103')).toBe(named[0]);
    expect(await submissions.idempotencyClaim('FRA', 'key-2')).toEqual({ claimant: 'claimant', at: '2024-03-06T00:00:00.000Z', reference: named[0] });
    await expect(submissions.nameReference('FRA', 'unclaimed', 'MPR-2024-0104')).rejects.toThrow(/no claim/);
    expect(await submissions.idempotencyClaim('FRA', 'unclaimed')).toBeUndefined();
  });
});

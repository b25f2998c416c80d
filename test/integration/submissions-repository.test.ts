import { describe, expect, it } from 'vitest';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { AlreadyExistsError, VersionConflictError } from '../../functions/aws/errors.ts';
import { useTestTable } from '../support/table.ts';
import { submission, violationItem } from '../support/submissions.ts';

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

  it('claims an idempotency key once and names the first reference to every retry', async () => {
    const submissions = new SubmissionsRepository(testTable());
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, index) => submissions.claimIdempotencyKey('FRA', 'key-1', `MPR-2024-${String(100 + index).padStart(4, '0')}`, '2024-03-06T00:00:00.000Z')),
    );
    const winners = claims.filter((claim) => claim.claimed);
    expect(winners).toHaveLength(1);
    const references = new Set(claims.flatMap((claim) => (claim.claimed ? [] : [claim.reference])));
    expect(references.size).toBe(1);
    // The same key from another State is that State's own.
    expect(await submissions.claimIdempotencyKey('KEN', 'key-1', 'MPR-2024-0200', '2024-03-06T00:00:00.000Z')).toEqual({ claimed: true });
  });
});

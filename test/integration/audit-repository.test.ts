import { describe, expect, it } from 'vitest';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { useTestTable } from '../support/table.ts';

const testTable = useTestTable();

describe('AuditRepository', () => {
  it('appends events and reads them per record and per State, oldest first', async () => {
    const audit = new AuditRepository(testTable());
    const subject = { kind: 'submission', id: 'MPR-2024-0001' } as const;
    await audit.append(
      { actor: { kind: 'state', id: 'focal.fra', state: 'FRA' }, action: 'received', subject, state: 'FRA' },
      new Date('2024-03-01T10:00:00Z'),
    );
    await audit.append(
      { actor: { kind: 'system', id: 'circulation' }, action: 'circulated', subject, state: 'FRA', details: { addressees: 195 } },
      new Date('2024-03-01T10:05:00Z'),
    );
    await audit.append(
      {
        actor: { kind: 'secretariat', id: 'officer' },
        action: 'overridden',
        subject: { kind: 'submission', id: 'MPR-2024-0002' },
        state: 'KEN',
        details: { decision: 'publishFullText', from: true, to: false },
      },
      new Date('2024-03-02T09:00:00Z'),
    );

    const trail = await audit.forSubject('submission', 'MPR-2024-0001');
    expect(trail.map((event) => event.action)).toEqual(['received', 'circulated']);
    expect(trail[1]).toMatchObject({ actor: { kind: 'system', id: 'circulation' }, details: { addressees: 195 }, at: '2024-03-01T10:05:00.000Z' });

    expect((await audit.forState('FRA')).map((event) => event.action)).toEqual(['received', 'circulated']);
    expect((await audit.forState('FRA', '2024-03-01T10:01:00Z')).map((event) => event.action)).toEqual(['circulated']);
    expect((await audit.forState('KEN'))[0]).toMatchObject({ action: 'overridden', details: { decision: 'publishFullText', from: true, to: false } });
  });

  it('keeps two events of the same instant apart', async () => {
    const audit = new AuditRepository(testTable());
    const at = new Date('2024-04-01T00:00:00Z');
    const subject = { kind: 'incident', id: 'INC-1' } as const;
    await Promise.all(Array.from({ length: 20 }, () => audit.append({ actor: { kind: 'system', id: 'test' }, action: 'changed', subject }, at)));
    expect(await audit.forSubject('incident', 'INC-1')).toHaveLength(20);
  });

  it('refuses an event that is not well formed, and writes nothing', async () => {
    const audit = new AuditRepository(testTable());
    await expect(
      audit.append({ actor: { kind: 'state', id: 'x', state: 'fr' }, action: 'received', subject: { kind: 'submission', id: 'MPR-2024-0003' } }),
    ).rejects.toThrow();
    expect(await audit.forSubject('submission', 'MPR-2024-0003')).toEqual([]);
  });
});

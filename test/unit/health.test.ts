import { describe, expect, it } from 'vitest';
import { summarizeHealth } from '../../functions/core/health.ts';

describe('summarizeHealth', () => {
  const now = new Date('2026-11-29T00:00:00Z');
  it('is ok only when every check is', () => {
    expect(summarizeHealth([{ name: 'table', ok: true, millis: 1 }], now).status).toBe('ok');
    expect(
      summarizeHealth(
        [
          { name: 'table', ok: true, millis: 1 },
          { name: 'bucket', ok: false, millis: 2, error: 'NoSuchBucket' },
        ],
        now,
      ),
    ).toEqual({
      status: 'degraded',
      checkedAt: '2026-11-29T00:00:00.000Z',
      checks: [
        { name: 'table', ok: true, millis: 1 },
        { name: 'bucket', ok: false, millis: 2, error: 'NoSuchBucket' },
      ],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { ReferenceAllocator } from '../../functions/aws/reference-allocator.ts';
import { useTestTable } from '../support/table.ts';

const testTable = useTestTable();

describe('ReferenceAllocator', () => {
  it('allocates 500 numbers at once without a collision or a gap', async () => {
    const allocator = new ReferenceAllocator(testTable());
    const allocated = await Promise.all(Array.from({ length: 500 }, () => allocator.next(2024)));
    const sequences = allocated.map((entry) => entry.sequence).sort((a, b) => a - b);
    expect(new Set(sequences).size).toBe(500);
    expect(sequences[0]).toBe(1);
    expect(sequences.at(-1)).toBe(500);
  });

  it('counts each year on its own', async () => {
    const allocator = new ReferenceAllocator(testTable());
    expect(await allocator.next(2025)).toEqual({ year: 2025, sequence: 1 });
    expect(await allocator.next(2024)).toEqual({ year: 2024, sequence: 501 });
  });
});

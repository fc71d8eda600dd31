import { describe, expect, it } from 'vitest';
import { ROWS_PER_BLOCK, rowBlocks } from '../../../src/lib/util/row-blocks.ts';

describe('rows cut from shared blocks', () => {
  it('hands out rows of the width asked, each its own, as made (zeros, or what the block was filled with)', () => {
    const next = rowBlocks(3, (n) => new Int32Array(n));
    const rows = Array.from({ length: ROWS_PER_BLOCK + 2 }, () => next());
    for (const row of rows) expect(row).toEqual(new Int32Array(3));
    rows.forEach((row, i) => row.fill(i));
    rows.forEach((row, i) => expect([...row]).toEqual([i, i, i])); // no row overlaps another
    expect(rows[0]!.buffer).toBe(rows[ROWS_PER_BLOCK - 1]!.buffer);
    expect(rows[ROWS_PER_BLOCK]!.buffer).not.toBe(rows[0]!.buffer); // a new block when one is used up
    const filled = rowBlocks(2, (n) => new Float64Array(n).fill(NaN));
    expect([...filled()]).toEqual([NaN, NaN]);
  });

  it('hands out empty rows for a width of zero', () => {
    const next = rowBlocks(0, (n) => new Float32Array(n));
    expect(next()).toHaveLength(0);
    expect(next()).toHaveLength(0);
  });
});

// Many short rows of numbers (a record's answers, the lines its items were read on) cut from shared buffers:
// 200,000 rows as some 200 buffers rather than 200,000, each of which would be an allocation of its own
// outside the heap, tracked one by one by the garbage collector.

/** Rows are cut from blocks of this many rows. */
export const ROWS_PER_BLOCK = 1_024;

/** A function that hands out a new row of `width` zeros at each call, cut from blocks made by `make`. */
export function rowBlocks<Row extends Int32Array | Float32Array | Float64Array>(width: number, make: (length: number) => Row): () => Row {
  let block = make(0);
  let used = 0;
  return () => {
    if (used + width > block.length) {
      block = make(Math.max(width, 1) * ROWS_PER_BLOCK);
      used = 0;
    }
    used += width;
    return block.subarray(used - width, used) as Row;
  };
}

// The CLI reads a large file in one request while the library loads (src/cli/read-whole.ts): the bytes are
// the file's, whatever it became since its size was seen.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWhole } from '../../src/cli/read-whole.ts';

const file = (bytes: Buffer) => {
  const path = join(mkdtempSync(join(tmpdir(), 'read-whole-')), 'f.csv');
  writeFileSync(path, bytes);
  return path;
};
const bytes = Buffer.from(Array.from({ length: 3_000_000 }, (_, i) => 32 + (i % 90)));

describe('readWhole', () => {
  it('gives the file as it is: at the size seen, grown since, or shrunk since', async () => {
    const path = file(bytes);
    expect((await readWhole(path, bytes.length)).equals(bytes)).toBe(true);
    expect((await readWhole(path, 1000)).equals(bytes)).toBe(true);
    expect((await readWhole(path, bytes.length + 5000)).equals(bytes)).toBe(true);
    expect((await readWhole(file(Buffer.alloc(0)), 0)).length).toBe(0);
  });

  it('fails as reading fails', async () => {
    await expect(readWhole(join(tmpdir(), 'no-such-dir-for-read-whole', 'f.csv'), 10)).rejects.toThrow(/ENOENT/);
    await expect(readWhole(tmpdir(), 10)).rejects.toThrow(/EISDIR/);
  });
});

// The CLI reads a large plain file in pieces (src/cli/read-pieces.ts): the pieces are the file's text, and a
// file that changes, shrinks or goes away between readings is refused by name, never misread.
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, readPieces } from '../../src/cli/read-pieces.ts';
import { TextChangedError } from '../../src/lib/import/text-pieces.ts';

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'read-pieces-')), 'f.csv');
  writeFileSync(path, text);
  return path;
};
// More than two chunks of rows, with a two-byte character on every line (split between chunks somewhere).
const rows = Array.from({ length: 120_000 }, (_, n) => `R_${n},pré,att-${n % 20},${n % 5}`);
const text = `participant,timepoint,item,value\n${rows.join('\n')}\n`;

describe('readPieces', () => {
  it('gives the text of a plain file, in pieces, as many times as it is read', () => {
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * CHUNK_BYTES);
    const pieces = readPieces(file(text))!;
    expect(pieces.bytes).toBe(Buffer.byteLength(text));
    expect([...pieces.pieces()].length).toBeGreaterThan(10);
    expect(pieces.whole()).toBe(text);
    expect(pieces.whole()).toBe(text);
    expect(pieces.start(10)).toBe([...pieces.pieces()][0]);
  });

  it('gives null for a file to be read whole (line breaks of another kind, quotes)', () => {
    expect(readPieces(file(text.replaceAll('\n', '\r\n')))).toBeNull();
    expect(readPieces(file(`${text}"quoted",pre,att-1,3\n`))).toBeNull();
  });

  it('throws as reading throws when the file cannot be read the first time', () => {
    expect(() => readPieces(join(tmpdir(), 'no-such-dir-for-read-pieces', 'f.csv'))).toThrow(/ENOENT/);
  });

  it('refuses, by name, a file changed between readings, even at the same size', () => {
    const path = file(text);
    const pieces = readPieces(path)!;
    writeFileSync(path, text.replace('R_1,', 'R_9,'));
    utimesSync(path, new Date(), new Date(Date.now() + 60_000));
    expect(() => pieces.whole()).toThrow(TextChangedError);
    expect(() => pieces.whole()).toThrow(`${path} changed while it was being read`);
  });

  it('refuses a file that shrank or went away between readings', () => {
    const shrunk = file(text);
    const first = readPieces(shrunk)!;
    truncateSync(shrunk, 1000);
    expect(() => first.whole()).toThrow(TextChangedError);

    const gone = file(text);
    const second = readPieces(gone)!;
    rmSync(gone);
    expect(() => second.whole()).toThrow(TextChangedError);
    expect(() => second.whole()).toThrow(/could no longer be opened \(ENOENT/);
  });

  it.runIf(existsSync('/proc/self/fd'))('lets go of the file when a reading stops early', () => {
    const path = file(text);
    const pieces = readPieces(path)!;
    // The handles this process holds on the file (other tests may open other files meanwhile).
    const held = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === path;
        } catch {
          return false; // closed since it was listed
        }
      }).length;
    // Each reading stopped after its first pieces closes the file it opened.
    for (let n = 0; n < 50; n++) expect(pieces.start(10).length).toBeGreaterThan(10);
    expect(held()).toBe(0);
    const reading = pieces.pieces()[Symbol.iterator]();
    reading.next();
    expect(held()).toBe(1); // (the count sees a handle left open)
    reading.return?.();
    expect(held()).toBe(0);
  });
});

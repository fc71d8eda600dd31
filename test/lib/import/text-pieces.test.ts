// A large file read in pieces (text-pieces.ts): only a text that reads the same so as whole is given in
// pieces, the pieces are that text exactly (in whole lines, whatever the chunks the bytes come in), and a
// file that changes between readings is refused, not misread.
import { describe, expect, it } from 'vitest';
import { LONG_LINE_BYTES, PIECE_BYTES, plainPieces, TextChangedError } from '../../../src/lib/import/text-pieces.ts';
import { seededRandom } from '../../../src/lib/util/random.ts';
import { piecesOf, reusedBufferChunks, TEST_UTF8 } from '../../fixtures/text-pieces.ts';

const rand = seededRandom(7);
const encode = (text: string) => new TextEncoder().encode(text);
const bytesOf = (text: string) => encode(text).length;

describe('which files are read in pieces', () => {
  const plain = 'participant,timepoint,item,value\nMA-07-SA-2,pre,att-1,3\n';

  it('a text without quotes and carriage returns, in valid UTF-8', () => {
    expect(piecesOf(plain)).not.toBeNull();
    expect(piecesOf(`${plain}Zoë,pre,att-1,3\n😀,post,att-1,4`)).not.toBeNull();
  });

  it('not one with a quote anywhere (a quoted value may span lines), nor one with a carriage return (CRLF, or mixed breaks)', () => {
    expect(piecesOf(`${plain.repeat(2000)}"a,b",pre,att-1,3\n`)).toBeNull();
    expect(piecesOf(plain.replaceAll('\n', '\r\n'))).toBeNull();
    expect(piecesOf(`${plain.repeat(2000)}x,pre,att-1,3\r`)).toBeNull();
  });

  it('not one that would be decoded otherwise: invalid UTF-8 (Windows-1252), a replacement character, UTF-16, a NUL near the start', () => {
    expect(piecesOf(Uint8Array.from([...encode(plain), 0xe9, 0x0a]))).toBeNull(); // "é" in Windows-1252
    expect(piecesOf(`${plain.repeat(3000)}\uFFFD,pre,att-1,3\n`)).toBeNull();
    expect(piecesOf(Uint8Array.from([0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00]))).toBeNull();
    // The NUL lies in the first 1,024 bytes, but in the file's second line (another block, in small chunks).
    for (const size of [() => 2, () => 7, () => 1 << 20]) expect(piecesOf(`a\n${'b'.repeat(500)}\u0000\n${plain}`, size)).toBeNull();
    expect(piecesOf(`${plain.repeat(40)}\u0000\n`)).not.toBeNull(); // beyond the start: read as UTF-8 whole too
  });

  it('keeps a byte order mark that does not start the file (two exports joined), wherever a piece starts', () => {
    const joined = `${plain.repeat(3000)}\ufeff${plain.repeat(3000)}`;
    for (const size of [() => 1 << 20, () => 4096, () => 3]) expect(piecesOf(`\ufeff${joined}`, size)!.whole()).toBe(joined);
  });

  it('not one with a line of more than 1 MB that runs over a chunk (copied and joined, it would cost more than the file read whole)', () => {
    const long = `${'participant,item\n'.repeat(100)}${'x'.repeat(LONG_LINE_BYTES + 10)}\nMA-07-SA-2,att-1\n`;
    expect(piecesOf(long, () => 64 * 1024)).toBeNull();
    expect(piecesOf(long, () => 1 << 20)).toBeNull();
    const shorter = `${'participant,item\n'.repeat(100)}${'x'.repeat(LONG_LINE_BYTES - 100)}\nMA-07-SA-2,att-1\n`;
    expect(piecesOf(shorter, () => 64 * 1024)!.whole()).toBe(shorter);
  });

  it('an invalid byte sequence split across two chunks is still found', () => {
    const bytes = Uint8Array.from([...encode(plain.repeat(100)), 0xc3, 0x28, 0x0a]);
    for (const at of [1, 2, 3, 100])
      expect(
        plainPieces(
          'f',
          reusedBufferChunks(bytes, () => bytes.length - at),
          TEST_UTF8,
        ),
      ).toBeNull();
  });
});

describe('the pieces of a file', () => {
  /** Lines of every length (some longer than a piece), with characters of one to four bytes. */
  function randomText(): string {
    const words = ['a', 'participant', 'é', 'Zoë', '😀', '中文', ',', ';', '\t', ' '];
    const lines: string[] = [];
    for (let n = 20 + Math.floor(rand() * 400); n > 0; n--) {
      const long = rand() < 0.02;
      const length = long ? PIECE_BYTES + Math.floor(rand() * PIECE_BYTES) : Math.floor(rand() * 300);
      let line = '';
      while (line.length < length) line += words[Math.floor(rand() * words.length)];
      lines.push(line);
    }
    if (rand() < 0.3) lines.push('');
    return lines.join('\n') + (rand() < 0.5 ? '\n' : '');
  }

  it('are the text, in whole lines of at most 64 KB (or one longer line), whatever the chunks it is read in', () => {
    for (let t = 0; t < 25; t++) {
      const text = randomText();
      const sizes = [() => 1, () => 7, () => 1 + Math.floor(rand() * 5000), () => 1 << 20];
      const size = sizes[t % sizes.length]!;
      if (size === sizes[0] && text.length > 200_000) continue; // byte by byte: only the shorter ones
      const source = piecesOf(text, size)!;
      const pieces = [...source.pieces()];
      expect(pieces.join('')).toBe(text);
      pieces.forEach((piece, i) => {
        if (i < pieces.length - 1) expect(piece.endsWith('\n')).toBe(true);
        if (bytesOf(piece) > PIECE_BYTES) expect(piece.indexOf('\n')).toBe(piece.length - 1); // one line
      });
      // Read again (in chunks of other sizes, where `size` is random): the same text.
      expect([...source.pieces()].join('')).toBe(text);
      expect(source.whole()).toBe(text);
    }
  });

  it('leave out a byte order mark, as reading the text whole does', () => {
    const text = 'participant,item\nMA-07-SA-2,att-1\n';
    expect(piecesOf(`\ufeff${text}`)!.whole()).toBe(text);
    expect([...piecesOf(`\ufeff${text}`, () => 2)!.pieces()].join('')).toBe(text);
  });

  it('start with whole lines that hold more than the characters asked for, or the whole text', () => {
    const line = `${'x'.repeat(99)}\n`;
    const source = piecesOf(line.repeat(5000))!;
    const start = source.start(PIECE_BYTES + 10);
    expect(start.length).toBeGreaterThan(PIECE_BYTES + 10);
    expect(start.endsWith('\n')).toBe(true);
    expect(line.repeat(5000).startsWith(start)).toBe(true);
    expect(piecesOf(line.repeat(3))!.start(1_000_000)).toBe(line.repeat(3));
    expect(piecesOf('')!.whole()).toBe('');
  });

  it('are refused with a clear error when the file changed since it was checked (a quote written into it, or cut short)', () => {
    const text = 'participant,timepoint,item,value\n'.repeat(5000);
    let readings = 0;
    const changing = plainPieces(
      'results.csv',
      function* () {
        readings += 1;
        yield encode(readings === 1 ? text : text.replace('item', '"item"'));
      },
      TEST_UTF8,
    )!;
    expect(() => [...changing.pieces()]).toThrow(TextChangedError);
    expect(() => changing.whole()).toThrow(/results\.csv changed while it was being read/);

    let cut = 0;
    const shorter = plainPieces(
      'results.csv',
      function* () {
        cut += 1;
        yield encode(cut === 1 ? text : text.slice(0, 1000));
      },
      TEST_UTF8,
    )!;
    expect(() => shorter.whole()).toThrow(TextChangedError);
  });
});

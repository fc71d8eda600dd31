// Files as spreadsheets save them: UTF-8 (with or without a byte order mark), UTF-16, Windows-1252.
import { describe, expect, it } from 'vitest';
import { decodeText, mayBeOtherEncoding } from '../../../src/lib/util/text-encoding.ts';

const text = 'participant,cohort\nMA-07-SA-2,Équipe été\n';
const utf16 = (le: boolean) => {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set(le ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes[2 + 2 * i + (le ? 0 : 1)] = c & 0xff;
    bytes[2 + 2 * i + (le ? 1 : 0)] = c >> 8;
  }
  return bytes;
};
// Windows-1252 (as Latin-1 for these characters): one byte each.
const cp1252 = Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('decodeText', () => {
  it('reads UTF-8, with or without a byte order mark, without a note', () => {
    const utf8 = new TextEncoder().encode(text);
    expect(decodeText(utf8)).toEqual({ text, note: null });
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text, note: null });
  });

  it("reads UTF-16 (Excel's Unicode Text), either byte order", () => {
    expect(decodeText(utf16(true))).toEqual({ text, note: null });
    expect(decodeText(utf16(false))).toEqual({ text, note: null });
  });

  it('reads UTF-16 without a byte order mark, either byte order, and says so; which reading it as UTF-8 would have missed', () => {
    for (const le of [true, false]) {
      const bytes = utf16(le).slice(2);
      const decoded = decodeText(bytes);
      expect(decoded.text).toBe(text);
      expect(decoded.note).toMatch(new RegExp(`^this file has no byte order mark, but its bytes are those of UTF-16 \\(${le ? 'little' : 'big'}-endian\\)`));
      // Read as UTF-8 it is valid, with a NUL beside every ASCII character: that is how the CLI and page notice.
      expect(mayBeOtherEncoding(new TextDecoder().decode(bytes))).toBe(true);
    }
    // A UTF-8 file with a NUL or two (a binary's) is not taken for UTF-16.
    expect(decodeText(new TextEncoder().encode(`a\u0000b,${text}`))).toEqual({ text: `a\u0000b,${text}`, note: null });
  });

  it('notices UTF-16 without a byte order mark in ASCII (valid UTF-8 then, but for its NULs) and in other scripts', () => {
    for (const sample of [
      'participant,cohort\nMA-07-SA-2,North\n',
      'participant,cohort\nMA-07-SA-2,Весна 2024 Группа\n',
      'participant,cohort\nMA-07-SA-2,Άνοιξη Ομάδα\n',
    ]) {
      for (const le of [true, false]) {
        const bytes = new Uint8Array(sample.length * 2);
        for (let i = 0; i < sample.length; i++) {
          const c = sample.charCodeAt(i);
          bytes[2 * i + (le ? 0 : 1)] = c & 0xff;
          bytes[2 * i + (le ? 1 : 0)] = c >> 8;
        }
        const asUtf8 = new TextDecoder().decode(bytes);
        expect(mayBeOtherEncoding(asUtf8), sample).toBe(true);
        expect(decodeText(bytes), sample).toMatchObject({ text: sample, note: expect.stringMatching(/no byte order mark/) });
      }
    }
    // ASCII read as UTF-8 has no replacement character: only the NULs show it is not UTF-8.
    expect(new TextDecoder().decode(Uint8Array.from([0x61, 0, 0x62, 0])).includes('\uFFFD')).toBe(false);
  });

  it('reads bytes that are not UTF-8 as Windows-1252, and says so', () => {
    const decoded = decodeText(cp1252);
    expect(decoded.text).toBe(text);
    expect(decoded.note).toMatch(/not UTF-8, so it was read as Windows-1252/);
    // What reading it as UTF-8 gives: replacement characters, which is how the CLI and page notice.
    expect(mayBeOtherEncoding(new TextDecoder().decode(cp1252))).toBe(true);
    expect(mayBeOtherEncoding(text)).toBe(false);
  });

  it('keeps a UTF-8 file with a stray byte as UTF-8 (not every accent turned into two characters), and says so', () => {
    const utf8 = new TextEncoder().encode(text);
    const stray = Uint8Array.from([...utf8.slice(0, 20), 0x96, ...utf8.slice(20)]);
    const decoded = decodeText(stray);
    expect(decoded.text).toBe(`${text.slice(0, 20)}\uFFFD${text.slice(20)}`);
    expect(decoded.text).toContain('Équipe été');
    expect(decoded.note).toMatch(/^this file is UTF-8 but one byte is not; it is shown as/);
  });
});

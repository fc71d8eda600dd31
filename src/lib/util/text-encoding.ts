// A file's bytes as text, whatever encoding a spreadsheet saved it in: UTF-8 (with or without a byte
// order mark), UTF-16 (Excel's "Unicode Text"; without a byte order mark too, with a note), or, when no byte forms a valid UTF-8 character beyond
// ASCII, Windows-1252 (Excel's "CSV" on Windows in Western European languages), said in a note so the
// evaluator can check. A UTF-8 file with a stray invalid byte stays UTF-8 (that byte shown as U+FFFD),
// also with a note: read as Windows-1252, its every "É" would become "Ã‰".
// Read as UTF-8 without this, such a file turns "É" into "\uFFFD" and a code or a cohort silently changes.

/** How much of a file's start is looked at for the NUL characters of UTF-16 without a byte order mark. */
const UTF16_SNIFF = 1024;

/**
 * True when text read as UTF-8 may not have been UTF-8: a replacement character is where a byte was not, and
 * UTF-16 without a byte order mark reads as valid UTF-8 with a NUL beside every ASCII character.
 */
export function mayBeOtherEncoding(text: string): boolean {
  if (text.includes('\uFFFD')) return true;
  const end = Math.min(text.length, UTF16_SNIFF);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 0) return true;
  return false;
}

/**
 * The byte order of UTF-16 without a byte order mark, from the file's start: each ASCII character (every
 * delimiter, digit and line break) has a zero byte in its pair, after it (little-endian) or before it
 * (big-endian); a text in Cyrillic or Greek has other pairs too, but zeros on that side only. Null when the
 * bytes do not look so (a file with a few NULs has them on both sides, or too few).
 */
function utf16WithoutMark(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(bytes.length, UTF16_SNIFF) / 2);
  if (pairs < 2) return null;
  let zeroFirst = 0;
  let zeroSecond = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) zeroFirst++;
    if (bytes[2 * i + 1] === 0) zeroSecond++;
  }
  // A few characters such as U+0100 have a zero byte on the other side.
  if (zeroSecond >= 0.25 * pairs && zeroFirst <= 0.1 * zeroSecond) return 'utf-16le';
  if (zeroFirst >= 0.25 * pairs && zeroSecond <= 0.1 * zeroFirst) return 'utf-16be';
  return null;
}

export interface DecodedText {
  text: string;
  /** What was assumed, for the problem list; null for UTF-8. */
  note: string | null;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), note: null };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), note: null };
  const order = utf16WithoutMark(bytes);
  if (order) {
    return {
      text: new TextDecoder(order).decode(bytes),
      note: `this file has no byte order mark, but its bytes are those of UTF-16 (${order === 'utf-16le' ? 'little' : 'big'}-endian), so it was read as such: check that the values read right, or save it as "CSV UTF-8" and import it again`,
    };
  }
  const utf8 = new TextDecoder('utf-8').decode(bytes);
  const invalid = utf8.split('\uFFFD').length - 1;
  if (invalid === 0) return { text: utf8, note: null };
  // Any character beyond ASCII decoded from valid UTF-8 says the file is UTF-8 with a few bad bytes.
  if (/[^\u0000-\u007f\uFFFD]/.test(utf8)) {
    return {
      text: utf8,
      note: `this file is UTF-8 but ${invalid === 1 ? 'one byte is' : `${invalid} bytes are`} not; ${invalid === 1 ? 'it is' : 'they are'} shown as "\uFFFD": check the values that hold it`,
    };
  }
  return {
    text: new TextDecoder('windows-1252').decode(bytes),
    note: 'this file is not UTF-8, so it was read as Windows-1252 (what Excel saves as "CSV" on Windows): check that names with accents read right, or save the file as "CSV UTF-8" and import it again',
  };
}

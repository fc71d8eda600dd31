// A file's bytes as text, whatever encoding a spreadsheet saved it in: UTF-8 (with or without a byte
// order mark), UTF-16 (Excel's "Unicode Text"), or, when no byte forms a valid UTF-8 character beyond
// ASCII, Windows-1252 (Excel's "CSV" on Windows in Western European languages), said in a note so the
// evaluator can check. A UTF-8 file with a stray invalid byte stays UTF-8 (that byte shown as U+FFFD),
// also with a note: read as Windows-1252, its every "É" would become "Ã‰".
// Read as UTF-8 without this, such a file turns "É" into "\uFFFD" and a code or a cohort silently changes.

/** True when text read as UTF-8 may not have been UTF-8 (a replacement character is where a byte was not). */
export const mayBeOtherEncoding = (text: string): boolean => text.includes('\uFFFD');

export interface DecodedText {
  text: string;
  /** What was assumed, for the problem list; null for UTF-8. */
  note: string | null;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), note: null };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), note: null };
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

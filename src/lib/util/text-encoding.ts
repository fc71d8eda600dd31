// A file's bytes as text, whatever encoding a spreadsheet saved it in: UTF-8 (with or without a byte
// order mark), UTF-16 (Excel's "Unicode Text"), or, when the bytes are not valid UTF-8, Windows-1252
// (Excel's "CSV" on Windows in Western European languages), said in a note so the evaluator can check.
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
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), note: null };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(bytes),
      note: 'this file is not UTF-8, so it was read as Windows-1252 (what Excel saves as "CSV" on Windows): check that names with accents read right, or save the file as "CSV UTF-8" and import it again',
    };
  }
}

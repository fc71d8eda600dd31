// Files that are no results file at all, known by their first bytes (as the import sees them: decoded as
// text, so a byte that is not UTF-8 may read as "\uFFFD" or as its Windows-1252 character): a spreadsheet
// not saved as CSV, an image, a PDF, a web page saved from the browser. The message says what the file is
// and what to do, instead of "this CSV file lacks the columns …". Pure.

const SAVE_AS_CSV = 'open it in the spreadsheet, save the sheet as "CSV UTF-8", and choose that file';
const KINDS: [RegExp, string, string?][] = [
  [/^PK\u0003\u0004/, 'a ZIP archive (as an Excel workbook, .xlsx, is)', SAVE_AS_CSV],
  [/^(?:\uFFFD\uFFFD|\u00d0\u00cf)\u0011/, 'an old Excel workbook (.xls)', SAVE_AS_CSV],
  [/^(?:\uFFFD|\u2030)PNG\r\n\u001a\n/, 'a PNG image'],
  [/^(?:\uFFFD{3}|\u00ff\u00d8\u00ff)/, 'a JPEG image'],
  [/^GIF8[79]a/, 'a GIF image'],
  [/^%PDF-/, 'a PDF document'],
  [/^\u001f(?:\uFFFD|\u2039)/, 'a gzip archive', 'unpack it first'],
  [/^<(?:!doctype html|html|head|body)\b/i, 'a web page (HTML)', 'perhaps the page was saved from the browser; download the file itself again'],
];

/** The message for a file that is none of the kinds the import reads, known by its first characters; else null. */
export function otherFileProblem(start: string): string | null {
  for (const [pattern, what, todo] of KINDS) {
    if (pattern.test(start)) return `this file is ${what}, not a results file (JSON or CSV), so nothing in it was imported${todo ? `: ${todo}` : ''}`;
  }
  return null;
}

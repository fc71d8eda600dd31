// Counting the rows of a long CSV without quotes by the questionnaire they name (the instrument,
// instrument_version and instrument_hash columns), for choosing the questionnaire when none is given
// (import.ts listInstruments: a quick first guess, settled by the import's count of records,
// importedInstruments), in a pass of its own over the text with indexOf, not a parse of the file.
import { equalsAt, normalizeHeader } from './csv-rows.ts';

/** A questionnaire named by rows (id, version, hash as in the file, trimmed; hash in lower case) and how many rows name it. */
type InstrumentRows = [id: string, version: string, hash: string, rows: number];

/** Whether text[start..end) is white space only (a blank line, not counted as a row). */
function isBlankLine(text: string, start: number, end: number): boolean {
  // A line that starts with a visible ASCII character is not blank; only the others are trimmed to see.
  const c0 = text.charCodeAt(start);
  return (c0 <= 32 || c0 >= 0x80) && text.slice(start, end).trim() === '';
}

/**
 * The instrument, instrument_version and instrument_hash values of a CSV text without quotes, with how many
 * data rows name each (at most maxRows rows read; blank lines skipped); none without an instrument column.
 * Rows are counted by the raw text from a row's first instrument column to its last: rows come in runs
 * naming the same questionnaire, so a row is compared in place with the run's text (no slice, no hash), and
 * a text is split into values once per distinct text.
 */
export function unquotedInstrumentColumns(text: string, delimiter: string, maxRows: number): InstrumentRows[] {
  const lineEnd = (from: number) => {
    const end = text.indexOf('\n', from);
    return end === -1 ? text.length : end;
  };
  let end = lineEnd(0);
  const names = text.slice(0, end).split(delimiter).map(normalizeHeader);
  const columns = [names.indexOf('instrument'), names.indexOf('instrument_version'), names.indexOf('instrument_hash')];
  if (columns[0]! < 0) return [];
  const present = columns.filter((c) => c >= 0);
  const first = Math.min(...present);
  const last = Math.max(...present);
  // The next delimiter at or after a position, searched once: a line without one never makes indexOf
  // scan the rest of the text again for every later line.
  let nextDelimiter = -2;
  const delimiterFrom = (from: number) => {
    if (nextDelimiter !== -1 && nextDelimiter < from) nextDelimiter = text.indexOf(delimiter, from);
    return nextDelimiter === -1 ? text.length : nextDelimiter;
  };
  const raw = new Map<string, number>();
  let run = '';
  let runCount = 0;
  const endRun = () => {
    if (runCount) raw.set(run, (raw.get(run) ?? 0) + runCount);
  };
  for (let start = end + 1, rows = 0; start < text.length && rows < maxRows; start = end + 1) {
    end = lineEnd(start);
    if (isBlankLine(text, start, end)) continue;
    // From past the line's `first` delimiters to its delimiter after column `last` (or the line's end).
    let from = start;
    for (let c = 0; c < first && from <= end; c++) from = Math.min(delimiterFrom(from), end) + 1;
    let keyEnd = from;
    if (from > end)
      from = keyEnd = end; // fewer fields than `first`: no questionnaire named
    else
      for (let c = first; c <= last; c++) {
        keyEnd = Math.min(delimiterFrom(keyEnd + (c === first ? 0 : 1)), end);
        if (keyEnd === end) break;
      }
    rows++;
    if (equalsAt(text, from, keyEnd, run)) {
      runCount++;
      continue;
    }
    endRun();
    run = text.slice(from, keyEnd);
    runCount = 1;
  }
  endRun();
  // The questionnaires named, in the order first named, with their rows.
  return [...raw].map(([key, count]) => {
    const values = key.split(delimiter).map((v) => v.trim());
    const at = (col: number) => (col < 0 ? '' : (values[col - first] ?? ''));
    return [at(columns[0]!), at(columns[1]!), at(columns[2]!).toLowerCase(), count];
  });
}

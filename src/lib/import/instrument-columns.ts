// Counting the rows of a long CSV without quotes by the questionnaire they name (the instrument,
// instrument_version and instrument_hash columns), for choosing the questionnaire when none is given
// (import.ts listInstruments: a quick first guess, settled by the import's count of records,
// importedInstruments), in a pass of its own over the text with indexOf, not a parse of the file.
import { normalizeHeader } from './csv-rows.ts';

/** A questionnaire named by rows (id, version, hash as in the file, trimmed; hash in lower case) and how many rows name it. */
type InstrumentRows = [id: string, version: string, hash: string, rows: number];

/**
 * The rows of one text, counted by the raw text from a row's first instrument column to its last: rows
 * come in runs naming the same questionnaire, so a row is compared in place with the run's text (no slice,
 * no hash) and a text is split into values once per distinct text.
 */
class InstrumentColumnCount {
  /** The positions of the first and last of the instrument columns. */
  readonly first: number;
  readonly last: number;
  private readonly columns: readonly number[];
  private readonly delimiter: string;
  private readonly maxRows: number;
  private readonly raw = new Map<string, number>();
  private run = '';
  private runCount = 0;
  private rows = 0;

  private constructor(columns: readonly number[], delimiter: string, maxRows: number) {
    this.columns = columns;
    const present = columns.filter((c) => c >= 0);
    this.first = Math.min(...present);
    this.last = Math.max(...present);
    this.delimiter = delimiter;
    this.maxRows = maxRows;
  }

  /** A count for a file with these (normalised) column names; null when it has no instrument column. */
  static of(names: readonly string[], delimiter: string, maxRows: number): InstrumentColumnCount | null {
    const columns = [names.indexOf('instrument'), names.indexOf('instrument_version'), names.indexOf('instrument_hash')];
    return columns[0]! < 0 ? null : new InstrumentColumnCount(columns, delimiter, maxRows);
  }

  /**
   * Counts a row that is not blank (its line is not only white space) by its instrument text,
   * text[from..to): from past its `first` delimiters to its delimiter after column `last` or the line's
   * end (an empty range when it has fewer values). Rows past maxRows are not counted.
   */
  add(text: string, from: number, to: number): void {
    if (this.rows >= this.maxRows) return;
    this.rows++;
    if (to - from === this.run.length && text.startsWith(this.run, from)) {
      this.runCount++;
      return;
    }
    if (this.runCount) this.raw.set(this.run, (this.raw.get(this.run) ?? 0) + this.runCount);
    this.run = text.slice(from, to);
    this.runCount = 1;
  }

  /** Whether maxRows rows are counted (later rows are not). */
  get full(): boolean {
    return this.rows >= this.maxRows;
  }

  /** The questionnaires named, in the order first named, with their rows. */
  result(): InstrumentRows[] {
    if (this.runCount) this.raw.set(this.run, (this.raw.get(this.run) ?? 0) + this.runCount);
    this.runCount = 0;
    return [...this.raw].map(([key, count]) => {
      const values = key.split(this.delimiter).map((v) => v.trim());
      const at = (col: number) => (col < 0 ? '' : (values[col - this.first] ?? ''));
      return [at(this.columns[0]!), at(this.columns[1]!), at(this.columns[2]!).toLowerCase(), count];
    });
  }
}

/** Whether text[start..end) is white space only (a blank line, not counted as a row). */
function isBlankLine(text: string, start: number, end: number): boolean {
  // A line that starts with a visible ASCII character is not blank; only the others are trimmed to see.
  const c0 = text.charCodeAt(start);
  return (c0 <= 32 || c0 >= 0x80) && text.slice(start, end).trim() === '';
}

/**
 * The instrument, instrument_version and instrument_hash values of a CSV text without quotes, with how many
 * data rows name each (at most maxRows rows read; blank lines skipped); none without an instrument column.
 */
export function unquotedInstrumentColumns(text: string, delimiter: string, maxRows: number): InstrumentRows[] {
  const lineEnd = (from: number) => {
    const end = text.indexOf('\n', from);
    return end === -1 ? text.length : end;
  };
  let end = lineEnd(0);
  const count = InstrumentColumnCount.of(text.slice(0, end).split(delimiter).map(normalizeHeader), delimiter, maxRows);
  if (!count) return [];
  const { first, last } = count;
  // The next delimiter at or after a position, searched once: a line without one never makes indexOf
  // scan the rest of the text again for every later line.
  let nextDelimiter = -2;
  const delimiterFrom = (from: number) => {
    if (nextDelimiter !== -1 && nextDelimiter < from) nextDelimiter = text.indexOf(delimiter, from);
    return nextDelimiter === -1 ? text.length : nextDelimiter;
  };
  for (let start = end + 1; start < text.length && !count.full; start = end + 1) {
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
    count.add(text, from, keyEnd);
  }
  return count.result();
}

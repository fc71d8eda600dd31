// Reading the rows of a CSV file, for every CSV reader (long CSV, REDCap, Qualtrics): the file is parsed in
// chunks, each data row is handed over with its line number (every line break counts, also inside quoted
// values), and what cannot be read is reported with its line: a row the parser cannot read (with the lines
// a stray quote swallowed), a quote not closed within the length limit (the row ends with the line it opens
// on, and the lines after it are read), a value over the length limit, too few or too many fields, rows
// beyond the file's limit, records beyond the import's limit. Blank rows are skipped.
import Papa from 'papaparse';
import type { ImportContext, Where } from './import-context.ts';
import { formatCount, quoted } from './limits.ts';
import type { TextPieces } from './text-pieces.ts';

// Rows are handed over in chunks of this many characters, as Papa.parse does with this chunkSize (the
// unquoted path without papaparse, parseCsvChunks with its parser): a callback per row cost more than the
// parsing.
export const CSV_CHUNK_SIZE = 1 << 20;
export const DELIMITERS = [',', ';', '\t'];
/** How much of a file's start is looked at to recognise an export from its header rows. */
export const HEAD_CHARS = 64 * 1024;

/** A header name as matched: case ignored, spaces and dots as underscores, no byte order mark. */
export function normalizeHeader(h: string): string {
  return headerKey(h).replace(/[\s.]+/g, '_');
}

/** Names people give a column of participant codes or ids that the importers read by another name. */
const PARTICIPANT_LIKE = /^(participant|subject|respondent|learner|student|person)_?(id|code|no|number|nr)$|^(pid|sid|study_?id|code)$/;

/**
 * The first of `names` (header cells as written) that looks meant as the participant column but is not
 * read as one ("participant_id", "Participant Code", "subject_id"), for a message saying how to name it.
 */
export function participantLikeColumn(names: readonly string[]): string | null {
  return names.find((n) => PARTICIPANT_LIKE.test(normalizeHeader(n))) ?? null;
}

/** A header cell as written: without the byte-order mark an export's first cell may carry, and trimmed. */
export const headerCell = (h: string): string => h.replace(/^\ufeff/, '').trim();

/** A header cell as column names are compared (headerCell, case ignored). */
export const headerKey = (h: string): string => headerCell(h).toLowerCase();

/** A column's position as a spreadsheet shows it: 1 → A, 26 → Z, 27 → AA. */
export function columnLetters(position: number): string {
  let letters = '';
  for (let n = position; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * Two columns of a header that a reader would read as the same one: `keys[i]` says what column i is read
 * as after the reader's own matching of names (such as 'column "participant"', or 'item "att-12-helpful"'
 * for a question named by its field name and by its id), null for a column not read. The first key
 * repeated, with both positions (0-based); null when none is.
 */
export function repeatedColumn(keys: readonly (string | null)[]): { key: string; first: number; second: number } | null {
  const seen = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === null || key === undefined) continue;
    const first = seen.get(key);
    if (first !== undefined) return { key, first, second: i };
    seen.set(key, i);
  }
  return null;
}

/**
 * Refuses a file whose header (on `line`) names a column it reads twice (repeatedColumn): which of the two
 * holds the values cannot be told, and taking either would be a guess. The error names the column, both
 * positions (number and spreadsheet letters) and both names as written; `matching` says how names are
 * matched. True when the file was refused.
 */
export function refuseRepeatedColumn(
  ctx: ImportContext,
  file: string,
  line: number,
  header: readonly string[],
  keys: readonly (string | null)[],
  matching: string,
): boolean {
  const repeated = repeatedColumn(keys);
  if (!repeated) return false;
  const { key, first, second } = repeated;
  // As written, not trimmed: a space may be all that tells the two names apart.
  const at = (i: number) => `column ${i + 1} (${columnLetters(i + 1)}), ${quoted(header[i]?.replace(/^\ufeff/, '') ?? '', 40)}`;
  ctx.rejectFile(
    { file, line },
    `the header names ${key} twice: ${at(first)}, and ${at(second)} (${matching}), so which of them holds the values cannot be told; rename or remove one of them. Nothing in this file was imported`,
  );
  return true;
}

/** The text with every line break as \n: \r\n and a lone \r become \n (also inside quoted values). */
export function normalizeLineBreaks(text: string): string {
  return text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
}

const BREAK_NAMES = { '\r\n': 'CRLF (Windows)', '\n': 'LF (Unix, macOS)', '\r': 'CR (old Mac)' } as const;

/**
 * When a text uses more than one kind of line break: the kinds, and the line that the first break of a
 * kind other than the first one ends (lines counted with every break of every kind). Null for one kind.
 */
export function mixedLineBreaks(text: string): { kinds: string[]; line: number; kind: string } | null {
  if (text.indexOf('\r') === -1) return null; // \n only (or no break at all)
  const crlf = text.includes('\r\n');
  const cr = /\r(?!\n)/.test(text);
  const lf = /(?:^|[^\r])\n/.test(text);
  if (Number(crlf) + Number(cr) + Number(lf) < 2) return null;
  const kinds: string[] = [];
  if (crlf) kinds.push(BREAK_NAMES['\r\n']);
  if (lf) kinds.push(BREAK_NAMES['\n']);
  if (cr) kinds.push(BREAK_NAMES['\r']);
  const re = /\r\n|\r|\n/g;
  let first: string | null = null;
  let line = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    line++;
    if (first === null) first = m[0];
    else if (m[0] !== first) return { kinds, line, kind: BREAK_NAMES[m[0] as keyof typeof BREAK_NAMES] };
  }
  return null;
}

/** Line breaks in one value (after normalizeLineBreaks, every break is \n): quoted values may span lines. */
function breaksIn(value: string): number {
  let n = 0;
  for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) n++;
  return n;
}

const isBlankRow = (row: readonly string[]): boolean => row.every((v) => v.trim() === '');

/**
 * Excel's first line that names the delimiter, `sep=;` (`sep=,`, or `sep=` and a tab, also written out as
 * `sep=\t`), which Excel writes when it saves a CSV for some locales and honours when it opens one: the
 * delimiter, and where the line after it starts. "sep" in any case; a byte order mark before it; the mark
 * repeated (`sep=;;;`, as a spreadsheet that read the line as a row of empty cells writes it back). The mark
 * is a tab or a punctuation character other than a quote. Null when the first line is not such a line.
 */
export function excelSeparator(text: string): { delimiter: string; next: number } | null {
  const m = EXCEL_SEPARATOR.exec(text.slice(0, EXCEL_SEPARATOR_CHARS));
  if (!m) return null;
  return { delimiter: m[1] === '\\t' ? '\t' : m[1]!, next: m[0].length };
}

/** How much of a file's start is looked at for Excel's `sep=` line (so the line is never longer). */
export const EXCEL_SEPARATOR_CHARS = 200;

const EXCEL_SEPARATOR = /^\ufeff?sep=(\\t|\t|[!#-/:-@[-`{-~])(?:\1)*(?:\r\n|\r|\n|$)/i;

/**
 * A CSV text without Excel's `sep=` line (excelSeparator), if it has one: the rest of the text (from the
 * header on), the delimiter that line names (null: none, to be guessed) and the header's line in the file
 * (2 after such a line, else 1), so that every line number still counts the file's own lines.
 */
export function csvBody(text: string): { body: string; delimiter: string | null; headerLine: number } {
  const sep = excelSeparator(text);
  return sep ? { body: text.slice(sep.next), delimiter: sep.delimiter, headerLine: 2 } : { body: text, delimiter: null, headerLine: 1 };
}

export interface CsvFile {
  /**
   * The text with every line break as \n (from the header on: without Excel's `sep=` line). For a file
   * read in pieces (`pieces`), only its first lines.
   */
  text: string;
  /**
   * A file read in pieces (openCsvPieces: no quote, no carriage return): its text from the header on, as
   * pieces of whole lines. The rows are read from these, never from one string of the whole text.
   */
  pieces?: () => Iterable<string>;
  /** The line of the file that the text's first line is: 1, or 2 after Excel's `sep=` line (csvBody). */
  headerLine: number;
  /** Mixed kinds of line break in the original text (mixedLineBreaks), if any. */
  mixed: ReturnType<typeof mixedLineBreaks>;
  delimiter: string;
  /** The first rows as parsed (the header, and as many more as asked for). */
  head: string[][];
}

/**
 * Opens a CSV text: Excel's `sep=` line honoured and left out (csvBody), line breaks normalised, the
 * delimiter that line names or else guessed (comma, semicolon, tab), the first `rows` rows parsed.
 */
export function openCsv(original: string, rows = 1): CsvFile {
  const { body, delimiter, headerLine } = csvBody(original);
  const text = normalizeLineBreaks(body);
  const head = headLines(text, Math.max(rows, GUESS_ROWS) + 1);
  const parsed = Papa.parse<string[]>(
    head,
    delimiter === null ? { preview: rows, newline: '\n', delimitersToGuess: DELIMITERS } : { preview: rows, newline: '\n', delimiter },
  );
  return { text, headerLine, mixed: mixedLineBreaks(original), delimiter: delimiter ?? parsed.meta.delimiter, head: parsed.data };
}

/**
 * Opens a CSV file given in pieces of whole lines (text-pieces.ts), as openCsv opens its whole text: from
 * its first lines, which hold Excel's `sep=` line if any, the header and the rows the delimiter is guessed
 * from (a file of such long lines that they do not is opened whole).
 */
export function openCsvPieces(source: TextPieces, rows = 1): CsvFile {
  const start = source.start(HEAD_CHARS);
  if (breaksBetween(start, 0, start.length) <= Math.max(rows, GUESS_ROWS) + 1) return openCsv(source.whole(), rows);
  const csv = openCsv(start, rows);
  // What the `sep=` line took from the start, to take from the first piece.
  const skip = start.length - csv.text.length;
  csv.pieces = function* () {
    let first = true;
    for (const piece of source.pieces()) {
      yield first ? piece.slice(skip) : piece;
      first = false;
    }
  };
  return csv;
}

/** Papaparse guesses the delimiter from this many rows. */
const GUESS_ROWS = 10;

/**
 * The first `lines` lines of `text` when they hold no quote, else the whole text. Papaparse guesses the
 * delimiter from the first 10 rows and previews the first few, but splits its whole input into lines to
 * do so (a 56 MB file: 730,000 strings, three times); without quotes, those first rows are the first lines
 * (with a quote, a value may span lines, so the whole text is given as before).
 */
function headLines(text: string, lines: number): string {
  let end = -1;
  for (let n = 0; n < lines; n++) {
    end = text.indexOf('\n', end + 1);
    if (end === -1) return text;
  }
  const head = text.slice(0, end + 1);
  return head.includes('"') ? text : head;
}

export interface CsvRowReader {
  /** Called with the data rows of each chunk before any of them is read (a file under 1 MB is one chunk). */
  beforeChunk?(rows: readonly string[][]): void;
  /** False once beforeChunk needs no more chunks (then unquoted rows are read without gathering chunks). */
  wantsChunkRows?(): boolean;
  /** Reads one data row (as many fields as the header). Returning false stops reading the file. */
  read(row: readonly string[], where: Where): boolean | void;
  /**
   * Reads a data row of a text without quotes where it lies, without splitting it: value 0 is
   * text[start..ends[0]), value i is text[ends[i - 1] + 1..ends[i]) (as many values as the header). Offered
   * only for rows that `read` would be given as they are (not blank, no value over the length limit,
   * within the limits). Returns false to have the row split and given to `read` instead.
   */
  readInPlace?(text: string, start: number, ends: Int32Array, line: number): boolean;
  /**
   * Reads a row as readInPlace would, before where its values end is known: text[start..end) is the line.
   * Offered on the same terms; returns false, having done nothing, to have it read as readInPlace has it.
   */
  readLikeLast?(text: string, start: number, end: number, line: number): boolean;
  /** Reports a row that cannot be read (and counts it as not used). */
  rowError(where: Where, message: string, kind?: string): void;
  /** Records the import may still start. */
  newRecordsLeft(): number;
  /** True when the row belongs to the record the row before it went to (it starts no new record). */
  continuesLast?(row: readonly string[]): boolean;
  /** Reading stopped at `row` (a limit): a record whose rows run on into it was cut off. */
  cutOff?(row: readonly string[], line: number): void;
}

export interface CsvLayout {
  /** Rows before the data: 1 (a header), or 3 for Qualtrics (names, question texts, import ids). */
  headerRows: number;
  /** Column names, for messages. */
  fields: readonly string[];
  /** Columns whose values are read and so checked against the length limit (default: every column). */
  checked?: readonly number[];
}

/**
 * True when text[from..to) is `s`. Compared character by character: the compiler makes this a few loads
 * inline, where a call of startsWith per row of a large file cost more than finding the row's values.
 */
export function equalsAt(text: string, from: number, to: number, s: string): boolean {
  const n = s.length;
  if (to - from !== n) return false;
  for (let i = 0; i < n; i++) if (text.charCodeAt(from + i) !== s.charCodeAt(i)) return false;
  return true;
}

/** Where value i of a line begins, given where its values end (UnquotedLines.valueEnds). */
export const valueStart = (start: number, ends: Int32Array, i: number): number => (i === 0 ? start : ends[i - 1]! + 1);

/**
 * The lines of a text without quotes, one after another: every line break ends a row and every delimiter
 * ends a value. A value equal to the one in the same column of the row before is that same string, not a
 * new copy: a long CSV repeats the participant, timepoint, module and questionnaire on every row.
 */
class UnquotedLines {
  /** Start of the next line. */
  private at = 0;
  /** The next line break at or after `at` (a line longer than a chunk is searched once). */
  private nextBreak = -2;
  /**
   * The next delimiter at or after a position, searched once: a line without one never makes indexOf scan
   * the rest of the text again for every later line.
   */
  private nextDelimiter = -2;
  private previous: string[] | null = null;
  /** The line valueEnds last looked at, and the first delimiter at or after its start. */
  private scanned = -1;
  private firstDelimiter = -1;
  /** The line found by the last call of `advance`: text[start..end). */
  start = 0;
  end = 0;
  private readonly text: string;
  private readonly delimiter: string;

  constructor(text: string, delimiter: string) {
    this.text = text;
    this.delimiter = delimiter;
  }

  /**
   * Moves to the next line whose break lies before `chunkEnd` (or, when `last`, to the text after the last
   * break); false when there is none.
   */
  advance(chunkEnd: number, last: boolean): boolean {
    const { text, at } = this;
    if (at > text.length || (at === text.length && !last)) return false;
    if (this.nextBreak !== -1 && this.nextBreak < at) this.nextBreak = text.indexOf('\n', at);
    let end = this.nextBreak;
    if (end === -1 || end >= chunkEnd) {
      if (!last) return false;
      end = text.length;
    }
    this.start = at;
    this.end = end;
    this.at = end + 1;
    return true;
  }

  private delimiterFrom(from: number): number {
    if (this.nextDelimiter !== -1 && this.nextDelimiter < from) this.nextDelimiter = this.text.indexOf(this.delimiter, from);
    return this.nextDelimiter === -1 ? this.text.length : this.nextDelimiter;
  }

  /** The values of the current line. */
  split(): string[] {
    const { text, end } = this;
    const row: string[] = [];
    const before = this.previous;
    // valueEnds moved the next delimiter past this line's first one: back to it (a later one is never lost).
    if (this.scanned === this.start) this.nextDelimiter = this.firstDelimiter;
    for (let from = this.start; ; ) {
      const to = Math.min(this.delimiterFrom(from), end);
      const same = before !== null ? before[row.length] : undefined;
      row.push(same !== undefined && equalsAt(text, from, to, same) ? same : text.slice(from, to));
      if (to === end) break;
      from = to + 1;
    }
    this.previous = row;
    return row;
  }

  /**
   * Where the current line's values end: ends[i] is the end of value i (value 0 starts at `start`, value i
   * at ends[i - 1] + 1). Returns the number of values, or ends.length + 1 when there are more.
   */
  valueEnds(ends: Int32Array): number {
    const { text, end, delimiter } = this;
    this.scanned = this.start;
    let at = this.delimiterFrom(this.start);
    this.firstDelimiter = at;
    let n = 0;
    // One search per delimiter, each from the one before (the line's first was found by an earlier search).
    for (; at < end && n < ends.length; n++) {
      ends[n] = at;
      const next = text.indexOf(delimiter, at + 1);
      this.nextDelimiter = next;
      at = next === -1 ? text.length : next;
    }
    // The line's last value, when there is room for it (ends.length + 1 values: more than there is room for).
    if (n < ends.length) ends[n] = end;
    return n + 1;
  }
}

/**
 * A quoted value over the limit on a value's length that runs on past the line its quote opens on (a
 * stray quote, most often): the row is taken to end with that line, and the lines after it are read as
 * rows of their own. `column` is the value's position in the row.
 */
export interface UnclosedQuote {
  column: number;
  openLine: number;
}

/** What parseCsvChunks says about a row: papaparse's first error in it, or an unclosed quote. */
export type RowNote = Papa.ParseError | UnclosedQuote;

export interface CsvChunkOptions {
  /** Rows before the data (not checked for unclosed quotes). */
  headerRows?: number;
  /** The limit on a value's length (ImportLimits.maxStringChars); without it, no quote is cut short. */
  maxStringChars?: number;
  /** The columns held to maxStringChars (default: every column). */
  checked?: readonly number[];
  /** The line of the file that the text's first line is (default 1; 2 after Excel's `sep=` line). */
  firstLine?: number;
}

/** The delimiter Papa.parse guesses for a text it parses in chunks, empty rows skipped: from the first chunk. */
export function guessChunkDelimiter(text: string): string {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const first = text.slice(start, start + CSV_CHUNK_SIZE);
  return Papa.parse<string[]>(first, { newline: '\n', skipEmptyLines: true, delimitersToGuess: DELIMITERS, preview: 1 }).meta.delimiter;
}

/** Line breaks in text[from..to). */
function breaksBetween(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Parses a text that holds quotes (line breaks as \n) with papaparse's parser, in the chunks Papa.parse
 * makes with chunkSize CSV_CHUNK_SIZE: `chunk` is given the rows whose line break lies in each chunk of
 * the text (the rest with the last), numbered from 0 in each chunk, with a note for the rows that have
 * one; it returns false to stop. A byte order mark is left out, as Papa.parse does.
 *
 * Papa.parse itself carries a row that runs past a chunk's end over to the next chunk as a string, joined
 * to that chunk and parsed again: a quote that is never closed makes that row grow by a chunk at each
 * step, and memory and time grow with the square of the file (95 MB of lines after a stray quote ran out
 * of 4 GB). Here each chunk is parsed where it lies in the text (a slice: no copy), and a quoted value in
 * a data row that is over maxStringChars and runs past the line its quote opens on is not read on: the row
 * ends with that line (noted as an UnclosedQuote, with its values up to that line's end), and parsing goes
 * on from the next line, in short steps at first (a row of stray quotes is found in a short step, not a
 * whole chunk each).
 */
export function parseCsvChunks(
  text: string,
  delimiter: string,
  options: CsvChunkOptions,
  chunk: (rows: string[][], notes: ReadonlyMap<number, RowNote>) => boolean,
): void {
  const { headerRows = 0, maxStringChars = Number.POSITIVE_INFINITY, checked, firstLine = 1 } = options;
  const parser = new Papa.Parser({ delimiter, newline: '\n' });
  const parse = (from: number, to: number, last: boolean): Papa.ParseResult<string[]> => parser.parse(text.slice(from, to), from, !last);
  /** The first value (by position) of a data row that is over the limit and spans lines, or -1. */
  const unclosedIn = (row: readonly string[]): number => {
    if (!checked) {
      for (let i = 0; i < row.length; i++) if (row[i]!.length > maxStringChars && row[i]!.includes('\n')) return i;
      return -1;
    }
    let first = -1;
    for (const i of checked) if ((first === -1 || i < first) && (row[i]?.length ?? 0) > maxStringChars && row[i]!.includes('\n')) first = i;
    return first;
  };
  const cutsQuotes = maxStringChars < Number.POSITIVE_INFINITY;
  const shortStep = Math.max(4 * maxStringChars, 4096);
  const length = text.length;
  // As Papa.parse, a byte order mark is left out (and the chunks counted from after it).
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  /** Where the next row starts. */
  let pos = start;
  /** A line's start and its number, counted on from there when needed (only where a quote is cut short). */
  let known = start;
  let knownLine = firstLine;
  const lineAt = (at: number): number => {
    knownLine += breaksBetween(text, known, at);
    known = at;
    return knownLine;
  };
  /** The first quote at or after `pos` (-1: none): a part of the text without one has no quoted value to cut. */
  let nextQuote = -2;
  /** Rows parsed before `pos`. */
  let before = 0;
  let chunkEnd = Math.min(start + CSV_CHUNK_SIZE, length);
  let step = CSV_CHUNK_SIZE;
  let rows: string[][] = [];
  let notes = new Map<number, RowNote>();
  for (;;) {
    const end = step >= CSV_CHUNK_SIZE ? chunkEnd : Math.min(pos + step, chunkEnd);
    const last = end === length;
    const result = parse(pos, end, last);
    const data = result.data;
    const cursor = last ? length : result.meta.cursor;
    let cut = -1;
    let column = -1;
    if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
    if (cutsQuotes && nextQuote !== -1 && nextQuote < end) {
      for (let r = Math.max(0, headerRows - before); r < data.length && cut === -1; r++) {
        column = unclosedIn(data[r]!);
        if (column !== -1) cut = r;
      }
      // The row after the last whole one runs past the end: its values so far may show an unclosed quote.
      if (cut === -1 && !last && end - cursor > maxStringChars && before + data.length >= headerRows) {
        const partial = parse(cursor, end, true).data[0];
        column = partial ? unclosedIn(partial) : -1;
        if (column !== -1) {
          cut = data.length;
          data.push(partial!);
        }
      }
    }
    const kept = cut === -1 ? data.length : cut;
    for (const e of result.errors) if (e.row !== undefined && e.row < kept && !notes.has(rows.length + e.row)) notes.set(rows.length + e.row, e);
    if (rows.length === 0 && kept === data.length) rows = data;
    else for (let r = 0; r < kept; r++) rows.push(data[r]!);
    if (cut !== -1) {
      // The line the quote opens on: the row's first line and the line breaks in the values before it.
      let openLine = lineAt(pos);
      for (let r = 0; r < cut; r++) for (const value of data[r]!) openLine += breaksIn(value);
      openLine += cut;
      const row = data[cut]!;
      for (let i = 0; i < column; i++) openLine += breaksIn(row[i]!);
      let next = pos;
      for (let n = knownLine; n <= openLine; n++) next = text.indexOf('\n', next) + 1;
      const value = row[column]!;
      notes.set(rows.length, { column, openLine });
      rows.push([...row.slice(0, column), value.slice(0, value.indexOf('\n'))]);
      before += cut + 1;
      pos = next;
      known = next;
      knownLine = openLine + 1;
      step = shortStep;
      continue;
    }
    before += data.length;
    pos = cursor;
    if (end === chunkEnd) {
      if (!chunk(rows, notes) || last) return;
      rows = [];
      notes = new Map();
      chunkEnd = Math.min(chunkEnd + CSV_CHUNK_SIZE, length);
    }
    step = Math.min(step * 2, CSV_CHUNK_SIZE);
  }
}

/** Reads every data row of `file` into `reader`; returns the number of data rows read. */
export function readCsvRows(ctx: ImportContext, file: string, csv: CsvFile, layout: CsvLayout, reader: CsvRowReader): number {
  const { limits } = ctx;
  const { fields } = layout;
  if (csv.mixed) {
    const { mixed } = csv;
    ctx.problem(
      { file, line: mixed.line },
      'warning',
      `this file mixes kinds of line break (${mixed.kinds.join(', ')}), as happens when a file is edited on different systems; every one ends a line. The first ${mixed.kind} ends line ${mixed.line}: check that the rows around it are as intended`,
    );
  }
  const checked = layout.checked;
  const tooLong = (row: readonly string[]): number => {
    if (!checked) {
      for (let i = 0; i < row.length; i++) if (row[i]!.length > limits.maxStringChars) return i;
      return -1;
    }
    for (const i of checked) if ((row[i]?.length ?? 0) > limits.maxStringChars) return i;
    return -1;
  };
  const columnName = (i: number): string => (fields[i] ? `column "${fields[i]!.slice(0, 40)}"` : `field ${i + 1}`);
  // Line numbers: every row ends with one line break; a quoted value may hold more.
  const countInside = csv.pieces === undefined && csv.text.includes('"');
  let line = csv.headerLine;
  let headerLeft = layout.headerRows;
  let rows = 0;
  /** Why the rest of the file was not read, if it was not. */
  let stopped: { line: number; message: string } | null = null;
  let quiet = false;
  /** Reads one parsed row (or reports it); false when the rest of the file is not to be read. */
  const take = (row: readonly string[], note: RowNote | undefined): boolean => {
    const rowLine = line;
    const unclosed = note !== undefined && 'openLine' in note ? note : undefined;
    const error = note !== undefined && !('openLine' in note) ? note : undefined;
    if (unclosed) line = unclosed.openLine + 1;
    else {
      line += 1;
      if (countInside) for (const value of row) line += breaksIn(value);
    }
    const lastLine = line - 1;
    if (headerLeft > 0) {
      headerLeft--;
      return true;
    }
    if (isBlankRow(row)) return true; // e.g. ",,," or spaces: a spreadsheet's empty row
    if (rows >= limits.maxCsvRows) {
      stopped = {
        line: rowLine,
        message: `this file has more than ${formatCount(limits.maxCsvRows)} data rows, the limit per file; lines ${rowLine} to the end were not read. Split the file`,
      };
      reader.cutOff?.(row, rowLine);
      return false;
    }
    // At the limit on records, rows that go on with the record before them are still read: it is not cut.
    if (reader.newRecordsLeft() <= 0 && !reader.continuesLast?.(row)) {
      stopped = {
        line: rowLine,
        message: `the import reached its limit of ${formatCount(limits.maxRecordsTotal)} records; lines ${rowLine} to the end of this file were not read. Analyse the files in smaller batches`,
      };
      return false;
    }
    rows += 1;
    ctx.counts.csvRows += 1;
    const where: Where = { file, line: rowLine };
    const long = error || unclosed ? -1 : tooLong(row);
    if (unclosed) {
      const { openLine } = unclosed;
      reader.rowError(
        where,
        `this row cannot be read: the quote that opens its value in ${columnName(unclosed.column)}${openLine > rowLine ? ` (on line ${openLine})` : ''} is not closed within ${formatCount(limits.maxStringChars)} characters, the limit on a value's length (a stray quote?); the row is read as ending with line ${openLine}, and the lines after it as rows of their own`,
        `this row cannot be read: a quote that opens a value is not closed within ${formatCount(limits.maxStringChars)} characters`,
      );
    } else if (error) {
      // A stray quote makes the parser read on to the next quote: say which lines went into this row.
      const swallowed =
        lastLine > rowLine
          ? ` (it runs on to line ${lastLine}: line${lastLine > rowLine + 1 ? `s ${rowLine + 1}–${lastLine} were` : ` ${lastLine} was`} read as part of it)`
          : '';
      reader.rowError(where, `this row cannot be read: ${error.message}${swallowed}`, `this row cannot be read: ${error.message}`);
    } else if (long !== -1) {
      // (A value over the limit that spans lines was reported above: its quote is not closed within the limit.)
      reader.rowError(
        where,
        `the value in ${columnName(long)} is ${formatCount(row[long]!.length)} characters long, more than the limit of ${formatCount(limits.maxStringChars)}`,
        `a value is longer than the limit of ${formatCount(limits.maxStringChars)} characters`,
      );
    } else if (row.length < fields.length) {
      reader.rowError(where, 'this row cannot be read: it has fewer fields than the header');
    } else if (row.length > fields.length) {
      reader.rowError(where, 'this row cannot be read: it has more fields than the header (an unquoted comma or semicolon in a value?)');
    } else if (reader.read(row, where) === false) {
      quiet = true;
      return false;
    }
    return true;
  };
  if (!countInside) {
    // Without a quote, every line is a row and every delimiter ends a value: the rows papaparse would
    // give, read line by line without it, from the whole text or from its pieces (each of whole lines).
    // While beforeChunk wants them, a chunk's rows (the lines whose break lies in the chunk, as papaparse
    // makes its chunks, counted in the whole text) are gathered and handed over first.
    const ends = reader.readInPlace ? new Int32Array(fields.length) : null;
    const delimiterCode = csv.delimiter.charCodeAt(0);
    const gathering = (): boolean => reader.beforeChunk !== undefined && (reader.wantsChunkRows?.() ?? true);
    // What gathering() says changes only when a chunk is handed over: asked then, not for every line.
    let wanting = gathering();
    let gathered: string[][] = [];
    let chunkEnd = CSV_CHUNK_SIZE;
    const handOver = (): boolean => {
      const chunk = gathered;
      gathered = [];
      chunkEnd += CSV_CHUNK_SIZE;
      reader.beforeChunk!(chunk.slice(headerLeft));
      wanting = gathering();
      for (const row of chunk) if (!take(row, undefined)) return false;
      return true;
    };
    /** Where the current piece starts in the whole text. */
    let offset = 0;
    const pieces = (csv.pieces?.() ?? [csv.text])[Symbol.iterator]();
    try {
      reading: for (let next = pieces.next(); !next.done; ) {
        const text = next.value;
        next = pieces.next();
        const last = next.done === true;
        const lines = new UnquotedLines(text, csv.delimiter);
        // Every line of the piece; after the last piece's last break, the rest of the text too.
        while (lines.advance(text.length, last)) {
          if (wanting) {
            // A line whose break lies beyond the chunk hands the chunk's lines over first. The text after the
            // last break belongs to the last chunk, the one that reaches the text's end (as papaparse has it).
            const afterLastBreak = last && lines.end === text.length;
            while (offset + lines.end >= chunkEnd + (afterLastBreak ? 1 : 0) && wanting) if (!handOver()) break reading;
            if (wanting) {
              gathered.push(lines.split());
              continue;
            }
          }
          if (ends && reader.readInPlace) {
            // Read in place where a row is plain: not a header row, not blank (its first character is
            // visible ASCII, not the delimiter: its first value is not blank), no value over the length
            // limit (the line is not), within the file's and the import's limits, as many values as the
            // header. The reader may still hand it back.
            const c0 = text.charCodeAt(lines.start);
            const plain =
              headerLeft === 0 &&
              c0 > 32 &&
              c0 < 127 &&
              c0 !== delimiterCode &&
              lines.end - lines.start <= limits.maxStringChars &&
              rows < limits.maxCsvRows &&
              reader.newRecordsLeft() > 0;
            if (plain && reader.readLikeLast?.(text, lines.start, lines.end, line)) {
              line += 1;
              rows += 1;
              ctx.counts.csvRows += 1;
              continue;
            }
            const n = lines.valueEnds(ends);
            if (plain && n === fields.length) {
              const rowLine = line++;
              rows += 1;
              ctx.counts.csvRows += 1;
              if (reader.readInPlace(text, lines.start, ends, rowLine)) continue;
              if (reader.read(lines.split(), { file, line: rowLine }) === false) {
                quiet = true;
                break reading;
              }
              continue;
            }
          }
          if (!take(lines.split(), undefined)) break reading;
        }
        offset += text.length;
      }
    } finally {
      // Reading stopped early (a limit, or an error): the pieces' source lets go of what it holds (a file).
      pieces.return?.();
    }
    // The last chunk's lines (a text without lines still has one chunk, as papaparse gives it).
    if (gathering() && !stopped && !quiet) handOver();
  } else {
    const options = { headerRows: layout.headerRows, maxStringChars: limits.maxStringChars, checked, firstLine: csv.headerLine };
    parseCsvChunks(csv.text, csv.delimiter, options, (data, notes) => {
      reader.beforeChunk?.(headerLeft > 0 ? data.slice(headerLeft) : data);
      for (let r = 0; r < data.length; r++) if (!take(data[r]!, notes.get(r))) return false;
      return true;
    });
  }

  if (stopped) {
    const { line: at, message } = stopped;
    ctx.problem({ file, line: at }, 'error', message);
  }
  if (rows === 0 && !stopped && !quiet) ctx.problem({ file }, 'warning', 'this CSV file has a header but no data rows');
  return rows;
}

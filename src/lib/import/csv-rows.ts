// Reading the rows of a CSV file, for every CSV reader (long CSV, REDCap, Qualtrics): the file is parsed in
// chunks, each data row is handed over with its line number (every line break counts, also inside quoted
// values), and what cannot be read is reported with its line: a row the parser cannot read (with the lines
// a stray quote swallowed), a value over the length limit, too few or too many fields, rows beyond the
// file's limit, records beyond the import's limit. Blank rows are skipped.
import Papa from 'papaparse';
import type { ImportContext, Where } from './import-context.ts';
import { formatCount } from './limits.ts';

// Papaparse hands over rows in chunks of this many characters: a callback per row cost more than the
// parsing. Much smaller chunks would overflow the stack on large files (papaparse recurses once per chunk).
export const CSV_CHUNK_SIZE = 1 << 20;
export const DELIMITERS = [',', ';', '\t'];

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

export interface CsvFile {
  /** The text with every line break as \n. */
  text: string;
  /** Mixed kinds of line break in the original text (mixedLineBreaks), if any. */
  mixed: ReturnType<typeof mixedLineBreaks>;
  delimiter: string;
  /** The first rows as parsed (the header, and as many more as asked for). */
  head: string[][];
}

/** Opens a CSV text: line breaks normalised, delimiter guessed (comma, semicolon, tab), the first `rows` rows parsed. */
export function openCsv(original: string, rows = 1): CsvFile {
  const text = normalizeLineBreaks(original);
  const parsed = Papa.parse<string[]>(headLines(text, Math.max(rows, GUESS_ROWS) + 1), { preview: rows, newline: '\n', delimitersToGuess: DELIMITERS });
  return { text, mixed: mixedLineBreaks(original), delimiter: parsed.meta.delimiter, head: parsed.data };
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
  /** Reports a row that cannot be read (and counts it as not used). */
  rowError(where: Where, message: string, kind?: string): void;
  /** Records the import may still start. */
  newRecordsLeft(): number;
}

export interface CsvLayout {
  /** Rows before the data: 1 (a header), or 3 for Qualtrics (names, question texts, import ids). */
  headerRows: number;
  /** Column names, for messages. */
  fields: readonly string[];
  /** Columns whose values are read and so checked against the length limit (default: every column). */
  checked?: readonly number[];
}

/** The rows of one chunk of an unquoted text, one at a time (null after the last). */
interface RowCursor {
  next(): string[] | null;
}

/**
 * The rows of a text without quotes in the chunks papaparse would make (CSV_CHUNK_SIZE characters, each
 * holding the lines that end in it; the last one also the text after the last line break), so a reader
 * that looks at a chunk's rows before reading them (beforeChunk) sees the same rows. The header rows are
 * rows like the others (the caller skips them), but are not given to beforeChunk, as with papaparse.
 * A value equal to the one in the same column of the row before is that same string, not a new copy:
 * a long CSV repeats the participant, timepoint, module and questionnaire on every row.
 */
function* unquotedChunks(text: string, delimiter: string, reader: CsvRowReader, headerRows: number): Generator<RowCursor> {
  let at = 0; // start of the next line
  let previous: string[] | null = null;
  // The next delimiter at or after a position, searched once: a line without one never makes indexOf
  // scan the rest of the text again for every later line.
  let nextDelimiter = -2;
  const delimiterFrom = (from: number): number => {
    if (nextDelimiter !== -1 && nextDelimiter < from) nextDelimiter = text.indexOf(delimiter, from);
    return nextDelimiter === -1 ? text.length : nextDelimiter;
  };
  /** The values of the line start..end. */
  const split = (start: number, end: number): string[] => {
    const row: string[] = [];
    const before = previous;
    for (let from = start; ; ) {
      const to = Math.min(delimiterFrom(from), end);
      const same = before !== null ? before[row.length] : undefined;
      row.push(same !== undefined && same.length === to - from && text.startsWith(same, from) ? same : text.slice(from, to));
      if (to === end) break;
      from = to + 1;
    }
    previous = row;
    return row;
  };
  let produced = 0; // rows handed out so far, the header rows included
  let nextBreak = -2; // the next line break at or after `at` (a line longer than a chunk is searched once)
  for (let chunkEnd = Math.min(CSV_CHUNK_SIZE, text.length); ; chunkEnd = Math.min(chunkEnd + CSV_CHUNK_SIZE, text.length)) {
    const last = chunkEnd === text.length;
    /** The next row of this chunk: a line whose break lies in it, or (last chunk) the rest of the text. */
    const next = (): string[] | null => {
      if (at > text.length || (at === text.length && !last)) return null;
      if (nextBreak !== -1 && nextBreak < at) nextBreak = text.indexOf('\n', at);
      let end = nextBreak;
      if (end === -1 || end >= chunkEnd) {
        if (!last) return null;
        end = text.length;
      }
      const row = split(at, end);
      at = end + 1;
      produced++;
      return row;
    };
    if (reader.beforeChunk && (reader.wantsChunkRows?.() ?? true)) {
      // The chunk's rows are needed before any is read: gathered first, then handed out.
      const headerLeft = Math.max(0, headerRows - produced);
      const rows: string[][] = [];
      for (let row = next(); row !== null; row = next()) rows.push(row);
      reader.beforeChunk(headerLeft > 0 ? rows.slice(headerLeft) : rows);
      let i = 0;
      yield { next: () => (i < rows.length ? rows[i++]! : null) };
    } else {
      yield { next };
    }
    if (last) return;
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
  // Line numbers: every row ends with one line break; a quoted value may hold more.
  const countInside = csv.text.includes('"');
  let line = 1;
  let headerLeft = layout.headerRows;
  let rows = 0;
  /** Why the rest of the file was not read, if it was not. */
  let stopped: { line: number; message: string } | null = null;
  let quiet = false;
  /** Reads one parsed row (or reports it); false when the rest of the file is not to be read. */
  const take = (row: readonly string[], error: { message: string } | undefined): boolean => {
    const rowLine = line;
    line += 1;
    if (countInside) for (const value of row) line += breaksIn(value);
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
      return false;
    }
    if (reader.newRecordsLeft() <= 0) {
      stopped = {
        line: rowLine,
        message: `the import reached its limit of ${formatCount(limits.maxRecordsTotal)} records; lines ${rowLine} to the end of this file were not read. Analyse the files in smaller batches`,
      };
      return false;
    }
    rows += 1;
    ctx.counts.csvRows += 1;
    const where: Where = { file, line: rowLine };
    const long = error ? -1 : tooLong(row);
    if (error) {
      // A stray quote makes the parser read on to the next quote: say which lines went into this row.
      const swallowed =
        lastLine > rowLine
          ? ` (it runs on to line ${lastLine}: line${lastLine > rowLine + 1 ? `s ${rowLine + 1}–${lastLine} were` : ` ${lastLine} was`} read as part of it)`
          : '';
      reader.rowError(where, `this row cannot be read: ${error.message}${swallowed}`, `this row cannot be read: ${error.message}`);
    } else if (long !== -1) {
      const name = fields[long] ? `column "${fields[long]!.slice(0, 40)}"` : `field ${long + 1}`;
      reader.rowError(
        where,
        `the value in ${name} is ${formatCount(row[long]!.length)} characters long, more than the limit of ${formatCount(limits.maxStringChars)}${lastLine > rowLine ? ` (it runs on to line ${lastLine})` : ''}`,
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
    // give, read line by line without it (no chunk of rows held, repeated values not copied again).
    for (const chunk of unquotedChunks(csv.text, csv.delimiter, reader, layout.headerRows)) {
      for (let row = chunk.next(); row !== null; row = chunk.next()) if (!take(row, undefined)) break;
      if (stopped || quiet) break;
    }
  } else {
    Papa.parse<string[]>(csv.text, {
      delimiter: csv.delimiter,
      newline: '\n',
      chunkSize: CSV_CHUNK_SIZE,
      // Text is parsed synchronously, chunks included (the tests rely on it); the types ask for `complete`.
      complete: () => undefined,
      chunk: (result: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        if (stopped || quiet) return;
        const errorAt = new Map<number, Papa.ParseError>();
        for (const e of result.errors) if (e.row !== undefined && !errorAt.has(e.row)) errorAt.set(e.row, e);
        const data = result.data;
        reader.beforeChunk?.(headerLeft > 0 ? data.slice(headerLeft) : data);
        for (let r = 0; r < data.length; r++) {
          if (!take(data[r]!, errorAt.get(r))) {
            parser.abort();
            return;
          }
        }
      },
    });
  }

  if (stopped) {
    const { line: at, message } = stopped;
    ctx.problem({ file, line: at }, 'error', message);
  }
  if (rows === 0 && !stopped && !quiet) ctx.problem({ file }, 'warning', 'this CSV file has a header but no data rows');
  return rows;
}

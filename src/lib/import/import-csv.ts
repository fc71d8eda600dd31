// Reading long CSV (one row per participant × timepoint × item) for the evaluator.
//
// Columns (header names are matched case-insensitively; spaces and dots count as underscores):
//   participant, timepoint, item, value                        required
//   cohort, module, instrument, instrument_version             optional (docs/formats.md, format 3)
//   instrument_hash                                            optional: the instrument fingerprint, if known
// Rows whose item is "demo:<question id>" carry a background (demographic) answer, e.g.
//   MA-07-SA-2,pre,demo:discipline,nurse
// `value` is a response value (a whole number on the item's scale), or an option value for demo: rows.
// An empty value or NA means "not answered". A cohort or module written with a leading single quote before
// = + - @ (as the exports neutralise spreadsheet formulas) is read without that quote. Rows for the same participant × timepoint × cohort × module
// (× instrument) are assembled into one record (no checksum; source "csv").
// Line breaks: \r\n (Windows), \n (Unix, macOS) and a lone \r (old Mac, some exports) each end a line,
// also when one file mixes them (a file edited on different systems); line numbers count every one.
// Limits (limits.ts): values over maxStringChars characters, more than maxCsvRows data rows, and records
// beyond the import's maxRecordsTotal are reported with their line and not used.
import Papa from 'papaparse';
import { normalizeParticipantCode } from '../records/participant-code.ts';
import { describePoints, type ImportContext, type Where } from './import-context.ts';
import type { ImportedRecord } from './import-types.ts';
import { formatCount, quoted } from './limits.ts';
import { TIMEPOINTS, type Timepoint } from '../records/result-record.ts';

export const DEMOGRAPHIC_ITEM_PREFIX = 'demo:';
const REQUIRED = ['participant', 'timepoint', 'item', 'value'] as const;
const OPTIONAL = ['cohort', 'module', 'instrument', 'instrument_version', 'instrument_hash'] as const;
const KNOWN: ReadonlySet<string> = new Set<string>([...REQUIRED, ...OPTIONAL]);
const DELIMITERS = [',', ';', '\t'];

export function normalizeHeader(h: string): string {
  return h.replace(/^\ufeff/, '').trim().toLowerCase().replace(/[\s.]+/g, '_');
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

interface Assembled {
  record: ImportedRecord;
  /** Item (or demo:id) → line where its value was read. */
  seenAt: Map<string, { line: number; value: string }>;
  otherReason: string | null;
}

/** Column positions in the file (−1 when the column is absent). */
type Columns = Record<(typeof REQUIRED)[number] | (typeof OPTIONAL)[number], number>;

/** The columns that say which record a row belongs to, in the order compared for "same record as the row before". */
const RECORD_KEY_COLUMNS = ['participant', 'timepoint', 'cohort', 'module', 'instrument', 'instrument_version', 'instrument_hash'] as const;

// Papaparse hands over rows in chunks of this many characters: a callback per row cost more than the
// parsing. Much smaller chunks would overflow the stack on large files (papaparse recurses once per chunk).
export const CSV_CHUNK_SIZE = 1 << 20;

/** At most this many names in a message listing columns. */
const SHOWN_COLUMNS = 10;
const listColumns = (names: readonly string[]): string =>
  names.slice(0, SHOWN_COLUMNS).map((c) => quoted(c, 40)).join(', ') + (names.length > SHOWN_COLUMNS ? ` and ${formatCount(names.length - SHOWN_COLUMNS)} more` : '');

export function importCsv(ctx: ImportContext, file: string, original: string): void {
  const { limits } = ctx;
  const mixed = mixedLineBreaks(original);
  const text = normalizeLineBreaks(original);
  const header = Papa.parse<string[]>(text, { preview: 1, newline: '\n', delimitersToGuess: DELIMITERS });
  const fields = (header.data[0] ?? []).map(normalizeHeader);
  const missing = REQUIRED.filter((c) => !fields.includes(c));
  if (fields.length === 0 || missing.length > 0) {
    ctx.counts.filesRejected += 1;
    ctx.problem({ file, line: 1 }, 'error',
      `this CSV file lacks the column${missing.length === 1 ? '' : 's'} ${missing.map((c) => `"${c}"`).join(', ')} (a long CSV needs participant, timepoint, item, value); nothing in it was imported`);
    return;
  }
  const unknown = fields.filter((f) => f !== '' && !KNOWN.has(f));
  if (unknown.length) ctx.problem({ file, line: 1 }, 'warning', `column${unknown.length === 1 ? '' : 's'} ${listColumns(unknown)} not used`);
  const hasInstrumentColumns = fields.includes('instrument');
  if (!hasInstrumentColumns) {
    ctx.problem({ file, line: 1 }, 'warning',
      `this file does not say which questionnaire it holds (no "instrument" column); its rows are read as "${ctx.instrument.id}" version ${ctx.instrument.version}`);
  }
  if (mixed) {
    ctx.problem({ file, line: mixed.line }, 'warning',
      `this file mixes kinds of line break (${mixed.kinds.join(', ')}), as happens when a file is edited on different systems; every one ends a line. The first ${mixed.kind} ends line ${mixed.line}: check that the rows around it are as intended`);
  }
  const columns = Object.fromEntries([...REQUIRED, ...OPTIONAL].map((c) => [c, fields.indexOf(c)])) as Columns;

  const reader = new RowReader(ctx, file, columns);
  // Line numbers: every row ends with one line break; a quoted value may hold more.
  const countInside = text.includes('"');
  let line = 1;
  let isHeader = true;
  let rows = 0;
  /** Why the rest of the file was not read, if it was not. */
  let stopped: { line: number; message: string } | null = null;
  Papa.parse<string[]>(text, {
    delimiter: header.meta.delimiter,
    newline: '\n',
    chunkSize: CSV_CHUNK_SIZE,
    // Text is parsed synchronously, chunks included (the tests rely on it); the types ask for `complete`.
    complete: () => undefined,
    chunk: (result: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
      if (stopped) return;
      const errorAt = new Map<number, Papa.ParseError>();
      for (const e of result.errors) if (e.row !== undefined && !errorAt.has(e.row)) errorAt.set(e.row, e);
      const data = result.data;
      for (let r = 0; r < data.length; r++) {
        const row = data[r]!;
        const rowLine = line;
        line += 1;
        if (countInside) for (const value of row) line += breaksIn(value);
        const lastLine = line - 1;
        if (isHeader) {
          isHeader = false;
          continue;
        }
        if (isBlankRow(row)) continue; // e.g. ",,," or spaces: a spreadsheet's empty row
        if (rows >= limits.maxCsvRows) {
          stopped = { line: rowLine, message: `this file has more than ${formatCount(limits.maxCsvRows)} data rows, the limit per file; lines ${rowLine} to the end were not read. Split the file` };
          parser.abort();
          return;
        }
        if (reader.newRecordsLeft() <= 0) {
          stopped = { line: rowLine, message: `the import reached its limit of ${formatCount(limits.maxRecordsTotal)} records; lines ${rowLine} to the end of this file were not read. Analyse the files in smaller batches` };
          parser.abort();
          return;
        }
        rows += 1;
        ctx.counts.csvRows += 1;
        const where: Where = { file, line: rowLine };
        const error = errorAt.get(r);
        const long = error ? -1 : row.findIndex((v) => v.length > limits.maxStringChars);
        if (error) {
          // A stray quote makes the parser read on to the next quote: say which lines went into this row.
          const swallowed = lastLine > rowLine ? ` (it runs on to line ${lastLine}: line${lastLine > rowLine + 1 ? `s ${rowLine + 1}–${lastLine} were` : ` ${lastLine} was`} read as part of it)` : '';
          reader.rowError(where, `this row cannot be read: ${error.message}${swallowed}`, `this row cannot be read: ${error.message}`);
        } else if (long !== -1) {
          const name = fields[long] ? `column "${fields[long]!.slice(0, 40)}"` : `field ${long + 1}`;
          reader.rowError(where, `the value in ${name} is ${formatCount(row[long]!.length)} characters long, more than the limit of ${formatCount(limits.maxStringChars)}${lastLine > rowLine ? ` (it runs on to line ${lastLine})` : ''}`,
            `a value is longer than the limit of ${formatCount(limits.maxStringChars)} characters`);
        } else if (row.length < fields.length) {
          reader.rowError(where, 'this row cannot be read: it has fewer fields than the header');
        } else if (row.length > fields.length) {
          reader.rowError(where, 'this row cannot be read: it has more fields than the header (an unquoted comma or semicolon in a value?)');
        } else {
          reader.read(row, where);
        }
      }
    },
  });

  if (stopped) {
    const { line: at, message } = stopped;
    ctx.problem({ file, line: at }, 'error', message);
  }
  if (rows === 0 && !stopped) ctx.problem({ file }, 'warning', 'this CSV file has a header but no data rows');
  for (const a of reader.assembled.values()) {
    ctx.counts.recordsRead += 1;
    if (a.otherReason) {
      ctx.keepApart(a.record, a.otherReason);
      ctx.problem({ file, line: a.record.line ?? 1 }, 'warning',
        `the rows for participant ${a.record.participant} (${a.record.timepoint}) were ${a.otherReason}; they are kept apart and not analysed with the others`,
        'rows made with another questionnaire or version: kept apart and not analysed with the others', 'record');
      continue;
    }
    // Demographic questions not given in the file are "not answered".
    for (const d of ctx.instrument.demographics) if (!(d.id in a.record.demographics)) a.record.demographics[d.id] = null;
    ctx.accept(a.record);
  }
}

/**
 * Text as exported: the exports put a single quote before text starting with = + - @ (formula
 * neutralisation); reading it back removes that quote so cohort and module names round-trip.
 */
const unquoteFormula = (v: string): string => (v.charCodeAt(0) === 39 && /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);
const isMissing = (v: string) => v === '' || v.toUpperCase() === 'NA';
const TIMEPOINT_SET: ReadonlySet<string> = new Set(TIMEPOINTS);

/** Assembles rows into records: one per participant × timepoint × cohort × module × instrument. */
class RowReader {
  readonly assembled = new Map<string, Assembled>();
  private readonly codes = new Map<string, string | null>();
  private readonly texts = new Map<string, string>();
  /** The record the row before was added to, and the raw values that chose it (rows come in runs). */
  private last: { key: readonly string[]; assembled: Assembled } | null = null;
  private readonly keyColumns: readonly number[];
  private readonly ctx: ImportContext;
  private readonly file: string;
  private readonly columns: Columns;

  constructor(ctx: ImportContext, file: string, columns: Columns) {
    this.ctx = ctx;
    this.file = file;
    this.columns = columns;
    this.keyColumns = RECORD_KEY_COLUMNS.map((c) => columns[c]);
  }

  rowError(where: Where, message: string, kind: string = message): void {
    this.ctx.counts.csvRowsRejected += 1;
    this.ctx.problem(where, 'error', `${message}; row not used`, `${kind}; row not used`);
  }

  /** Records this file may still start within the import's limit. */
  newRecordsLeft(): number {
    return this.ctx.recordsLeft() - this.assembled.size;
  }

  private cell(row: readonly string[], column: keyof Columns): string {
    const i = this.columns[column];
    return i < 0 ? '' : (row[i] ?? '').trim();
  }

  read(row: readonly string[], where: Where): void {
    const a = this.sameRecordAsLast(row) ?? this.recordFor(row, where);
    if (a) this.addValue(a, row, where);
  }

  private sameRecordAsLast(row: readonly string[]): Assembled | null {
    const last = this.last;
    if (!last) return null;
    const cols = this.keyColumns;
    for (let k = 0; k < cols.length; k++) {
      const i = cols[k]!;
      if (i >= 0 && row[i] !== last.key[k]) return null;
    }
    return last.assembled;
  }

  /** The record this row belongs to (created on its first row), or null when the row names none. */
  private recordFor(row: readonly string[], where: Where): Assembled | null {
    const { ctx } = this;
    const raw = this.cell(row, 'participant');
    if (raw === '') return this.reject(where, 'the participant code is empty');
    let code = this.codes.get(raw);
    if (code === undefined) {
      code = normalizeParticipantCode(raw);
      this.codes.set(raw, code);
    }
    if (code === null) {
      return this.reject(where, `participant code ${quoted(raw)} is not a valid code (expected four parts such as MA-07-SA-2)`,
        'the participant code is not a valid code (expected four parts such as MA-07-SA-2)');
    }
    const tpText = this.cell(row, 'timepoint').toLowerCase();
    if (!TIMEPOINT_SET.has(tpText)) {
      return this.reject(where, `timepoint ${quoted(this.cell(row, 'timepoint'))} is not one of ${TIMEPOINTS.join(', ')}`, `the timepoint is not one of ${TIMEPOINTS.join(', ')}`);
    }
    const timepoint = tpText as Timepoint;
    const cohort = this.own(unquoteFormula(this.cell(row, 'cohort'))) || null;
    const module = this.own(unquoteFormula(this.cell(row, 'module'))) || null;
    const instId = this.own(this.cell(row, 'instrument')) || ctx.instrument.id;
    const instVersion = this.own(this.cell(row, 'instrument_version')) || (instId === ctx.instrument.id ? ctx.instrument.version : '');
    const instHash = this.own(this.cell(row, 'instrument_hash').toLowerCase()) || null;

    const key = `${instId}\u0000${instVersion}\u0000${instHash ?? ''}\u0000${code}\u0000${timepoint}\u0000${cohort ?? ''}\u0000${module ?? ''}`;
    let a = this.assembled.get(key);
    if (!a) {
      a = {
        record: {
          source: 'csv', file: this.file, line: where.line ?? 0, seq: ctx.nextSeq(), attemptId: null, module, cohort,
          participant: code, participantRaw: this.own(raw), timepoint,
          instrument: { id: instId, version: instVersion || '(none given)', hash: instHash },
          startedAt: null, completedAt: null, responses: {}, demographics: {}, checksum: 'none', appVersion: null,
        },
        seenAt: new Map(),
        otherReason: ctx.instrumentMismatch(instId, instVersion || '(none given)', instHash),
      };
      this.assembled.set(key, a);
    }
    this.last = { key: this.keyColumns.map((i) => (i < 0 ? '' : row[i]!)), assembled: a };
    return a;
  }

  /**
   * One copy of each distinct text kept in a record. Values are slices of the parsed text, and a slice
   * kept keeps the whole chunk it was cut from in memory (V8); a copy does not.
   */
  private own(text: string): string {
    let copy = this.texts.get(text);
    if (copy === undefined) {
      copy = (' ' + text).slice(1);
      this.texts.set(copy, copy);
    }
    return copy;
  }

  private reject(where: Where, message: string, kind: string = message): null {
    this.rowError(where, message, kind);
    return null;
  }

  private addValue(a: Assembled, row: readonly string[], where: Where): void {
    const { ctx } = this;
    const item = this.cell(row, 'item');
    if (item === '') return this.rowError(where, 'the item is empty');
    const value = this.cell(row, 'value');
    const line = where.line ?? 0;
    const before = a.seenAt.get(item);
    if (before) {
      if (before.value === value) {
        ctx.counts.csvRowsRejected += 1;
        ctx.problem(where, 'warning', `repeats line ${before.line} (same participant, timepoint, item and value); counted once`,
          'repeats an earlier row (same participant, timepoint, item and value); counted once');
        return;
      }
      return this.rowError(where, `a second, different value for item ${quoted(item)} of participant ${a.record.participant} at ${a.record.timepoint} (line ${before.line} has ${quoted(before.value)}, which is used)`,
        'a second, different value for the same participant, timepoint and item (the first one is used)');
    }

    if (a.otherReason) {
      // Another instrument: kept as read, without checking items against the chosen instrument.
      a.seenAt.set(item, { line, value });
      if (item.startsWith(DEMOGRAPHIC_ITEM_PREFIX)) a.record.demographics[item.slice(DEMOGRAPHIC_ITEM_PREFIX.length)] = isMissing(value) ? null : value;
      else a.record.responses[item] = isMissing(value) || !/^-?\d+$/.test(value) ? null : Number(value);
      return;
    }

    if (item.startsWith(DEMOGRAPHIC_ITEM_PREFIX)) {
      const id = item.slice(DEMOGRAPHIC_ITEM_PREFIX.length);
      const options = ctx.demographicOptions.get(id);
      if (!options) return this.rowError(where, `unknown background question ${quoted(id)}`, 'unknown background question');
      if (!isMissing(value) && !options.has(value)) {
        const listed = `options: ${[...options].join(', ')}`;
        return this.rowError(where, `${quoted(value)} is not an option of background question "${id}" (${listed})`, `not an option of background question "${id}" (${listed})`);
      }
      a.seenAt.set(item, { line, value });
      a.record.demographics[id] = isMissing(value) ? null : value;
      return;
    }
    const points = ctx.itemPoints.get(item);
    if (!points) {
      const questionnaire = `questionnaire "${ctx.instrument.id}" ${ctx.instrument.version}`;
      return this.rowError(where, `unknown item ${quoted(item)} (not in ${questionnaire})`, `unknown item (not in ${questionnaire})`);
    }
    let v: number | null = null;
    if (!isMissing(value)) {
      v = /^[+-]?\d+(\.0*)?$/.test(value) ? Number(value) : NaN;
      if (!points.has(v)) {
        const scale = `response options (${describePoints([...points])})`;
        return this.rowError(where, `value ${quoted(value)} for item "${item}" is not one of its ${scale}`, `value for item "${item}" is not one of its ${scale}`);
      }
    }
    a.seenAt.set(item, { line, value });
    a.record.responses[item] = v;
  }
}

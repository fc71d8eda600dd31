// Reading long CSV (one row per participant × timepoint × item) for the evaluator.
//
// Columns (header names are matched case-insensitively; spaces and dots count as underscores):
//   participant, timepoint, item, value                        required
//   cohort, module, instrument, instrument_version             optional (docs/formats.md, format 3)
//   instrument_hash                                            optional: the instrument fingerprint, if known
//   participant_kind                                           optional: "code" or "id", per row (the evaluator's
//                                                              own export, responses_long.csv, writes it)
// Rows whose item is "demo:<question id>" carry a background (demographic) answer, e.g.
//   MA-07-SA-2,pre,demo:discipline,nurse
// `value` is a response value (a whole number on the item's scale), or an option value for demo: rows.
// An empty value or NA means "not answered". A cohort or module written with a leading single quote before
// = + - @ (as the exports neutralise spreadsheet formulas) is read without that quote. Rows for the same participant × timepoint × cohort × module
// (× instrument) are assembled into one record (no checksum; source "csv"; assemble.ts, shared with the
// REDCap and Qualtrics readers). The participant column holds participant codes or ids from another system,
// one kind per file (participant-ids.ts: decided from the ids of the first 1 MB, before any row is read), except
// in rows whose participant_kind says which: "code" (a participant code, normalised) or "id" (an id from
// another system, kept as written), so that the evaluator's export reads back as it was.
// Line breaks: \r\n (Windows), \n (Unix, macOS) and a lone \r (old Mac, some exports) each end a line,
// also when one file mixes them (a file edited on different systems); line numbers count every one.
// Limits (limits.ts): values over maxStringChars characters, more than maxCsvRows data rows, and records
// beyond the import's maxRecordsTotal are reported with their line and not used.
import { normalizeParticipantCode } from '../records/participant-code.ts';
import { DEMOGRAPHIC_ITEM_PREFIX, RecordAssembler, type Assembled, type RecordStart } from './assemble.ts';
import {
  equalsAt,
  normalizeHeader,
  openCsv,
  openCsvPieces,
  participantLikeColumn,
  readCsvRows,
  refuseRepeatedColumn,
  valueStart,
  type CsvRowReader,
} from './csv-rows.ts';
import { GENERIC_REQUIRED } from './lms-interactions.ts';
import type { ImportContext, Where } from './import-context.ts';
import { listColumns, quoted } from './limits.ts';
import { badIdProblem, classifyId, codeLikeIdWarning, decideIdKind, invalidCodeProblem, opaqueIdProblem, type ParticipantKind } from './participant-ids.ts';
import { TIMEPOINTS, type Timepoint } from '../records/result-record.ts';
import type { TextPieces } from './text-pieces.ts';
import { QUOTED_FORMULA } from '../util/spreadsheet-formula.ts';

export { DEMOGRAPHIC_ITEM_PREFIX } from './assemble.ts';
export { CSV_CHUNK_SIZE, mixedLineBreaks, normalizeHeader, normalizeLineBreaks } from './csv-rows.ts';

const REQUIRED = ['participant', 'timepoint', 'item', 'value'] as const;
const OPTIONAL = ['cohort', 'module', 'instrument', 'instrument_version', 'instrument_hash', 'participant_kind'] as const;
const KNOWN: ReadonlySet<string> = new Set<string>([...REQUIRED, ...OPTIONAL]);

/** Column positions in the file (−1 when the column is absent). */
type Columns = Record<(typeof REQUIRED)[number] | (typeof OPTIONAL)[number], number>;

/** The columns that say which record a row belongs to, in the order compared for "same record as the row before". */
const RECORD_KEY_COLUMNS = ['participant', 'timepoint', 'cohort', 'module', 'instrument', 'instrument_version', 'instrument_hash', 'participant_kind'] as const;

/** A participant_kind cell: the kind it names (case and spaces ignored), null when empty, undefined when it names none. */
function declaredKind(text: string): ParticipantKind | null | undefined {
  if (text === '') return null;
  const t = text.toLowerCase();
  return t === 'code' ? 'code' : t === 'id' ? 'opaque' : undefined;
}

/** What a header that is no long CSV's may be meant as, for the message that refuses it. */
function missingColumnsHint(header: readonly string[], fields: readonly string[], missing: readonly string[]): string {
  // A header with two of the generic interactions CSV's columns is one with the third renamed.
  const interactions = GENERIC_REQUIRED.filter((c) => fields.includes(c));
  if (interactions.length >= 2) {
    const lacks = GENERIC_REQUIRED.filter((c) => !fields.includes(c));
    return `it looks like the generic interactions CSV, which needs learner, interaction_id and response (docs/lms.md), but it has no "${lacks[0]}" column: rename the column that holds it`;
  }
  const participant = missing.includes('participant') ? participantLikeColumn(header) : null;
  const rename = participant ? `; if column ${quoted(participant, 40)} holds the participant codes or ids, name it "participant"` : '';
  return `a long CSV needs participant, timepoint, item, value; REDCap and Qualtrics exports are recognised by their own columns: redcap_event_name or <form>_complete, ResponseId${rename}`;
}

/** Reads a long CSV file: its whole text, or its text in pieces (text-pieces.ts), with the same results. */
export function importCsv(ctx: ImportContext, file: string, original: string | TextPieces): void {
  const csv = typeof original === 'string' ? openCsv(original) : openCsvPieces(original);
  const fields = (csv.head[0] ?? []).map(normalizeHeader);
  const missing = REQUIRED.filter((c) => !fields.includes(c));
  if (fields.length === 0 || missing.length > 0) {
    ctx.rejectFile(
      { file, line: csv.headerLine },
      `this CSV file lacks the column${missing.length === 1 ? '' : 's'} ${missing.map((c) => `"${c}"`).join(', ')} (${missingColumnsHint(csv.head[0] ?? [], fields, missing)}); nothing in it was imported`,
    );
    return;
  }
  const keys = fields.map((f) => (KNOWN.has(f) ? `column "${f}"` : null));
  if (refuseRepeatedColumn(ctx, file, csv.headerLine, csv.head[0]!, keys, 'names are matched without regard to case, and spaces and dots count as underscores'))
    return;
  const unknown = fields.filter((f) => f !== '' && !KNOWN.has(f));
  if (unknown.length) ctx.problem({ file, line: csv.headerLine }, 'warning', `column${unknown.length === 1 ? '' : 's'} ${listColumns(unknown)} not used`);
  const hasInstrumentColumns = fields.includes('instrument');
  if (!hasInstrumentColumns) {
    ctx.problem(
      { file, line: csv.headerLine },
      'warning',
      `this file does not say which questionnaire it holds (no "instrument" column); its rows are read as "${ctx.instrument.id}" version ${ctx.instrument.version}`,
    );
  }
  const columns = Object.fromEntries([...REQUIRED, ...OPTIONAL].map((c) => [c, fields.indexOf(c)])) as Columns;
  const reader = new RowReader(ctx, file, columns, csv.delimiter, fields.length);
  readCsvRows(ctx, file, csv, { headerRows: 1, fields }, reader);
  reader.assembler.finish();
}

/**
 * Text as exported: the exports put a single quote before text starting with = + - @ (formula
 * neutralisation), quotes before it included (export-util.ts safeCell); reading it back removes that
 * quote so cohort and module names round-trip, one that began with a quote too.
 */
const unquoteFormula = (v: string): string => (v.charCodeAt(0) === 39 && QUOTED_FORMULA.test(v) ? v.slice(1) : v);
/** The columns that place a record: its cohort, module and questionnaire. */
const PLACE_COLUMNS = ['cohort', 'module', 'instrument', 'instrument_version', 'instrument_hash'] as const;
type RecordPlace = Pick<RecordStart, 'cohort' | 'module' | 'instrument'>;

/** True when two rows hold the same texts in these columns (those the file has). */
function sameCells(row: readonly string[], other: readonly string[], names: readonly (keyof Columns)[], columns: Columns): boolean {
  for (let k = 0; k < names.length; k++) {
    const i = columns[names[k]!];
    if (i >= 0 && row[i] !== other[i]) return false;
  }
  return true;
}
/** Each timepoint's one string, kept by every record (not a copy per record). */
const TIMEPOINT_OF: ReadonlyMap<string, Timepoint> = new Map(TIMEPOINTS.map((t) => [t, t]));
/** In RowReader.rowLayout: the item column, the value column (key columns are given by their run's index). */
const ITEM_PART = -1;
const VALUE_PART = -2;

/** Assembles rows into records: one per participant × timepoint × cohort × module × instrument. */
class RowReader implements CsvRowReader {
  readonly assembler: RecordAssembler;
  /** The kind of this file's participant ids, decided from the ids of its first chunk (participant-ids.ts). */
  private kind: ParticipantKind | null = null;
  private readonly codes = new Map<string, string | null>();
  private readonly texts = new Map<string, string>();
  /** Ids that look like codes in a file of other ids, warned about once each. */
  private readonly warned = new Set<string>();
  /**
   * The record the row before was added to (rows come in runs), the row that started it, as values and as the
   * text of each run of neighbouring key columns, delimiters included (runFirst), and the cohort, module and
   * questionnaire it was read as (the next record's first row reuses them when its cells are the same).
   */
  private last: { row: readonly string[]; runs: readonly string[]; place: RecordPlace; assembled: Assembled } | null = null;
  private readonly keyColumns: readonly number[];
  /**
   * The key columns in runs of neighbouring columns (participant and timepoint; cohort to the questionnaire's
   * version): the first and last column of each. A row read in place is compared with the last row run by
   * run, one comparison of text for each rather than one for each column.
   */
  private readonly runFirst: Int32Array;
  private readonly runLast: Int32Array;
  /**
   * The columns in the file's order as parts of a row: a run of key columns (its index in runFirst), the
   * item (ITEM_PART) or the value (VALUE_PART); null when the file has other columns too, or when an item id
   * holds the delimiter (readLikeLast is then never used).
   */
  private readonly rowLayout: Int32Array | null;
  /** False when a background row's item (demo:id) holds the delimiter: readLikeLast then reads item rows only. */
  private readonly plainBackground: boolean;
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly ctx: ImportContext;
  private readonly file: string;
  private readonly columns: Columns;

  constructor(ctx: ImportContext, file: string, columns: Columns, delimiter: string, width: number) {
    this.ctx = ctx;
    this.file = file;
    this.columns = columns;
    this.delimiter = delimiter;
    this.delimiterCode = delimiter.charCodeAt(0);
    this.keyColumns = RECORD_KEY_COLUMNS.map((c) => columns[c]);
    const present = this.keyColumns.filter((i) => i >= 0).sort((a, b) => a - b);
    const runs: [number, number][] = [];
    for (const i of present) {
      const run = runs.at(-1);
      if (run && run[1] === i - 1) run[1] = i;
      else runs.push([i, i]);
    }
    this.runFirst = Int32Array.from(runs, (r) => r[0]);
    this.runLast = Int32Array.from(runs, (r) => r[1]);
    const layout: number[] = [];
    for (let c = 0; c < width; c++) {
      const run = runs.findIndex((r) => r[0] === c);
      if (run >= 0) {
        layout.push(run);
        c = runs[run]![1];
      } else if (c === columns.item) layout.push(ITEM_PART);
      else if (c === columns.value) layout.push(VALUE_PART);
      else {
        layout.length = 0;
        break;
      }
    }
    // An item id (or a background row's demo:id) holding the delimiter would be read as two values (ids are
    // slugs, which hold none; but a file may name its delimiter, a hyphen or a colon, with sep=).
    const plainIds = [...ctx.itemPoints.keys()].every((id) => !id.includes(delimiter));
    this.rowLayout = layout.length && plainIds ? Int32Array.from(layout) : null;
    this.plainBackground = [...ctx.demographicOptions.keys()].every((id) => !(DEMOGRAPHIC_ITEM_PREFIX + id).includes(delimiter));
    this.assembler = new RecordAssembler(ctx, file);
  }

  /**
   * Decides the kind of the file's participant ids from the rows of its first chunk (every row of a file
   * under 1 MB), before any of them is read: rows are read once, as they come.
   */
  beforeChunk(rows: readonly (readonly string[])[]): void {
    if (this.kind !== null) return;
    const i = this.columns.participant;
    const k = this.columns.participant_kind;
    // Rows that say their kind (participant_kind) do not take part in the file's decision.
    const undeclared = k < 0 ? rows : rows.filter((row) => (row[k] ?? '').trim() === '');
    this.kind = decideIdKind(undeclared.map((row) => row[i] ?? ''));
  }

  /** Only the first chunk's rows decide the kind; later chunks are read row by row. */
  wantsChunkRows(): boolean {
    return this.kind === null;
  }

  rowError(where: Where, message: string, kind: string = message): void {
    this.ctx.counts.csvRowsRejected += 1;
    this.ctx.problem(where, 'error', `${message}; row not used`, `${kind}; row not used`);
  }

  /** Records this file may still start within the import's limit. */
  newRecordsLeft(): number {
    return this.ctx.recordsLeft() - this.assembler.size;
  }

  private cell(row: readonly string[], column: keyof Columns): string {
    const i = this.columns[column];
    return i < 0 ? '' : (row[i] ?? '').trim();
  }

  read(row: readonly string[], where: Where): void {
    const a = this.sameRecordAsLast(row) ?? this.recordFor(row, where);
    if (a) this.addValue(a, this.cell(row, 'item'), this.cell(row, 'value'), where.line ?? 0);
  }

  /**
   * A row of the record the row before was added to, read where it lies (most rows of a long CSV: no array
   * of values, no copy of the values that name the record); any other row is handed back to `read`.
   */
  readInPlace(text: string, start: number, ends: Int32Array, line: number): boolean {
    const last = this.last;
    if (last === null) return false;
    const { runFirst, runLast } = this;
    for (let r = 0; r < runFirst.length; r++) {
      // Equal texts of a run mean equal values in each of its columns: a row read in place holds no quote.
      if (!equalsAt(text, valueStart(start, ends, runFirst[r]!), ends[runLast[r]!]!, last.runs[r]!)) return false;
    }
    const { item: itemColumn, value: valueColumn } = this.columns;
    const a = last.assembled;
    const itemFrom = valueStart(start, ends, itemColumn);
    const expected = this.assembler.expectedItemAt(a, text, itemFrom, ends[itemColumn]!);
    const valueFrom = valueStart(start, ends, valueColumn);
    const valueTo = ends[valueColumn]!;
    // The usual row: the item that comes next in the questionnaire, answered with one digit.
    const digit = valueTo - valueFrom === 1 ? text.charCodeAt(valueFrom) - 48 : -1;
    if (expected !== null && digit >= 0 && digit <= 9 && this.assembler.answerExpectedDigit(a, digit, line)) return true;
    this.addValue(a, expected ?? text.slice(itemFrom, ends[itemColumn]!).trim(), text.slice(valueFrom, valueTo).trim(), line);
    return true;
  }

  /**
   * A row that is the row before's, key column for key column, with the questionnaire's next item and a
   * one-digit answer to it (nearly every row of a long CSV; readInPlace's usual row, found sooner), or with
   * the next background question (demo:id) and one of its options (a pre record's rows after its items):
   * read and kept from the line as it lies, without first finding where each value ends. False, having done
   * nothing, for any other row (readInPlace decides). Offered on the same terms as readInPlace; the line
   * holds no line break.
   */
  readLikeLast(text: string, start: number, end: number, line: number): boolean {
    const { last, rowLayout } = this;
    if (last === null || rowLayout === null) return false;
    const a = last.assembled;
    const item = this.assembler.expectedItem(a);
    if (item !== undefined) {
      const from = this.valueIfLastWith(text, start, end, item, true);
      if (from >= 0) return this.assembler.answerExpectedDigit(a, text.charCodeAt(from) - 48, line);
    }
    const question = this.plainBackground ? this.assembler.expectedBackground(a) : undefined;
    if (question === undefined) return false;
    const from = this.valueIfLastWith(text, start, end, question, false);
    return from >= 0 && this.assembler.answerExpectedBackground(a, text, from, this.valueEnd, line);
  }

  /** Where valueIfLastWith found a value of any length to end (not kept for a one-digit value). */
  private valueEnd = 0;

  /**
   * Where the value of text[start..end) begins when the line holds the row before's key columns and `item` in
   * the item column (laid out as rowLayout has it), and, with `digit`, a value of one digit; else -1. Without
   * quotes in the file, every delimiter ends a value, and a run's text holds its values with the delimiters
   * between them.
   */
  private valueIfLastWith(text: string, start: number, end: number, item: string, digit: boolean): number {
    const runs = this.last!.runs;
    const rowLayout = this.rowLayout!;
    const delimiter = this.delimiterCode;
    let at = start;
    let valueFrom = -1;
    for (let p = 0; p < rowLayout.length; p++) {
      if (p > 0) {
        if (text.charCodeAt(at) !== delimiter) return -1;
        at += 1;
      }
      const part = rowLayout[p]!;
      if (part === VALUE_PART) {
        valueFrom = at;
        if (digit) {
          // (The delimiter or the line's end must follow: checked with the next part, or at the end.)
          const d = text.charCodeAt(at) - 48;
          if (!(d >= 0 && d <= 9)) return -1;
          at += 1;
        } else {
          while (at < end && text.charCodeAt(at) !== delimiter) at++;
          this.valueEnd = at;
        }
        continue;
      }
      const expected = part === ITEM_PART ? item : runs[part]!;
      const to = at + expected.length;
      if (to > end || !(expected.length > 16 ? text.startsWith(expected, at) : equalsAt(text, at, to, expected))) return -1;
      at = to;
    }
    return at === end ? valueFrom : -1;
  }

  continuesLast(row: readonly string[]): boolean {
    return this.sameRecordAsLast(row) !== null;
  }

  /** The record the row before went to, when `row` would go on with it: cut off by the row limit, so not imported. */
  cutOff(row: readonly string[], line: number): void {
    const a = this.sameRecordAsLast(row);
    if (!a) return;
    this.assembler.leaveOutCut(a, line);
    this.last = null;
  }

  private sameRecordAsLast(row: readonly string[]): Assembled | null {
    const last = this.last;
    if (!last) return null;
    const cols = this.keyColumns;
    for (let k = 0; k < cols.length; k++) {
      const i = cols[k]!;
      if (i >= 0 && row[i] !== last.row[i]) return null;
    }
    return last.assembled;
  }

  /**
   * The participant of a row, as code or id per the row's participant_kind (`declared`), else the file's
   * kind; null (and the row reported) when it has none.
   */
  private participantOf(raw: string, declared: ParticipantKind | null, where: Where): { participant: string; kind: ParticipantKind } | null {
    if (declared === 'opaque') {
      const problem = opaqueIdProblem(raw);
      if (!problem) return { participant: this.own(raw), kind: 'opaque' };
      const bad = badIdProblem(raw, problem);
      return this.reject(where, bad.message, bad.kind);
    }
    if (declared === null && this.kind === 'opaque') {
      const problem = opaqueIdProblem(raw);
      if (problem) {
        const bad = badIdProblem(raw, problem);
        return this.reject(where, bad.message, bad.kind);
      }
      if (!this.warned.has(raw) && classifyId(raw) !== 'other') {
        this.warned.add(this.own(raw));
        const warning = codeLikeIdWarning(raw);
        this.ctx.problem(where, 'warning', warning.message, warning.kind, 'record');
      }
      return { participant: this.own(raw), kind: 'opaque' };
    }
    let code = this.codes.get(raw);
    if (code === undefined) {
      // Copies: a slice of the text kept as a key or a code keeps all of the text it was cut from.
      const normalized = normalizeParticipantCode(raw);
      code = normalized === null ? null : this.own(normalized);
      this.codes.set(this.own(raw), code);
    }
    if (code === null) {
      const invalid = invalidCodeProblem(raw);
      return this.reject(where, invalid.message, invalid.kind);
    }
    return { participant: code, kind: 'code' };
  }

  /** The record this row belongs to (created on its first row), or null when the row names none. */
  private recordFor(row: readonly string[], where: Where): Assembled | null {
    const raw = this.cell(row, 'participant');
    if (raw === '') return this.reject(where, 'the participant code is empty');
    const kindText = this.cell(row, 'participant_kind');
    const declared = declaredKind(kindText);
    if (declared === undefined) {
      return this.reject(where, `participant_kind ${quoted(kindText, 40)} is neither "code" nor "id"`, 'participant_kind is neither "code" nor "id"');
    }
    const who = this.participantOf(raw, declared, where);
    if (!who) return null;
    const timepoint = TIMEPOINT_OF.get(this.cell(row, 'timepoint').toLowerCase());
    if (timepoint === undefined) {
      return this.reject(
        where,
        `timepoint ${quoted(this.cell(row, 'timepoint'))} is not one of ${TIMEPOINTS.join(', ')}`,
        `the timepoint is not one of ${TIMEPOINTS.join(', ')}`,
      );
    }
    // The next record of a long CSV is usually in the same cohort, module and questionnaire as the row before's:
    // then its cells are the same strings (UnquotedLines), read as they were read then.
    const last = this.last;
    const place = last !== null && sameCells(row, last.row, PLACE_COLUMNS, this.columns) ? last.place : this.placeOf(row);
    const a = this.assembler.start(
      {
        participant: who.participant,
        participantRaw: this.own(raw),
        participantKind: who.kind,
        timepoint,
        cohort: place.cohort,
        module: place.module,
        instrument: place.instrument,
      },
      where.line ?? 0,
    );
    const { runFirst, runLast } = this;
    const runs: string[] = [];
    for (let r = 0; r < runFirst.length; r++) {
      let same = last !== null;
      for (let c = runFirst[r]!; same && c <= runLast[r]!; c++) same = row[c] === last!.row[c];
      runs.push(same ? last!.runs[r]! : row.slice(runFirst[r]!, runLast[r]! + 1).join(this.delimiter));
    }
    this.last = { row, runs, place, assembled: a };
    return a;
  }

  /** The cohort, module and questionnaire a row names (copies of its texts). */
  private placeOf(row: readonly string[]): RecordPlace {
    return {
      cohort: this.own(unquoteFormula(this.cell(row, 'cohort'))) || null,
      module: this.own(unquoteFormula(this.cell(row, 'module'))) || null,
      instrument: {
        id: this.own(this.cell(row, 'instrument')) || this.ctx.instrument.id,
        version: this.own(this.cell(row, 'instrument_version')),
        hash: this.own(this.cell(row, 'instrument_hash').toLowerCase()) || null,
      },
    };
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

  private addValue(a: Assembled, item: string, value: string, line: number): void {
    if (item === '') return this.rowError({ file: this.file, line }, 'the item is empty');
    // The record may keep both (a background answer; where an item was read): copies, not slices of the text.
    const problem = this.assembler.answer(a, this.own(item), this.own(value), line);
    if (!problem) return;
    if (problem.severity === 'warning') {
      this.ctx.counts.csvRowsRejected += 1;
      this.ctx.problem({ file: this.file, line }, 'warning', problem.message, problem.kind);
    } else {
      this.rowError({ file: this.file, line }, problem.message, problem.kind);
    }
  }
}

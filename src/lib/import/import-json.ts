// Reading result-record JSON files (a single record or an array of records) for the evaluator.
//
// Before a file is parsed, the number of records is bounded (maxRecordsPerFile: a 50 MB array of `{}` is
// 17 million entries, which would take a minute and gigabytes to parse); after parsing, each record's
// shape is checked without recursion (maxJsonDepth, maxStringChars, maxRecordValues) before anything else
// touches it, so a record nested 10,000 deep or holding a 5 MB text is rejected on its own, naming the
// record, and every other record of the file is read.
import { fieldPath } from '../instrument/load.ts';
import { invalidCodeProblem, lastCodeMemo } from './participant-ids.ts';
import { canonicalJsonWithout } from '../util/canonical-json.ts';
import { canonicalBytesWithout } from './canonical-bytes.ts';
import { describeWhere, type ImportContext, type Where } from './import-context.ts';
import type { CheckedEntries, CheckedRecord, ImportedRecord } from './import-types.ts';
import { formatCount, printable, quoted, type ImportLimits } from './limits.ts';
import { resultRecordSchema } from '../records/record-schema.ts';
import { isPlainValidRecord } from './record-precheck.ts';
import { RECORD_FORMAT, RECORD_FORMAT_VERSION, type ResultRecord } from '../records/result-record.ts';
import { describeStatementPlace, isStatementData, type StatementLedger, StatementRecordReader, statementsIn, voidedRecordProblem } from './xapi.ts';

/** A parser's message, shortened and without control characters, for a problem. */
function errorDetail(error: unknown): string {
  // V8 quotes the text around the fault ('Unexpected token 'J', "Jane Doe,4" is not valid JSON'): a name
  // or an address may be in it, so it is left out (the position, when given, says where).
  const raw = (error instanceof Error ? error.message : String(error)).replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, ' (the text is not shown)');
  return printable(raw.length > 200 ? `${raw.slice(0, 200)}…` : raw);
}

/** A person-readable reason why JSON.parse failed; truncated files get their own wording. */
function jsonErrorMessage(text: string, error: unknown): string {
  const detail = errorDetail(error);
  const truncated = /end of (json )?input|unterminated|Unexpected end/i.test(detail) || looksTruncated(text);
  return truncated
    ? `this file is not complete: it ends in the middle of the data, so it was probably cut off while downloading or copying. Nothing in it was imported; ask for the file again. (${detail})`
    : `this file is not valid JSON, so nothing in it was imported. (${detail})`;
}

/**
 * The values of a JSON Lines file (.jsonl, .ndjson: one JSON value per line, as some LRSs and tools export
 * statements) and the line of each, with the lines that are not JSON (their number and why); null when the
 * text is not one:
 * its first line that is not blank must be a whole JSON object, and another line must follow it.
 */
function jsonLines(text: string): { values: unknown[]; lineOf: number[]; bad: { line: number; detail: string }[] } | null {
  const lines = text.split(/\r?\n/);
  const parse = (line: string): { value: unknown } | { detail: string } => {
    try {
      return { value: JSON.parse(line) };
    } catch (error) {
      return { detail: errorDetail(error) };
    }
  };
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0 || !lines.slice(first + 1).some((l) => l.trim() !== '')) return null;
  const head = parse(lines[first]!);
  if (!('value' in head) || head.value === null || typeof head.value !== 'object' || Array.isArray(head.value)) return null;
  const values: unknown[] = [];
  const lineOf: number[] = [];
  const bad: { line: number; detail: string }[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const got = parse(line);
    if ('value' in got) {
      values.push(got.value);
      lineOf.push(i + 1);
    } else bad.push({ line: i + 1, detail: got.detail });
  });
  return { values, lineOf, bad };
}

/** True when brackets/braces are still open at the end of the text (outside strings). */
function looksTruncated(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash escape
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return inString || depth > 0;
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const shown = issues.slice(0, 3).map((i) => `${shortPath(i.path) || '(whole record)'}: ${i.message}`);
  const more = issues.length > 3 ? `; and ${issues.length - 3} more` : '';
  return shown.join('; ') + more;
}

/** A field path for a message, each key cut to 40 characters and control characters made visible. */
function shortPath(path: readonly PropertyKey[]): string {
  return fieldPath(path.map((k) => (typeof k === 'string' ? quoted(k, 40).replace(/^"|"$/g, '') : k)));
}

/**
 * How many entries the top-level array of `text` has and how many values (commas) it holds, counted only
 * until either goes over its maximum (then the count is max + 1), so a 50 MB list of `{}` is refused after
 * its first few hundred kilobytes. Null when the text has too few commas to go over either maximum (every
 * learner's download), so small files are not scanned. Strings are skipped whole; no recursion.
 */
export function countTopLevel(text: string, maxEntries: number, maxValues = Infinity): { entries: number; values: number } | null {
  const enough = Math.min(maxEntries, maxValues);
  let commas = 0;
  for (let i = text.indexOf(','); i !== -1 && commas <= enough; i = text.indexOf(',', i + 1)) commas++;
  if (commas + 1 <= enough) return null;
  let depth = 0;
  let entries = 1;
  let values = 1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A string: on to its closing quote (one not preceded by an odd number of backslashes).
      let j = text.indexOf('"', i + 1);
      while (j !== -1) {
        let k = j - 1;
        while (text.charCodeAt(k) === 92) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j = text.indexOf('"', j + 1);
      }
      if (j === -1) break;
      i = j;
    } else if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) depth--;
    else if (c === 44) {
      if (++values > maxValues) return { entries, values };
      if (depth === 1 && ++entries > maxEntries) return { entries, values };
    }
  }
  return { entries, values };
}

/** Values counted so far by shapeIsSafe (per record, as shapeProblem counts them). */
let valuesSeen = 0;

/**
 * True when shapeProblem would find nothing: the same values looked at, the same limits. Recursive, but it
 * goes no deeper than limits.maxJsonDepth + 1 levels (deeper is a problem, and it stops there).
 */
function shapeIsSafe(value: unknown, limits: ImportLimits, depth: number): boolean {
  if (typeof value === 'string') return value.length <= limits.maxStringChars;
  if (value === null || typeof value !== 'object') return true;
  if (depth > limits.maxJsonDepth) return false;
  if (Array.isArray(value)) {
    valuesSeen += value.length;
    if (valuesSeen > limits.maxRecordValues) return false;
    for (let i = 0; i < value.length; i++) if (!shapeIsSafe(value[i], limits, depth + 1)) return false;
    return true;
  }
  for (const key in value) {
    if (key.length > limits.maxStringChars || ++valuesSeen > limits.maxRecordValues) return false;
    if (!shapeIsSafe((value as Record<string, unknown>)[key], limits, depth + 1)) return false;
  }
  return true;
}

/**
 * Why a parsed record cannot be read safely (nested too deep, too long a text, too many values), or null.
 * Iterative, so no depth of nesting can overflow the stack; stops at the first problem found.
 * `depth` is the record's own level in the file (1 for a file holding one record, 2 in a list).
 */
export function shapeProblem(record: unknown, limits: ImportLimits, depth: number): string | null {
  // The usual record has no problem: a first look that allocates nothing says so. Only a record that has
  // one is walked again below, to find and name it (the walk below made some 400 bytes of short-lived
  // entries for every record, 200,000 at a time from an LRS).
  valuesSeen = 0;
  if (shapeIsSafe(record, limits, depth)) return null;
  // Each entry knows its parent, so the path of a value is built only when there is a problem to report.
  interface Entry {
    value: unknown;
    depth: number;
    key: string | number | null;
    parent: Entry | null;
  }
  const pathOf = (e: Entry): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let at: Entry | null = e; at && at.key !== null; at = at.parent) path.unshift(at.key);
    return path;
  };
  const stack: Entry[] = [{ value: record, depth, key: null, parent: null }];
  let values = 0;
  while (stack.length) {
    const entry = stack.pop()!;
    const { value } = entry;
    if (typeof value === 'string') {
      if (value.length > limits.maxStringChars) {
        return `${shortPath(pathOf(entry)) || 'it'} is a text of ${formatCount(value.length)} characters, more than the limit of ${formatCount(limits.maxStringChars)}`;
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (entry.depth > limits.maxJsonDepth) {
      const path = pathOf(entry);
      return `it is nested more than ${limits.maxJsonDepth} levels deep (at ${shortPath(path.slice(0, 4))}${path.length > 4 ? '…' : ''}), the limit for a file; a file of result records is 3 levels deep`;
    }
    if (Array.isArray(value)) {
      values += value.length;
      if (values > limits.maxRecordValues) return `it holds more than ${formatCount(limits.maxRecordValues)} values, the limit for one record`;
      for (let i = value.length - 1; i >= 0; i--) {
        const v: unknown = value[i];
        if (typeof v === 'object' ? v !== null : typeof v === 'string' && v.length > limits.maxStringChars)
          stack.push({ value: v, depth: entry.depth + 1, key: i, parent: entry });
      }
    } else {
      for (const key in value) {
        if (key.length > limits.maxStringChars) {
          return `${shortPath(pathOf(entry)) || 'the record'} has a field name of ${formatCount(key.length)} characters, more than the limit of ${formatCount(limits.maxStringChars)}`;
        }
        if (++values > limits.maxRecordValues) return `it holds more than ${formatCount(limits.maxRecordValues)} values, the limit for one record`;
        const v = (value as Record<string, unknown>)[key];
        // Only what may hold a problem goes on the stack: objects, and texts over the limit (to be named).
        if (typeof v === 'object' ? v !== null : typeof v === 'string' && v.length > limits.maxStringChars)
          stack.push({ value: v, depth: entry.depth + 1, key, parent: entry });
      }
    }
  }
  return null;
}

/** Why a list of at least `n` entries is not read, when `max` is the most this file may hold. */
const tooManyEntries = (limits: ImportLimits, max: number, n: number): string =>
  max < limits.maxRecordsPerFile
    ? `together with the files before it, more than ${formatCount(limits.maxRecordsTotal)} records, the limit for one import (it holds at least ${formatCount(n)}); analyse the files in smaller batches`
    : `more than ${formatCount(limits.maxRecordsPerFile)} entries, the limit per file; split it into smaller files`;

export function importJson(ctx: ImportContext, file: string, text: string): void {
  const { limits } = ctx;
  const max = Math.min(limits.maxRecordsPerFile, Math.max(0, ctx.recordsLeft()));
  const trimmed = text.trimStart();
  const counted = countTopLevel(trimmed, trimmed.startsWith('[') ? max : Infinity, limits.maxJsonValues);
  const why =
    counted === null
      ? null
      : counted.values > limits.maxJsonValues
        ? `more than ${formatCount(limits.maxJsonValues)} values, the limit per file; split it into smaller files`
        : trimmed.startsWith('[') && counted.entries > max
          ? tooManyEntries(limits, max, counted.entries)
          : null;
  if (why) {
    ctx.rejectFile({ file }, `this file was not read: it holds ${why}. Nothing in it was imported`);
    return;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const lines = jsonLines(text);
    if (!lines) return ctx.rejectFile({ file }, jsonErrorMessage(text, error));
    // Said with its number in the message: the records of the file are numbered by line, its statements by order.
    for (const bad of lines.bad) {
      ctx.problem(
        { file },
        'error',
        `line ${bad.line} is not valid JSON, so it was not read (${bad.detail})`,
        'a line is not valid JSON, so it was not read',
        'row',
      );
    }
    if (lines.values.length === 0) return;
    if (isStatementData(lines.values)) return importStatements(ctx, file, statementsIn(lines.values));
    if (!entryListRefused(ctx, file, lines.values.length)) readEntries(ctx, file, lines.values, 2, undefined, undefined, undefined, lines.lineOf);
    return;
  }
  if (isStatementData(data)) return importStatements(ctx, file, statementsIn(data));
  if (Array.isArray(data)) readEntries(ctx, file, data, 2);
  else if (data !== null && typeof data === 'object') readEntries(ctx, file, [data], 1);
  else ctx.rejectFile({ file }, 'this file holds no result records (expected one record or a list of records); nothing imported');
}

/**
 * Records already parsed (ImportFile.entries), read as the entries of a JSON list in a file: the same
 * limit on entries per file and in all, and the same checks of every record. `depth`: the entries' own level
 * of nesting (2 in a list; 5 in the statements that carry them).
 */
export function importJsonEntries(ctx: ImportContext, file: string, entries: readonly unknown[], statements?: readonly (string | null)[], depth = 2): void {
  if (entryListRefused(ctx, file, entries.length)) return;
  const tally = newTally();
  readEntries(ctx, file, entries, depth, statements, statements, tally);
  noteTally(ctx, file, tally);
}

/**
 * xAPI statements (as an LRS serves or exports them): the records they carry, whole, read as a list of
 * records would be (nested in their statements, so at depth 5), each statement id counted once over the
 * whole import (ctx.statements) and voided statements left out, wherever the voiding statement is: one in
 * this file or a file read before is applied as the records are read; the file's own voiding statements are
 * noted for the files after it once the file is taken (not when it is refused), and for the files before it
 * at the end of the import (ImportContext.applyLateVoids). The file is parsed once.
 */
function importStatements(ctx: ImportContext, file: string, statements: readonly unknown[]): void {
  const reader = new StatementRecordReader(ctx.statements, { deferVoids: true });
  const found = reader.read(statements, file);
  // Said first, completed once the records are read (repeated ids are found as they are).
  const summary = ctx.problem({ file }, 'warning', 'read as xAPI statements');
  for (const v of found.voidedElsewhere) {
    const where: Where = v.statement === null ? { file } : { file, statement: v.statement };
    const problem = voidedRecordProblem(v.statement, v.by);
    ctx.problem(where, 'warning', problem.message, problem.kind);
  }
  const tally = newTally();
  // The records they carry count against the same limits as a list of records.
  const refused = found.records.length > 0 && entryListRefused(ctx, file, found.records.length);
  if (!refused) {
    if (found.records.length) readEntries(ctx, file, found.records, 5, found.statementIds, found.ids, tally);
    // Taken: its voiding statements hold for the files after it, and at the end for those before it.
    for (const v of found.voids) ctx.statements.void(v.target, v.by);
  }
  if (!summary) return;
  const parts = {
    statements: reader.counts.statements,
    carrying: found.records.length - tally.repeated,
    duplicates: reader.counts.duplicates + tally.repeated,
    conflicts: tally.conflicts,
    voided: reader.counts.voided,
    voiding: reader.counts.voiding,
    other: reader.counts.otherStatements,
  };
  const say = () =>
    `read as xAPI statements: ${formatCount(parts.statements)} statements, ${formatCount(parts.carrying)} carrying a result record` +
    (parts.duplicates ? `; ${formatCount(parts.duplicates)} repeated (counted once)` : '') +
    (parts.conflicts ? `; ${formatCount(parts.conflicts)} with the id of a different statement read before (left out)` : '') +
    (parts.voided ? `; ${formatCount(parts.voided)} voided (left out)` : '') +
    (parts.voiding ? `; ${formatCount(parts.voiding)} voiding another statement` : '') +
    (parts.other ? `; ${formatCount(parts.other)} other statements (single answers, progress…) not needed` : '');
  summary.message = say();
  ctx.whenVoidedLater((voided) => {
    parts.voided += voided;
    parts.carrying -= voided;
    summary.message = say();
    return null;
  });
}

/** What the statement ids of a list of records came to: ids read before with the same record, with another, voided. */
interface StatementTally {
  repeated: number;
  conflicts: number;
  voided: number;
}
const newTally = (): StatementTally => ({ repeated: 0, conflicts: 0, voided: 0 });

/**
 * For a list of records read as they are (an LRS's pages): the statements it left out as read before or
 * voided, said now and again if a file read later voids more of them (ImportContext.applyLateVoids).
 */
function noteTally(ctx: ImportContext, file: string, tally: StatementTally): void {
  const say = () =>
    [
      tally.repeated ? `${formatCount(tally.repeated)} statement${tally.repeated === 1 ? '' : 's'} read before in this import, the same (counted once)` : '',
      tally.voided ? `${formatCount(tally.voided)} voided (left out)` : '',
    ]
      .filter(Boolean)
      .join('; ');
  let said = tally.repeated || tally.voided ? ctx.problem({ file }, 'warning', say()) : null;
  ctx.whenVoidedLater((voided) => {
    tally.voided += voided;
    if (said) {
      said.message = say();
      return null;
    }
    said = { file, severity: 'warning', message: say() };
    return said;
  });
}

/**
 * Whether the record carried by statement `id` (at `where`) is read: not when a statement voids it, nor
 * when its id was read before in this import (with the same record: counted once; with another: a
 * conflict, as xAPI has it, reported as an error: the first is kept).
 */
function claimed(ctx: ImportContext, checked: CheckedRecord, where: JsonWhere, id: string | null | undefined, tally: StatementTally): boolean {
  if (id === null || id === undefined) return true;
  const ledger: StatementLedger = ctx.statements;
  const by = ledger.voidedBy(id);
  if (by !== undefined) {
    tally.voided++;
    const problem = voidedRecordProblem(where.statement, by);
    ctx.problem(where, 'warning', problem.message, problem.kind);
    return false;
  }
  // The content of a record: its content key (its checksum as computed, and as written when they differ).
  const claim = ledger.claim(id, 'rejected' in checked ? `\u0000${checked.rejected}` : checked.key, where);
  if (claim.kind === 'new') return true;
  if (claim.kind === 'repeat') {
    tally.repeated++;
    return false;
  }
  tally.conflicts++;
  ctx.counts.recordsRead += 1;
  ctx.rejectRecord(
    where,
    `statement ${where.statement ?? '(id not a UUID, not shown)'} was read before at ${describeStatementPlace(claim.first)} carrying a different record: a statement cannot change (xAPI), so two different statements with one id are a conflict; the first is kept and this one is left out`,
    'a statement id read before, carrying a different record (a conflict, as xAPI has it): the first is kept and this one is left out',
  );
  return false;
}

/** The limit on entries per file and in all, for a list of `n` parsed entries: true (and reported) when it is refused. */
function entryListRefused(ctx: ImportContext, file: string, n: number): boolean {
  const { limits } = ctx;
  const max = Math.min(limits.maxRecordsPerFile, Math.max(0, ctx.recordsLeft()));
  if (n <= max) return false;
  ctx.rejectFile({ file }, `this file was not read: it holds ${tooManyEntries(limits, max, n)}. Nothing in it was imported`);
  return true;
}

/**
 * Checks and imports each entry; `depth` is the entries' own level of nesting (1 for a lone record).
 * `statements`: the ids of the xAPI statements that carried the entries (null where a statement had none).
 */
function readEntries(
  ctx: ImportContext,
  file: string,
  items: readonly unknown[],
  depth: number,
  statements?: readonly (string | null)[],
  ids?: readonly (string | null)[],
  tally: StatementTally = newTally(),
  /** Each entry's number, when it is not its position (a JSON Lines file's records: their lines). */
  numbers?: readonly number[],
): void {
  if (items.length === 0) {
    ctx.problem({ file }, 'warning', 'this file holds an empty list: no records in it');
    return;
  }
  for (let index = 0; index < items.length; index++) {
    const checked = checkRecord(ctx, items[index], depth);
    const where = placeOf(file, index, statements, numbers);
    if (ids && !claimed(ctx, checked, where, ids[index], tally)) continue;
    ctx.counts.recordsRead += 1;
    finishRecord(ctx, checked, where, ids?.[index]);
  }
}

/** What checkEntries needs: the limits, the checksum function, and where shared texts are kept. */
export interface RecordCheckEnv {
  readonly limits: ImportLimits;
  readonly sha256: (text: string) => string;
  /** SHA-256 (hex) of bytes, when there is a function for it: the checksum of a record of ASCII only is then computed from bytes (canonical-bytes.ts). */
  readonly sha256Bytes: ((bytes: Uint8Array) => string) | null;
  /** Where a checksum goes to be checked after the import instead of now (ImportOptions.checksumLater). */
  readonly checksumLater?: ((bytes: Uint8Array, written: string) => void) | null;
  shared(text: string): string;
  /** The participant code a record's raw participant text reads as (null: not a code). */
  participantCode(raw: string): string | null;
}

/** A RecordCheckEnv of its own (the checksum functions and limits of the import to come), keeping up to 10,000 shared texts. */
export function recordCheckEnv(sha256: (text: string) => string, sha256Bytes: ((bytes: Uint8Array) => string) | null, limits: ImportLimits): RecordCheckEnv {
  const texts = new Map<string, string>();
  return {
    limits,
    sha256,
    sha256Bytes,
    participantCode: lastCodeMemo(),
    shared(text: string): string {
      const kept = texts.get(text);
      if (kept !== undefined) return kept;
      if (texts.size < 10_000) texts.set(text, text);
      return text;
    },
  };
}

/**
 * The checks of a list of parsed entries (an LRS's page) that do not depend on the questionnaire, done as
 * the entries arrive, so that they can be let go at once (CheckedEntries): the import finishes them
 * against the questionnaire chosen (importCheckedEntries) exactly as importJsonEntries would have read
 * the entries themselves. `instruments` counts the questionnaires the entries name as listInstruments
 * counts those of ImportFile.entries.
 */
export function checkEntries(entries: readonly unknown[], env: RecordCheckEnv): CheckedEntries {
  const instruments: [unknown, unknown, unknown, number][] = [];
  let run: [unknown, unknown, unknown, number] | null = null;
  for (const entry of entries) {
    const inst = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>).instrument : undefined;
    if (!inst || typeof inst !== 'object' || Array.isArray(inst)) continue;
    const { id, version, hash } = inst as Record<string, unknown>;
    if (run && run[0] === id && run[1] === version && run[2] === hash) run[3]++;
    else instruments.push((run = [id, version, hash, 1]));
  }
  const { maxJsonDepth, maxStringChars, maxRecordValues, maxRecordsPerFile } = env.limits;
  // A list over the limit per file is refused whole by the import, whatever else: its entries are not checked.
  const outcomes = entries.length > maxRecordsPerFile ? null : entries.map((entry) => checkRecord(env, entry, 2));
  return { count: entries.length, outcomes, instruments, limits: { maxJsonDepth, maxStringChars, maxRecordValues, maxRecordsPerFile } };
}

/** Entries checked by checkEntries, imported as importJsonEntries imports the entries themselves. */
export function importCheckedEntries(ctx: ImportContext, file: string, checked: CheckedEntries, statements?: readonly (string | null)[]): void {
  for (const key of ['maxJsonDepth', 'maxStringChars', 'maxRecordValues', 'maxRecordsPerFile'] as const) {
    if (checked.limits[key] !== ctx.limits[key]) throw new Error(`entries were checked with another ${key} than this import's`);
  }
  if (entryListRefused(ctx, file, checked.count)) return;
  const { outcomes } = checked;
  if (outcomes === null) throw new Error('entries over the limit per file were not refused');
  if (outcomes.length === 0) {
    ctx.problem({ file }, 'warning', 'this file holds an empty list: no records in it');
    return;
  }
  const tally = newTally();
  for (let index = 0; index < outcomes.length; index++) {
    const where = placeOf(file, index, statements);
    if (statements && !claimed(ctx, outcomes[index]!, where, statements[index], tally)) continue;
    ctx.counts.recordsRead += 1;
    finishRecord(ctx, outcomes[index]!, where, statements?.[index]);
  }
  noteTally(ctx, file, tally);
}

/** A JSON record's place: its file and its 1-based position there. */
type JsonWhere = Where & { record: number };

/** The place of the entry at `index` (numbered by `numbers`, else its position), with the id of the xAPI statement that carried it, if any. */
function placeOf(file: string, index: number, statements: readonly (string | null)[] | undefined, numbers?: readonly number[]): JsonWhere {
  const statement = statements?.[index];
  const record = numbers?.[index] ?? index + 1;
  return statement ? { file, record, statement } : { file, record };
}

function reject(ctx: ImportContext, where: Where, message: string, kind: string = message): void {
  ctx.rejectRecord(where, `${message}; record not imported`, `${kind}; record not imported`);
}

/**
 * The checks of one entry that do not depend on the questionnaire: its shape (`depth` is its level of
 * nesting in the file), that it is a result record the schema accepts, and its checksum. A record that
 * passes is made into the record the import keeps (its answers as they are, not yet checked against the
 * questionnaire; `seq` set when it is kept).
 */
function checkRecord(env: RecordCheckEnv, raw: unknown, depth: number): CheckedRecord {
  const shape = shapeProblem(raw, env.limits, depth);
  if (shape) {
    return {
      rejected: `this entry cannot be read safely: ${shape}`,
      kind: 'this entry cannot be read safely: it is nested too deep, holds too long a text or too many values',
    };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const message = 'this entry is not a result record (not an object)';
    return { rejected: message, kind: message };
  }
  const obj = raw as Record<string, unknown>;
  if (obj.format !== RECORD_FORMAT) {
    const message = `this entry is not a result record of this app (it lacks "format": "${RECORD_FORMAT}")`;
    return { rejected: message, kind: message };
  }
  if (typeof obj.formatVersion === 'number' && obj.formatVersion > RECORD_FORMAT_VERSION) {
    return {
      rejected: `this record was made by a newer version of the app (record format ${obj.formatVersion}; this version reads format ${RECORD_FORMAT_VERSION}). Update the app to read it`,
      kind: `this record was made by a newer version of the app (this version reads record format ${RECORD_FORMAT_VERSION}). Update the app to read it`,
    };
  }
  // The usual record is vouched for by a quick test (record-precheck.ts); any other goes through the schema.
  const parsed = isPlainValidRecord(obj) ? { success: true as const, data: obj } : resultRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    return {
      rejected: `this record is damaged or incomplete: ${describeIssues(issues)}`,
      kind: `this record is damaged or incomplete: ${describeIssues(issues.slice(0, 1).map((i) => ({ path: i.path, message: i.message.replace(/, received .*$/, '') })))}${issues.length > 1 ? ' (and more)' : ''}`,
    };
  }
  const record = parsed.data;
  // The checksum covers every field the file holds except the checksum itself (extra fields included).
  // Of the usual record (ASCII only) computed from its bytes, without building the text: the same digest.
  const later = env.checksumLater ?? null;
  const bytes = env.sha256Bytes || later ? canonicalBytesWithout(obj, 'checksum') : null;
  let computed: string;
  if (bytes && later) {
    // Taken as matching for now; importCheckingLater imports again if it does not.
    later(bytes, record.checksum);
    computed = record.checksum;
  } else if (bytes && env.sha256Bytes) computed = env.sha256Bytes(bytes);
  else computed = env.sha256(canonicalJsonWithout(obj, 'checksum'));
  const valid = computed === record.checksum;
  const code = env.participantCode(record.participant);
  return {
    key: valid ? computed : `${computed}|${record.checksum}`,
    validCode: code !== null,
    record: toImported(env, record, code ?? record.participant, valid ? 'valid' : 'mismatch'),
  };
}

/**
 * The checks of one record against the questionnaire, after checkRecord's; keeps it, or says why not.
 * `statement`: the id of the xAPI statement that carried it, if any (a file read later may void it).
 */
function finishRecord(ctx: ImportContext, checked: CheckedRecord, where: JsonWhere, statement?: string | null): void {
  if ('rejected' in checked) return reject(ctx, where, checked.rejected, checked.kind);
  const copyOf = ctx.firstCopy(checked.key, where);
  if (copyOf) {
    ctx.noteCopy(checked.key, where, statement ?? null);
    ctx.counts.identicalCopies += 1;
    ctx.problem(
      where,
      'warning',
      `identical copy of ${describeWhere(copyOf)} (the same record imported twice); counted once`,
      'identical copy of a record read before (the same record imported twice); counted once',
    );
    return;
  }
  const { record } = checked;
  record.file = where.file;
  record.record = where.record;
  if (where.statement !== undefined) record.statement = where.statement;
  if (statement !== null && statement !== undefined) ctx.noteStatementOf(record, statement);
  const mismatch = ctx.instrumentMismatch(record.instrument.id, record.instrument.version, record.instrument.hash);
  if (mismatch) {
    record.seq = ctx.nextSeq();
    ctx.keepApart(record, mismatch);
    ctx.problem(
      where,
      'warning',
      `this record was ${mismatch}; it is kept apart and not analysed with the others`,
      'made with another questionnaire or version: kept apart and not analysed with the others',
    );
    return;
  }
  if (!checked.validCode) {
    const invalid = invalidCodeProblem(record.participantRaw);
    return reject(ctx, where, invalid.message, invalid.kind);
  }
  if (record.checksum === 'mismatch') {
    ctx.problem(
      where,
      'warning',
      'this record was edited after it was downloaded (its checksum does not match its content); it is imported and counted, but check where it came from',
    );
  }
  record.responses = ctx.checkResponses(record.responses, where);
  record.demographics = ctx.checkDemographics(record.demographics, where);
  record.seq = ctx.nextSeq();
  ctx.accept(record);
}

function toImported(env: RecordCheckEnv, record: ResultRecord, participant: string, checksum: 'valid' | 'mismatch'): ImportedRecord {
  return {
    source: 'json',
    file: '', // where it was read, and its place in the import: set when it is kept (finishRecord)
    record: 0,
    seq: -1,
    attemptId: record.attemptId,
    module: env.shared(record.module),
    cohort: record.cohort === null || record.cohort.trim() === '' ? null : record.cohort,
    participant,
    participantRaw: record.participant,
    participantKind: 'code',
    timepoint: record.timepoint,
    instrument: { id: env.shared(record.instrument.id), version: env.shared(record.instrument.version), hash: env.shared(record.instrument.hash) },
    startedAt: record.startedAt,
    completedAt: record.completedAt,
    responses: record.responses,
    demographics: record.demographics,
    checksum,
    ...(checksum === 'valid' ? { signature: record.checksum } : {}),
    appVersion: record.appVersion,
    // Format 2: the knowledge answers, which questions they answered, and the unit's modules.
    ...(record.knowledge ? { knowledge: record.knowledge } : {}),
    ...(record.knowledgeHashes ? { knowledgeHashes: record.knowledgeHashes } : {}),
    ...(record.modules ? { modules: record.modules } : {}),
  };
}

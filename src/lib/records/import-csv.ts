// Reading long CSV (one row per participant × timepoint × item) for the evaluator.
//
// Columns (header names are matched case-insensitively; spaces and dots count as underscores):
//   participant, timepoint, item, value                        required
//   cohort, module, instrument, instrument_version             optional (README, format 3)
//   instrument_hash                                            optional: the instrument fingerprint, if known
// Rows whose item is "demo:<question id>" carry a background (demographic) answer, e.g.
//   MA-07-SA-2,pre,demo:discipline,nurse
// `value` is a response value (a whole number on the item's scale), or an option value for demo: rows.
// An empty value or NA means "not answered". A cohort or module written with a leading single quote before
// = + - @ (as the exports neutralise spreadsheet formulas) is read without that quote. Rows for the same participant × timepoint × cohort × module
// (× instrument) are assembled into one record (no checksum; source "csv").
import Papa from 'papaparse';
import { normalizeParticipantCode } from '../matching/participant-code.ts';
import { describePoints, type ImportContext, type Where } from './import-context.ts';
import type { ImportedRecord } from './import-types.ts';
import { TIMEPOINTS, type Timepoint } from './result-record.ts';

export const DEMOGRAPHIC_ITEM_PREFIX = 'demo:';
const REQUIRED = ['participant', 'timepoint', 'item', 'value'] as const;
const OPTIONAL = ['cohort', 'module', 'instrument', 'instrument_version', 'instrument_hash'] as const;
const KNOWN: ReadonlySet<string> = new Set<string>([...REQUIRED, ...OPTIONAL]);

export function normalizeHeader(h: string): string {
  return h.replace(/^\ufeff/, '').trim().toLowerCase().replace(/[\s.]+/g, '_');
}

/** Counts line breaks (\r\n, \n or lone \r) in text[from, to). */
function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

/** Position just after the header row's line break (quoted line breaks inside header names are skipped). */
function headerEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && c === 10) return i + 1;
    else if (!quoted && c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return text.length;
}

function isBlankRow(row: Row): boolean {
  for (const key in row) {
    const v: unknown = row[key];
    if (typeof v === 'string' ? v.trim() !== '' : Array.isArray(v) && v.some((x) => String(x).trim() !== '')) return false;
  }
  return true;
}

interface Assembled {
  record: ImportedRecord;
  /** Item (or demo:id) → line where its value was read. */
  seenAt: Map<string, { line: number; value: string }>;
  otherReason: string | null;
}

type Row = Record<string, string | undefined> & { __parsed_extra?: string[] };

export function importCsv(ctx: ImportContext, file: string, text: string): void {
  const header = Papa.parse<string[]>(text, { preview: 1, delimitersToGuess: [',', ';', '\t'] });
  const fields = (header.data[0] ?? []).map(normalizeHeader);
  const missing = REQUIRED.filter((c) => !fields.includes(c));
  if (fields.length === 0 || missing.length > 0) {
    ctx.counts.filesRejected += 1;
    ctx.problem({ file, line: 1 }, 'error',
      `this CSV file lacks the column${missing.length === 1 ? '' : 's'} ${missing.map((c) => `"${c}"`).join(', ')} (a long CSV needs participant, timepoint, item, value); nothing in it was imported`);
    return;
  }
  const unknown = fields.filter((f) => f !== '' && !KNOWN.has(f));
  if (unknown.length) ctx.problem({ file, line: 1 }, 'warning', `column${unknown.length === 1 ? '' : 's'} ${unknown.map((c) => JSON.stringify(c)).join(', ')} not used`);
  const hasInstrumentColumns = fields.includes('instrument');
  if (!hasInstrumentColumns) {
    ctx.problem({ file, line: 1 }, 'warning',
      `this file does not say which questionnaire it holds (no "instrument" column); its rows are read as "${ctx.instrument.id}" version ${ctx.instrument.version}`);
  }

  const assembled = new Map<string, Assembled>();
  const codes = new Map<string, string | null>();
  // Line numbers: line breaks are counted once, incrementally, up to each row's start (blank lines
  // skipped); quoted values with line breaks therefore count too.
  let pos = headerEnd(text);
  let breaks = countBreaks(text, 0, pos);
  let rows = 0;

  const rowError = (where: Where, message: string) => {
    ctx.counts.csvRowsRejected += 1;
    ctx.problem(where, 'error', `${message}; row not used`);
  };

  Papa.parse<Row>(text, {
    header: true,
    skipEmptyLines: true,
    delimitersToGuess: [',', ';', '\t'],
    transformHeader: normalizeHeader,
    step: (result) => {
      let start = pos;
      for (;;) {
        const c = text.charCodeAt(start);
        if (c === 10) start += 1;
        else if (c === 13) start += text.charCodeAt(start + 1) === 10 ? 2 : 1;
        else break;
        breaks += 1;
      }
      const line = breaks + 1;
      const end = Math.min(result.meta.cursor, text.length);
      if (end > start) breaks += countBreaks(text, start, end);
      pos = end;
      const row = result.data;
      if (isBlankRow(row)) return; // e.g. ",,," or spaces: a spreadsheet's empty row
      rows += 1;
      ctx.counts.csvRows += 1;
      const where: Where = { file, line };
      if (result.errors.length > 0) {
        const e = result.errors[0]!;
        const detail = e.code === 'TooFewFields' ? 'it has fewer fields than the header'
          : e.code === 'TooManyFields' ? 'it has more fields than the header (an unquoted comma or semicolon in a value?)'
          : e.message;
        rowError(where, `this row cannot be read: ${detail}`);
        return;
      }
      handleRow(ctx, row, where, assembled, codes, rowError);
    },
  });

  if (rows === 0) ctx.problem({ file }, 'warning', 'this CSV file has a header but no data rows');
  const notAnalysed = new Map<string, number>();
  for (const a of assembled.values()) {
    ctx.counts.recordsRead += 1;
    if (a.otherReason) {
      ctx.keepApart(a.record, a.otherReason);
      ctx.problem({ file, line: a.record.line ?? 1 }, 'warning',
        `the rows for participant ${a.record.participant} (${a.record.timepoint}) were ${a.otherReason}; they are kept apart and not analysed with the others`);
      continue;
    }
    // Demographic questions not given in the file are "not answered".
    for (const d of ctx.instrument.demographics) if (!(d.id in a.record.demographics)) a.record.demographics[d.id] = null;
    ctx.accept(a.record);
    const tp = a.record.timepoint;
    if (tp !== 'pre' && tp !== 'post') notAnalysed.set(tp, (notAnalysed.get(tp) ?? 0) + 1);
  }
  for (const [tp, n] of notAnalysed) {
    ctx.problem({ file }, 'warning', `${n} record${n === 1 ? '' : 's'} with timepoint "${tp}" kept but not analysed (the report compares pre and post)`);
  }
}

const cell = (row: Row, key: string): string => (row[key] ?? '').trim();
/**
 * Text as exported: the exports put a single quote before text starting with = + - @ (formula
 * neutralisation); reading it back removes that quote so cohort and module names round-trip.
 */
const textCell = (row: Row, key: string): string => {
  const v = cell(row, key);
  return /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v;
};
const isMissing = (v: string) => v === '' || v.toUpperCase() === 'NA';

function handleRow(
  ctx: ImportContext,
  row: Row,
  where: Where,
  assembled: Map<string, Assembled>,
  codes: Map<string, string | null>,
  rowError: (where: Where, message: string) => void,
): void {
  const raw = cell(row, 'participant');
  if (raw === '') return rowError(where, 'the participant code is empty');
  let code = codes.get(raw);
  if (code === undefined) {
    code = normalizeParticipantCode(raw);
    codes.set(raw, code);
  }
  if (code === null) return rowError(where, `participant code ${JSON.stringify(raw)} is not a valid code (expected four parts such as MA-07-SA-2)`);
  const tpText = cell(row, 'timepoint').toLowerCase();
  if (!(TIMEPOINTS as readonly string[]).includes(tpText)) {
    return rowError(where, `timepoint ${JSON.stringify(cell(row, 'timepoint'))} is not one of ${TIMEPOINTS.join(', ')}`);
  }
  const timepoint = tpText as Timepoint;
  const item = cell(row, 'item');
  if (item === '') return rowError(where, 'the item is empty');
  const value = cell(row, 'value');
  const cohort = textCell(row, 'cohort') || null;
  const module = textCell(row, 'module') || null;
  const instId = cell(row, 'instrument') || ctx.instrument.id;
  const instVersion = cell(row, 'instrument_version') || (instId === ctx.instrument.id ? ctx.instrument.version : '');
  const instHash = cell(row, 'instrument_hash').toLowerCase() || null;
  const otherReason = ctx.instrumentMismatch(instId, instVersion || '(none given)', instHash);

  const key = `${instId}\u0000${instVersion}\u0000${instHash ?? ''}\u0000${code}\u0000${timepoint}\u0000${cohort ?? ''}\u0000${module ?? ''}`;
  let a = assembled.get(key);
  if (!a) {
    a = {
      record: {
        source: 'csv', file: where.file, line: where.line ?? 0, seq: ctx.nextSeq(), attemptId: null, module, cohort,
        participant: code, participantRaw: raw, timepoint,
        instrument: { id: instId, version: instVersion || '(none given)', hash: instHash },
        startedAt: null, completedAt: null, responses: {}, demographics: {}, checksum: 'none', appVersion: null,
      },
      seenAt: new Map(),
      otherReason,
    };
    assembled.set(key, a);
  }
  const before = a.seenAt.get(item);
  if (before) {
    if (before.value === value) {
      ctx.counts.csvRowsRejected += 1;
      ctx.problem(where, 'warning', `repeats line ${before.line} (same participant, timepoint, item and value); counted once`);
      return;
    }
    return rowError(where, `a second, different value for item "${item}" of participant ${code} at ${timepoint} (line ${before.line} has ${JSON.stringify(before.value)}, which is used)`);
  }

  if (a.otherReason) {
    // Another instrument: kept as read, without checking items against the chosen instrument.
    a.seenAt.set(item, { line: where.line ?? 0, value });
    if (item.startsWith(DEMOGRAPHIC_ITEM_PREFIX)) a.record.demographics[item.slice(DEMOGRAPHIC_ITEM_PREFIX.length)] = isMissing(value) ? null : value;
    else a.record.responses[item] = isMissing(value) || !/^-?\d+$/.test(value) ? null : Number(value);
    return;
  }

  if (item.startsWith(DEMOGRAPHIC_ITEM_PREFIX)) {
    const id = item.slice(DEMOGRAPHIC_ITEM_PREFIX.length);
    const options = ctx.demographicOptions.get(id);
    if (!options) return rowError(where, `unknown background question "${id}"`);
    if (!isMissing(value) && !options.has(value)) {
      return rowError(where, `${JSON.stringify(value)} is not an option of background question "${id}" (options: ${[...options].join(', ')})`);
    }
    a.seenAt.set(item, { line: where.line ?? 0, value });
    a.record.demographics[id] = isMissing(value) ? null : value;
    return;
  }
  const points = ctx.itemPoints.get(item);
  if (!points) return rowError(where, `unknown item "${item}" (not in questionnaire "${ctx.instrument.id}" ${ctx.instrument.version})`);
  let v: number | null = null;
  if (!isMissing(value)) {
    v = /^[+-]?\d+(\.0*)?$/.test(value) ? Number(value) : NaN;
    if (!points.has(v)) {
      return rowError(where, `value ${JSON.stringify(value)} for item "${item}" is not one of its response options (${describePoints([...points])})`);
    }
  }
  a.seenAt.set(item, { line: where.line ?? 0, value });
  a.record.responses[item] = v;
}

// The evaluator's import: result-record JSON files, xAPI statements (files, JSON Lines, LRS pages), long CSV
// files, REDCap and Qualtrics exports and LMS interaction reports, checked against one instrument.
//
// Nothing is dropped without being counted. Every problem names the file and the line (CSV, 1-based,
// header = line 1) or the record (JSON, 1-based position in the file):
//   - error   = something was not imported: a whole file (truncated JSON, missing CSV columns), a record
//               (damaged, invalid participant code), a CSV row, or a single answer (unknown item, value
//               not on the item's response scale, unknown background option);
//   - warning = imported, but worth a look: checksum mismatch ("edited after download"), identical copy
//               counted once, timepoint then/followup (kept, not analysed), another instrument (kept
//               apart in `otherInstruments`, never mixed), unused CSV columns.
// Formats: see import-json.ts (records, docs/formats.md format 2; xAPI statements: xapi.ts), import-csv.ts (long CSV,
// docs/formats.md format 3, including `demo:<question id>` rows for background answers), redcap-csv.ts
// (REDCap's CSV export), qualtrics-csv.ts (Qualtrics' CSV export) and lms-interactions.ts (LMS interaction
// reports); the CSV readers share csv-rows.ts (rows and lines) and assemble.ts (rows into records).
// Participant ids are participant codes or ids from another system, one kind per file (participant-ids.ts).
import type { Instrument } from '../instrument/schema.ts';
import { csvBody, EXCEL_SEPARATOR_CHARS, guessChunkDelimiter, HEAD_CHARS, openCsv, parseCsvChunks } from './csv-rows.ts';
import type { TextPieces } from './text-pieces.ts';
import { ImportContext } from './import-context.ts';
import { importCsv, normalizeHeader, normalizeLineBreaks } from './import-csv.ts';
import { unquotedInstrumentColumns } from './instrument-columns.ts';
import { NO_VERSION } from './assemble.ts';
import { importCheckedEntries, importJson, importJsonEntries } from './import-json.ts';
import type { ImportFile, ImportOptions, ImportResult } from './import-types.ts';
import { DEFAULT_LIMITS, formatBytes, formatCount } from './limits.ts';
import { importInteractionsCsv, interactionInstruments, interactionsLayout } from './lms-interactions.ts';
import { importQualtrics, isQualtricsHeader } from './qualtrics-csv.ts';
import { importRedcap, redcapHeaderKind } from './redcap-csv.ts';

export type {
  ImportCounts,
  ImportedFileSummary,
  ImportedRecord,
  ImportFile,
  ImportOptions,
  ImportProblem,
  ImportResult,
  OtherInstrumentGroup,
  ProblemSeverity,
  RecordSource,
  ChecksumStatus,
  TimepointDefaults,
} from './import-types.ts';
export { DEMOGRAPHIC_ITEM_PREFIX } from './import-csv.ts';
export { DEFAULT_LIMITS, printable, type ImportLimits } from './limits.ts';
import { otherFileProblem } from './other-file-kinds.ts';
import { reportUnusedOptions } from './source-options.ts';
export { parseRedcapEvents, parseTimepoints } from './source-options.ts';

export type FileFormat = 'json' | 'csv' | 'redcap' | 'qualtrics' | 'lms';

/**
 * JSON when the text starts with { or [, whatever the file is called (no CSV header starts so). Otherwise
 * the header rows decide, whatever the file is called: REDCap's export (redcap_event_name, <form>_complete, … or its labels), Qualtrics'
 * (ResponseId with StartDate, Status, …), an LMS interactions report (lms-interactions.ts: Moodle's, or
 * the generic learner,interaction_id,response); else a long CSV when the name ends in .csv/.tsv or the
 * first line names a participant column; else JSON when the name ends in .json (its parse error says why).
 */
export function detectFormat(file: ImportFile): FileFormat | null {
  const name = file.name.toLowerCase();
  const start = stripBom(file.text).trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  const csvName = name.endsWith('.csv') || name.endsWith('.tsv');
  // The header is the first line, or the second after Excel's sep= line (which names the delimiter).
  const { body, delimiter } = csvBody(start);
  const firstLine = body.slice(0, body.search(/\r|\n|$/));
  const delimited = delimiter === null ? /[,;\t]/.test(firstLine) : firstLine.includes(delimiter);
  if (delimited) {
    const head = openCsv(start.slice(0, HEAD_CHARS), 2).head;
    if (isQualtricsHeader(head)) return 'qualtrics';
    if (redcapHeaderKind(head[0] ?? []) !== null) return 'redcap';
    if (interactionsLayout(start) !== null) return 'lms';
  }
  if (csvName || (/participant/i.test(firstLine) && delimited)) return 'csv';
  return name.endsWith('.json') ? 'json' : null;
}

/** What the import read a file as, when its name says otherwise (a CSV saved as .json, JSON as .csv). */
function misnamed(name: string, format: FileFormat): string | null {
  const lower = name.toLowerCase();
  const namedCsv = lower.endsWith('.csv') || lower.endsWith('.tsv');
  if (format === 'json' && namedCsv) return `this file is named ${lower.slice(-4)} but holds JSON: it was read as JSON`;
  if (format !== 'json' && lower.endsWith('.json')) return `this file is named .json but holds ${FORMAT_NAMES[format]}: it was read as such`;
  return null;
}
const FORMAT_NAMES: Record<FileFormat, string> = {
  json: 'JSON',
  csv: 'a long CSV',
  redcap: 'a REDCap export (CSV)',
  qualtrics: 'a Qualtrics export (CSV)',
  lms: 'an LMS interactions report (CSV)',
};

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * The first lines of a file in pieces, more than `chars` characters of them after the leading white space
 * detectFormat passes over (or the whole text): what detectFormat sees of the whole text. A start of only
 * white space is returned as it is (the caller reads such a file whole).
 */
function startOf(pieces: TextPieces, chars: number): string {
  const text = pieces.start(chars);
  const lead = text.length - text.trimStart().length;
  return lead === 0 || lead === text.length || text.length <= chars ? text : pieces.start(lead + chars);
}

/**
 * Reads every file and checks every record against `instrument` (whose fingerprint is `instrumentHash`).
 * Valid records import even when others in the same file or batch do not. Each file is parsed once; xAPI
 * voiding statements in a file the import takes hold for the files after it as they are read, and for
 * those before it at the end (ImportContext.applyLateVoids).
 */
export function importFiles(files: readonly ImportFile[], instrument: Instrument, instrumentHash: string, options: ImportOptions = {}): ImportResult {
  const ctx = new ImportContext(instrument, instrumentHash, files.length, options);
  files.forEach((file, i) => {
    ctx.beginFile(file.name);
    if (file.lrsPage) ctx.counts.lrsPages += 1;
    importFile(ctx, file);
    ctx.endFile();
    options.onFile?.(i + 1, files.length, file.name);
  });
  ctx.applyLateVoids();
  reportUnusedOptions(
    ctx,
    files.map((f) => f.name),
  );
  return ctx.result();
}

function importFile(ctx: ImportContext, file: ImportFile): void {
  const { limits } = ctx;
  if (file.unreadable !== undefined) return ctx.rejectFile({ file: file.name }, `this file could not be read (${file.unreadable}); nothing imported`);
  const bytes = Math.max(file.bytes ?? 0, file.text.length, file.pieces?.bytes ?? 0);
  if (bytes > limits.maxFileBytes) {
    return ctx.rejectFile(
      { file: file.name },
      `this file is ${formatBytes(bytes)}, more than the limit of ${formatBytes(limits.maxFileBytes)} per file, so it was not read; nothing imported. Split it into smaller files`,
    );
  }
  if (ctx.bytesRead + bytes > limits.maxTotalBytes) {
    return ctx.rejectFile(
      { file: file.name },
      `this file was not read: the files before it already hold ${formatBytes(ctx.bytesRead)} and the limit for one import is ${formatBytes(limits.maxTotalBytes)}; analyse the files in smaller batches`,
    );
  }
  ctx.bytesRead += bytes;
  if (ctx.recordsLeft() <= 0) {
    return ctx.rejectFile(
      { file: file.name },
      `this file was not read: the files before it already hold ${formatCount(ctx.counts.recordsRead)} records, the limit for one import; analyse the files in smaller batches`,
    );
  }
  if (file.checked) {
    ctx.setFormat('json');
    return importCheckedEntries(ctx, file.name, file.checked, file.statements);
  }
  if (file.entries) {
    ctx.setFormat('json');
    return importJsonEntries(ctx, file.name, file.entries, file.statements);
  }
  // A file in pieces is known by its first lines, as much of them as detectFormat looks at (a start of only
  // white space: by all of it).
  let pieces = file.pieces;
  let text = pieces ? startOf(pieces, HEAD_CHARS) : stripBom(file.text);
  if (pieces && text.trim() === '') {
    text = pieces.whole();
    pieces = undefined;
  }
  if (text.trim() === '') return ctx.rejectFile({ file: file.name }, 'this file is empty; nothing imported');
  const other = otherFileProblem(text.trimStart());
  if (other) return ctx.rejectFile({ file: file.name }, other);
  const format = detectFormat({ name: file.name, text });
  if (format) ctx.setFormat(format);
  const renamed = format && misnamed(file.name, format);
  if (renamed) ctx.problem({ file: file.name }, 'warning', renamed);
  // How its bytes were read, for a file that is read (not one refused as no kind of results file).
  if (format && file.encodingNote) ctx.problem({ file: file.name }, 'warning', file.encodingNote);
  // A long CSV is read from the pieces; the other readers take the whole text.
  if (format === 'csv') return importCsv(ctx, file.name, pieces ?? text);
  if (pieces && format) text = pieces.whole();
  if (format === 'json') importJson(ctx, file.name, text);
  else if (format === 'redcap') importRedcap(ctx, file.name, text);
  else if (format === 'qualtrics') importQualtrics(ctx, file.name, text);
  else if (format === 'lms') importInteractionsCsv(ctx, file.name, text, interactionsLayout(text)!);
  else
    ctx.rejectFile(
      { file: file.name },
      'this file is neither result-record JSON, a long CSV (participant,timepoint,item,value), a REDCap or Qualtrics CSV export, nor an LMS interactions report; nothing imported',
    );
}

export interface ListInstrumentsOptions extends Pick<ImportOptions, 'limits'> {
  /**
   * Only the lines in the first this many characters of a CSV without quotes: a quick look, to guess the
   * questionnaire before the import reads the whole file and counts its records (importedInstruments).
   */
  firstChars?: number;
  /** Called for each file of which firstChars left lines out. */
  onCut?: (file: ImportFile) => void;
}

export interface InstrumentReference {
  id: string;
  version: string;
  /** null for CSV rows (they carry no hash unless an instrument_hash column is given). */
  hash: string | null;
  records: number;
}

/**
 * The questionnaires the records of an import name, with how many records name each: the one the import
 * was made with (the records it imported) and each kept apart. Records whatever the format, unlike
 * listInstruments, which counts a long CSV's rows: what the choice of questionnaire is settled by after a
 * first import with listInstruments' guess (instrument-choice.ts).
 */
export function importedInstruments(result: ImportResult): InstrumentReference[] {
  const { instrument } = result;
  const refs: InstrumentReference[] = [];
  // REDCap and Qualtrics exports name no questionnaire: their records are read as the one chosen, whichever.
  const naming = result.counts.imported - result.files.reduce((n, f) => n + (f.format === 'redcap' || f.format === 'qualtrics' ? f.records : 0), 0);
  if (naming > 0) refs.push({ id: instrument.id, version: instrument.version, hash: null, records: naming });
  for (const g of result.otherInstruments) refs.push({ id: g.id, version: g.version === NO_VERSION ? '' : g.version, hash: g.hash, records: g.count });
  return refs;
}

/** The questionnaires named, one entry per id and version (its content hashes added up), most records first. */
export function byVersion(refs: readonly Pick<InstrumentReference, 'id' | 'version' | 'records'>[]): { id: string; version: string; records: number }[] {
  const found = new Map<string, { id: string; version: string; records: number }>();
  for (const r of refs) {
    const key = `${r.id}\u0000${r.version}`;
    const entry = found.get(key) ?? { id: r.id, version: r.version, records: 0 };
    entry.records += r.records;
    found.set(key, entry);
  }
  return [...found.values()].sort((a, b) => b.records - a.records);
}

/**
 * Which instruments the files name (JSON records' `instrument`, CSV `instrument`/`instrument_version`
 * columns, LMS interaction ids), with how many records (JSON) or rows (CSV) name each. Unreadable files are
 * skipped here; importFiles reports them. REDCap and Qualtrics exports name none (they are read as the
 * questionnaire chosen, with a warning: instrument-choice.ts). A first guess of the questionnaire when none is
 * given; importedInstruments, after an import with it, counts records and settles the choice.
 */
export function listInstruments(files: readonly ImportFile[], options: ListInstrumentsOptions = {}): InstrumentReference[] {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const found = new Map<string, InstrumentReference>();
  const add = (id: unknown, version: unknown, hash: unknown, count = 1) => {
    // Longer than any valid id, version or hash (record-schema.ts): not a questionnaire to look up.
    if (typeof id !== 'string' || id === '' || id.length > 100) return;
    if ((typeof version === 'string' && version.length > 40) || (typeof hash === 'string' && hash.length > 64)) return;
    const v = typeof version === 'string' ? version : '';
    const h = typeof hash === 'string' && hash !== '' ? hash : null;
    const key = `${id}\u0000${v}\u0000${h ?? ''}`;
    const ref = found.get(key) ?? { id, version: v, hash: h, records: 0 };
    ref.records += count;
    found.set(key, ref);
  };
  for (const file of files) {
    if (file.unreadable !== undefined || Math.max(file.bytes ?? 0, file.text.length, file.pieces?.bytes ?? 0) > limits.maxFileBytes) continue;
    if (file.checked) {
      // Checked records: their questionnaires were counted as the records were checked (as below).
      for (const [id, version, hash, count] of file.checked.instruments) add(id, version, hash, count);
      continue;
    }
    if (file.entries) {
      // Parsed records: their "instrument" objects are read as they are, a run of records naming the same
      // one counted at once (most records of a page name the same questionnaire).
      let run: { id: unknown; version: unknown; hash: unknown; count: number } | null = null;
      for (const entry of file.entries) {
        const inst = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>).instrument : undefined;
        if (!inst || typeof inst !== 'object' || Array.isArray(inst)) continue;
        const { id, version, hash } = inst as Record<string, unknown>;
        if (run && run.id === id && run.version === version && run.hash === hash) {
          run.count++;
          continue;
        }
        if (run) add(run.id, run.version, run.hash, run.count);
        run = { id, version, hash, count: 1 };
      }
      if (run) add(run.id, run.version, run.hash, run.count);
      continue;
    }
    // A file in pieces: a long CSV's first lines, when only those are looked at (as many as the whole text's
    // first firstChars characters after an Excel `sep=` line), else the whole text.
    const pieces = file.pieces;
    let start = pieces ? startOf(pieces, Math.max(HEAD_CHARS, (options.firstChars ?? 0) + EXCEL_SEPARATOR_CHARS)) : stripBom(file.text);
    if (pieces && start.trim() === '') start = pieces.whole();
    const format = detectFormat({ name: file.name, text: start });
    const text = pieces && (format !== 'csv' || options.firstChars === undefined) ? pieces.whole() : start;
    if (format === 'json') {
      // A record's "instrument" is a flat object of strings; finding those objects is much cheaper than
      // parsing the whole file (importFiles parses and validates it properly afterwards).
      for (const match of text.matchAll(/"instrument"\s*:\s*(\{[^{}]*\})/g)) {
        let inst: unknown;
        try {
          inst = JSON.parse(match[1]!);
        } catch {
          continue;
        }
        if (inst && typeof inst === 'object') {
          const { id, version, hash } = inst as Record<string, unknown>;
          add(id, version, hash);
        }
      }
    } else if (format === 'lms') {
      for (const ref of interactionInstruments(text, interactionsLayout(text)!, limits.maxCsvRows, limits.maxStringChars))
        add(ref.id, ref.version, null, ref.records);
    } else if (format === 'csv' && !text.includes('"')) {
      // Without a quote there are no quoted values: every line break ends a row and every delimiter ends
      // a value, so the instrument columns are read with indexOf, not a second full parse of the file.
      const { body, delimiter: given } = csvBody(text);
      const lines = normalizeLineBreaks(body);
      const delimiter = given ?? openCsv(lines.slice(0, HEAD_CHARS)).delimiter;
      let head = lines;
      if (options.firstChars !== undefined && lines.length > options.firstChars) {
        head = lines.slice(0, lines.lastIndexOf('\n', options.firstChars) + 1);
        options.onCut?.(file);
      }
      for (const [id, version, hash, count] of unquotedInstrumentColumns(head, delimiter, limits.maxCsvRows)) add(id, version, hash, count);
    } else if (format === 'csv') {
      let columns: { id: number; version: number; hash: number } | null = null;
      let rows = 0;
      const { body, delimiter } = csvBody(text);
      const lines = normalizeLineBreaks(body);
      // Papa.parse's rows and chunks (empty rows skipped), without its cost on a stray quote (parseCsvChunks).
      parseCsvChunks(lines, delimiter ?? guessChunkDelimiter(lines), { headerRows: 1, maxStringChars: limits.maxStringChars }, (data) => {
        for (const row of data) {
          if (row.length === 1 && row[0] === '') continue;
          if (++rows > limits.maxCsvRows) return false;
          if (columns === null) {
            const names = row.map(normalizeHeader);
            columns = { id: names.indexOf('instrument'), version: names.indexOf('instrument_version'), hash: names.indexOf('instrument_hash') };
            if (columns.id < 0) return false;
            continue;
          }
          add(
            row[columns.id]?.trim(),
            columns.version < 0 ? '' : row[columns.version]?.trim(),
            columns.hash < 0 ? '' : row[columns.hash]?.trim().toLowerCase(),
          );
        }
        return true;
      });
    }
  }
  return [...found.values()];
}

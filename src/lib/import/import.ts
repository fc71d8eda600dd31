// The evaluator's import: result-record JSON files and long CSV files, checked against one instrument.
//
// Nothing is dropped without being counted. Every problem names the file and the line (CSV, 1-based,
// header = line 1) or the record (JSON, 1-based position in the file):
//   - error   = something was not imported: a whole file (truncated JSON, missing CSV columns), a record
//               (damaged, invalid participant code), a CSV row, or a single answer (unknown item, value
//               not on the item's response scale, unknown background option);
//   - warning = imported, but worth a look: checksum mismatch ("edited after download"), identical copy
//               counted once, timepoint then/followup (kept, not analysed), another instrument (kept
//               apart in `otherInstruments`, never mixed), unused CSV columns.
// Formats: see import-json.ts (records, README format 2) and import-csv.ts (long CSV, README format 3,
// including `demo:<question id>` rows for background answers).
import Papa from 'papaparse';
import type { Instrument } from '../instrument/schema.ts';
import { ImportContext } from './import-context.ts';
import { CSV_CHUNK_SIZE, importCsv, normalizeHeader } from './import-csv.ts';
import { importJson } from './import-json.ts';
import type { ImportFile, ImportOptions, ImportResult } from './import-types.ts';

export type {
  ImportCounts, ImportedRecord, ImportFile, ImportOptions, ImportProblem, ImportResult, OtherInstrumentGroup,
  ProblemSeverity, RecordSource, ChecksumStatus,
} from './import-types.ts';
export { DEMOGRAPHIC_ITEM_PREFIX } from './import-csv.ts';

export type FileFormat = 'json' | 'csv';

/** JSON when the name ends in .json or the text starts with { or [; CSV when it ends in .csv or looks like one. */
export function detectFormat(file: ImportFile): FileFormat | null {
  const name = file.name.toLowerCase();
  const start = stripBom(file.text).trimStart();
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.csv') || name.endsWith('.tsv')) return 'csv';
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  const firstLine = start.slice(0, start.search(/\r|\n|$/));
  return /participant/i.test(firstLine) && /[,;\t]/.test(firstLine) ? 'csv' : null;
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * Reads every file and checks every record against `instrument` (whose fingerprint is `instrumentHash`).
 * Valid records import even when others in the same file or batch do not.
 */
export function importFiles(
  files: readonly ImportFile[],
  instrument: Instrument,
  instrumentHash: string,
  options: ImportOptions = {},
): ImportResult {
  const ctx = new ImportContext(instrument, instrumentHash, files.length, options);
  for (const file of files) {
    const text = stripBom(file.text);
    if (text.trim() === '') {
      ctx.counts.filesRejected += 1;
      ctx.problem({ file: file.name }, 'error', 'this file is empty; nothing imported');
      continue;
    }
    const format = detectFormat({ name: file.name, text });
    if (format === 'json') importJson(ctx, file.name, text);
    else if (format === 'csv') importCsv(ctx, file.name, text);
    else {
      ctx.counts.filesRejected += 1;
      ctx.problem({ file: file.name }, 'error',
        'this file is neither result-record JSON nor a long CSV (participant,timepoint,item,value); nothing imported');
    }
  }
  return ctx.result();
}

export interface InstrumentReference {
  id: string;
  version: string;
  /** null for CSV rows (they carry no hash unless an instrument_hash column is given). */
  hash: string | null;
  records: number;
}

/**
 * Which instruments the files name (JSON records' `instrument`, CSV `instrument`/`instrument_version`
 * columns), with how many records (JSON) or rows (CSV) name each. Unreadable files are skipped here;
 * importFiles reports them. Used to pick the instrument when none is given.
 */
export function listInstruments(files: readonly ImportFile[]): InstrumentReference[] {
  const found = new Map<string, InstrumentReference>();
  const add = (id: unknown, version: unknown, hash: unknown) => {
    if (typeof id !== 'string' || id === '') return;
    const v = typeof version === 'string' ? version : '';
    const h = typeof hash === 'string' && hash !== '' ? hash : null;
    const key = `${id}\u0000${v}\u0000${h ?? ''}`;
    const ref = found.get(key) ?? { id, version: v, hash: h, records: 0 };
    ref.records += 1;
    found.set(key, ref);
  };
  for (const file of files) {
    const text = stripBom(file.text);
    const format = detectFormat({ name: file.name, text });
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
    } else if (format === 'csv') {
      let columns: { id: number; version: number; hash: number } | null = null;
      Papa.parse<string[]>(text, {
        skipEmptyLines: true,
        delimitersToGuess: [',', ';', '\t'],
        chunkSize: CSV_CHUNK_SIZE,
        complete: () => undefined, // text is parsed synchronously; the types ask for `complete`
        chunk: (result: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
          for (const row of result.data) {
            if (columns === null) {
              const names = row.map(normalizeHeader);
              columns = { id: names.indexOf('instrument'), version: names.indexOf('instrument_version'), hash: names.indexOf('instrument_hash') };
              if (columns.id < 0) {
                parser.abort();
                return;
              }
              continue;
            }
            add(row[columns.id]?.trim(), columns.version < 0 ? '' : row[columns.version]?.trim(), columns.hash < 0 ? '' : row[columns.hash]?.trim().toLowerCase());
          }
        },
      });
    }
  }
  return [...found.values()];
}

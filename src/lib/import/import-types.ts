// Types of the evaluator's import (src/lib/import/import.ts). Kept in their own module so the matching,
// analysis and export code (and the browser dashboard) can import them without the parser.
import type { Timepoint } from '../records/result-record.ts';
import type { ImportLimits } from './limits.ts';
import type { TextPieces } from './text-pieces.ts';

export type ProblemSeverity = 'error' | 'warning';

/**
 * One thing a person should know about an imported file. `error` means something was NOT imported (a whole
 * file, a record, a CSV row or a single value); `warning` means it was imported but deserves a look.
 */
export interface ImportProblem {
  file: string;
  /** CSV: 1-based line number in the file, counting the header as line 1. */
  line?: number;
  /** JSON: 1-based position of the record in the file (1 for a file holding a single record). */
  record?: number;
  /**
   * xAPI statements: the id of the statement that carried the record (`record` counts the records the file's
   * statements carry, not its statements), to find it in the LRS. Only an id of the form xAPI gives ids (a UUID).
   */
  statement?: string;
  severity: ProblemSeverity;
  message: string;
  /**
   * How many occurrences this entry stands for, when the same problem was found more than a few times in
   * one file (the message then says how many and where the first ones are); absent for a single one.
   */
  count?: number;
}

export type RecordSource = 'json' | 'csv';

/** 'valid': checksum matches; 'mismatch': the record was edited after download; 'none': CSV (no checksum). */
export type ChecksumStatus = 'valid' | 'mismatch' | 'none';

/** A result record after import: validated, participant code normalised, with where it came from. */
export interface ImportedRecord {
  source: RecordSource;
  file: string;
  /** JSON: 1-based index of the record in its file. */
  record?: number;
  /** xAPI statements: the id of the statement that carried the record (ImportProblem.statement). */
  statement?: string;
  /** CSV: line of the first row that contributed to this record. */
  line?: number;
  /** Position in the whole import (0-based), used to break ties ("the later record read"). */
  seq: number;
  attemptId: string | null;
  module: string | null;
  cohort: string | null;
  /**
   * Normalised participant code (e.g. MA-07-SA-2) when participantKind is 'code'; the id exactly as read
   * (trimmed, case kept) when it is 'opaque'.
   */
  participant: string;
  /** The id as written in the file. */
  participantRaw: string;
  /**
   * 'code': a four-part participant code (normalised, fuzzy-matched); 'opaque': an id from another system
   * (REDCap record id, Qualtrics ResponseId or embedded id, LMS learner id), matched exactly, never fuzzily.
   */
  participantKind: 'code' | 'opaque';
  timepoint: Timepoint;
  instrument: { id: string; version: string; hash: string | null };
  startedAt: string | null;
  completedAt: string | null;
  /** Item id → response value (a point of the item's response scale) or null (not answered). */
  responses: Record<string, number | null>;
  /** Demographic question id → option value or null. */
  demographics: Record<string, string | null>;
  /** Format 2: knowledge question id → option index chosen, or null; absent in other records. */
  knowledge?: Record<string, number | null>;
  /** Format 2: module → fingerprint of its knowledge questions the record answered. */
  knowledgeHashes?: Record<string, string>;
  /** Format 2: the unit's modules. */
  modules?: string[];
  checksum: ChecksumStatus;
  /** The record's own checksum (hex), when it matched: what a certificate's verification code is made from. */
  signature?: string;
  appVersion: string | null;
}

/** Records made with another instrument (id, version or content hash differs): kept apart, never mixed. */
export interface OtherInstrumentGroup {
  id: string;
  version: string;
  /** null for CSV rows, which carry no hash. */
  hash: string | null;
  /** Why these records are not analysed with the chosen instrument. */
  reason: string;
  count: number;
  records: ImportedRecord[];
}

export interface ImportCounts {
  /** Files given (an LRS's pages, each read as a file, included). */
  files: number;
  /**
   * Of `files`, the pages pulled from an LRS (analyze --lrs) that carried result records: only those are
   * passed on to be imported (the LRS line of the CLI counts every page fetched).
   */
  lrsPages: number;
  /** Files that could not be read at all (not JSON/CSV, truncated JSON, missing CSV columns, empty). */
  filesRejected: number;
  /**
   * Files read (not refused whole) from which no record was imported because every record or row in them
   * was an error (an event not mapped, a code column of names): the report stands for part of the input.
   * A file of identical copies, or of records of another questionnaire (kept apart), is not one.
   */
  filesWithoutRecords: number;
  /** Records found: JSON records, plus records assembled from CSV rows. */
  recordsRead: number;
  /** Records kept for the analysed instrument (including then/followup, which are kept but not analysed). */
  imported: number;
  /** Records not imported because they are invalid. */
  rejected: number;
  /** Records kept apart because they name another instrument (see otherInstruments). */
  otherInstrument: number;
  /** Exact copies of a record already read (same content), counted once. */
  identicalCopies: number;
  /** Imported records whose checksum does not match (edited after download). */
  checksumMismatch: number;
  /** Single answers set aside (unknown item, value not on the response scale, unknown option). */
  valuesRejected: number;
  /**
   * Imported records with timepoint then/followup: not part of the pre/post comparison (the report's
   * follow-up and then-test sections use them).
   */
  notAnalysedTimepoint: number;
  /** CSV data rows read and rows not used. */
  csvRows: number;
  csvRowsRejected: number;
  /**
   * Entries in `problems` of each severity (an entry may stand for several occurrences: see `count`), not
   * counting the notes that say how many problems are not listed.
   */
  errors: number;
  warnings: number;
  /** Problems not listed, past the limits on entries per file and in all (the notes in `problems` say where). */
  unlistedErrors: number;
  unlistedWarnings: number;
}

/**
 * What one file was read as, and which kind of participant ids its imported records carry (a file of ids
 * from another system is matched exactly, never fuzzily; docs/formats.md, "Participant ids").
 */
export interface ImportedFileSummary {
  file: string;
  /**
   * What the file was read as: 'json' (result records, or xAPI statements), 'csv' (long CSV), 'redcap'
   * (REDCap's CSV export), 'qualtrics' (Qualtrics' CSV export), or another reader's name; null when it was
   * not read (too large, unreadable, not a known format).
   */
  format: string | null;
  /** Records imported from the file (kept apart and rejected ones not counted). */
  records: number;
  /** Of those, records whose participant is a four-part participant code. */
  codes: number;
  /** Of those, records whose participant is an id from another system (matched exactly). */
  otherIds: number;
}

export interface ImportResult {
  /** The instrument the records were checked against. */
  instrument: { id: string; version: string; hash: string };
  records: ImportedRecord[];
  /** One entry per file given, in order. */
  files: ImportedFileSummary[];
  problems: ImportProblem[];
  otherInstruments: OtherInstrumentGroup[];
  counts: ImportCounts;
}

export interface ImportFile {
  name: string;
  text: string;
  /**
   * The file's size in bytes, when the caller knows it without reading the file (CLI: stat; browser:
   * File.size). A file over the size limit is passed with an empty text and its size: it is reported
   * and not read.
   */
  bytes?: number;
  /** Set by the caller when the file could not be read (not a regular file, read error): reported, not read. */
  unreadable?: string;
  /** The caller's note on how the file's bytes were decoded when they were not UTF-8 (util/text-encoding.ts): a warning. */
  encodingNote?: string;
  /**
   * Result records already parsed from JSON (an LRS's pages: import/lrs-client.ts), read as a JSON file
   * holding this list would be, every check included, without writing them out as text to parse them
   * again. `text` is then empty, and the byte limits, which bound the reading of texts, do not apply:
   * these were read already; the record limits and each record's checks do.
   */
  entries?: readonly unknown[];
  /** Set for a page pulled from an LRS (lrs-client.ts pullRecordFiles): counted as one in ImportCounts.lrsPages. */
  lrsPage?: true;
  /** The ids of the xAPI statements that carried `entries` (or the `checked` records), for messages (xapi.ts). */
  statements?: readonly (string | null)[];
  /**
   * Parsed records already put through the checks that do not depend on the questionnaire
   * (import-json.ts checkEntries), so that the records could be let go as each LRS page was read; read
   * as `entries` holding those records would be, with the same results. `text` is then empty.
   */
  checked?: CheckedEntries;
  /**
   * The file's text in pieces of whole lines (text-pieces.ts), for a large file that reads the same so as
   * whole: a long CSV is read from them without ever holding its whole text; other formats join them.
   * `text` is then empty.
   */
  pieces?: TextPieces;
}

/**
 * One parsed record after the checks that do not depend on the questionnaire (import-json.ts): refused,
 * with the message and its kind, or the record as it will be kept (`seq`, `file` and `record` set, its
 * answers checked against the questionnaire, when the import keeps it), the key of its content (for
 * identical copies) and whether its participant code is valid.
 */
export type CheckedRecord = { rejected: string; kind: string } | { key: string; validCode: boolean; record: ImportedRecord };

/** A list of parsed records checked by import-json.ts checkEntries. */
export interface CheckedEntries {
  /** Entries in the list. */
  count: number;
  /** Each entry's outcome; null when the list is over the limit per file (it is refused whole). */
  outcomes: readonly CheckedRecord[] | null;
  /** The questionnaires the entries name (id, version, hash as found) and how many entries in a row name each. */
  instruments: readonly (readonly [unknown, unknown, unknown, number])[];
  /** The limits the entries were checked with (an import with other limits refuses them). */
  limits: Pick<ImportLimits, 'maxJsonDepth' | 'maxStringChars' | 'maxRecordValues' | 'maxRecordsPerFile'>;
}

export interface ImportOptions {
  /**
   * SHA-256 (hex) of a UTF-8 string, used to verify checksums. Default: the pure-JS implementation shared
   * with the learner pages; the CLI passes node:crypto's (same result, faster).
   */
  sha256?: (text: string) => string;
  /**
   * SHA-256 (hex) of bytes, the same function as `sha256` on bytes (the CLI passes node:crypto's): with it,
   * the checksum of a record whose canonical JSON is ASCII only is computed from that JSON's bytes,
   * without building it as a text (import/canonical-bytes.ts). Optional: without it, every checksum is
   * computed from the text.
   */
  sha256Bytes?: (bytes: Uint8Array) => string;
  /**
   * Checksums checked after the import (checksums-later.ts, importCheckingLater): a record whose
   * canonical JSON is ASCII only is taken as matching its checksum, and its bytes and written checksum are
   * given here to be hashed meanwhile by a digest that is not synchronous (the browser's native one).
   * Exact only when every one of them matches: importCheckingLater imports again without it otherwise.
   * The bytes are overwritten by the next record's: read them at once.
   */
  checksumLater?: (bytes: Uint8Array, written: string) => void;
  /** Limits on sizes, depth, counts and text length (limits.ts); the defaults suit real data. */
  limits?: Partial<ImportLimits>;
  /** Called after each file is read, e.g. to show progress (files done, files in all, the file's name). */
  onFile?: (done: number, total: number, name: string) => void;
  /** Salt of the hashes that stand for LMS learner ids and for names used as ids (ImportContext.saltedId); random per import when absent. */
  idSalt?: string;
  /**
   * REDCap exports of longitudinal projects: unique event name (e.g. baseline_arm_1) → timepoint, used
   * before the default rules (redcap-csv.ts, defaultEventTimepoint); from `--redcap-events` or the page.
   */
  redcapEvents?: Readonly<Record<string, Timepoint>>;
  /**
   * REDCap and Qualtrics exports whose rows carry no timepoint (no events, no timepoint field or embedded
   * data): the timepoint of every such file, or of a file by its name; from `--timepoint` or the page.
   */
  timepoints?: TimepointDefaults;
  /**
   * The course's module ids (content/modules/): a record's module that differs from one only in case,
   * spaces or underscores is read as it, and one that names none is said (course-modules.ts). Without
   * them, modules are taken as written.
   */
  courseModules?: readonly string[];
}

/** The timepoint of exports that carry none: `all` files, or `files` by name (without folders; case ignored). */
export interface TimepointDefaults {
  all?: Timepoint;
  files?: Readonly<Record<string, Timepoint>>;
}

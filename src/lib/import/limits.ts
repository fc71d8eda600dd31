// The evaluator's limits on what it reads, and the helpers that keep text from files safe to show.
//
// Every limit is generous for real data and stops hostile or broken files before they exhaust memory,
// the stack or the reader's patience. Going over a limit is reported like any other import problem: the
// file and the record (JSON) or line (CSV) are named, what was left out is said, and the rest is read.
//
//   real data, for scale: one learner's download is 2–6 KB (2–8 records of at most ~100 answers, nested 3
//   levels deep, no text over 420 characters); 10,000 learners as one long CSV are 56 MB and 730,000 rows,
//   as one JSON list 13 MB, 20,000 records and 900,000 values.

export interface ImportLimits {
  /** Bytes (UTF-8) or characters in one file. Larger files are not read at all. */
  maxFileBytes: number;
  /** Bytes over all files of one import; files beyond it are not read. */
  maxTotalBytes: number;
  /** Records (entries of the top-level array) in one JSON file; a file with more is not read. */
  maxRecordsPerFile: number;
  /** Values (at every level) in one JSON file; a file with more is not read (parsing it would take minutes). */
  maxJsonValues: number;
  /** Records over all files (JSON records and records assembled from CSV rows); the rest are not read. */
  maxRecordsTotal: number;
  /** Data rows in one CSV file; rows beyond it are not read. */
  maxCsvRows: number;
  /** Levels of nesting in a JSON file (the top-level array counts as one; a valid file has 3 or 4). */
  maxJsonDepth: number;
  /** Characters in one JSON string or key, or one CSV value. */
  maxStringChars: number;
  /** Values (answers and other fields, at every level) in one JSON record. */
  maxRecordValues: number;
  /** Separate entries in the problem list for one file; further problems are counted in one line. */
  maxProblemsPerFile: number;
  /** Separate entries in the problem list for the whole import. */
  maxProblemsTotal: number;
  /** The same problem more than this many times in one file is listed once, with the count. */
  aggregateAfter: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<ImportLimits> = Object.freeze({
  maxFileBytes: 100 * MiB,
  maxTotalBytes: 512 * MiB,
  maxRecordsPerFile: 200_000,
  maxJsonValues: 10_000_000,
  maxRecordsTotal: 500_000,
  maxCsvRows: 2_000_000,
  maxJsonDepth: 20,
  maxStringChars: 1_000,
  maxRecordValues: 2_000,
  maxProblemsPerFile: 200,
  maxProblemsTotal: 5_000,
  aggregateAfter: 3,
});

export const withDefaults = (limits: Partial<ImportLimits> = {}): ImportLimits => ({ ...DEFAULT_LIMITS, ...limits });

/** 1234567 → "1,234,567" (the same in every locale, so messages and tests agree). */
export const formatCount = (n: number): string => String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A size in bytes as people read it: "812 bytes", "4.2 KB", "100 MB", "5.3 GB" (1 KB = 1,024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatCount(bytes)} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/**
 * The characters that reorder text (bidirectional marks, overrides and isolates), which can make a file
 * name or value read differently from what it is ("Trojan source"), as the body of a character class: one
 * list for every place that refuses, escapes or replaces them.
 */
export const TEXT_DIRECTION_CLASS = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';

// C0 controls (except tab), DEL, C1 controls (0x80–0x9f: 0x9b is a one-character escape sequence start in
// some terminals), and the characters that reorder text.
const UNSAFE = new RegExp(`[\\u0000-\\u0008\\u000a-\\u001f\\u007f-\\u009f${TEXT_DIRECTION_CLASS}]`, 'g');

/**
 * Text from a file made safe to print on a terminal or put on one line: every control character, escape
 * sequence introducer and bidirectional-override character is shown as a visible escape (\x1b, \u202e),
 * so a file cannot move the cursor, change colours, set the window title or reorder what is shown.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A value from a file, quoted for a message: JSON-quoted (control characters escaped), cut to `max`
 * characters with "…" and the full length, so a 5 MB value cannot make a 5 MB message.
 */
export function quoted(value: unknown, max = 60): string {
  if (typeof value !== 'string') {
    if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
    return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value;
  }
  if (value.length <= max) return printable(JSON.stringify(value));
  return `${printable(JSON.stringify(value.slice(0, max)).slice(0, -1))}…" (${formatCount(value.length)} characters)`;
}

/** At most this many names in a message listing columns. */
const SHOWN_COLUMNS = 10;

/** Column names for a message: quoted, at most SHOWN_COLUMNS of them, then how many more. */
export const listColumns = (names: readonly string[]): string =>
  names
    .slice(0, SHOWN_COLUMNS)
    .map((c) => quoted(c, 40))
    .join(', ') + (names.length > SHOWN_COLUMNS ? ` and ${formatCount(names.length - SHOWN_COLUMNS)} more` : '');

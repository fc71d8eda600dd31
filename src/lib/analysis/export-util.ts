// Shared helpers of the CSV exports: spreadsheet-formula neutralisation and syntactic R names.
import Papa from 'papaparse';
import { TEXT_DIRECTION_CLASS } from '../import/limits.ts';
import { FORMULA_START } from '../util/spreadsheet-formula.ts';

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/**
 * Characters no cohort, module or answer needs and a terminal or viewer acts on: control characters (an
 * escape sequence can retitle or clear a terminal that prints the file; tab and line breaks are kept,
 * quoted) and the text-direction overrides that make a value read as another.
 */
const CONTROL = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F${TEXT_DIRECTION_CLASS}]`, 'g');

export type Cell = string | number | boolean | null | undefined;

/**
 * A cell as written to CSV. Numbers stay numbers (NaN/Infinity → empty = missing); null/undefined →
 * empty; text that a spreadsheet would run as a formula (starting with = + - @, tab or CR, after any
 * single quotes) gets a leading single quote, unless it is a plain number such as "-0.5"; control and text-direction
 * characters become U+FFFD (the replacement character).
 */
export function safeCell(value: Cell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const text = value.replace(CONTROL, '\uFFFD');
  return FORMULA_START.test(text) && !NUMERIC.test(text) ? `'${text}` : text;
}

/** CSV text (RFC 4180 quoting, CRLF line ends) from a header and rows, every cell passed through safeCell. */
export function toCsv(fields: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return Papa.unparse({ fields: fields.map((f) => String(safeCell(f))), data: rows.map((r) => r.map(safeCell)) }, { newline: '\r\n' }) + '\r\n';
}

const R_RESERVED = new Set([
  'if',
  'else',
  'repeat',
  'while',
  'function',
  'for',
  'next',
  'break',
  'TRUE',
  'FALSE',
  'NULL',
  'Inf',
  'NaN',
  'NA',
  'NA_integer_',
  'NA_real_',
  'NA_character_',
  'NA_complex_',
  'in',
]);

/**
 * A syntactic R name from an id: '-' and anything but letters, digits, '.' and '_' become '_'; a name not
 * starting with a letter gets an 'x' in front; reserved words get a trailing '_'.
 */
export function rName(id: string): string {
  let name = id.replace(/[^A-Za-z0-9._]/g, '_');
  if (!/^[A-Za-z]/.test(name)) name = `x${name}`;
  if (R_RESERVED.has(name)) name = `${name}_`;
  return name;
}

/** True when `name` is a syntactic R name as produced here (letters, digits, '.', '_'; starts with a letter). */
export const isSyntacticRName = (name: string): boolean => /^[A-Za-z][A-Za-z0-9._]*$/.test(name) && !R_RESERVED.has(name);

/** Makes names unique like R's make.unique(sep = "_"): a repeat gets _2, _3, … */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const used = new Set(names);
  return names.map((n) => {
    const count = seen.get(n) ?? 0;
    seen.set(n, count + 1);
    if (count === 0) return n;
    let k = count + 1;
    while (used.has(`${n}_${k}`)) k++;
    const out = `${n}_${k}`;
    used.add(out);
    return out;
  });
}

/** C1 controls and bidirectional overrides, which a report copies from its inputs and a reader would not see. */
const UNSAFE_IN_OUTPUT = new RegExp(`[\\u007f-\\u009f${TEXT_DIRECTION_CLASS}]`, 'g');
const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(4, '0');

/** A report's JSON text as written out (CLI and evaluator page alike): those characters as \u escapes. */
export const safeJson = (text: string): string => text.replace(UNSAFE_IN_OUTPUT, (c) => `\\u${hex(c)}`);

/** A report's HTML as written out: those characters and the C0 controls HTML forbids as character references. */
export const safeHtml = (text: string): string =>
  text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `&#x${hex(c)};`).replace(UNSAFE_IN_OUTPUT, (c) => `&#x${hex(c)};`);

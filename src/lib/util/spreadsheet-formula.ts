// Text a spreadsheet would run as a formula. The CSV exports put a single quote before it
// (analysis/export-util.ts safeCell), and the long CSV's import takes that quote off again
// (import/import-csv.ts), so that such text, and text that began with quotes before it, round-trips.

/** What a formula starts with: = + - @, a tab or a carriage return. */
const FORMULA_CHAR = '[=+\\-@\\t\\r]';
/** Text that starts as a formula after any single quotes: the export puts one more quote before it. */
export const FORMULA_START = new RegExp(`^'*${FORMULA_CHAR}`);
/** Text as the export wrote it, with the quote it put before such text: the import takes that quote off. */
export const QUOTED_FORMULA = new RegExp(`^'+${FORMULA_CHAR}`);

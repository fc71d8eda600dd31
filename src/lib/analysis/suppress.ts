// Small-cell suppression for subgroup tables (anonymity: the participant code must not let a reader
// single out a colleague in a small group).

export const MIN_CELL = 5;
const SUPPRESSED_SMALL = '< 5' as const;
const SUPPRESSED_COMPLEMENT = 'suppressed' as const;
export type CellCount = number | typeof SUPPRESSED_SMALL | typeof SUPPRESSED_COMPLEMENT;

export const SUPPRESSION_RULE = `Subgroup cells with fewer than ${MIN_CELL} people are suppressed: n is shown as "< 5" and no statistics are given (this includes empty groups, so an empty group cannot be told apart from a small one). Because the whole-sample figures are published, a single small cell could be recovered by subtraction; so when the suppressed cells of one table column together hold 1 to ${MIN_CELL - 1} people, the smallest remaining cell is suppressed too (shown as "suppressed"). The same applies to the attrition table (pre-only or completer groups under ${MIN_CELL}). Tests between groups use only groups with at least ${MIN_CELL} people (never the "missing" or "prefer not to say" rows) and are run only when at least 2 such groups exist.`;

/**
 * Decides which cells of one column (e.g. the groups of one background question) are suppressed.
 * Returns per cell: null (shown), '< 5' (small) or 'suppressed' (complementary suppression).
 */
export function suppressCells(counts: readonly number[], minCell = MIN_CELL): (null | typeof SUPPRESSED_SMALL | typeof SUPPRESSED_COMPLEMENT)[] {
  const out: (null | typeof SUPPRESSED_SMALL | typeof SUPPRESSED_COMPLEMENT)[] = counts.map((n) => (n < minCell ? SUPPRESSED_SMALL : null));
  let hidden = counts.reduce((s, n, i) => (out[i] !== null ? s + n : s), 0);
  while (hidden > 0 && hidden < minCell) {
    let pick = -1;
    counts.forEach((n, i) => {
      if (out[i] === null && (pick < 0 || n < (counts[pick] as number))) pick = i;
    });
    if (pick < 0) break;
    out[pick] = SUPPRESSED_COMPLEMENT;
    hidden += counts[pick] as number;
  }
  return out;
}

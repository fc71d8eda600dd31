/**
 * Pairwise paired Wilcoxon tests between timepoints, Holm-adjusted: the
 * follow-up to a Friedman test that says which timepoints differ.
 */
import { isPresent } from './descriptive.ts';
import { holm } from './p-adjust.ts';
import { wilcoxonSignedRank, type WilcoxonOptions, type WilcoxonResult } from './wilcoxon.ts';

export interface PairwiseWilcoxonComparison {
  /** Column indices (0-based), first < second; the test is of column first − column second. */
  readonly first: number;
  readonly second: number;
  readonly result: WilcoxonResult;
  /** Holm-adjusted p over all pairs that have a p-value (NaN when this pair has none). */
  readonly pHolm: number;
}

export interface PairwiseWilcoxonResult {
  /** Complete rows (people with a score at every timepoint) used for every pair. */
  readonly n: number;
  /** Rows dropped because a score was missing. */
  readonly dropped: number;
  readonly k: number;
  /** In R's `combn` order: 1-2, 1-3, …, 2-3, … */
  readonly comparisons: PairwiseWilcoxonComparison[];
}

/**
 * Paired Wilcoxon signed-rank test for every pair of columns of an n × k
 * matrix (rows = people), with Holm's adjustment across the pairs.
 * Mirrors R, on `M <- M[complete.cases(M), ]`:
 * `wilcox.test(M[, i], M[, j], paired = TRUE)` for each i < j, then
 * `p.adjust(p, "holm")`. Every pair uses the same people (those complete at
 * all timepoints, as the Friedman test does), so the pairs stay comparable.
 * Options (continuity correction, `digitsRank`) are passed to each test.
 * @throws RangeError when rows have different lengths.
 */
export function pairwiseWilcoxonHolm(matrix: readonly (readonly number[])[], options: WilcoxonOptions = {}): PairwiseWilcoxonResult {
  const k = matrix[0]?.length ?? 0;
  for (const row of matrix) {
    if (row.length !== k) throw new RangeError('all rows must have the same number of timepoints');
  }
  const rows = matrix.filter((row) => row.every(isPresent));
  const column = (j: number): number[] => rows.map((row) => row[j] as number);
  const tests: { first: number; second: number; result: WilcoxonResult }[] = [];
  for (let first = 0; first < k; first++) {
    for (let second = first + 1; second < k; second++) {
      tests.push({ first, second, result: wilcoxonSignedRank(column(first), column(second), options) });
    }
  }
  const adjusted = holm(tests.map((t) => t.result.p));
  return {
    n: rows.length,
    dropped: matrix.length - rows.length,
    k,
    comparisons: tests.map((t, i) => ({ ...t, pHolm: adjusted[i] as number })),
  };
}

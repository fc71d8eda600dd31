/**
 * Friedman rank-sum test for one group measured at k timepoints (e.g. pre,
 * post, follow-up): do the timepoints differ, judged by each person's ranking
 * of their own scores?
 */
import { isPresent } from './descriptive.ts';
import { chiSquareUpperTail } from './distributions.ts';
import { rankWithTies } from './ranks.ts';

export interface FriedmanResult {
  /** Friedman chi-squared, tie-corrected (R's "Friedman chi-squared"). */
  readonly statistic: number;
  /** k − 1. */
  readonly df: number;
  readonly p: number;
  /** Complete rows (people with a score at every timepoint) used. */
  readonly n: number;
  /** Rows dropped because a score was missing. */
  readonly dropped: number;
  /** Number of timepoints (columns). */
  readonly k: number;
  /** Mean within-person rank per timepoint (1 = lowest), in column order. */
  readonly meanRanks: number[];
  readonly reason?: string;
}

/**
 * Friedman test of an n × k matrix (rows = people, columns = timepoints).
 * Mirrors R `friedman.test(M)`: rows with a missing value are dropped (R
 * applies `complete.cases` to matrix input too), each row is ranked with
 * average ranks for ties, and with R_j the column rank sums
 * Q = 12·Σ(R_j − n(k+1)/2)² / (n·k(k+1) − Σ(t³ − t)/(k − 1)),
 * the tie sum running over the tie groups of every row; df = k − 1,
 * p = P(χ²_df > Q).
 * Fewer than 2 columns or 2 complete rows (R stops), or every row tied
 * (R gives NaN), → NaN with a reason.
 * @throws RangeError when rows have different lengths.
 */
export function friedmanTest(matrix: readonly (readonly number[])[]): FriedmanResult {
  const k = matrix[0]?.length ?? 0;
  for (const row of matrix) {
    if (row.length !== k) throw new RangeError('all rows must have the same number of timepoints');
  }
  const rows = matrix.filter((row) => row.every(isPresent));
  const n = rows.length;
  const dropped = matrix.length - n;
  const df = k - 1;
  const rankSums = new Array<number>(k).fill(0);
  let tieSum = 0;
  for (const row of rows) {
    const { ranks, tieSum: rowTies } = rankWithTies(row);
    for (let j = 0; j < k; j++) rankSums[j] = (rankSums[j] as number) + (ranks[j] as number);
    tieSum += rowTies;
  }
  const meanRanks = rankSums.map((s) => s / n);
  const fail = (reason: string): FriedmanResult => ({ statistic: NaN, df, p: NaN, n, dropped, k, meanRanks, reason });
  if (k < 2) return fail('at least 2 timepoints are needed');
  if (n < 2) return fail('fewer than 2 people with a score at every timepoint');

  const expected = (n * (k + 1)) / 2;
  let squares = 0;
  for (const s of rankSums) squares += (s - expected) ** 2;
  const denominator = n * k * (k + 1) - tieSum / (k - 1);
  if (!(denominator > 0)) return fail('every person gave the same score at every timepoint');
  const statistic = (12 * squares) / denominator;
  return { statistic, df, p: chiSquareUpperTail(statistic, df), n, dropped, k, meanRanks };
}

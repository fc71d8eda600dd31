/**
 * Comparisons of several independent groups, e.g. change scores by
 * discipline or years of experience. Comparing the change scores between
 * groups answers "did change differ by group?"; testing within each group
 * and comparing the p-values does not.
 *
 * Input: one array of values per group. Missing values are dropped and groups
 * that end up empty are ignored, as R does when it re-factors the grouping
 * variable after removing NAs.
 */
import { finiteFloat64, mean, type Numbers, sampleVariance } from './descriptive.ts';
import { chiSquareUpperTail, fUpperTail } from './distributions.ts';
import { rankWithTies } from './ranks.ts';

export interface WelchAnovaResult {
  readonly F: number;
  readonly df1: number;
  readonly df2: number;
  readonly p: number;
  /** Non-empty groups used. */
  readonly k: number;
  readonly n: number;
  readonly reason?: string;
}

export interface KruskalWallisResult {
  /** Tie-corrected Kruskal–Wallis statistic (R's "Kruskal-Wallis chi-squared"). */
  readonly H: number;
  readonly df: number;
  readonly p: number;
  readonly k: number;
  readonly n: number;
  readonly reason?: string;
}

function nonEmptyGroups(groups: readonly Numbers[]): Float64Array[] {
  return groups.map(finiteFloat64).filter((g) => g.length > 0);
}

/**
 * Welch's (1951) heteroscedastic one-way ANOVA. Mirrors R
 * `oneway.test(y ~ g, var.equal = FALSE)`:
 * w_i = n_i/s_i², m = Σw_i·ȳ_i/Σw_i, tmp = Σ(1 − w_i/Σw)²/(n_i − 1) / (k² − 1),
 * F = Σw_i(ȳ_i − m)² / ((k − 1)(1 + 2(k − 2)·tmp)), df = (k − 1, 1/(3·tmp)).
 * Where R stops (k < 2 "not enough groups", a group with n < 2 "not enough
 * observations") or yields NaN (a group with zero variance), this returns
 * NaN with a reason.
 */
export function welchAnova(groups: readonly Numbers[]): WelchAnovaResult {
  const gs = nonEmptyGroups(groups);
  const k = gs.length;
  const n = gs.reduce((s, g) => s + g.length, 0);
  const fail = (reason: string): WelchAnovaResult => ({ F: NaN, df1: k - 1, df2: NaN, p: NaN, k, n, reason });
  if (k < 2) return fail('at least 2 non-empty groups are needed');
  if (gs.some((g) => g.length < 2)) return fail('every group needs at least 2 observations');
  const sizes = gs.map((g) => g.length);
  const means = gs.map(mean);
  const variances = gs.map(sampleVariance);
  if (variances.some((v) => !(v > 0))) return fail('a group has zero variance');

  const w = sizes.map((ni, i) => ni / (variances[i] as number));
  const sumW = w.reduce((s, x) => s + x, 0);
  let tmp = 0;
  for (let i = 0; i < k; i++) tmp += (1 - (w[i] as number) / sumW) ** 2 / ((sizes[i] as number) - 1);
  tmp /= k * k - 1;
  let m = 0;
  for (let i = 0; i < k; i++) m += (w[i] as number) * (means[i] as number);
  m /= sumW;
  let between = 0;
  for (let i = 0; i < k; i++) between += (w[i] as number) * ((means[i] as number) - m) ** 2;
  const F = between / ((k - 1) * (1 + 2 * (k - 2) * tmp));
  const df1 = k - 1;
  const df2 = 1 / (3 * tmp);
  return { F, df1, df2, p: fUpperTail(F, df1, df2), k, n };
}

/**
 * Kruskal–Wallis rank-sum test. Mirrors R `kruskal.test(list(...))`:
 * H = (12/(N(N+1))·Σ R_i²/n_i − 3(N+1)) / (1 − Σ(t³ − t)/(N³ − N)),
 * df = k − 1, p = P(χ²_df > H). k < 2 or all values equal → NaN with a reason
 * (R stops, or returns NaN, respectively).
 */
export function kruskalWallis(groups: readonly Numbers[]): KruskalWallisResult {
  // The groups' present values one after another, in one typed array, and the size of each group that has
  // any (no array per group: at 100,000 pairs each was a large object of fresh memory).
  let total = 0;
  for (const g of groups) total += g.length;
  const values = new Float64Array(total);
  const sizes: number[] = [];
  let n = 0;
  for (const g of groups) {
    const start = n;
    for (let i = 0; i < g.length; i++) {
      const x = g[i]!;
      if (Number.isFinite(x)) values[n++] = x;
    }
    if (n > start) sizes.push(n - start);
  }
  const all = values.subarray(0, n);
  const k = sizes.length;
  const df = k - 1;
  const fail = (reason: string): KruskalWallisResult => ({ H: NaN, df, p: NaN, k, n, reason });
  if (k < 2) return fail('at least 2 non-empty groups are needed');
  const { ranks, tieSum } = rankWithTies(all);
  const tieDenominator = 1 - tieSum / (n * n * n - n);
  if (!(tieDenominator > 0)) return fail('all observations are equal');
  let offset = 0;
  let s = 0;
  for (const size of sizes) {
    let rankSum = 0;
    for (let i = 0; i < size; i++) rankSum += ranks[offset + i]!;
    s += (rankSum * rankSum) / size;
    offset += size;
  }
  const H = ((12 * s) / (n * (n + 1)) - 3 * (n + 1)) / tieDenominator;
  return { H, df, p: chiSquareUpperTail(H, df), k, n };
}

/**
 * Descriptive statistics with explicit missing-value rules.
 *
 * Conventions used throughout src/lib/stats:
 * - A "missing" value is any non-finite number (NaN, ±Infinity). Survey data
 *   never legitimately contains infinities, so they are treated like R's NA.
 * - The basic summaries (mean, sampleVariance, sampleSd) do NOT silently drop
 *   missing values: like R's `mean(x)` / `var(x)` without `na.rm = TRUE`, a
 *   missing input yields NaN. Callers drop missing values explicitly with
 *   `finiteValues` (R: `x[!is.na(x)]`) or `completePairs` (R: `complete.cases`).
 * - Too-small samples return NaN instead of throwing (empty mean, n < 2 variance).
 */

/** True for values that take part in an analysis (finite numbers). */
export function isPresent(x: number): boolean {
  return Number.isFinite(x);
}

/** Drops missing values. Mirrors R `x[!is.na(x)]` (plus ±Inf, see module doc). */
export function finiteValues(xs: readonly number[]): number[] {
  return Array.from(finiteFloat64(xs));
}

/**
 * The same values as finiteValues, in a typed array: for tests that only read them. At 100,000 pairs an
 * array of numbers that long is a large object of fresh memory each time; a typed array's storage is not.
 * (A loop, not filter(isPresent): called on every column of 100,000 pairs, the callback was a tenth of
 * the analysis.)
 */
export function finiteFloat64(xs: Numbers): Float64Array {
  const out = new Float64Array(xs.length);
  let n = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (Number.isFinite(x)) out[n++] = x;
  }
  return n === xs.length ? out : out.subarray(0, n);
}

export interface CompletePairs {
  /** Values of the first vector for pairs where both values are present. */
  readonly a: Float64Array;
  /** Values of the second vector for the same pairs. */
  readonly b: Float64Array;
  /** Original indices of the kept pairs (to map results back to people). */
  readonly indices: Int32Array;
}

/**
 * Two vectors taken as pairs must have one value per pair each (R's paired tests stop likewise).
 * @throws RangeError when they differ in length.
 */
export function assertPaired(a: Numbers, b: Numbers): void {
  if (a.length !== b.length) throw new RangeError(`paired vectors must have the same length (got ${a.length} and ${b.length})`);
}

/**
 * Keeps only pairs where both values are present, in typed arrays (finiteFloat64 says why).
 * Mirrors R `complete.cases(x, y)` as used by `t.test(..., paired = TRUE)`
 * and `wilcox.test(..., paired = TRUE)`.
 * @throws RangeError when the vectors differ in length (R stops likewise).
 */
export function completePairs(a: Numbers, b: Numbers): CompletePairs {
  assertPaired(a, b);
  const outA = new Float64Array(a.length);
  const outB = new Float64Array(a.length);
  const indices = new Int32Array(a.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (isPresent(x) && isPresent(y)) {
      outA[n] = x;
      outB[n] = y;
      indices[n++] = i;
    }
  }
  return { a: outA.subarray(0, n), b: outB.subarray(0, n), indices: indices.subarray(0, n) };
}

/**
 * Differences post − pre over complete pairs (the analysis unit of every
 * paired test here). Mirrors R `x[OK] - y[OK]` inside `t.test`/`wilcox.test`.
 */
export function pairedDifferences(post: readonly number[], pre: readonly number[]): number[] {
  return Array.from(completeDifferences(post, pre));
}

/**
 * The same differences in a typed array, for the tests that only read them (finiteFloat64 says why).
 * @throws RangeError when the vectors differ in length, as completePairs.
 */
export function completeDifferences(post: Numbers, pre: Numbers): Float64Array {
  assertPaired(post, pre);
  const out = new Float64Array(post.length);
  let n = 0;
  for (let i = 0; i < post.length; i++) {
    const x = post[i]!;
    const y = pre[i]!;
    if (isPresent(x) && isPresent(y)) out[n++] = x - y;
  }
  return out.subarray(0, n);
}

/** Numbers as the summaries take them: an array or a typed array (a buffer reused for each column). */
export type Numbers = readonly number[] | Float64Array;

/** Plain left-to-right sum (NaN propagates). */
export function sum(xs: Numbers): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

/**
 * Arithmetic mean. Mirrors R `mean(x)`: empty → NaN, any NaN → NaN.
 * Uses R's two-pass refinement (mean of residuals added back) so results
 * agree with R to the last few ulps even for data with a large offset.
 */
export function mean(xs: Numbers): number {
  const n = xs.length;
  if (n === 0) return NaN;
  const m = sum(xs) / n;
  if (!Number.isFinite(m)) return m;
  let r = 0;
  for (let i = 0; i < n; i++) r += xs[i]! - m;
  return m + r / n;
}

/**
 * Sample variance with denominator n − 1. Mirrors R `var(x)`:
 * n < 2 → NaN (R gives NA), any NaN → NaN.
 * Corrected two-pass algorithm (Chan, Golub & LeVeque) for accuracy.
 */
export function sampleVariance(xs: Numbers): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const m = mean(xs);
  if (!Number.isFinite(m)) return NaN;
  let ss = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - m;
    ss += d * d;
    comp += d;
  }
  return Math.max(0, (ss - (comp * comp) / n) / (n - 1));
}

/** Sample standard deviation (n − 1). Mirrors R `sd(x)`. */
export function sampleSd(xs: Numbers): number {
  return Math.sqrt(sampleVariance(xs));
}

/**
 * Sample covariance (n − 1) of two equal-length vectors. Mirrors R `cov(x, y)`.
 * n < 2 → NaN. Missing values propagate (no pairwise deletion here).
 */
export function sampleCovariance(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) {
    throw new RangeError(`covariance needs equal lengths (got ${xs.length} and ${ys.length})`);
  }
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = mean(xs);
  const my = mean(ys);
  let s = 0;
  for (let i = 0; i < n; i++) s += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
  return s / (n - 1);
}

/**
 * Pearson correlation. Mirrors R `cor(x, y)`; a constant vector gives NaN
 * (R returns NA with a warning).
 */
export function pearsonCorrelation(xs: readonly number[], ys: readonly number[]): number {
  const sxy = sampleCovariance(xs, ys);
  const sx = sampleSd(xs);
  const sy = sampleSd(ys);
  if (!(sx > 0) || !(sy > 0)) return NaN;
  return sxy / (sx * sy);
}

/** Median. Mirrors R `median(x)`: empty → NaN, any NaN → NaN. */
export function median(xs: readonly number[]): number {
  const n = xs.length;
  if (n === 0 || xs.some(Number.isNaN)) return NaN;
  const s = [...xs].sort((p, q) => p - q);
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Distribution functions. Thin wrappers over @stdlib (which ports Boost /
 * FreeBSD msun and agrees with R to ~1e-15), plus the pieces stdlib lacks:
 * accurate upper tails (R's `lower.tail = FALSE`), an F quantile, and R's
 * noncentral-t CDF (see noncentral-t.ts).
 *
 * Import shape: the @stdlib packages are CommonJS with `export =` typings,
 * so under Node ESM / Vite the function is the default export.
 */
import fCdfStdlib from '@stdlib/stats-base-dists-f-cdf';
import chisquareCdfStdlib from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdfStdlib from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileStdlib from '@stdlib/stats-base-dists-normal-quantile';
import signrankCdfStdlib from '@stdlib/stats-base-dists-signrank-cdf';
import tCdfStdlib from '@stdlib/stats-base-dists-t-cdf';
import tQuantileStdlib from '@stdlib/stats-base-dists-t-quantile';
import { bisect } from './root-finding.ts';

/** Standard normal CDF Φ(z). Mirrors R `pnorm(z)`. */
export function normalCdf(z: number): number {
  return normalCdfStdlib(z, 0, 1);
}

/** Standard normal upper tail 1 − Φ(z), computed as Φ(−z) to keep tiny tails accurate. Mirrors R `pnorm(z, lower.tail = FALSE)`. */
export function normalUpperTail(z: number): number {
  return normalCdfStdlib(-z, 0, 1);
}

/** Standard normal quantile. Mirrors R `qnorm(p)`. */
export function normalQuantile(p: number): number {
  return normalQuantileStdlib(p, 0, 1);
}

/** Student t CDF. Mirrors R `pt(x, df)`. */
export function tCdf(x: number, df: number): number {
  return tCdfStdlib(x, df);
}

/** Student t quantile. Mirrors R `qt(p, df)`. */
export function tQuantile(p: number, df: number): number {
  return tQuantileStdlib(p, df);
}

/** Two-sided p-value 2·P(T ≥ |t|), computed on the lower tail to avoid cancellation. Mirrors R `2 * pt(-abs(t), df)`. */
export function tTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  return Math.min(1, 2 * tCdfStdlib(-Math.abs(t), df));
}

/** F CDF. Mirrors R `pf(x, df1, df2)`. */
export function fCdf(x: number, df1: number, df2: number): number {
  return fCdfStdlib(x, df1, df2);
}

/**
 * F upper tail P(F > x). Mirrors R `pf(x, df1, df2, lower.tail = FALSE)`.
 * Uses P(F(d1,d2) > x) = P(F(d2,d1) < 1/x) so small p-values keep full
 * relative precision instead of suffering 1 − (1 − p) cancellation.
 */
export function fUpperTail(x: number, df1: number, df2: number): number {
  if (Number.isNaN(x) || Number.isNaN(df1) || Number.isNaN(df2)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return fCdfStdlib(1 / x, df2, df1);
}

/**
 * F quantile. Mirrors R `qf(p, df1, df2)`. No F quantile is installed, so the
 * CDF is inverted by bisection to the limit of double precision (the bracket
 * shrinks until its ends are adjacent doubles); accuracy is then bounded by
 * the stdlib CDF itself (~1e-15).
 */
export function fQuantile(p: number, df1: number, df2: number): number {
  if (Number.isNaN(p) || !(df1 > 0) || !(df2 > 0) || p < 0 || p > 1) return NaN;
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  let hi = 1;
  while (fCdfStdlib(hi, df1, df2) < p) {
    hi *= 2;
    if (hi > 1e300) return Infinity;
  }
  let lo = hi / 2;
  while (lo > 1e-300 && fCdfStdlib(lo, df1, df2) > p) lo /= 2;
  return bisect((x) => fCdfStdlib(x, df1, df2) - p, lo, hi, { relTol: 0 });
}

/** Chi-square CDF. Mirrors R `pchisq(x, df)`. */
export function chiSquareCdf(x: number, df: number): number {
  return chisquareCdfStdlib(x, df);
}

/**
 * Chi-square upper tail P(X > x). Mirrors R `pchisq(x, df, lower.tail = FALSE)`.
 * For integer df ≤ 1000 it uses the closed forms (Abramowitz & Stegun
 * 26.4.4/26.4.5), sums of positive terms, so tiny p-values (large
 * Kruskal–Wallis statistics) keep full relative precision. Otherwise it falls
 * back to 1 − CDF.
 */
export function chiSquareUpperTail(x: number, df: number): number {
  if (Number.isNaN(x) || Number.isNaN(df) || !(df > 0)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  if (!Number.isInteger(df) || df > 1000) return 1 - chisquareCdfStdlib(x, df);
  if (df % 2 === 0) {
    // Q = e^{−x/2} Σ_{j=0}^{df/2−1} (x/2)^j / j!
    let term = Math.exp(-x / 2);
    let total = term;
    for (let j = 1; j < df / 2; j++) {
      term *= x / 2 / j;
      total += term;
    }
    return Math.min(1, total);
  }
  // Odd df: Q = 2·Φ(−√x) + 2·φ(√x)·Σ_{j=1}^{(df−1)/2} x^{(2j−1)/2} / (1·3·…·(2j−1))
  const r = Math.sqrt(x);
  let total = 2 * normalCdfStdlib(-r, 0, 1);
  if (df > 1) {
    let term = (Math.exp(-x / 2) / Math.sqrt(2 * Math.PI)) * r; // φ(√x)·√x
    let series = term;
    for (let j = 2; j <= (df - 1) / 2; j++) {
      term *= x / (2 * j - 1);
      series += term;
    }
    total += 2 * series;
  }
  return Math.min(1, total);
}

/**
 * CDF of the Wilcoxon signed-rank statistic V for n untied, non-zero
 * observations. Mirrors R `psignrank(q, n)` (q is rounded like R).
 */
export function signRankCdf(q: number, n: number): number {
  return signrankCdfStdlib(q, n);
}

/**
 * Upper tail P(V ≥ q) of the signed-rank statistic. Mirrors R
 * `psignrank(q - 1, n, lower.tail = FALSE)`. Uses the symmetry of the null
 * distribution, P(V ≥ q) = P(V ≤ n(n+1)/2 − q), so it never computes 1 − CDF.
 */
export function signRankUpperTail(q: number, n: number): number {
  return signrankCdfStdlib((n * (n + 1)) / 2 - q, n);
}

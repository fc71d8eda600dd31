/**
 * McNemar test for a yes/no answer given before and after (e.g. "not
 * familiar" with a group, or a knowledge question answered correctly).
 * Only the discordant counts matter: b = yes→no, c = no→yes.
 */
import { chiSquareUpperTail, fCdf } from './distributions.ts';
import { logGamma } from './special-functions.ts';

export interface McNemarResult {
  readonly b: number;
  readonly c: number;
  /** Continuity-corrected X² (R default `correct = TRUE`). */
  readonly statistic: number;
  readonly p: number;
  /** Uncorrected X² = (b − c)²/(b + c). */
  readonly statisticUncorrected: number;
  readonly pUncorrected: number;
  /** Exact conditional p = binom.test(min(b, c), b + c). */
  readonly pExact: number;
  /** Mid-p version of the exact test (Fagerland et al. 2013 recommend it). */
  readonly pMidP: number;
  readonly reason?: string;
}

/** P(X ≤ m), X ~ Binomial(n, 1/2), via I_{1/2}(n − m, m + 1) from the F CDF. */
function binomialHalfCdf(m: number, n: number): number {
  if (m < 0) return 0;
  if (m >= n) return 1;
  // I_y(a, b) = F_cdf(b·y/(a·(1 − y)); 2a, 2b); here y = 1/2, a = n − m, b = m + 1.
  return fCdf((m + 1) / (n - m), 2 * (n - m), 2 * (m + 1));
}

function binomialHalfPmf(m: number, n: number): number {
  return Math.exp(logGamma(n + 1) - logGamma(m + 1) - logGamma(n - m + 1) - n * Math.LN2);
}

function checkCounts(b: number, c: number): void {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`counts must be non-negative integers (got b = ${b}, c = ${c})`);
  }
}

/** Two-sided exact p: min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, ½); NaN when b + c = 0. */
function exactP(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return NaN;
  return Math.min(1, 2 * binomialHalfCdf(Math.min(b, c), n));
}

/**
 * McNemar test from the discordant counts. Mirrors R
 * `mcnemar.test(matrix(c(a, c, b, d), 2))` (statistic and p, with and without
 * `correct`; like R, no continuity correction is applied when b = c),
 * `binom.test(min(b, c), b + c)$p.value` for the exact p, and the mid-p
 * 2·[P(X ≤ min) − ½·P(X = min)]. b + c = 0 → NaN with a reason.
 */
export function mcnemarTest(b: number, c: number): McNemarResult {
  checkCounts(b, c);
  const n = b + c;
  if (n === 0) {
    return {
      b,
      c,
      statistic: NaN,
      p: NaN,
      statisticUncorrected: NaN,
      pUncorrected: NaN,
      pExact: NaN,
      pMidP: NaN,
      reason: 'no discordant pairs',
    };
  }
  const diff = Math.abs(b - c);
  const statistic = (b === c ? 0 : (diff - 1) ** 2) / n;
  const statisticUncorrected = diff ** 2 / n;
  const m = Math.min(b, c);
  const lowerTail = binomialHalfCdf(m, n);
  return {
    b,
    c,
    statistic,
    p: chiSquareUpperTail(statistic, 1),
    statisticUncorrected,
    pUncorrected: chiSquareUpperTail(statisticUncorrected, 1),
    pExact: exactP(b, c),
    pMidP: Math.min(1, 2 * (lowerTail - 0.5 * binomialHalfPmf(m, n))),
  };
}

/**
 * Exact (conditional) McNemar test: the binomial test of b successes in the
 * b + c discordant pairs against ½. Mirrors R `binom.test(b, b + c, 0.5)$p.value`
 * (for p = ½ R's two-sided rule reduces to doubling the smaller tail).
 * b + c = 0 → NaN, where R stops ("'n' must be a positive integer >= 'x'").
 */
export function mcnemarExactP(b: number, c: number): number {
  checkCounts(b, c);
  return exactP(b, c);
}

/** Discordant pairs below which mcnemarAuto uses the exact test. */
export const MCNEMAR_EXACT_BELOW = 25;

export interface McNemarAutoResult {
  readonly b: number;
  readonly c: number;
  readonly exact: boolean;
  /** What was computed and why, naming the R call; shown with the result. */
  readonly method: string;
  /** Continuity-corrected X²; null for the exact test. */
  readonly statistic: number | null;
  /** 1 for the chi-squared test; null for the exact test. */
  readonly df: number | null;
  readonly p: number;
}

/**
 * The McNemar test a report states: exact while the discordant pairs are few
 * (b + c < 25, where the chi-squared approximation is poor), otherwise the
 * chi-squared test with continuity correction.
 * - b + c < 25: p = R `binom.test(b, b + c, 0.5)$p.value`, statistic and df null.
 * - b + c ≥ 25: statistic, df = 1 and p = R `mcnemar.test(table)` (which, like
 *   mcnemarTest, skips the correction when b = c).
 * - b + c = 0: nobody changed, so p = 1 by definition, and the method text says
 *   so (R's mcnemar.test gives NaN here and binom.test(0, 0) stops).
 */
export function mcnemarAuto(b: number, c: number): McNemarAutoResult {
  checkCounts(b, c);
  const n = b + c;
  if (n === 0) {
    return {
      b,
      c,
      exact: true,
      statistic: null,
      df: null,
      p: 1,
      method: 'No discordant pairs (b = c = 0): nobody changed, so p = 1 by definition ' + '(R: mcnemar.test gives NaN and binom.test(0, 0) stops)',
    };
  }
  if (n < MCNEMAR_EXACT_BELOW) {
    return {
      b,
      c,
      exact: true,
      statistic: null,
      df: null,
      p: exactP(b, c),
      method: `Exact binomial test on the ${n} discordant pairs (b + c < ${MCNEMAR_EXACT_BELOW}), ` + 'as R binom.test(b, b + c, 0.5)',
    };
  }
  const r = mcnemarTest(b, c);
  const correction = b === c ? 'no continuity correction needed as b = c' : 'with continuity correction';
  return {
    b,
    c,
    exact: false,
    statistic: r.statistic,
    df: 1,
    p: r.p,
    method: `McNemar chi-squared test, ${correction} (b + c = ${n} ≥ ${MCNEMAR_EXACT_BELOW}), ` + 'as R mcnemar.test(table)',
  };
}

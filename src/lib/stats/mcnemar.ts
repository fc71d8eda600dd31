/**
 * McNemar test for a yes/no item asked before and after (research note §2.7).
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

/**
 * McNemar test from the discordant counts. Mirrors R
 * `mcnemar.test(matrix(c(a, c, b, d), 2))` (statistic and p, with and without
 * `correct`; like R, no continuity correction is applied when b = c),
 * `binom.test(min(b, c), b + c)$p.value` for the exact p, and the mid-p
 * 2·[P(X ≤ min) − ½·P(X = min)]. b + c = 0 → NaN with a reason.
 */
export function mcnemarTest(b: number, c: number): McNemarResult {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`counts must be non-negative integers (got b = ${b}, c = ${c})`);
  }
  const n = b + c;
  if (n === 0) {
    return {
      b, c, statistic: NaN, p: NaN, statisticUncorrected: NaN, pUncorrected: NaN, pExact: NaN, pMidP: NaN,
      reason: 'no discordant pairs',
    };
  }
  const diff = Math.abs(b - c);
  const statistic = (b === c ? 0 : (diff - 1) ** 2) / n;
  const statisticUncorrected = diff ** 2 / n;
  const m = Math.min(b, c);
  const lowerTail = binomialHalfCdf(m, n);
  return {
    b, c,
    statistic, p: chiSquareUpperTail(statistic, 1),
    statisticUncorrected, pUncorrected: chiSquareUpperTail(statisticUncorrected, 1),
    pExact: Math.min(1, 2 * lowerTail),
    pMidP: Math.min(1, 2 * (lowerTail - 0.5 * binomialHalfPmf(m, n))),
  };
}

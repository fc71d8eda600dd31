/**
 * Paired t-test on matched pre/post scores.
 */
import { completeDifferences, finiteFloat64, mean, type Numbers, sampleSd } from './descriptive.ts';
import { tQuantile, tTwoSidedP } from './distributions.ts';

export interface PairedTTestResult {
  /** Complete pairs used. */
  readonly n: number;
  /** mean(post − pre). */
  readonly meanDiff: number;
  /** sd(post − pre), denominator n − 1. */
  readonly sdDiff: number;
  /** Standard error sdDiff / √n. */
  readonly se: number;
  readonly t: number;
  readonly df: number;
  /** Two-sided p-value. */
  readonly p: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly confLevel: number;
  /** Set when the test could not be computed (values are then NaN). */
  readonly reason?: string;
}

/**
 * Paired t-test of post − pre against 0, two-sided.
 * Mirrors R `t.test(post, pre, paired = TRUE, conf.level = confLevel)`:
 * pairs with a missing value are dropped (complete.cases); t = mean/SE,
 * df = n − 1, p = 2·P(T ≥ |t|), CI = mean ± qt(1 − α/2, n − 1)·SE.
 *
 * Where R stops with an error this returns NaN statistics and a `reason`:
 * fewer than 2 pairs ("not enough 'x' observations") and constant
 * differences ("data are essentially constant", same 10·eps·|mean| rule).
 */
export function pairedTTest(post: readonly number[], pre: readonly number[], confLevel = 0.95): PairedTTestResult {
  return testDifferences(completeDifferences(post, pre), confLevel);
}

/**
 * The same test on differences already computed (d = post − pre; missing values are dropped here), as
 * R's paired t.test is a one-sample test of the differences against 0: subgroup tables compute each
 * person's change once and test it group by group.
 */
export function differencesTTest(differences: Numbers, confLevel = 0.95): PairedTTestResult {
  return testDifferences(finiteFloat64(differences), confLevel);
}

/**
 * The paired test on the differences of complete pairs already taken (pairedDifferences), for callers
 * that run several tests on them: the same as pairedTTest on the two vectors.
 */
export function pairedTTestOfDifferences(completeDifferences: Numbers, confLevel = 0.95): PairedTTestResult {
  return testDifferences(completeDifferences, confLevel);
}

function testDifferences(d: Numbers, confLevel: number): PairedTTestResult {
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`confLevel must be in (0, 1), got ${confLevel}`);
  }
  const n = d.length;
  const meanDiff = mean(d);
  const sdDiff = sampleSd(d);
  const df = n - 1;
  const empty = { t: NaN, p: NaN, ciLow: NaN, ciHigh: NaN };
  if (n < 2) {
    return { n, meanDiff, sdDiff, se: NaN, df, confLevel, ...empty, reason: 'fewer than 2 complete pairs' };
  }
  const se = sdDiff / Math.sqrt(n);
  if (se < 10 * Number.EPSILON * Math.abs(meanDiff) || se === 0) {
    return { n, meanDiff, sdDiff, se, df, confLevel, ...empty, reason: 'differences are essentially constant' };
  }
  const t = meanDiff / se;
  const p = tTwoSidedP(t, df);
  const margin = tQuantile(1 - (1 - confLevel) / 2, df) * se;
  return { n, meanDiff, sdDiff, se, t, df, p, ciLow: meanDiff - margin, ciHigh: meanDiff + margin, confLevel };
}

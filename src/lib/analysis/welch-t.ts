// Welch's two-sample t-test (unequal variances), for the attrition comparison (completers vs pre-only).
import { finiteFloat64, mean, type Numbers, sampleVariance } from '../stats/descriptive.ts';
import { tQuantile, tTwoSidedP } from '../stats/distributions.ts';

export interface WelchTTestResult {
  nX: number;
  nY: number;
  meanX: number;
  meanY: number;
  /** meanX − meanY. */
  difference: number;
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value. */
  p: number;
  ciLow: number;
  ciHigh: number;
  confLevel: number;
  reason?: string;
}

/**
 * Welch two-sample t-test of x vs y, two-sided. Mirrors R `t.test(x, y)` (var.equal = FALSE):
 * se² = var(x)/nx + var(y)/ny, t = (mean(x) − mean(y))/se,
 * df = se⁴ / ((var(x)/nx)²/(nx − 1) + (var(y)/ny)²/(ny − 1)), CI = diff ± qt(1 − α/2, df)·se.
 * Missing values are dropped (R drops NA). Where R stops (a group with < 2 values, "data are essentially
 * constant") this returns NaN statistics with a reason.
 */
export function welchTTest(x: Numbers, y: Numbers, confLevel = 0.95): WelchTTestResult {
  const a = finiteFloat64(x);
  const b = finiteFloat64(y);
  const nX = a.length;
  const nY = b.length;
  const meanX = mean(a);
  const meanY = mean(b);
  const difference = meanX - meanY;
  const base = { nX, nY, meanX, meanY, difference, confLevel };
  const fail = (reason: string): WelchTTestResult => ({ ...base, t: NaN, df: NaN, p: NaN, ciLow: NaN, ciHigh: NaN, reason });
  if (nX < 2 || nY < 2) return fail('each group needs at least 2 values');
  const vx = sampleVariance(a) / nX;
  const vy = sampleVariance(b) / nY;
  const se = Math.sqrt(vx + vy);
  if (!(se > 10 * Number.EPSILON * Math.max(Math.abs(meanX), Math.abs(meanY)))) return fail('data are essentially constant');
  const df = (vx + vy) ** 2 / (vx ** 2 / (nX - 1) + vy ** 2 / (nY - 1));
  const t = difference / se;
  const margin = tQuantile(1 - (1 - confLevel) / 2, df) * se;
  return { ...base, t, df, p: tTwoSidedP(t, df), ciLow: difference - margin, ciHigh: difference + margin };
}

/**
 * Standardized effect sizes for paired (pre/post) data.
 *
 * The standardizer is always named: d_z divides the mean change by the SD of
 * the change scores (Lakens 2013, eq. 6; Cohen's d_z = t/√n). It is NOT
 * comparable to a between-subjects d: it grows with the pre–post correlation r
 * (with equal pre and post SDs, d_z = d_av/√(2(1 − r))), so the same mean
 * change gives a larger d_z when people keep their rank order.
 */
import { completeDifferences, mean, type Numbers, sampleSd } from './descriptive.ts';
import { noncentralityInterval } from './noncentral-t.ts';
import { logGamma } from './special-functions.ts';

export interface CohenDzResult {
  readonly n: number;
  /** n − 1, the df of the noncentral t used for the CI. */
  readonly df: number;
  readonly dz: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly confLevel: number;
  readonly reason?: string;
}

export interface HedgesGzResult {
  readonly n: number;
  readonly df: number;
  readonly gz: number;
  /** Exact small-sample correction J(df) applied to d_z and its CI. */
  readonly correction: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly confLevel: number;
  readonly reason?: string;
}

/**
 * Cohen's d_z = mean(post − pre) / sd(post − pre) over complete pairs, with
 * the noncentral-t confidence interval [λ_L/√n, λ_U/√n], where λ solves
 * P(T_{n−1, λ} ≤ t_obs) = 1 − α/2 and α/2 (Steiger & Fouladi).
 * Mirrors R `effectsize::cohens_d(post, pre, paired = TRUE)` and the
 * reference `nct_ci(t, n − 1) / sqrt(n)` in test/reference/r/effect-size.R
 * (R `pt(t, df, ncp)` + `uniroot`).
 */
export function cohenDz(post: readonly number[], pre: readonly number[], confLevel = 0.95): CohenDzResult {
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`confLevel must be in (0, 1), got ${confLevel}`);
  }
  return cohenDzOfDifferences(completeDifferences(post, pre), confLevel);
}

/**
 * d_z on the differences of complete pairs already taken (pairedDifferences), for callers that run several
 * tests on them: the same as cohenDz on the two vectors.
 */
export function cohenDzOfDifferences(d: Numbers, confLevel = 0.95): CohenDzResult {
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`confLevel must be in (0, 1), got ${confLevel}`);
  }
  const n = d.length;
  const df = n - 1;
  if (n < 2) {
    return { n, df, dz: NaN, ciLow: NaN, ciHigh: NaN, confLevel, reason: 'fewer than 2 complete pairs' };
  }
  const sdDiff = sampleSd(d);
  if (!(sdDiff > 0)) {
    return { n, df, dz: NaN, ciLow: NaN, ciHigh: NaN, confLevel, reason: 'differences have zero variance' };
  }
  const dz = mean(d) / sdDiff;
  const rootN = Math.sqrt(n);
  const { lower, upper } = noncentralityInterval(dz * rootN, df, confLevel);
  return { n, df, dz, ciLow: lower / rootN, ciHigh: upper / rootN, confLevel };
}

/**
 * Exact Hedges small-sample correction
 * J(df) = Γ(df/2) / (√(df/2) · Γ((df − 1)/2)), evaluated via log-gamma so it
 * stays finite for large df. Mirrors the R reference
 * `exp(lgamma(df/2) - log(sqrt(df/2)) - lgamma((df-1)/2))` in
 * test/reference/r/effect-size.R.
 * df ≤ 1 → NaN (J(1) = 0 would silently zero the effect).
 */
export function hedgesCorrection(df: number): number {
  if (!(df > 1) || !Number.isFinite(df)) return NaN;
  return Math.exp(logGamma(df / 2) - 0.5 * Math.log(df / 2) - logGamma((df - 1) / 2));
}

/**
 * Hedges' g_z = J(n − 1) · d_z with the d_z noncentral-t CI scaled by the same
 * J, as effectsize's paired `hedges_g` does (test/reference/r/effect-size.out).
 * Needs n ≥ 3 (df ≥ 2).
 */
export function hedgesGz(post: readonly number[], pre: readonly number[], confLevel = 0.95): HedgesGzResult {
  const d = cohenDz(post, pre, confLevel);
  const correction = hedgesCorrection(d.df);
  const reason = d.reason ?? (Number.isNaN(correction) ? 'fewer than 3 complete pairs' : undefined);
  const base = { n: d.n, df: d.df, correction, confLevel: d.confLevel };
  if (reason !== undefined) {
    return { ...base, gz: NaN, ciLow: NaN, ciHigh: NaN, reason };
  }
  return { ...base, gz: d.dz * correction, ciLow: d.ciLow * correction, ciHigh: d.ciHigh * correction };
}

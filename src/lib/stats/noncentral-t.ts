/**
 * Noncentral t distribution: CDF and the confidence interval for the
 * noncentrality parameter.
 *
 * Why not jStat.noncentralt.cdf: its series (a) stops once terms drop below
 * 1e-14 after 200 iterations, which for |ncp| ≳ 27 happens before the Poisson
 * weights have even risen, so it returns ≈ 0 instead of ≈ 0.5–1 (e.g.
 * pt(30, 30, ncp = 28)); and (b) it is only ~1e-9 accurate. Large t values are
 * realistic here (n = 400, d_z = 1.5 gives t = 30), so this module ports R's
 * own algorithm instead, on top of the installed @stdlib F CDF.
 */
import { fCdf, normalCdf, tCdf } from './distributions.ts';
import { logGamma } from './special-functions.ts';
import { bracketAndBisect } from './root-finding.ts';

const SQRT_2_OVER_PI = 0.7978845608028654; // R's M_SQRT_2dPI
const LN_SQRT_PI = 0.5723649429247001; // R's M_LN_SQRT_PI
const DBL_MIN_EXP = -1021; // C <float.h>
const ITERATION_LIMIT = 1000;
const ERROR_BOUND = 1e-12;

/**
 * P(T ≤ t) for T ~ noncentral t(df, ncp). Mirrors R `pt(t, df, ncp)`
 * (nmath/pnt.c: AS 243, Lenth 1989, with R's modifications), lower tail only.
 *
 * Same branches as R: ncp = 0 → central t; |ncp| > 37.62 or df > 4e5 →
 * Abramowitz & Stegun 26.7.10 normal approximation; t < 0 with ncp > 40 → 0.
 * The incomplete beta I_x(1/2, df/2) is taken from the F(1, df) CDF at t².
 */
export function noncentralTCdf(t: number, df: number, ncp: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || Number.isNaN(ncp) || !(df > 0)) return NaN;
  if (ncp === 0) return tCdf(t, df);
  if (!Number.isFinite(t)) return t < 0 ? 0 : 1;

  let negdel: boolean;
  let tt: number;
  let del: number;
  if (t >= 0) {
    negdel = false;
    tt = t;
    del = ncp;
  } else {
    // pt(q, df, ncp) <= pt(0, df, ncp) = Φ(−ncp): negligible in the far left tail
    if (ncp > 40) return 0;
    negdel = true;
    tt = -t;
    del = -ncp;
  }

  if (df > 4e5 || del * del > 2 * Math.LN2 * -DBL_MIN_EXP) {
    const s = 1 / (4 * df);
    const z = (tt * (1 - s) - del) / Math.sqrt(1 + tt * tt * 2 * s);
    // R: pnorm(tt(1−s), del, sd, lower_tail = !negdel)
    return negdel ? normalCdf(-z) : normalCdf(z);
  }

  // Twin series (Guenther 1978), as in R.
  let x = t * t;
  let rxb = df / (x + df); // 1 − x, computed accurately
  x = x / (x + df);
  let tnc: number;
  if (x > 0) {
    const lambda = del * del;
    let p = 0.5 * Math.exp(-0.5 * lambda);
    if (p === 0) return 0; // R: underflow → R_DT_0 (unreachable given the branch above)
    let q = SQRT_2_OVER_PI * p * del;
    let s = 0.5 - p;
    if (s < 1e-7) s = -0.5 * Math.expm1(-0.5 * lambda);
    let a = 0.5;
    const b = 0.5 * df;
    rxb = rxb ** b;
    const albeta = LN_SQRT_PI + logGamma(b) - logGamma(0.5 + b);
    let xodd = fCdf(tt * tt, 1, df); // = pbeta(x, 1/2, df/2)
    let godd = 2 * rxb * Math.exp(a * Math.log(x) - albeta);
    tnc = b * x;
    let xeven = tnc < Number.EPSILON ? tnc : 1 - rxb;
    let geven = tnc * rxb;
    tnc = p * xodd + q * xeven;
    for (let it = 1; it <= ITERATION_LIMIT; it++) {
      a += 1;
      xodd -= godd;
      xeven -= geven;
      godd *= (x * (a + b - 1)) / a;
      geven *= (x * (a + b - 0.5)) / (a + 0.5);
      p *= lambda / (2 * it);
      q *= lambda / (2 * it + 1);
      tnc += p * xodd + q * xeven;
      s -= p;
      if (s < -1e-10) break; // R warns "full precision may not have been achieved"
      if (s <= 0 && it > 1) break;
      const errbd = 2 * s * (xodd - godd);
      if (Math.abs(errbd) < ERROR_BOUND) break;
    }
  } else {
    tnc = 0;
  }
  tnc += normalCdf(-del);
  tnc = Math.min(tnc, 1);
  return negdel ? 0.5 - tnc + 0.5 : tnc;
}

export interface NoncentralityInterval {
  readonly lower: number;
  readonly upper: number;
}

/**
 * Confidence interval for the noncentrality parameter given an observed t
 * (Steiger & Fouladi inversion): λ_L solves P(T ≤ t | λ_L) = 1 − α/2 and
 * λ_U solves P(T ≤ t | λ_U) = α/2. Mirrors the R reference
 * `uniroot(function(ncp) pt(t, df, ncp) - p, ...)` in test/reference/r/effect-size.R,
 * which is what effectsize does for paired d.
 */
export function noncentralityInterval(tObserved: number, df: number, confLevel = 0.95): NoncentralityInterval {
  if (!Number.isFinite(tObserved) || !(df > 0) || !(confLevel > 0 && confLevel < 1)) {
    return { lower: NaN, upper: NaN };
  }
  const alpha = 1 - confLevel;
  // P(T ≤ t | λ) decreases in λ, so each limit is a sign change of cdf − target.
  const solve = (target: number): number =>
    bracketAndBisect((ncp) => noncentralTCdf(tObserved, df, ncp) - target, tObserved, 1, {
      xTol: 1e-13,
      relTol: 4 * Number.EPSILON,
    });
  return { lower: solve(1 - alpha / 2), upper: solve(alpha / 2) };
}

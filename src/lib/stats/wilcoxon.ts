/**
 * Wilcoxon signed-rank test for paired data, following R 4.2 exactly.
 *
 * Validated against R 4.2.2 (test/reference/r/wilcoxon.R and .out). The R version
 * matters: R ≥ 4.6.0 computes an exact *conditional* p-value when there are
 * ties; R 4.0–4.5 (and this module) switch to the normal approximation.
 */
import { completePairs } from './descriptive.ts';
import { normalCdf, normalUpperTail, signRankCdf, signRankUpperTail } from './distributions.ts';
import { rankWithTies, signif } from './ranks.ts';

export type WilcoxonMethod = 'exact' | 'normal-approximation-with-continuity-correction' | 'normal-approximation';

export interface WilcoxonOptions {
  /** Continuity correction in the normal approximation (R `correct`, default true). */
  readonly correct?: boolean;
  /**
   * Force (true) or forbid (false) the exact test; default: exact when the
   * number of non-zero differences is < 50 (R `exact = NULL`). Even when
   * true, ties or zeros force the normal approximation, as in R 4.2.
   */
  readonly exact?: boolean;
  /**
   * Significant digits the differences are rounded to before ranking
   * (R `digits.rank`, default Infinity = no rounding, R's default).
   *
   * Rounding only affects tie detection/ranks; signs and zero detection use
   * the unrounded differences, exactly as R does. With the default, R (and
   * this function) treat floating-point noise such as 0.4 − 0.3 vs 0.3 − 0.2
   * as distinct values. For differences of prorated scale means pass e.g.
   * `digitsRank: 7` (R's help-page recommendation) to recover the real ties.
   */
  readonly digitsRank?: number;
}

export interface WilcoxonResult {
  /** Non-zero differences used for ranking (R's n after dropping zeros). */
  readonly n: number;
  /** Complete pairs before dropping zero differences. */
  readonly nPairs: number;
  /** Sum of ranks of positive differences (R's V, W⁺). */
  readonly V: number;
  /** Two-sided p-value (NaN when not computable; see `reason`). */
  readonly p: number;
  /** Standardized statistic of the normal approximation (NaN for exact). */
  readonly z: number;
  readonly method: WilcoxonMethod;
  /** Number of zero differences dropped (Wilcoxon's zero method). */
  readonly zeros: number;
  /** True when |d| had tied values (after `digitsRank` rounding). */
  readonly ties: boolean;
  readonly reason?: string;
}

/** |signif(x, digits)| of every x, rounding each distinct value once (toPrecision is slow; values repeat). */
function roundedAbs(xs: readonly number[], digits: number): number[] {
  const memo = new Map<number, number>();
  return xs.map((x) => {
    let r = memo.get(x);
    if (r === undefined) memo.set(x, (r = Math.abs(signif(x, digits))));
    return r;
  });
}

/**
 * Paired Wilcoxon signed-rank test of d = post − pre, two-sided.
 * Mirrors R 4.2 `wilcox.test(post, pre, paired = TRUE)` (mu = 0,
 * zero method "Wilcoxon"):
 * 1. drop incomplete pairs; d = post − pre;
 * 2. drop d == 0 (zeros), n = remaining count;
 * 3. ranks r = rank(|signif(d, digits.rank)|) with average ties; V = Σ r[d > 0];
 * 4. exact p (psignrank, doubled, capped at 1) when n < 50, no ties, no zeros;
 * 5. otherwise z = (V − n(n+1)/4 − sign·0.5) / √(n(n+1)(2n+1)/24 − Σ(t³−t)/48),
 *    p = 2·min(Φ(z), 1 − Φ(z)).
 * All differences zero (or no pairs) → p NaN with a reason (R returns NaN or stops).
 */
export function wilcoxonSignedRank(post: readonly number[], pre: readonly number[], options: WilcoxonOptions = {}): WilcoxonResult {
  const correct = options.correct ?? true;
  const digitsRank = options.digitsRank ?? Infinity;
  const { a, b } = completePairs(post, pre);
  const nPairs = a.length;
  const allD = a.map((x, i) => x - (b[i] as number));
  const d = allD.filter((x) => x !== 0);
  const zeros = nPairs - d.length;
  const n = d.length;
  const normalMethod: WilcoxonMethod = correct ? 'normal-approximation-with-continuity-correction' : 'normal-approximation';

  if (n === 0) {
    return {
      n,
      nPairs,
      V: 0,
      p: NaN,
      z: NaN,
      method: normalMethod,
      zeros,
      ties: false,
      reason: nPairs === 0 ? 'no complete pairs' : 'all differences are zero',
    };
  }

  const absForRanking = Number.isFinite(digitsRank) ? roundedAbs(d, digitsRank) : d.map(Math.abs);
  const { ranks, tieSum } = rankWithTies(absForRanking);
  let V = 0;
  for (let i = 0; i < n; i++) if ((d[i] as number) > 0) V += ranks[i] as number;
  const ties = tieSum > 0;
  const exact = options.exact ?? n < 50;

  if (exact && !ties && zeros === 0) {
    // Why the branch on V: R doubles the smaller tail, and P(V' ≥ V) is taken
    // from the symmetric lower tail to avoid 1 − CDF cancellation.
    const pTail = V > (n * (n + 1)) / 4 ? signRankUpperTail(V, n) : signRankCdf(V, n);
    return { n, nPairs, V, p: Math.min(2 * pTail, 1), z: NaN, method: 'exact', zeros, ties };
  }

  const centred = V - (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieSum / 48;
  const sigma = Math.sqrt(variance);
  const correction = correct ? Math.sign(centred) * 0.5 : 0;
  const z = (centred - correction) / sigma;
  const p = 2 * Math.min(normalCdf(z), normalUpperTail(z));
  return { n, nPairs, V, p, z, method: normalMethod, zeros, ties };
}

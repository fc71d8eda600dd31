/**
 * Wilcoxon signed-rank test for paired data, following R 4.2 exactly.
 *
 * Validated against R 4.2.2 (test/reference/r/wilcoxon.R and .out). The R version
 * matters: R ≥ 4.6.0 computes an exact *conditional* p-value when there are
 * ties; R 4.0–4.5 (and this module) switch to the normal approximation.
 */
import { completeDifferences } from './descriptive.ts';
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
function roundedAbs(xs: Float64Array, digits: number): Float64Array {
  const memo = new Map<number, number>();
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    let r = memo.get(x);
    if (r === undefined) memo.set(x, (r = Math.abs(signif(x, digits))));
    out[i] = r;
  }
  return out;
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
  return wilcoxonOfDifferences(completeDifferences(post, pre), options);
}

/** What the test needs of the differences: counts, V and the tie term. */
interface SignedRanks {
  n: number;
  zeros: number;
  V: number;
  tieSum: number;
}

/** Ranks of |d| (rounded to `digitsRank`) over the non-zero differences, V = Σ ranks of d > 0. */
function signedRanks(allD: readonly number[] | Float64Array, digitsRank: number): SignedRanks {
  // The non-zero differences in a typed array, as the ranks and |d| (at 100,000 pairs, arrays of numbers
  // that long were large objects of fresh memory, four per test).
  const nonZero = new Float64Array(allD.length);
  let n = 0;
  for (let i = 0; i < allD.length; i++) {
    const x = allD[i]!;
    if (x !== 0) nonZero[n++] = x;
  }
  const d = nonZero.subarray(0, n);
  const absForRanking = Number.isFinite(digitsRank) ? roundedAbs(d, digitsRank) : d.map(Math.abs);
  const { ranks, tieSum } = rankWithTies(absForRanking);
  let V = 0;
  for (let i = 0; i < n; i++) if (d[i]! > 0) V += ranks[i]!;
  return { n, zeros: allD.length - n, V, tieSum };
}

/**
 * The same for whole-number differences in a narrow range (item answers): counted per |d|, with no array
 * per difference. Identical results: the ranks are whole or half numbers, whose sums are exact in any
 * order, and the tie term is summed over the values in the same ascending order. Null for other data,
 * or when rounding to `digitsRank` digits could change a difference.
 */
function countedSignedRanks(allD: readonly number[] | Float64Array, digitsRank: number): SignedRanks | null {
  const LIMIT = 1_024;
  let maxAbs = 0;
  for (let i = 0; i < allD.length; i++) {
    const x = allD[i]!;
    if (!Number.isInteger(x) || x > LIMIT || x < -LIMIT) return null;
    if (Math.abs(x) > maxAbs) maxAbs = Math.abs(x);
  }
  // signif(x, digits) leaves a whole number of fewer than `digits` digits as it is.
  if (Number.isFinite(digitsRank) && maxAbs >= 10 ** Math.max(1, Math.min(22, Math.round(digitsRank)))) return null;
  const count = new Float64Array(maxAbs + 1);
  const positive = new Float64Array(maxAbs + 1);
  for (let i = 0; i < allD.length; i++) {
    const x = allD[i]!;
    count[Math.abs(x)]! += 1;
    if (x > 0) positive[x]! += 1;
  }
  let before = 0;
  let V = 0;
  let tieSum = 0;
  for (let v = 1; v <= maxAbs; v++) {
    const t = count[v]!;
    if (t === 0) continue;
    V += positive[v]! * (before + (t + 1) / 2);
    tieSum += t * t * t - t;
    before += t;
  }
  return { n: before, zeros: count[0]!, V, tieSum };
}

/**
 * The same test on the differences of complete pairs (d = post − pre, none missing): for callers that
 * already hold them, e.g. each item's answers read once into reused buffers.
 */
export function wilcoxonOfDifferences(allD: readonly number[] | Float64Array, options: WilcoxonOptions = {}): WilcoxonResult {
  const correct = options.correct ?? true;
  const digitsRank = options.digitsRank ?? Infinity;
  const nPairs = allD.length;
  const { n, zeros, V, tieSum } = countedSignedRanks(allD, digitsRank) ?? signedRanks(allD, digitsRank);
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

/**
 * Ranking with ties, as used by the rank-based tests.
 */

/**
 * Average ranks (1-based) with ties sharing the mean of their positions.
 * Mirrors R `rank(x)` (ties.method = "average"). Ties are exact equality,
 * exactly like R: values that differ only by floating-point noise are NOT
 * tied (see wilcoxon.ts `digitsRank` for R's remedy).
 * Inputs must be free of NaN (callers drop missing values first).
 */
export function averageRanks(xs: readonly number[]): number[] {
  return rankWithTies(xs).ranks;
}

/**
 * Average ranks and Σ (t³ − t) over the tie groups, from one sort: the rank tests need both, and ranking
 * every item of 10,000 pairs twice over was the analysis's main cost.
 */
export function rankWithTies(xs: readonly number[]): { ranks: number[]; tieSum: number } {
  // A native numeric sort of a typed copy, then one rank per distinct value.
  const n = xs.length;
  const sorted = Float64Array.from(xs).sort();
  const rankOf = new Map<number, number>();
  let tieSum = 0;
  let start = 0;
  while (start < n) {
    const v = sorted[start]!;
    let end = start + 1;
    while (end < n && sorted[end] === v) end++;
    // positions start..end-1 (0-based) share rank mean((start+1)..end)
    rankOf.set(v, (start + 1 + end) / 2);
    const t = end - start;
    tieSum += t * t * t - t;
    start = end;
  }
  return { ranks: xs.map((x) => rankOf.get(x)!), tieSum };
}

/**
 * Sizes of the groups of equal values (only groups of size ≥ 2 matter for tie
 * corrections, but all are returned). Mirrors R `table(x)` counts.
 */
export function tieGroupSizes(xs: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts.values()];
}

/** Σ (t³ − t) over tie groups: the common tie-correction term. */
export function tieCorrectionSum(xs: readonly number[]): number {
  let s = 0;
  for (const t of tieGroupSizes(xs)) s += t * t * t - t;
  return s;
}

/**
 * Rounds to `digits` significant digits. Mirrors R `signif(x, digits)` for the
 * purpose of tie detection; `Infinity` returns x unchanged (R's default
 * `digits.rank = Inf`).
 */
export function signif(x: number, digits: number): number {
  if (!Number.isFinite(digits) || !Number.isFinite(x) || x === 0) return x;
  const d = Math.max(1, Math.min(22, Math.round(digits)));
  return Number(x.toPrecision(d));
}

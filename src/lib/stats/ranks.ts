/**
 * Ranking with ties, as used by the rank-based tests.
 */
import type { Numbers } from './descriptive.ts';

/**
 * Average ranks (1-based) with ties sharing the mean of their positions.
 * Mirrors R `rank(x)` (ties.method = "average"). Ties are exact equality,
 * exactly like R: values that differ only by floating-point noise are NOT
 * tied (see wilcoxon.ts `digitsRank` for R's remedy).
 * Inputs must be free of NaN (callers drop missing values first).
 */
export function averageRanks(xs: Numbers): number[] {
  return Array.from(rankWithTies(xs).ranks);
}

/**
 * Average ranks and Σ (t³ − t) over the tie groups, from one sort: the rank tests need both, and ranking
 * every item of 10,000 pairs twice over was the analysis's main cost. The ranks are a typed array: at
 * 100,000 pairs an array of numbers that long is a large object of fresh memory each time, dearer to make
 * and collect than the ranking itself.
 */
export function rankWithTies(xs: Numbers): { ranks: Float64Array; tieSum: number } {
  return smallIntegerRanks(xs) ?? sortedRanks(xs);
}

/** A native numeric sort of a typed copy, then one rank per distinct value. */
function sortedRanks(xs: Numbers): { ranks: Float64Array; tieSum: number } {
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
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) ranks[i] = rankOf.get(xs[i]!)!;
  return { ranks, tieSum };
}

/**
 * The same ranks by counting, for whole numbers in a narrow range (item answers and their differences):
 * no sort. Null when the values are not such numbers.
 */
function smallIntegerRanks(xs: Numbers): { ranks: Float64Array; tieSum: number } | null {
  const n = xs.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    if (!Number.isInteger(x)) return null;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (n === 0 || max - min > Math.max(1_024, 4 * n)) return null;
  const counts = new Float64Array(max - min + 1);
  for (let i = 0; i < n; i++) counts[xs[i]! - min]! += 1;
  // counts[v] becomes the average rank of value v + min; positions before it are all smaller values.
  let tieSum = 0;
  let before = 0;
  for (let v = 0; v < counts.length; v++) {
    const t = counts[v]!;
    if (t === 0) continue;
    counts[v] = before + (t + 1) / 2;
    tieSum += t * t * t - t;
    before += t;
  }
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) ranks[i] = counts[xs[i]! - min]!;
  return { ranks, tieSum };
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

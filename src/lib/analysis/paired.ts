// Paired comparisons as the report states them: t-test with CI, Wilcoxon (R 4.2 rules) and d_z/g_z,
// with missing values as null. Shared by every section that compares two timepoints.
import { cohenDzOfDifferences, completeDifferences, hedgesCorrection, type Numbers, pairedTTestOfDifferences, wilcoxonOfDifferences } from '../stats/index.ts';
import type { Num, PairedTests } from './report-types.ts';
import { DIGITS_RANK } from './rules.ts';

/** Finite number or null (NaN/±Infinity are "not computable" and serialise as null). */
export const num = (x: number | null | undefined): Num => (typeof x === 'number' && Number.isFinite(x) ? x : null);

export type PairedComparison = PairedTests & { n: number; difference: { mean: Num; sd: Num; ciLow: Num; ciHigh: Num } };

/** Paired tests of `later` vs `earlier` (NaN = missing; incomplete pairs are dropped). */
export function pairedTests(later: Numbers, earlier: Numbers, confLevel: number): PairedComparison {
  // The complete pairs' differences, taken once for the three tests, in a typed array (at 100,000 pairs,
  // arrays of numbers that long are large objects of fresh memory).
  const differences = completeDifferences(later, earlier);
  const t = pairedTTestOfDifferences(differences, confLevel);
  const w = wilcoxonOfDifferences(differences, { digitsRank: DIGITS_RANK });
  const d = cohenDzOfDifferences(differences, confLevel);
  const j = hedgesCorrection(d.df);
  return {
    n: t.n,
    difference: { mean: num(t.meanDiff), sd: num(t.sdDiff), ciLow: num(t.ciLow), ciHigh: num(t.ciHigh) },
    tTest: { t: num(t.t), df: t.n >= 2 ? t.df : null, p: num(t.p) },
    wilcoxon: { V: t.n > 0 ? w.V : null, p: num(w.p), method: w.reason ? `not computed: ${w.reason}` : w.method, zeros: w.zeros, n: w.n },
    effectSize: { dz: num(d.dz), dzCiLow: num(d.ciLow), dzCiHigh: num(d.ciHigh), gz: num(d.dz * j) },
  };
}

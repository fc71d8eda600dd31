/**
 * Multiplicity adjustment of p-values across a declared family of tests.
 */
import padjust from '@stdlib/stats-padjust';

export type PAdjustMethod = 'holm' | 'bh';

/**
 * Adjusts p-values. Mirrors R `p.adjust(p, method)` for "holm" and "BH"
 * (@stdlib/stats-padjust implements the same formulas and matches R exactly;
 * note its README mislabels holm as "Hommel's method").
 *
 * NaN entries stay NaN and are excluded from the family, so the number of
 * tests m counts only the real p-values, as R does for NA
 * (`n = length(p[!is.na(p)])`). Output order matches input order.
 * @throws RangeError for a p-value outside [0, 1] or infinite.
 */
export function pAdjust(p: readonly number[], method: PAdjustMethod): number[] {
  const idx: number[] = [];
  const values: number[] = [];
  p.forEach((v, i) => {
    if (Number.isNaN(v)) return;
    if (!(v >= 0 && v <= 1)) throw new RangeError(`p-value out of range at index ${i}: ${v}`);
    idx.push(i);
    values.push(v);
  });
  const out = p.map(() => NaN);
  if (values.length === 0) return out;
  const adjusted = padjust(values, method);
  idx.forEach((i, k) => {
    out[i] = adjusted[k] as number;
  });
  return out;
}

/** Holm (1979) step-down FWER adjustment. Mirrors R `p.adjust(p, "holm")`. */
export function holm(p: readonly number[]): number[] {
  return pAdjust(p, 'holm');
}

/** Benjamini–Hochberg (1995) FDR adjustment. Mirrors R `p.adjust(p, "BH")`. */
export function benjaminiHochberg(p: readonly number[]): number[] {
  return pAdjust(p, 'bh');
}

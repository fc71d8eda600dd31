/**
 * Cronbach's α for one scale, with the Feldt and Duhachek–Iacobucci CIs and
 * item diagnostics, matching psych::alpha (psych 2.2.9) on complete cases.
 *
 * Missing data: rows (people) with any missing item are dropped (listwise).
 * psych::alpha defaults to pairwise covariances, so on incomplete data it can
 * differ slightly (psych's bfi items A1–A5, A1 reversed: 0.70302 pairwise vs
 * 0.70376 on the complete rows, see test/reference/r/alpha.out); this function
 * matches `psych::alpha(x[complete.cases(x), ])`.
 *
 * An item every respondent answered alike (no variance: at post, in a small cohort, everyone may agree
 * fully) is left out, as psych::alpha leaves it out ("had no variance and was deleted"): α and the CIs are
 * those of the other items, and the item's own statistics are NaN.
 */
import { isPresent } from './descriptive.ts';
import { fQuantile, normalQuantile } from './distributions.ts';

export interface AlphaItemStatistics {
  /** Raw α of the scale without this item (psych `alpha.drop$raw_alpha`). */
  readonly alphaIfDeleted: number;
  /** Corrected item–total correlation: item vs sum of the other items (psych `item.stats$r.drop`). */
  readonly rDrop: number;
}

export interface CronbachAlphaResult {
  /** Raw α from covariances (psych `raw_alpha`). */
  readonly alpha: number;
  /** Number of items. */
  readonly k: number;
  /** Complete cases used. */
  readonly n: number;
  /** Feldt (1965) CI, as psych's "Feldt" row (`alpha.ci`). */
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly confLevel: number;
  /** Standardized α from correlations (psych `std.alpha`). */
  readonly stdAlpha: number;
  /** Mean inter-item correlation (psych `average_r`). */
  readonly averageR: number;
  /** Asymptotic SE of α (Duhachek & Iacobucci 2004; psych `ase`). */
  readonly ase: number;
  /**
   * psych's "Duhachek" row: α ± z·ase. psych hard-codes z = 1.96 (not
   * qnorm(.975) = 1.95996…), which shows in its 6th printed digit, so
   * confLevel 0.95 uses 1.96; other levels use the normal quantile.
   */
  readonly duhachekLow: number;
  readonly duhachekHigh: number;
  /** Per item, in column order (NaN for an item left out for having no variance). */
  readonly items: AlphaItemStatistics[];
  /** Columns left out because every complete case gave the item the same value (as psych does). */
  readonly noVariance: readonly number[];
  readonly reason?: string;
}

/** k×k sample covariance matrix (n − 1) of the columns of `data` (n rows of k values, row after row). */
function covarianceMatrix(data: Float64Array, n: number, k: number): number[][] {
  const means = new Array<number>(k).fill(0);
  for (let r = 0; r < n; r++) for (let j = 0; j < k; j++) means[j] = (means[j] as number) + (data[r * k + j] as number);
  for (let j = 0; j < k; j++) means[j] = (means[j] as number) / n;
  const c: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let r = 0; r < n; r++) {
    const row = r * k;
    for (let i = 0; i < k; i++) {
      const di = (data[row + i] as number) - (means[i] as number);
      const ci = c[i] as number[];
      for (let j = i; j < k; j++) ci[j] = (ci[j] as number) + di * ((data[row + j] as number) - (means[j] as number));
    }
  }
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const v = ((c[i] as number[])[j] as number) / (n - 1);
      (c[i] as number[])[j] = v;
      (c[j] as number[])[i] = v;
    }
  }
  return c;
}

const at = (m: readonly (readonly number[])[], i: number, j: number): number => (m[i] as number[])[j] as number;

function trace(m: readonly (readonly number[])[]): number {
  let s = 0;
  for (let i = 0; i < m.length; i++) s += at(m, i, i);
  return s;
}

function total(m: readonly (readonly number[])[]): number {
  let s = 0;
  for (const row of m) for (const v of row) s += v;
  return s;
}

/** Raw α from a covariance matrix: k/(k−1)·(1 − tr(C)/1'C1). */
function alphaFromCovariance(c: readonly (readonly number[])[]): number {
  const k = c.length;
  if (k < 2) return NaN;
  const sumC = total(c);
  if (!(sumC > 0)) return NaN;
  return (k / (k - 1)) * (1 - trace(c) / sumC);
}

/**
 * Cronbach's α of a people × items matrix (rows = respondents, columns =
 * items, already reverse-scored). Mirrors `psych::alpha(x)` on complete
 * cases: raw_alpha, std.alpha, average_r, ase, the Feldt CI
 * (`1 − (1 − α)·qf(1 − γ/2 | γ/2, n − 1, (n − 1)(k − 1))`), the Duhachek CI,
 * alpha-if-item-deleted and r.drop.
 * @throws RangeError when rows have different lengths.
 */
export function cronbachAlpha(matrix: readonly (readonly number[])[], confLevel = 0.95): CronbachAlphaResult {
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`confLevel must be in (0, 1), got ${confLevel}`);
  }
  const k = matrix[0]?.length ?? 0;
  for (const row of matrix) {
    if (row.length !== k) throw new RangeError('all rows must have the same number of items');
  }
  const rows = matrix.filter((row) => row.every(isPresent));
  const data = new Float64Array(rows.length * k);
  rows.forEach((row, r) => data.set(row, r * k));
  return cronbachAlphaOfComplete(data, rows.length, k, confLevel);
}

/**
 * The same on complete cases already gathered: `data` holds n rows of k item values (none missing), row
 * after row, as a caller with many respondents keeps them (no array per respondent).
 */
export function cronbachAlphaOfComplete(data: Float64Array, n: number, k: number, confLevel = 0.95): CronbachAlphaResult {
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`confLevel must be in (0, 1), got ${confLevel}`);
  }
  const nanResult = (reason: string): CronbachAlphaResult => ({
    alpha: NaN,
    k,
    n,
    ciLow: NaN,
    ciHigh: NaN,
    confLevel,
    stdAlpha: NaN,
    averageR: NaN,
    ase: NaN,
    duhachekLow: NaN,
    duhachekHigh: NaN,
    items: Array.from({ length: k }, () => ({ alphaIfDeleted: NaN, rDrop: NaN })),
    noVariance: [],
    reason,
  });
  if (k < 2) return nanResult('at least 2 items are needed');
  if (n < 2) return nanResult('fewer than 2 complete cases');

  // Items with no variance are left out, as psych::alpha does; the others are analysed as the scale.
  const constant: number[] = [];
  for (let j = 0; j < k; j++) {
    const first = data[j]!;
    let r = 1;
    while (r < n && data[r * k + j] === first) r++;
    if (r === n) constant.push(j);
  }
  if (constant.length) {
    const kept = [...Array(k).keys()].filter((j) => !constant.includes(j));
    const reduced = new Float64Array(n * kept.length);
    for (let r = 0; r < n; r++) for (let i = 0; i < kept.length; i++) reduced[r * kept.length + i] = data[r * k + kept[i]!]!;
    const rest =
      kept.length >= 2
        ? cronbachAlphaOfComplete(reduced, n, kept.length, confLevel)
        : nanResult(kept.length ? 'fewer than 2 items vary (an item with zero variance is left out)' : 'every item has zero variance');
    const items = Array.from({ length: k }, (_, j) => {
      const at = kept.indexOf(j);
      return at >= 0 ? rest.items[at]! : { alphaIfDeleted: NaN, rDrop: NaN };
    });
    return { ...rest, items, noVariance: constant };
  }

  const c = covarianceMatrix(data, n, k);
  const sumC = total(c);
  const trC = trace(c);
  if (!(sumC > 0)) return nanResult('total score has zero variance');
  const alpha = (k / (k - 1)) * (1 - trC / sumC);

  // Standardized α and mean inter-item r from the correlation matrix.
  let sumR = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) sumR += at(c, i, j) / Math.sqrt(at(c, i, i) * at(c, j, j));
  }
  const stdAlpha = (k / (k - 1)) * (1 - k / sumR);
  const averageR = (sumR - k) / (k * (k - 1));

  // Duhachek & Iacobucci (2004) asymptotic SE, as psych's alpha.1:
  // Q = 2k²/((k−1)²(1'C1)³)·[(1'C1)(tr(C²) + tr(C)²) − 2·tr(C)·(1'C²1)]
  let trC2 = 0;
  let sumC2 = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let cc = 0;
      for (let m = 0; m < k; m++) cc += at(c, i, m) * at(c, m, j);
      sumC2 += cc;
      if (i === j) trC2 += cc;
    }
  }
  const q = ((2 * k * k) / ((k - 1) ** 2 * sumC ** 3)) * (sumC * (trC2 + trC * trC) - 2 * trC * sumC2);
  const ase = Math.sqrt(q / n);

  const gamma = 1 - confLevel;
  const df1 = n - 1;
  const df2 = (n - 1) * (k - 1);
  const ciLow = 1 - (1 - alpha) * fQuantile(1 - gamma / 2, df1, df2);
  const ciHigh = 1 - (1 - alpha) * fQuantile(gamma / 2, df1, df2);

  const items: AlphaItemStatistics[] = [];
  for (let j = 0; j < k; j++) {
    const keep = [...Array(k).keys()].filter((i) => i !== j);
    const reduced = keep.map((i) => keep.map((m) => at(c, i, m)));
    let colSum = 0;
    for (let i = 0; i < k; i++) colSum += at(c, i, j);
    const cjj = at(c, j, j);
    const restVariance = sumC - 2 * colSum + cjj;
    items.push({
      alphaIfDeleted: alphaFromCovariance(reduced),
      rDrop: (colSum - cjj) / Math.sqrt(cjj * restVariance),
    });
  }

  const z = confLevel === 0.95 ? 1.96 : normalQuantile(1 - gamma / 2);
  return {
    alpha,
    k,
    n,
    ciLow,
    ciHigh,
    confLevel,
    stdAlpha,
    averageR,
    ase,
    duhachekLow: alpha - z * ase,
    duhachekHigh: alpha + z * ase,
    items,
    noVariance: [],
  };
}

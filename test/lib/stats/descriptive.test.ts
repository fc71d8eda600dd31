import { describe, expect, it } from 'vitest';
import {
  assertPaired,
  completeDifferences,
  completePairs,
  finiteValues,
  finiteFloat64,
  mean,
  median,
  pairedDifferences,
  pearsonCorrelation,
  sampleSd,
  sampleVariance,
} from '../../../src/lib/stats/descriptive.ts';
import { reliableChangeSummary } from '../../../src/lib/stats/reliable-change.ts';
import { averageRanks, rankWithTies, signif, tieCorrectionSum } from '../../../src/lib/stats/ranks.ts';
import { logGamma } from '../../../src/lib/stats/special-functions.ts';
import { expectRel } from './reference-helpers.ts';
import { checkReferenceFile } from './r-reference.ts';
import { dasPre, lakensMovie1, lakensMovie2, sleepGroup1, sleepGroup2 } from './fixtures.ts';

describe('mean / sampleVariance / sampleSd', () => {
  it('matches R on the sleep differences (test/reference/r/descriptive.out)', () => {
    const d = sleepGroup1.map((x, i) => x - (sleepGroup2[i] as number));
    // R: mean(g1 - g2) = -1.58
    expectRel('descriptive', mean(d), -1.58);
    // R: sd(g1 - g2) = 1.22999548327987
    expectRel('descriptive', sampleSd(d), 1.22999548327987);
  });

  it('matches R on the Lakens movie ratings and DAS pre scores (test/reference/r/descriptive.out)', () => {
    // R: mean(m1) = 8.7, sd(m1) = 0.823272602348565, sd(m2) = 0.948683298050514
    expectRel('descriptive', mean(lakensMovie1), 8.7);
    expectRel('descriptive', sampleSd(lakensMovie1), 0.823272602348565);
    expectRel('descriptive', sampleSd(lakensMovie2), 0.948683298050514);
    // R: cor(m1, m2) = 0.725542319619744
    expectRel('descriptive', pearsonCorrelation(lakensMovie1, lakensMovie2), 0.725542319619744);
    // R: cor(g1, g2) on sleep = 0.795170205833578
    expectRel('descriptive', pearsonCorrelation(sleepGroup1, sleepGroup2), 0.795170205833578);
    // R: sd(pre) on DAS = 11.82566126556211
    expectRel('descriptive', sampleSd(dasPre), 11.82566126556211);
  });

  it('is exact for a large offset (two-pass refinement)', () => {
    const xs = [1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3];
    expect(Math.abs(sampleVariance(xs) - 0.01)).toBeLessThan(1e-6);
  });

  it('returns NaN for empty / too-small samples and propagates NaN like R without na.rm', () => {
    expect(mean([])).toBeNaN();
    expect(sampleVariance([])).toBeNaN();
    expect(sampleVariance([3])).toBeNaN(); // R: var(3) is NA
    expect(sampleSd([3])).toBeNaN();
    expect(mean([1, NaN, 3])).toBeNaN();
    expect(sampleVariance([1, NaN, 3])).toBeNaN();
    expect(sampleVariance([2, 2, 2])).toBe(0);
    expect(pearsonCorrelation([1, 1, 1], [1, 2, 3])).toBeNaN(); // R: NA (sd zero)
    expect(median([])).toBeNaN();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('missing-value helpers', () => {
  it('finiteFloat64 keeps the finite values in order, in a typed array; finiteValues the same as numbers', () => {
    const xs = [1, NaN, -0, 2, Infinity, -Infinity, 3.5, NaN];
    expect(Array.from(finiteFloat64(xs))).toEqual([1, -0, 2, 3.5]);
    expect(Object.is(finiteFloat64(xs)[1], -0)).toBe(true);
    expect(Array.from(finiteFloat64(Float64Array.from(xs)))).toEqual([1, -0, 2, 3.5]);
    expect(finiteValues(xs)).toEqual([1, -0, 2, 3.5]);
    expect(finiteFloat64([]).length).toBe(0);
    // All finite: the values themselves, not a shorter view.
    expect(finiteFloat64([1, 2]).length).toBe(2);
  });

  it('finiteValues drops NaN and infinities', () => {
    expect(finiteValues([1, NaN, 2, Infinity, -Infinity, 3])).toEqual([1, 2, 3]);
  });

  it('completePairs keeps pairs where both are present, with original indices', () => {
    const r = completePairs([1, NaN, 3, 4], [5, 6, NaN, 8]);
    expect({ a: [...r.a], b: [...r.b], indices: [...r.indices] }).toEqual({ a: [1, 4], b: [5, 8], indices: [0, 3] });
    // Infinities are not values either (R's complete.cases keeps them, but no test here can use them); typed arrays in.
    const typed = completePairs(new Float64Array([Infinity, 2, -0]), new Float64Array([1, 2, 3]));
    expect([...typed.a]).toEqual([2, -0]);
    expect([...typed.indices]).toEqual([1, 2]);
    expect(pairedDifferences([1, NaN, 3, 4], [5, 6, NaN, 8])).toEqual([-4, -4]);
  });

  it('every paired helper rejects vectors of different length with one message (R stops too)', () => {
    const message = 'paired vectors must have the same length (got 2 and 1)';
    expect(() => completePairs([1, 2], [1])).toThrow(new RangeError(message));
    expect(() => completeDifferences([1, 2], new Float64Array([1]))).toThrow(new RangeError(message));
    expect(() => pairedDifferences([1, 2], [1])).toThrow(new RangeError(message));
    expect(() => reliableChangeSummary([1, 2], [1], 0.8)).toThrow(new RangeError(message));
    expect(() => assertPaired([], new Float64Array(0))).not.toThrow();
  });
});

describe('ranks', () => {
  it('averages tied ranks like R rank() (test/reference/r/descriptive.out)', () => {
    // R: rank(c(3, 1, 4, 1, 5)) = 3.0 1.5 4.0 1.5 5.0
    expect(averageRanks([3, 1, 4, 1, 5])).toEqual([3, 1.5, 4, 1.5, 5]);
    // R: rank(c(2, 2, 2)) = 2 2 2
    expect(averageRanks([2, 2, 2])).toEqual([2, 2, 2]);
    expect(averageRanks([])).toEqual([]);
    expect(tieCorrectionSum([1, 1, 2, 2, 2, 3])).toBe(6 + 24);
  });

  it('ranks whole numbers (counted) exactly as other numbers (sorted): same ranks and tie sums', () => {
    // Adding 0.5 keeps the order and the ties but sends the values down the sorting path.
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const cases: number[][] = [
      [0],
      [-0, 0, 1],
      [-4, 4, -4, 0, 2],
      Array.from({ length: 5_000 }, () => Math.round(rand() * 8) - 4),
      Array.from({ length: 300 }, () => Math.round(rand() * 1e6)),
      Array.from({ length: 200 }, () => Math.round(rand() * 20)),
    ];
    for (const xs of cases) {
      const counted = rankWithTies(xs);
      const sorted = rankWithTies(xs.map((x) => x + 0.5));
      expect(counted).toEqual(sorted);
      expect(counted.tieSum).toBe(tieCorrectionSum(xs));
    }
    expect(Array.from(rankWithTies([5, 5, 1, 3]).ranks)).toEqual([3.5, 3.5, 1, 2]);
  });

  it('signif rounds to significant digits; Infinity leaves values alone', () => {
    expect(signif(0.4 - 0.3, 7)).toBe(0.1);
    expect(signif(0.4 - 0.3, Infinity)).toBe(0.4 - 0.3);
    expect(signif(123456.789, 3)).toBe(123000);
  });
});

describe('logGamma', () => {
  it('matches closed forms and R lgamma (test/reference/r/descriptive.out)', () => {
    // lgamma(0.5) = log(sqrt(pi))
    expectRel('logGamma', logGamma(0.5), 0.5723649429247001, 1e-13);
    // lgamma(4.5) = log(105*sqrt(pi)/16)
    expectRel('logGamma', logGamma(4.5), Math.log((105 * Math.sqrt(Math.PI)) / 16), 1e-13);
    // lgamma(100) = log(99!) = 359.1342053695754
    expectRel('logGamma', logGamma(100), 359.1342053695754, 1e-13);
    // lgamma(10) = log(362880)
    expectRel('logGamma', logGamma(10), Math.log(362880), 1e-13);
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-14);
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(NaN)).toBeNaN();
  });
});

const sleepDifferences = sleepGroup1.map((x, i) => x - (sleepGroup2[i] as number));
const closeToMachinePrecision = (actual: () => number) => ({ actual, tol: 1e-13 });

checkReferenceFile('descriptive.out', {
  'sleep.mean_g1_minus_g2': () => mean(sleepDifferences),
  'sleep.sd_g1_minus_g2': () => sampleSd(sleepDifferences),
  'sleep.cor_g1_g2': () => pearsonCorrelation(sleepGroup1, sleepGroup2),
  'lakens.mean_m1': () => mean(lakensMovie1),
  'lakens.sd_m1': () => sampleSd(lakensMovie1),
  'lakens.sd_m2': () => sampleSd(lakensMovie2),
  'lakens.cor_m1_m2': () => pearsonCorrelation(lakensMovie1, lakensMovie2),
  'das.sd_pre': () => sampleSd(dasPre),
  'offset.var': () => sampleVariance([1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3]),
  median_3_1_2: () => median([3, 1, 2]),
  median_4_1_3_2: () => median([4, 1, 3, 2]),
  rank_3_1_4_1_5: { actual: () => averageRanks([3, 1, 4, 1, 5]), tol: 0 },
  rank_2_2_2: { actual: () => averageRanks([2, 2, 2]), tol: 0 },
  rank_5_5_1_3: { actual: () => Array.from(rankWithTies([5, 5, 1, 3]).ranks), tol: 0 },
  'signif_0.4_minus_0.3_7': { actual: () => signif(0.4 - 0.3, 7), tol: 0 },
  'signif_123456.789_3': { actual: () => signif(123456.789, 3), tol: 0 },
  'lgamma_0.5': closeToMachinePrecision(() => logGamma(0.5)),
  'lgamma_4.5': closeToMachinePrecision(() => logGamma(4.5)),
  lgamma_10: closeToMachinePrecision(() => logGamma(10)),
  lgamma_100: closeToMachinePrecision(() => logGamma(100)),
});

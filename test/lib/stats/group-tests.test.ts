import { describe, expect, it } from 'vitest';
import { kruskalWallis, welchAnova, type KruskalWallisResult, type WelchAnovaResult } from '../../../src/lib/stats/group-tests.ts';
import { finiteValues, mean, sampleVariance } from '../../../src/lib/stats/descriptive.ts';
import { tCdf } from '../../../src/lib/stats/distributions.ts';
import { averageRanks, tieCorrectionSum } from '../../../src/lib/stats/ranks.ts';
import { expectPrinted, expectRel } from './reference-helpers.ts';
import { checkReferenceFile } from './r-reference.ts';
import { airqualityOzoneByMonth, hwKruskal, plantGrowth, sleepGroup1, sleepGroup2 } from './fixtures.ts';

// The titles quote R's printed output (R's own examples and published
// tutorials, matched to the digits printed); test/reference/r/group-tests.R
// reruns every one of them in R 4.2.2, and the block at the end checks the
// full-precision results in group-tests.out. Exact identities complete them.

describe('welchAnova (R: test/reference/r/group-tests.out, welch.*)', () => {
  it('PlantGrowth: oneway.test(weight ~ group, PlantGrowth) — F = 5.181, num df = 2.000, denom df = 17.128, p-value = 0.01739', () => {
    const r = welchAnova([plantGrowth.ctrl, plantGrowth.trt1, plantGrowth.trt2]);
    expectPrinted('Welch ANOVA: PlantGrowth', r.F, '5.181');
    expect(r.df1).toBe(2);
    expectPrinted('Welch ANOVA: PlantGrowth', r.df2, '17.128');
    expectPrinted('Welch ANOVA: PlantGrowth', r.p, '0.01739');
    expect(r.k).toBe(3);
    expect(r.n).toBe(30);
  });

  it('UsingR problem 11.12 wear data: oneway.test(values ~ ind)$p.value = 0.0001522', () => {
    const r = welchAnova([
      [303, 293, 296, 299, 298],
      [322, 326, 315, 318, 320, 320],
      [309, 327, 317, 315],
    ]);
    expectPrinted('Welch ANOVA: wear', r.p, '0.0001522');
  });

  it('two groups: F equals the Welch t² and p equals the Welch t-test p (sleep)', () => {
    const r = welchAnova([sleepGroup1, sleepGroup2]);
    const [n1, n2] = [sleepGroup1.length, sleepGroup2.length];
    const se2 = sampleVariance(sleepGroup1) / n1 + sampleVariance(sleepGroup2) / n2;
    const t = (mean(sleepGroup1) - mean(sleepGroup2)) / Math.sqrt(se2);
    const df = se2 ** 2 / ((sampleVariance(sleepGroup1) / n1) ** 2 / (n1 - 1) + (sampleVariance(sleepGroup2) / n2) ** 2 / (n2 - 1));
    expectRel('Welch ANOVA: two-group identity', r.F, t * t, 1e-12);
    expectRel('Welch ANOVA: two-group identity', r.df2, df, 1e-12);
    expectRel('Welch ANOVA: two-group identity', r.p, 2 * tCdf(-Math.abs(t), df), 1e-12);
    // t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776, p-value = 0.07939
    expectPrinted('Welch ANOVA: sleep', t, '-1.8608');
    expectPrinted('Welch ANOVA: sleep', r.df2, '17.776');
    expectPrinted('Welch ANOVA: sleep', r.p, '0.07939');
  });

  it('drops missing values and empty groups (R re-factors after na.omit)', () => {
    const base = welchAnova([plantGrowth.ctrl, plantGrowth.trt1, plantGrowth.trt2]);
    const r = welchAnova([[...plantGrowth.ctrl, NaN], [], plantGrowth.trt1, [NaN], plantGrowth.trt2]);
    expect(r.k).toBe(3);
    expect(r.F).toBe(base.F);
  });

  it('edge cases: one group, a group of size 1, zero variance', () => {
    expect(welchAnova([[1, 2, 3]]).reason).toMatch(/2 non-empty groups/);
    expect(welchAnova([]).F).toBeNaN();
    expect(welchAnova([[1, 2, 3], [4]]).reason).toMatch(/at least 2 observations/);
    const zeroVar = welchAnova([
      [1, 2, 3],
      [5, 5, 5],
    ]);
    expect(zeroVar.p).toBeNaN();
    expect(zeroVar.reason).toMatch(/zero variance/);
  });
});

describe('kruskalWallis (R: test/reference/r/group-tests.out, kruskal.*)', () => {
  it('?kruskal.test Hollander & Wolfe: chi-squared = 0.77143, df = 2, p-value = 0.68', () => {
    const r = kruskalWallis([hwKruskal.normal, hwKruskal.obstructive, hwKruskal.asbestosis]);
    expectPrinted('Kruskal-Wallis: H&W', r.H, '0.77143');
    expect(r.df).toBe(2);
    expectPrinted('Kruskal-Wallis: H&W', r.p, '0.68');
    // no ties: H = 12/(N(N+1))·Σ R²/n − 3(N+1) with hand-computed rank sums 36, 36, 33 → 0.771428571...
    expectRel('Kruskal-Wallis: H&W', r.H, (12 / (14 * 15)) * (36 ** 2 / 5 + 36 ** 2 / 4 + 33 ** 2 / 5) - 45, 1e-12);
  });

  it('?kruskal.test airquality: kruskal.test(Ozone ~ Month) — chi-squared = 29.267, df = 4, p-value = 6.901e-06', () => {
    const all = airqualityOzoneByMonth.flat();
    expect(all).toHaveLength(153);
    expect(all.filter(Number.isNaN)).toHaveLength(37);
    // mean(airquality$Ozone, na.rm = TRUE) = 42.12931
    expectPrinted('airquality fixture', mean(finiteValues(all)), '42.12931');
    const r = kruskalWallis(airqualityOzoneByMonth);
    expectPrinted('Kruskal-Wallis: airquality', r.H, '29.267');
    expect(r.df).toBe(4);
    expect(r.n).toBe(116);
    expectPrinted('Kruskal-Wallis: airquality', r.p, '6.901e-06');
  });

  it('PlantGrowth: kruskal.test(weight ~ group) — chi-squared = 7.9882, p-value = 0.01842; agricolae::kruskal prints 7.988229', () => {
    const r = kruskalWallis([plantGrowth.ctrl, plantGrowth.trt1, plantGrowth.trt2]);
    expectPrinted('Kruskal-Wallis: PlantGrowth', r.H, '7.988229');
    expectPrinted('Kruskal-Wallis: PlantGrowth', r.p, '0.01842');
  });

  it('tutorial data sets with ties (dlinares.org; statisticalpoint.com)', () => {
    // kruskal.test(response ~ fertilizer): chi-squared = 9.4207, df = 2, p-value = 0.009002
    const a = kruskalWallis([
      [6, 8, 4, 5, 3, 4],
      [8, 12, 9, 11, 6, 8],
      [13, 9, 11, 8, 7, 12],
    ]);
    expectPrinted('Kruskal-Wallis: tutorials', a.H, '9.4207');
    expectPrinted('Kruskal-Wallis: tutorials', a.p, '0.009002');
    // kruskal.test(height ~ group): chi-squared = 6.2878, df = 2, p-value = 0.04311
    const b = kruskalWallis([
      [7, 14, 14, 13, 12, 9, 6, 14, 12, 8],
      [15, 17, 13, 15, 15, 13, 9, 12, 10, 8],
      [6, 8, 8, 9, 5, 14, 13, 8, 10, 9],
    ]);
    expectPrinted('Kruskal-Wallis: tutorials', b.H, '6.2878');
    expectPrinted('Kruskal-Wallis: tutorials', b.p, '0.04311');
  });

  it('two groups with ties: H equals the squared uncorrected rank-sum z (identity)', () => {
    const x = [1, 2, 2, 3, 5, 8];
    const y = [2, 3, 4, 4, 6, 9, 9];
    const all = [...x, ...y];
    const N = all.length;
    const ranks = averageRanks(all);
    const W = ranks.slice(0, x.length).reduce((s, r) => s + r, 0);
    const varW = ((x.length * y.length) / 12) * (N + 1 - tieCorrectionSum(all) / (N * (N - 1)));
    const z = (W - (x.length * (N + 1)) / 2) / Math.sqrt(varW);
    expectRel('Kruskal-Wallis: two-group identity', kruskalWallis([x, y]).H, z * z, 1e-12);
  });

  it('edge cases: one group, all values equal, missing values', () => {
    expect(kruskalWallis([[1, 2, 3], []]).reason).toMatch(/2 non-empty groups/);
    const equal = kruskalWallis([
      [4, 4],
      [4, 4, 4],
    ]);
    expect(equal.H).toBeNaN();
    expect(equal.reason).toMatch(/all observations are equal/);
    const base = kruskalWallis([hwKruskal.normal, hwKruskal.obstructive, hwKruskal.asbestosis]);
    const withNaN = kruskalWallis([[...hwKruskal.normal, NaN], hwKruskal.obstructive, [NaN], hwKruskal.asbestosis]);
    expect(withNaN.H).toBe(base.H);
    expect(withNaN.k).toBe(3);
  });
});

const welchChecks = (name: string, run: () => WelchAnovaResult) => ({
  [`welch.${name}.F`]: () => run().F,
  [`welch.${name}.df`]: () => [run().df1, run().df2],
  [`welch.${name}.p`]: () => run().p,
});
const kruskalChecks = (name: string, run: () => KruskalWallisResult) => ({
  [`kruskal.${name}.H`]: () => run().H,
  [`kruskal.${name}.df`]: () => run().df,
  [`kruskal.${name}.p`]: () => run().p,
});
const plant = [plantGrowth.ctrl, plantGrowth.trt1, plantGrowth.trt2];

checkReferenceFile('group-tests.out', {
  ...welchChecks('plant_growth', () => welchAnova(plant)),
  ...welchChecks('wear', () =>
    welchAnova([
      [303, 293, 296, 299, 298],
      [322, 326, 315, 318, 320, 320],
      [309, 327, 317, 315],
    ]),
  ),
  ...welchChecks('sleep', () => welchAnova([sleepGroup1, sleepGroup2])),
  ...kruskalChecks('hw', () => kruskalWallis([hwKruskal.normal, hwKruskal.obstructive, hwKruskal.asbestosis])),
  ...kruskalChecks('airquality', () => kruskalWallis(airqualityOzoneByMonth)),
  'kruskal.airquality.n': () => kruskalWallis(airqualityOzoneByMonth).n,
  'airquality.mean_ozone': () => mean(finiteValues(airqualityOzoneByMonth.flat())),
  ...kruskalChecks('plant_growth', () => kruskalWallis(plant)),
  ...kruskalChecks('fertilizer', () =>
    kruskalWallis([
      [6, 8, 4, 5, 3, 4],
      [8, 12, 9, 11, 6, 8],
      [13, 9, 11, 8, 7, 12],
    ]),
  ),
  ...kruskalChecks('height', () =>
    kruskalWallis([
      [7, 14, 14, 13, 12, 9, 6, 14, 12, 8],
      [15, 17, 13, 15, 15, 13, 9, 12, 10, 8],
      [6, 8, 8, 9, 5, 14, 13, 8, 10, 9],
    ]),
  ),
  ...kruskalChecks('two_groups', () =>
    kruskalWallis([
      [1, 2, 2, 3, 5, 8],
      [2, 3, 4, 4, 6, 9, 9],
    ]),
  ),
});

import { describe, expect, it } from 'vitest';
import { cronbachAlpha } from '../../../src/lib/stats/alpha.ts';
import { mean, sampleSd } from '../../../src/lib/stats/descriptive.ts';
import { expectPrinted, expectRel } from './reference-helpers.ts';
import { checkReferenceFile } from './r-reference.ts';
import { attitude } from './fixtures.ts';

describe('cronbachAlpha on datasets::attitude (psych 2.2.9, test/reference/r/alpha.out: attitude.*)', () => {
  it('fixture matches the item means and SDs psych prints', () => {
    const printedMeans = ['64.6333', '66.6000', '53.1333', '56.3667', '64.6333', '74.7667', '42.9333'];
    const printedSds = ['12.17256', '13.31476', '12.23543', '11.73701', '10.39723', '9.89491', '10.28871'];
    for (let j = 0; j < 7; j++) {
      const col = attitude.map((row) => row[j] as number);
      expectPrinted('attitude fixture', mean(col), printedMeans[j] as string);
      expectPrinted('attitude fixture', sampleSd(col), printedSds[j] as string);
    }
  });

  it('raw and standardized alpha, average r, ase', () => {
    const r = cronbachAlpha(attitude);
    expect(r.k).toBe(7);
    expect(r.n).toBe(30);
    // alpha_raw(attitude) = 0.84314276956476 ; psych raw_alpha 0.8431427696
    expectRel('alpha: attitude', r.alpha, 0.84314276956476);
    expectRel('alpha: attitude', r.stdAlpha, 0.839083803); // std.alpha
    expectRel('alpha: attitude', r.averageR, 0.4269066426); // average_r
    expectRel('alpha: attitude', r.ase, 0.04243569559); // ase
  });

  it('Feldt and Duhachek CIs (psych prints 6 digits)', () => {
    const r = cronbachAlpha(attitude);
    // Feldt 0.739376 0.843143 0.915773
    expectPrinted('alpha CI: attitude', r.ciLow, '0.739376');
    expectPrinted('alpha CI: attitude', r.ciHigh, '0.915773');
    // Duhachek 0.759969 0.843143 0.926317
    expectPrinted('alpha CI: attitude', r.duhachekLow, '0.759969');
    expectPrinted('alpha CI: attitude', r.duhachekHigh, '0.926317');
  });

  it('alpha if item deleted and r.drop (psych prints 6 digits)', () => {
    const r = cronbachAlpha(attitude);
    const alphaDrop = ['0.809760', '0.796917', '0.827848', '0.803031', '0.795387', '0.863872', '0.840465'];
    const rDrop = ['0.671262', '0.742110', '0.560711', '0.714445', '0.786276', '0.265034', '0.460811'];
    r.items.forEach((item, j) => {
      expectPrinted('alpha items: attitude', item.alphaIfDeleted, alphaDrop[j] as string);
      expectPrinted('alpha items: attitude', item.rDrop, rDrop[j] as string);
    });
  });

  it('drops incomplete rows (listwise)', () => {
    const withMissing = [...attitude, [50, NaN, 40, 40, 40, 40, 40], [NaN, NaN, NaN, NaN, NaN, NaN, NaN]];
    const r = cronbachAlpha(withMissing);
    expect(r.n).toBe(30);
    expectRel('alpha: attitude', r.alpha, 0.84314276956476);
  });

  it('edge cases: one item, one person, constant answers, ragged rows', () => {
    expect(cronbachAlpha([[1], [2], [3]]).reason).toMatch(/2 items/);
    expect(cronbachAlpha([[1, 2, 3]]).reason).toMatch(/fewer than 2/);
    expect(cronbachAlpha([]).alpha).toBeNaN();
    const constant = cronbachAlpha([
      [3, 3],
      [3, 3],
      [3, 3],
    ]);
    expect(constant.alpha).toBeNaN();
    expect(constant.reason).toMatch(/zero variance/);
    // one constant item: left out, as psych::alpha does (constant_item below holds psych's figures)
    const oneConstant = cronbachAlpha([
      [1, 3, 2],
      [2, 3, 3],
      [3, 3, 5],
      [4, 3, 4],
    ]);
    expect(Number.isFinite(oneConstant.alpha)).toBe(true);
    expect(Number.isFinite(oneConstant.stdAlpha)).toBe(true);
    expect(oneConstant.noVariance).toEqual([1]);
    expect(() => cronbachAlpha([[1, 2], [1]])).toThrow(RangeError);
  });

  it('two items: equals k/(k − 1)·(1 − Σ var / var(total)) computed directly (alpha.out: two_items.raw_alpha)', () => {
    const rows = [
      [1, 2],
      [2, 2],
      [3, 4],
      [4, 5],
      [5, 4],
    ];
    const x = rows.map((r) => r[0] as number);
    const y = rows.map((r) => r[1] as number);
    const vx = sampleSd(x) ** 2;
    const vy = sampleSd(y) ** 2;
    const vt = sampleSd(rows.map((r) => (r[0] as number) + (r[1] as number))) ** 2;
    expectRel('alpha: two items', cronbachAlpha(rows).alpha, 2 * (1 - (vx + vy) / vt), 1e-12);
  });
});

const attitudeAlpha = () => cronbachAlpha(attitude);
// Item a has no variance: left out as psych::alpha leaves it out (its statistics NaN, not in psych's tables).
const constantItem = [
  [5, 2, 3, 1],
  [5, 3, 4, 2],
  [5, 4, 4, 3],
  [5, 1, 2, 1],
  [5, 3, 3, 2],
  [5, 2, 3, 2],
];
const constantAlpha = () => cronbachAlpha(constantItem);
const criticalReversed = attitude.map((row) => row.map((v, j) => (j === 5 ? 100 - v : v)));

/** The checks of what alpha.R's report_alpha emits for `name`; `shown` are the items psych's tables list. */
function reportAlpha(name: string, data: readonly (readonly number[])[], shown: readonly number[]) {
  const r = () => cronbachAlpha(data);
  const column = (j: number) => data.map((row) => row[j] as number);
  return {
    [`${name}.n`]: () => r().n,
    [`${name}.raw_alpha`]: () => r().alpha,
    [`${name}.std_alpha`]: () => r().stdAlpha,
    [`${name}.average_r`]: () => r().averageR,
    [`${name}.ase`]: () => r().ase,
    [`${name}.feldt_ci`]: () => [r().ciLow, r().ciHigh],
    [`${name}.duhachek_ci`]: () => [r().duhachekLow, r().duhachekHigh],
    [`${name}.alpha_if_deleted`]: () => shown.map((j) => r().items[j]!.alphaIfDeleted),
    [`${name}.r_drop`]: () => shown.map((j) => r().items[j]!.rDrop),
    [`${name}.item_mean`]: () => shown.map((j) => mean(column(j))),
    [`${name}.item_sd`]: () => shown.map((j) => sampleSd(column(j))),
  };
}

checkReferenceFile('alpha.out', {
  ...reportAlpha('attitude', attitude, [0, 1, 2, 3, 4, 5, 6]),
  'attitude.alpha_formula': () => attitudeAlpha().alpha,
  'attitude_critical_reversed.raw_alpha': () => cronbachAlpha(criticalReversed).alpha,
  'two_items.raw_alpha': () =>
    cronbachAlpha([
      [1, 2],
      [2, 2],
      [3, 4],
      [4, 5],
      [5, 4],
    ]).alpha,
  ...reportAlpha('constant_item', constantItem, [1, 2, 3]),
});

describe('an item with no variance', () => {
  it('is left out, as psych::alpha leaves it out, and named', () => {
    const r = constantAlpha();
    expect(r.noVariance).toEqual([0]);
    expect(r.k).toBe(3);
    expect(r.items[0]).toEqual({ alphaIfDeleted: NaN, rDrop: NaN });
    expect(cronbachAlpha(attitude).noVariance).toEqual([]);
    // Every item alike: nothing left to analyse.
    expect(cronbachAlpha(constantItem.map((row) => [row[0]!, 5]))).toMatchObject({ alpha: NaN, noVariance: [0, 1] });
  });
});

// Three timepoints (pre, post, follow-up) and the retrospective pre-test ("then"):
// Friedman test, pairwise paired Wilcoxon tests with Holm's adjustment, paired t-tests
// with the then rating, and Welch's t-test for attrition to follow-up. The data are made
// by test/reference/r/follow-up.R (set.seed) and read from follow-up.out with R's results.
import { describe, expect, it } from 'vitest';
import { welchTTest } from '../../../src/lib/analysis/welch-t.ts';
import { friedmanTest } from '../../../src/lib/stats/friedman.ts';
import { holm } from '../../../src/lib/stats/p-adjust.ts';
import { pairedTTest, type PairedTTestResult } from '../../../src/lib/stats/paired-t.ts';
import { pairwiseWilcoxonHolm, type PairwiseWilcoxonResult } from '../../../src/lib/stats/pairwise-wilcoxon.ts';
import { wilcoxonSignedRank, type WilcoxonOptions } from '../../../src/lib/stats/wilcoxon.ts';
import { checkReferenceFile, rValue, rVector, type Actual } from './r-reference.ts';

const OUT = 'follow-up.out';
const data = (name: string) => rVector(OUT, `data.${name}`);
/** Rows = people, columns = timepoints, from the columns R printed. */
const matrixOf = (...columns: number[][]): number[][] => columns[0]!.map((_, i) => columns.map((column) => column[i]!));

const pre = data('pre');
const post = data('post');
const followUp = data('follow_up');
const then = data('then');
const scales = matrixOf(pre, post, followUp);
const likert = matrixOf(data('likert.t1'), data('likert.t2'), data('likert.t3'));
const continuous = matrixOf(data('continuous.t1'), data('continuous.t2'), data('continuous.t3'));
const roundingTimes = matrixOf(data('rounding_times.t1'), data('rounding_times.t2'), data('rounding_times.t3'));
const four = matrixOf(data('four.t1'), data('four.t2'), data('four.t3'), data('four.t4'));

describe('friedmanTest', () => {
  it('drops people without a follow-up score, as friedman.test does for matrix input', () => {
    const r = friedmanTest(scales);
    expect(r).toMatchObject({ n: 28, dropped: 8, k: 3, df: 2 });
    expect(r.n).toBe(rValue(OUT, 'scales.friedman.n'));
    expect(r.reason).toBeUndefined();
  });

  it('without ties equals the textbook formula 12/(nk(k+1))·ΣR_j² − 3n(k+1)', () => {
    const r = friedmanTest(continuous);
    const rankSums = r.meanRanks.map((m) => m * r.n);
    const textbook = (12 / (r.n * 3 * 4)) * rankSums.reduce((s, x) => s + x * x, 0) - 3 * r.n * 4;
    expect(Math.abs(r.statistic - textbook)).toBeLessThan(1e-12);
  });

  it('edge cases: one timepoint, one complete person, every row tied, ragged rows', () => {
    expect(friedmanTest([[1], [2], [3]]).reason).toMatch(/2 timepoints/);
    const one = friedmanTest([
      [1, 2, 3],
      [4, NaN, 6],
    ]);
    expect(one).toMatchObject({ n: 1, dropped: 1 });
    expect(one.reason).toMatch(/fewer than 2 people/);
    expect(friedmanTest([]).statistic).toBeNaN();
    const tied = friedmanTest([
      [1, 1, 1],
      [2, 2, 2],
      [4, 4, 4],
    ]);
    expect(tied.statistic).toBeNaN(); // R: NaN (0/0), follow-up.out all_tied.friedman.statistic
    expect(tied.reason).toMatch(/same score/);
    expect(() =>
      friedmanTest([
        [1, 2, 3],
        [1, 2],
      ]),
    ).toThrow(RangeError);
  });
});

describe('pairwiseWilcoxonHolm', () => {
  it('tests 1-2, 1-3, 2-3 on the same complete rows, each as wilcoxonSignedRank(column i, column j)', () => {
    const r = pairwiseWilcoxonHolm(scales);
    expect(r).toMatchObject({ n: 28, dropped: 8, k: 3 });
    expect(r.comparisons.map((c) => [c.first, c.second])).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    const complete = scales.filter((row) => row.every(Number.isFinite));
    const col = (j: number) => complete.map((row) => row[j]!);
    expect(r.comparisons[2]!.result).toEqual(wilcoxonSignedRank(col(1), col(2)));
  });

  it('a pair without any change has no p-value and stays out of the Holm family', () => {
    const rows = [
      [1, 1, 2],
      [2, 2, 4],
      [3, 3, 5],
      [4, 4, 7],
      [5, 5, 6],
      [6, 6, 9],
    ];
    const r = pairwiseWilcoxonHolm(rows);
    expect(r.comparisons[0]!.result.reason).toBe('all differences are zero');
    expect(r.comparisons[0]!.pHolm).toBeNaN();
    // R: p.adjust(c(NA, p13, p23), "holm") adjusts over the 2 real p-values
    const adjusted = holm([r.comparisons[1]!.result.p, r.comparisons[2]!.result.p]);
    expect([r.comparisons[1]!.pHolm, r.comparisons[2]!.pHolm]).toEqual(adjusted);
    expect(() => pairwiseWilcoxonHolm([[1, 2], [1]])).toThrow(RangeError);
  });
});

describe('then-test and attrition to follow-up use the existing tests', () => {
  it('response shift then − pre and change post − then are paired t-tests (pairedTTest)', () => {
    expect(pairedTTest(then, pre).n).toBe(36);
    expect(pairedTTest(post, then).df).toBe(35);
  });

  it('attrition compares pre scores with and without a follow-up record (welchTTest)', () => {
    const withFollowUp = pre.filter((_, i) => Number.isFinite(followUp[i]!));
    const without = pre.filter((_, i) => !Number.isFinite(followUp[i]!));
    expect([withFollowUp.length, without.length]).toEqual([28, 8]);
  });
});

const friedmanChecks = (name: string, matrix: number[][]) => ({
  [`${name}.friedman.statistic`]: () => friedmanTest(matrix).statistic,
  [`${name}.friedman.df`]: () => friedmanTest(matrix).df,
  [`${name}.friedman.p`]: () => friedmanTest(matrix).p,
  [`${name}.friedman.n`]: () => friedmanTest(matrix).n,
  [`${name}.friedman.mean_ranks`]: () => friedmanTest(matrix).meanRanks,
});
const pairwiseChecks = (name: string, matrix: number[][], options: WilcoxonOptions = {}) => {
  const run = (): PairwiseWilcoxonResult => pairwiseWilcoxonHolm(matrix, options);
  return {
    [`${name}.V`]: () => run().comparisons.map((c) => c.result.V),
    [`${name}.p`]: () => run().comparisons.map((c) => c.result.p),
    [`${name}.p_holm`]: () => run().comparisons.map((c) => c.pHolm),
  };
};
const tTestChecks = (name: string, run: () => PairedTTestResult | ReturnType<typeof welchTTest>) => ({
  [`${name}.t`]: (): Actual => run().t,
  [`${name}.df`]: (): Actual => run().df,
  [`${name}.p`]: (): Actual => run().p,
  [`${name}.ci`]: (): Actual => [run().ciLow, run().ciHigh],
});
const hasFollowUp = (i: number) => Number.isFinite(followUp[i]!);

checkReferenceFile(
  OUT,
  {
    ...friedmanChecks('scales', scales),
    ...pairwiseChecks('scales.pairwise', scales),
    ...pairwiseChecks('scales.pairwise_digits_rank_7', scales, { digitsRank: 7 }),
    ...tTestChecks('then_minus_pre', () => pairedTTest(then, pre)),
    ...tTestChecks('post_minus_then', () => pairedTTest(post, then)),
    ...tTestChecks('attrition', () =>
      welchTTest(
        pre.filter((_, i) => hasFollowUp(i)),
        pre.filter((_, i) => !hasFollowUp(i)),
      ),
    ),
    ...friedmanChecks('likert', likert),
    ...pairwiseChecks('likert.pairwise', likert),
    ...friedmanChecks('continuous', continuous),
    ...pairwiseChecks('continuous.pairwise', continuous),
    ...friedmanChecks('rounding_times', roundingTimes),
    ...friedmanChecks('four', four),
    ...pairwiseChecks('four.pairwise', four),
    'all_tied.friedman.statistic': () =>
      friedmanTest([
        [1, 1, 1],
        [2, 2, 2],
        [4, 4, 4],
      ]).statistic,
  },
  { inputs: /^data\./ },
);

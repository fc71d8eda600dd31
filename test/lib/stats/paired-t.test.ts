import { describe, expect, it } from 'vitest';
import { differencesTTest, pairedTTest, type PairedTTestResult } from '../../../src/lib/stats/paired-t.ts';
import { expectPrinted, expectRel } from './reference-helpers.ts';
import { checkReferenceFile } from './r-reference.ts';
import { dasPost, dasPre, hwFirstVisit, hwSecondVisit, lakensMovie1, lakensMovie2, sleepGroup1, sleepGroup2 } from './fixtures.ts';

describe('pairedTTest', () => {
  it('sleep: t.test(g1, g2, paired = TRUE) (test/reference/r/paired-t.out: sleep.*)', () => {
    const r = pairedTTest(sleepGroup1, sleepGroup2);
    expect(r.n).toBe(10);
    expect(r.df).toBe(9);
    expectRel('paired t: sleep', r.t, -4.06212768338204); // tt$statistic
    expectRel('paired t: sleep', r.p, 0.00283289019738427); // tt$p.value
    expectRel('paired t: sleep', r.ciLow, -2.45988576327698); // tt$conf.int[1]
    expectRel('paired t: sleep', r.ciHigh, -0.700114236723018); // tt$conf.int[2]
    expectRel('paired t: sleep', r.meanDiff, -1.58); // tt$estimate
    expectRel('paired t: sleep', r.sdDiff, 1.22999548327987); // sd(g1 - g2)
    expectRel('paired t: sleep', r.se, 0.388958723888395); // tt$stderr
    expect(r.reason).toBeUndefined();
  });

  it('Hollander & Wolfe: t.test(x, y, paired = TRUE) (test/reference/r/paired-t.out: hw.*)', () => {
    const r = pairedTTest(hwFirstVisit, hwSecondVisit);
    expect(r.df).toBe(8);
    expectRel('paired t: H&W', r.t, 3.035375415649); // printed by print(t.test(...)) with digits = 15
    expectRel('paired t: H&W', r.p, 0.0161766274349);
    expectRel('paired t: H&W', r.ciLow, 0.103778712272169);
    expectRel('paired t: H&W', r.ciHigh, 0.759999065505609);
    expectRel('paired t: H&W', r.meanDiff, 0.431888888888889);
  });

  it('Lakens movies: t.test(m1, m2, paired = TRUE) (test/reference/r/paired-t.out: lakens.*)', () => {
    const r = pairedTTest(lakensMovie1, lakensMovie2);
    expectRel('paired t: Lakens', r.t, 4.74341649025257);
    expectRel('paired t: Lakens', r.p, 0.00105387125701655);
    expectRel('paired t: Lakens', r.ciLow, 0.523095396019557);
    expectRel('paired t: Lakens', r.ciHigh, 1.47690460398044);
  });

  it('DAS: t.test(post, pre, paired = TRUE) (test/reference/r/paired-t.out: das.*, here to printed digits)', () => {
    const r = pairedTTest(dasPost, dasPre);
    expectRel('paired t: DAS', r.t, 5.4438944470263);
    expect(r.df).toBe(29);
    expectPrinted('paired t: DAS', r.p, '7.3916e-06');
    expectPrinted('paired t: DAS', r.meanDiff, '16.4667');
    expectPrinted('paired t: DAS', r.ciLow, '10.2803');
    expectPrinted('paired t: DAS', r.ciHigh, '22.6531');
  });

  it('a 90% interval is narrower and uses qt(0.95, df) (test/reference/r/paired-t.out: sleep90.*)', () => {
    const r95 = pairedTTest(sleepGroup1, sleepGroup2);
    const r90 = pairedTTest(sleepGroup1, sleepGroup2, 0.9);
    expect(r90.ciHigh - r90.ciLow).toBeLessThan(r95.ciHigh - r95.ciLow);
    expect(r90.p).toBe(r95.p);
  });

  it('drops incomplete pairs (complete.cases) and keeps the result', () => {
    const r = pairedTTest([...sleepGroup1, NaN, 1], [...sleepGroup2, 2, NaN]);
    expect(r.n).toBe(10);
    expectRel('paired t: sleep', r.t, -4.06212768338204);
  });

  it('edge cases: n = 1, n = 0, constant differences, bad input', () => {
    const one = pairedTTest([3], [2]);
    expect(one.n).toBe(1);
    expect(one.t).toBeNaN();
    expect(one.p).toBeNaN();
    expect(one.reason).toMatch(/fewer than 2/);
    expect(pairedTTest([NaN], [1]).n).toBe(0);
    const constant = pairedTTest([2, 3, 4], [1, 2, 3]); // R: "data are essentially constant"
    expect(constant.meanDiff).toBe(1);
    expect(constant.t).toBeNaN();
    expect(constant.reason).toMatch(/constant/);
    const allEqual = pairedTTest([2, 2, 2], [2, 2, 2]);
    expect(allEqual.p).toBeNaN();
    expect(() => pairedTTest([1, 2], [1])).toThrow(RangeError);
    expect(() => pairedTTest([1, 2], [1, 3], 1)).toThrow(RangeError);
  });
});

describe('differencesTTest', () => {
  it('on post − pre (missing dropped) equals the paired test, to the last bit', () => {
    const post = [...sleepGroup1, NaN, 1];
    const pre = [...sleepGroup2, 2, NaN];
    const d = post.map((x, i) => x - pre[i]!);
    expect(differencesTTest(d)).toEqual(pairedTTest(post, pre));
    expect(differencesTTest(d, 0.9)).toEqual(pairedTTest(post, pre, 0.9));
    expect(differencesTTest(dasPost.map((x, i) => x - dasPre[i]!))).toEqual(pairedTTest(dasPost, dasPre));
    expect(differencesTTest([NaN, 1]).reason).toMatch(/fewer than 2/);
  });
});

const fields = (name: string, run: () => PairedTTestResult) => ({
  [`${name}.t`]: () => run().t,
  [`${name}.df`]: () => run().df,
  [`${name}.p`]: () => run().p,
  [`${name}.ci`]: () => [run().ciLow, run().ciHigh],
  [`${name}.mean_diff`]: () => run().meanDiff,
  [`${name}.sd_diff`]: () => run().sdDiff,
  [`${name}.se`]: () => run().se,
});

checkReferenceFile('paired-t.out', {
  ...fields('sleep', () => pairedTTest(sleepGroup1, sleepGroup2)),
  ...fields('sleep90', () => pairedTTest(sleepGroup1, sleepGroup2, 0.9)),
  ...fields('hw', () => pairedTTest(hwFirstVisit, hwSecondVisit)),
  ...fields('lakens', () => pairedTTest(lakensMovie1, lakensMovie2)),
  ...fields('das', () => pairedTTest(dasPost, dasPre)),
});

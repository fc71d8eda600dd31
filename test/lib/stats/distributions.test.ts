import { describe, expect, it } from 'vitest';
import jStat from 'jstat';
import {
  chiSquareCdf,
  chiSquareUpperTail,
  fCdf,
  fQuantile,
  fUpperTail,
  normalCdf,
  normalQuantile,
  signRankCdf,
  signRankUpperTail,
  tCdf,
  tQuantile,
} from '../../../src/lib/stats/distributions.ts';
import { noncentralTCdf, noncentralityInterval } from '../../../src/lib/stats/noncentral-t.ts';
import { bisect } from '../../../src/lib/stats/root-finding.ts';
import { expectRel } from './reference-helpers.ts';
import { checkReferenceFile } from './r-reference.ts';

describe('chiSquareUpperTail (R: test/reference/r/distributions.out, chisq_upper*)', () => {
  it('agrees with 1 − CDF (whose own error is ~1e-16 absolute)', () => {
    for (const df of [1, 2, 3, 4, 5, 6, 9]) {
      for (const x of [0.1, 1, 3.5, 8, 20, 35]) {
        expect(Math.abs(chiSquareUpperTail(x, df) - (1 - chiSquareCdf(x, df)))).toBeLessThan(1e-15);
      }
    }
  });

  it('keeps full precision in the far tail (closed forms)', () => {
    // df = 2: Q = exp(-x/2); df = 4: Q = exp(-x/2)(1 + x/2)
    expectRel('chi-square far tail', chiSquareUpperTail(100, 2), Math.exp(-50), 1e-13);
    expectRel('chi-square far tail', chiSquareUpperTail(100, 4), Math.exp(-50) * 51, 1e-13);
    // df = 1: Q = 2·Φ(−√x) = 2·Φ(−10), with Φ(−10) = 7.6198530241605260660e-24 (tabulated constant)
    // biome-ignore lint/correctness/noPrecisionLoss: the constant as tabulated, digits beyond a double kept on purpose
    expectRel('chi-square far tail', chiSquareUpperTail(100, 1), 2 * 7.619853024160526066e-24, 1e-12);
    expect(chiSquareUpperTail(0, 3)).toBe(1);
    expect(chiSquareUpperTail(NaN, 3)).toBeNaN();
  });
});

describe('F distribution (R: test/reference/r/distributions.out, pf_*, qf_*)', () => {
  it('upper tail agrees with 1 − CDF and stays accurate when small', () => {
    expectRel('F upper tail', fUpperTail(2.5, 3, 17.3), 1 - fCdf(2.5, 3, 17.3), 1e-12);
    expect(fUpperTail(200, 2, 30)).toBeGreaterThan(0);
    expect(fUpperTail(0, 2, 30)).toBe(1);
  });

  it('quantile inverts the CDF to ~1e-15', () => {
    for (const [p, d1, d2] of [
      [0.975, 29, 174],
      [0.025, 29, 174],
      [0.5, 1, 1],
      [0.999, 2, 3],
      [1e-6, 5, 7],
    ] as const) {
      const q = fQuantile(p, d1, d2);
      expectRel('F quantile round trip', fCdf(q, d1, d2), p, 1e-12);
    }
    expect(fQuantile(0, 3, 4)).toBe(0);
    expect(fQuantile(1, 3, 4)).toBe(Infinity);
    expect(fQuantile(NaN, 3, 4)).toBeNaN();
  });
});

describe('signed-rank distribution', () => {
  it('upper tail uses symmetry and equals 1 − CDF(q − 1) (distributions.out: psignrank_upper_*)', () => {
    // R: psignrank(39, 9, lower.tail = FALSE) = 0.01953125 (H&W, V = 40)
    expectRel('signrank', signRankUpperTail(40, 9), 0.01953125, 1e-12);
    expectRel('signrank', signRankUpperTail(40, 9), 1 - signRankCdf(39, 9), 1e-12);
    // all 40 differences positive: P(V >= 820) = 2^-40, far below 1 − CDF's resolution
    expectRel('signrank', signRankUpperTail(820, 40), 2 ** -40, 1e-12);
  });
});

describe('noncentralTCdf (port of R nmath/pnt.c; R: test/reference/r/distributions.out, pnt_*)', () => {
  it('reduces to the central t for ncp = 0', () => {
    expect(noncentralTCdf(1.3, 7, 0)).toBe(tCdf(1.3, 7));
  });

  it('agrees with jStat.noncentralt.cdf (~1e-9 accurate) for moderate arguments (R: distributions.out: pnt_*)', () => {
    for (const [t, df, ncp] of [
      [2, 9, 1],
      [4.743416490252569, 9, 1.772476],
      [-1.5, 5, -0.7],
      [0.3, 20, 2],
      [3, 4, 5],
    ] as const) {
      expectRel('noncentral t vs jStat', noncentralTCdf(t, df, ncp), jStat.noncentralt.cdf(t, df, ncp), 1e-8);
    }
  });

  it('stays correct for large ncp where jStat collapses to ~0', () => {
    // jStat returns ~4e-27 here; the true value is near the middle of the distribution.
    const p = noncentralTCdf(30, 30, 28);
    expect(p).toBeGreaterThan(0.5);
    expect(p).toBeLessThan(0.9);
    // monotone decreasing in ncp (up to R's 1e-12 series error bound), including
    // across R's switch to the normal approximation at |ncp| = 37.62
    let prev = 1;
    for (let ncp = 20; ncp <= 60; ncp += 0.5) {
      const v = noncentralTCdf(40, 200, ncp);
      expect(v).toBeLessThanOrEqual(prev + 1e-11);
      prev = v;
    }
    expect(noncentralTCdf(40, 200, 30)).toBeGreaterThan(0.999);
    expect(noncentralTCdf(40, 200, 50)).toBeLessThan(0.01);
  });

  it('satisfies P(T ≤ −t | −ncp) = 1 − P(T ≤ t | ncp)', () => {
    expectRel('noncentral t symmetry', noncentralTCdf(-2.2, 11, -1.4), 1 - noncentralTCdf(2.2, 11, 1.4), 1e-12);
  });

  it('interval returns NaN for unusable input', () => {
    expect(noncentralityInterval(NaN, 9).lower).toBeNaN();
    expect(noncentralityInterval(2, 0).upper).toBeNaN();
  });
});

describe('bisect', () => {
  it('finds a root to machine precision and rejects a bad bracket', () => {
    expectRel(
      'bisect',
      bisect((x) => x * x - 2, 0, 2),
      Math.SQRT2,
      1e-15,
    );
    expect(bisect((x) => x * x + 1, 0, 2)).toBeNaN();
  });
});

const chiSquareXs = [0.1, 1, 3.5, 8, 20, 35];
const upperTails = (df: number) => () => chiSquareXs.map((x) => chiSquareUpperTail(x, df));
const ncpGrid = Array.from({ length: 81 }, (_, i) => 20 + i / 2);

checkReferenceFile('distributions.out', {
  'pnorm_-3.5': () => normalCdf(-3.5),
  'pnorm_-10': () => normalCdf(-10),
  'qnorm_0.975': () => normalQuantile(0.975),
  'qt_0.975_9': () => tQuantile(0.975, 9),
  'qt_0.975_3': () => tQuantile(0.975, 3),
  'qt_0.999_2': () => tQuantile(0.999, 2),
  'pt_-10_2': () => tCdf(-10, 2),
  'pt_-40_30': () => tCdf(-40, 30),
  'pt_-8_5': () => tCdf(-8, 5),
  'pt_1.3_7': () => tCdf(1.3, 7),
  'chisq_upper.df1': upperTails(1),
  'chisq_upper.df2': upperTails(2),
  'chisq_upper.df3': upperTails(3),
  'chisq_upper.df4': upperTails(4),
  'chisq_upper.df5': upperTails(5),
  'chisq_upper.df6': upperTails(6),
  'chisq_upper.df9': upperTails(9),
  chisq_upper_100: () => [1, 2, 4].map((df) => chiSquareUpperTail(100, df)),
  'pf_upper_2.5_3_17.3': () => fUpperTail(2.5, 3, 17.3),
  pf_upper_200_2_30: () => fUpperTail(200, 2, 30),
  'qf_0.975_29_174': () => fQuantile(0.975, 29, 174),
  'qf_0.025_29_174': () => fQuantile(0.025, 29, 174),
  'qf_0.5_1_1': () => fQuantile(0.5, 1, 1),
  'qf_0.999_2_3': () => fQuantile(0.999, 2, 3),
  'qf_1e-6_5_7': () => fQuantile(1e-6, 5, 7),
  psignrank_upper_39_9: () => signRankUpperTail(40, 9), // P(V ≥ 40) = psignrank(39, 9, lower.tail = FALSE)
  psignrank_upper_819_40: () => signRankUpperTail(820, 40),
  psignrank_5_9: () => signRankCdf(5, 9),
  psignrank_300_40: () => signRankCdf(300, 40),
  pnt_2_9_1: () => noncentralTCdf(2, 9, 1),
  'pnt_4.743416490252569_9_1.772476': () => noncentralTCdf(4.743416490252569, 9, 1.772476),
  'pnt_-1.5_5_-0.7': () => noncentralTCdf(-1.5, 5, -0.7),
  'pnt_0.3_20_2': () => noncentralTCdf(0.3, 20, 2),
  pnt_3_4_5: () => noncentralTCdf(3, 4, 5),
  pnt_30_30_28: () => noncentralTCdf(30, 30, 28),
  'pnt_-2.2_11_-1.4': () => noncentralTCdf(-2.2, 11, -1.4),
  'pnt_2.2_11_1.4': () => noncentralTCdf(2.2, 11, 1.4),
  pnt_40_200_ncp20to60: () => ncpGrid.map((ncp) => noncentralTCdf(40, 200, ncp)),
});

import { describe, expect, it } from 'vitest';
import jStat from 'jstat';
import {
  chiSquareCdf, chiSquareUpperTail, fCdf, fQuantile, fUpperTail, signRankCdf, signRankUpperTail, tCdf,
} from '../../../src/lib/stats/distributions.ts';
import { noncentralTCdf, noncentralityInterval } from '../../../src/lib/stats/noncentral-t.ts';
import { bisect } from '../../../src/lib/stats/root-finding.ts';
import { expectRel } from './reference-helpers.ts';

describe('chiSquareUpperTail', () => {
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
    expectRel('chi-square far tail', chiSquareUpperTail(100, 1), 2 * 7.619853024160526066e-24, 1e-12);
    expect(chiSquareUpperTail(0, 3)).toBe(1);
    expect(chiSquareUpperTail(NaN, 3)).toBeNaN();
  });
});

describe('F distribution', () => {
  it('upper tail agrees with 1 − CDF and stays accurate when small', () => {
    expectRel('F upper tail', fUpperTail(2.5, 3, 17.3), 1 - fCdf(2.5, 3, 17.3), 1e-12);
    expect(fUpperTail(200, 2, 30)).toBeGreaterThan(0);
    expect(fUpperTail(0, 2, 30)).toBe(1);
  });

  it('quantile inverts the CDF to ~1e-15', () => {
    for (const [p, d1, d2] of [[0.975, 29, 174], [0.025, 29, 174], [0.5, 1, 1], [0.999, 2, 3], [1e-6, 5, 7]] as const) {
      const q = fQuantile(p, d1, d2);
      expectRel('F quantile round trip', fCdf(q, d1, d2), p, 1e-12);
    }
    expect(fQuantile(0, 3, 4)).toBe(0);
    expect(fQuantile(1, 3, 4)).toBe(Infinity);
    expect(fQuantile(NaN, 3, 4)).toBeNaN();
  });
});

describe('signed-rank distribution', () => {
  it('upper tail uses symmetry and equals 1 − CDF(q − 1)', () => {
    // R: psignrank(39, 9, lower.tail = FALSE) = 0.01953125 (H&W, V = 40)
    expectRel('signrank', signRankUpperTail(40, 9), 0.01953125, 1e-12);
    expectRel('signrank', signRankUpperTail(40, 9), 1 - signRankCdf(39, 9), 1e-12);
    // all 40 differences positive: P(V >= 820) = 2^-40, far below 1 − CDF's resolution
    expectRel('signrank', signRankUpperTail(820, 40), 2 ** -40, 1e-12);
  });
});

describe('noncentralTCdf (port of R nmath/pnt.c)', () => {
  it('reduces to the central t for ncp = 0', () => {
    expect(noncentralTCdf(1.3, 7, 0)).toBe(tCdf(1.3, 7));
  });

  it('agrees with jStat.noncentralt.cdf (~1e-9 accurate) for moderate arguments', () => {
    for (const [t, df, ncp] of [[2, 9, 1], [4.743416490252569, 9, 1.772476], [-1.5, 5, -0.7], [0.3, 20, 2], [3, 4, 5]] as const) {
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
    expectRel('bisect', bisect((x) => x * x - 2, 0, 2), Math.SQRT2, 1e-15);
    expect(bisect((x) => x * x + 1, 0, 2)).toBeNaN();
  });
});

// The shortcuts the analysis takes on large cohorts give exactly what the general functions give (which
// the other tests check against R): Wilcoxon counted per |difference| for whole numbers, and alpha on
// complete cases gathered in one buffer.
import { describe, expect, it } from 'vitest';
import { cronbachAlpha, cronbachAlphaOfComplete, wilcoxonOfDifferences, wilcoxonSignedRank } from '../../../src/lib/stats/index.ts';
import { seededRandom } from '../../../src/lib/util/random.ts';

const rand = seededRandom(5);
const answers = (n: number, missing = 0.05) => Array.from({ length: n }, () => (rand() < missing ? NaN : 1 + Math.floor(rand() * 5)));

describe('Wilcoxon on differences', () => {
  it('equals the paired test, for whole numbers (counted) and fractions (ranked)', () => {
    for (const n of [0, 1, 5, 30, 49, 50, 51, 400, 5_000]) {
      for (const digitsRank of [undefined, 7]) {
        const pre = answers(n);
        const post = answers(n);
        const options = digitsRank ? { digitsRank } : {};
        const complete = pre.flatMap((a, i) => (Number.isNaN(a) || Number.isNaN(post[i]!) ? [] : [post[i]! - a]));
        expect(wilcoxonOfDifferences(Float64Array.from(complete), options)).toEqual(wilcoxonSignedRank(post, pre, options));
        const fractional = pre.map((a) => a / 3);
        expect(
          wilcoxonOfDifferences(
            fractional.flatMap((a, i) => (Number.isNaN(a) || Number.isNaN(post[i]!) ? [] : [post[i]! - a])),
            options,
          ),
        ).toEqual(wilcoxonSignedRank(post, fractional, options));
      }
    }
  });

  it('ranks whole numbers beyond the counted range, or with too few digits kept, the general way', () => {
    const d = [3_000, -1, 2, 2, -2_500, 7, 0];
    expect(wilcoxonOfDifferences(d)).toEqual(
      wilcoxonSignedRank(
        d,
        d.map(() => 0),
      ),
    );
    expect(wilcoxonOfDifferences([15, -14, 13, 0], { digitsRank: 1 })).toEqual(wilcoxonSignedRank([15, -14, 13, 0], [0, 0, 0, 0], { digitsRank: 1 }));
  });
});

describe('alpha on complete cases in one buffer', () => {
  it('equals cronbachAlpha on the rows', () => {
    for (const [n, k] of [
      [0, 4],
      [1, 4],
      [2, 1],
      [50, 5],
      [3_000, 8],
    ] as const) {
      const rows = Array.from({ length: n }, () => answers(k, 0.02));
      const complete = rows.filter((r) => r.every(Number.isFinite));
      const data = new Float64Array(complete.length * k);
      complete.forEach((r, i) => data.set(r, i * k));
      expect(cronbachAlphaOfComplete(data, complete.length, rows.length ? k : 0)).toEqual(cronbachAlpha(rows));
    }
  });
});

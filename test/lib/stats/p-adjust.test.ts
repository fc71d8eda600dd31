import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, holm, pAdjust } from '../../../src/lib/stats/p-adjust.ts';
import { expectRel } from './reference-helpers.ts';
import { checkReferenceFile } from './r-reference.ts';

// Benjamini & Hochberg (1995) 15 p-values; R results in test/reference/r/p-adjust.out
const bh15 = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0];

function expectAll(set: string, actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expectRel(set, a, expected[i] as number));
}

describe('pAdjust', () => {
  it('Holm: p.adjust(p, "holm") (p-adjust.out: bh15.holm)', () => {
    expectAll('p.adjust holm: B&H', holm(bh15), [0.0015, 0.0056, 0.0247, 0.114, 0.2211, 0.278, 0.278, 0.278, 0.3213, 1, 1, 1, 1, 1, 1]);
  });

  it('BH: p.adjust(p, "BH") (p-adjust.out: bh15.bh)', () => {
    const r = benjaminiHochberg(bh15);
    expectAll(
      'p.adjust BH: B&H',
      r,
      [
        0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.0638571428571429, 0.0638571428571429, 0.0645, 0.0765, 0.486, 0.581181818181818, 0.714875, 0.753230769230769,
        0.813214285714286, 1,
      ],
    );
    // sum(p.adjust(p, "BH") <= 0.05) = 4 ; holm: 3
    expect(r.filter((p) => p <= 0.05)).toHaveLength(4);
    expect(holm(bh15).filter((p) => p <= 0.05)).toHaveLength(3);
  });

  it('keeps input order: p2 <- c(0.01, 0.04, 0.03, 0.005, 0.20) (p-adjust.out: p2.*)', () => {
    const p2 = [0.01, 0.04, 0.03, 0.005, 0.2];
    expectAll('p.adjust: unsorted', holm(p2), [0.04, 0.09, 0.09, 0.025, 0.2]);
    expectAll('p.adjust: unsorted', benjaminiHochberg(p2), [0.025, 0.05, 0.05, 0.025, 0.2]);
  });

  it('NaN stays NaN and does not count towards m (R: NA kept, n = non-NA count; p-adjust.out: with_na.*)', () => {
    const r = holm([0.01, NaN, 0.04, 0.03, 0.005, 0.2]);
    expect(r[1]).toBeNaN();
    expectAll('p.adjust: NaN', [r[0], r[2], r[3], r[4], r[5]] as number[], [0.04, 0.09, 0.09, 0.025, 0.2]);
    const b = benjaminiHochberg([NaN, 0.01, 0.04, 0.03, 0.005, 0.2, NaN]);
    expect(b[0]).toBeNaN();
    expect(b[6]).toBeNaN();
    expectAll('p.adjust: NaN', b.slice(1, 6), [0.025, 0.05, 0.05, 0.025, 0.2]);
  });

  it('edge cases: empty, all NaN, single value, out of range', () => {
    expect(holm([])).toEqual([]);
    expect(pAdjust([NaN, NaN], 'bh').every(Number.isNaN)).toBe(true);
    expect(holm([0.03])).toEqual([0.03]);
    expect(() => holm([0.5, 1.2])).toThrow(RangeError);
    expect(() => benjaminiHochberg([-0.1])).toThrow(RangeError);
    expect(() => holm([Infinity])).toThrow(RangeError);
  });
});

const p2 = [0.01, 0.04, 0.03, 0.005, 0.2];

checkReferenceFile('p-adjust.out', {
  'bh15.holm': () => holm(bh15),
  'bh15.bh': () => benjaminiHochberg(bh15),
  'bh15.holm_at_most_0.05': () => holm(bh15).filter((p) => p <= 0.05).length,
  'bh15.bh_at_most_0.05': () => benjaminiHochberg(bh15).filter((p) => p <= 0.05).length,
  'p2.holm': () => holm(p2),
  'p2.bh': () => benjaminiHochberg(p2),
  'with_na.holm': () => holm([0.01, NaN, 0.04, 0.03, 0.005, 0.2]),
  'with_na.bh': () => benjaminiHochberg([NaN, 0.01, 0.04, 0.03, 0.005, 0.2, NaN]),
  'single.holm': () => holm([0.03]),
});

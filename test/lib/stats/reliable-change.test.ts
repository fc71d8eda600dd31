import { describe, expect, it } from 'vitest';
import { reliableChange, reliableChangeSummary } from '../../../src/lib/stats/reliable-change.ts';
import { expectPrinted, expectRel } from './reference-helpers.ts';
import { checkReferenceFile } from './r-reference.ts';
import { dasPost, dasPre } from './fixtures.ts';

// R (test/reference/r/reliable-change.R → .out): rel <- 0.84; s1 <- sd(pre); se <- s1*sqrt(1-rel);
// sdiff <- sqrt(2*se^2); rci <- (post - pre)/sdiff; below, round(rci, 4)
const printedRci = [
  '0.9717',
  '7.4743',
  '0.0747',
  '2.1675',
  '5.3067',
  '-0.5979',
  '6.5774',
  '2.5413',
  '0.2242',
  '2.0928',
  '1.0464',
  '2.8402',
  '3.4382',
  '1.4201',
  '2.3918',
  '2.8402',
  '0.7474',
  '1.8686',
  '3.0645',
  '5.6057',
  '2.4665',
  '7.3995',
  '4.2603',
  '3.8119',
  '-0.1495',
  '4.3351',
  '0.5979',
  '-1.3454',
  '-2.9150',
  '3.2887',
];

describe('reliableChange (Jacobson–Truax) on the J&T 1991 DAS data (test/reference/r/reliable-change.out)', () => {
  it('S_diff and the minimum reliable change', () => {
    const r = reliableChange(dasPost, dasPre, 0.84);
    expect(r.n).toBe(30);
    expectRel('RCI: DAS', r.sdPre, 11.82566126556211); // sd(pre)
    expectRel('RCI: DAS', r.sem, 4.730264506224845); // se
    expectRel('RCI: DAS', r.sDiff, 6.689604218315248); // sdiff
    expectRel('RCI: DAS', r.minimumReliableChange, 13.11162426789789); // 1.96*sdiff
  });

  it('per-person RCI (round(rci, 4)) and counts', () => {
    const r = reliableChange(dasPost, dasPre, 0.84);
    r.persons.forEach((p, i) => {
      expect(p.index).toBe(i);
      expectPrinted('RCI: DAS', p.rci, printedRci[i] as string);
    });
    // sum(rci > 1.96) = 18, sum(rci < -1.96) = 1, sum(abs(rci) <= 1.96) = 11
    expect(r.counts).toEqual({ improved: 18, unchanged: 11, deteriorated: 1 });
    expect(r.persons[27]?.category).toBe('unchanged'); // −1.3454
    expect(r.persons[28]?.category).toBe('deteriorated'); // −2.9150
  });

  it('lower-is-better scales swap improved and deteriorated', () => {
    const r = reliableChange(dasPost, dasPre, 0.84, { higherIsBetter: false });
    expect(r.counts).toEqual({ improved: 1, unchanged: 11, deteriorated: 18 });
  });

  it('normative SD and custom criterion', () => {
    const r = reliableChange([12, 10], [10, 10], 0.75, { sdPre: 2, criterion: 1.645 });
    // S_diff = sqrt(2)·2·sqrt(0.25) = sqrt(2)
    expectRel('RCI: normative', r.sDiff, Math.SQRT2, 1e-15);
    expectRel('RCI: normative', r.persons[0]?.rci ?? NaN, Math.SQRT2, 1e-15);
    expect(r.persons.map((p) => p.category)).toEqual(['unchanged', 'unchanged']); // 1.414 < 1.645
  });

  it('incomplete pairs are reported as missing and excluded from S₁ and counts', () => {
    const r = reliableChange([...dasPost, NaN, 100], [...dasPre, 90, NaN], 0.84);
    expect(r.n).toBe(30);
    expectRel('RCI: DAS', r.sDiff, 6.689604218315248);
    expect(r.persons).toHaveLength(32);
    expect(r.persons[30]).toEqual({ index: 30, rci: NaN, category: 'missing' });
    expect(r.counts.improved + r.counts.unchanged + r.counts.deteriorated).toBe(30);
  });

  it('edge cases: invalid reliability, n = 1, all pre equal', () => {
    expect(reliableChange(dasPost, dasPre, 1).reason).toMatch(/reliability/);
    expect(reliableChange(dasPost, dasPre, -0.1).reason).toMatch(/reliability/);
    expect(reliableChange(dasPost, dasPre, NaN).reason).toMatch(/reliability/);
    const one = reliableChange([5], [3], 0.8);
    expect(one.reason).toMatch(/S_diff/);
    expect(one.persons[0]?.category).toBe('missing');
    expect(reliableChange([1, 2, 3], [2, 2, 2], 0.8).reason).toMatch(/S_diff/);
    expect(reliableChange([], [], 0.8).reason).toBe('no complete pairs');
  });
  it('the summary (no list of persons) is the same classification, from arrays or typed arrays, with or without missing pairs', () => {
    const post = [...dasPost, NaN, 40];
    const pre = [...dasPre, 12, NaN];
    for (const [reliability, options] of [
      [0.84, {}],
      [0.84, { higherIsBetter: false }],
      [0.75, { sdPre: 2, criterion: 1.645 }],
      [1, {}],
    ] as const) {
      const { persons, ...full } = reliableChange(post, pre, reliability, options);
      expect(reliableChangeSummary(post, pre, reliability, options)).toEqual(full);
      expect(reliableChangeSummary(Float64Array.from(post), Float64Array.from(pre), reliability, options)).toEqual(full);
      const counted = persons.filter((p) => p.category !== 'missing').length;
      expect(counted).toBe(full.reason ? 0 : full.n);
    }
    expect(() => reliableChangeSummary([1, 2], [1], 0.8)).toThrow(RangeError);
  });
});

const das = () => reliableChange(dasPost, dasPre, 0.84);

checkReferenceFile('reliable-change.out', {
  'das.sd_pre': () => das().sdPre,
  'das.sem': () => das().sem,
  'das.s_diff': () => das().sDiff,
  'das.minimum_reliable_change': () => das().minimumReliableChange,
  'das.rci': () => das().persons.map((p) => p.rci),
  'das.improved': () => das().counts.improved,
  'das.unchanged': () => das().counts.unchanged,
  'das.deteriorated': () => das().counts.deteriorated,
});

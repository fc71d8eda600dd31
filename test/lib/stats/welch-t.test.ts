// Welch's two-sample t-test (src/lib/analysis/welch-t.ts), used by the report for
// attrition: completers vs people without a later record. Its statistics are
// checked here, beside the other R references (test/reference/r/welch-t.out).
import { describe, expect, it } from 'vitest';
import { welchTTest, type WelchTTestResult } from '../../../src/lib/analysis/welch-t.ts';
import { checkReferenceFile } from './r-reference.ts';
import { lakensMovie1, lakensMovie2, sleepGroup1, sleepGroup2 } from './fixtures.ts';

describe('welchTTest edge cases', () => {
  it('drops missing values, and needs 2 values per group (R stops)', () => {
    const withMissing = welchTTest([...sleepGroup1, NaN], [NaN, ...sleepGroup2]);
    expect(withMissing).toEqual(welchTTest(sleepGroup1, sleepGroup2));
    expect(welchTTest([1], [2, 3]).reason).toMatch(/at least 2/);
    expect(welchTTest([2, 2, 2], [2, 2]).reason).toMatch(/essentially constant/);
  });
});

const fields = (name: string, run: () => WelchTTestResult) => ({
  [`${name}.t`]: () => run().t,
  [`${name}.df`]: () => run().df,
  [`${name}.p`]: () => run().p,
  [`${name}.ci`]: () => [run().ciLow, run().ciHigh],
  [`${name}.means`]: () => [run().meanX, run().meanY],
});

checkReferenceFile('welch-t.out', {
  ...fields('sleep', () => welchTTest(sleepGroup1, sleepGroup2)),
  ...fields('lakens', () => welchTTest(lakensMovie1, lakensMovie2)),
});

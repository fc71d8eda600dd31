import { describe, expect, it } from 'vitest';
import { MCNEMAR_EXACT_BELOW, mcnemarAuto, mcnemarExactP, mcnemarTest } from '../../../src/lib/stats/mcnemar.ts';
import { expectRel } from './reference-helpers.ts';
import { checkReferenceFile } from './r-reference.ts';

describe('mcnemarTest', () => {
  it('Agresti (1990) approval: mcnemar.test(matrix(c(794, 86, 150, 570), 2)) (mcnemar.out: agresti.*)', () => {
    const r = mcnemarTest(150, 86);
    expectRel('McNemar: Agresti', r.statistic, 16.8177966101695); // correct = TRUE
    expectRel('McNemar: Agresti', r.p, 4.11456228134594e-5);
    expectRel('McNemar: Agresti', r.statisticUncorrected, 17.3559322033898); // correct = FALSE
    expectRel('McNemar: Agresti', r.pUncorrected, 3.09929344104522e-5);
    expectRel('McNemar: Agresti', r.pExact, 3.71593613957143e-5); // binom.test(86, 236)$p.value
    expectRel('McNemar: Agresti', r.pMidP, 2.89338951761547e-5); // 2 * (pbinom(86, 236, 0.5) - 0.5 * dbinom(86, 236, 0.5))
  });

  it('small table b = 8, c = 2: mcnemar.test(matrix(c(10, 2, 8, 5), 2)) (mcnemar.out: small.*)', () => {
    const r = mcnemarTest(8, 2);
    expectRel('McNemar: small', r.statistic, 2.5);
    expectRel('McNemar: small', r.p, 0.113846298006658);
    expectRel('McNemar: small', r.pUncorrected, 0.0577795711235975);
    expectRel('McNemar: small', r.pExact, 0.109375); // binom.test(2, 10)
    expectRel('McNemar: small', r.pMidP, 0.0654296875);
    expect(mcnemarTest(2, 8).pExact).toBe(r.pExact);
  });

  it('edge cases: b = c (no continuity correction, like R), no discordant pairs, bad counts', () => {
    const tie = mcnemarTest(5, 5);
    expect(tie.statistic).toBe(0);
    expect(tie.p).toBe(1);
    expect(tie.pExact).toBe(1);
    const none = mcnemarTest(0, 0);
    expect(none.p).toBeNaN();
    expect(none.reason).toMatch(/no discordant/);
    expect(() => mcnemarTest(-1, 2)).toThrow(RangeError);
    expect(() => mcnemarTest(1.5, 2)).toThrow(RangeError);
  });
});

describe('mcnemarExactP and mcnemarAuto (test/reference/r/mcnemar.out: *.p_exact, *.chosen_*)', () => {
  it('exact p is binom.test(b, b + c, 0.5), symmetric in b and c; NaN without discordant pairs (R stops)', () => {
    expectRel('McNemar exact: small', mcnemarExactP(8, 2), 0.109375);
    expect(mcnemarExactP(2, 8)).toBe(mcnemarExactP(8, 2));
    expectRel('McNemar exact: b = 0', mcnemarExactP(0, 6), 2 ** -5);
    expect(mcnemarExactP(5, 5)).toBe(1);
    expect(mcnemarExactP(0, 0)).toBeNaN();
    expect(() => mcnemarExactP(-1, 2)).toThrow(RangeError);
  });

  it('uses the exact test below 25 discordant pairs and the corrected chi-squared from 25 on', () => {
    expect(MCNEMAR_EXACT_BELOW).toBe(25);
    const exact = mcnemarAuto(17, 7);
    expect(exact).toMatchObject({ b: 17, c: 7, exact: true, statistic: null, df: null });
    expect(exact.method).toMatch(/^Exact binomial test on the 24 discordant pairs .*binom\.test\(b, b \+ c, 0\.5\)$/);
    const asymptotic = mcnemarAuto(18, 7);
    expect(asymptotic).toMatchObject({ b: 18, c: 7, exact: false, statistic: 4, df: 1 });
    expect(asymptotic.method).toMatch(/with continuity correction .*mcnemar\.test\(table\)$/);
    expect(mcnemarAuto(15, 15).method).toMatch(/no continuity correction needed as b = c/);
  });

  it('no discordant pairs: p = 1 by definition, and the method text says so', () => {
    const none = mcnemarAuto(0, 0);
    expect(none).toMatchObject({ b: 0, c: 0, exact: true, statistic: null, df: null, p: 1 });
    expect(none.method).toMatch(/p = 1 by definition/);
    expect(none.method).toMatch(/binom\.test\(0, 0\) stops/);
    expect(() => mcnemarAuto(2, 0.5)).toThrow(RangeError);
  });
});

const cases = {
  agresti: [150, 86],
  small: [8, 2],
  equal_small: [5, 5],
  equal_large: [15, 15],
  boundary_24: [17, 7],
  boundary_25: [18, 7],
  only_c_small: [0, 6],
  only_c_large: [0, 30],
  only_b_small: [3, 0],
  none: [0, 0],
} as const;

const checks: Record<string, () => number | null> = {};
for (const [name, [b, c]] of Object.entries(cases)) {
  const full = () => mcnemarTest(b, c);
  const chosen = () => mcnemarAuto(b, c);
  Object.assign(checks, {
    [`${name}.statistic`]: () => full().statistic,
    [`${name}.p`]: () => full().p,
    [`${name}.statistic_uncorrected`]: () => full().statisticUncorrected,
    [`${name}.p_uncorrected`]: () => full().pUncorrected,
  });
  if (b + c === 0) continue; // R: binom.test(0, 0) stops, so the .out file has no exact or chosen values
  Object.assign(checks, {
    [`${name}.p_exact`]: () => mcnemarExactP(b, c),
    [`${name}.p_mid`]: () => full().pMidP,
    [`${name}.chosen_p`]: () => chosen().p,
  });
  if (b + c >= MCNEMAR_EXACT_BELOW) {
    Object.assign(checks, {
      [`${name}.chosen_statistic`]: () => chosen().statistic,
      [`${name}.chosen_df`]: () => chosen().df,
    });
  }
}
checkReferenceFile('mcnemar.out', checks);

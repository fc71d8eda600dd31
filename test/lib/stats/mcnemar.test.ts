import { describe, expect, it } from 'vitest';
import { mcnemarTest } from '../../../src/lib/stats/mcnemar.ts';
import { expectRel } from './reference-helpers.ts';

describe('mcnemarTest', () => {
  it('Agresti (1990) approval: mcnemar.test(matrix(c(794, 86, 150, 570), 2)) (ref.out §6)', () => {
    const r = mcnemarTest(150, 86);
    expectRel('McNemar: Agresti', r.statistic, 16.8177966101695); // correct = TRUE
    expectRel('McNemar: Agresti', r.p, 4.11456228134594e-5);
    expectRel('McNemar: Agresti', r.statisticUncorrected, 17.3559322033898); // correct = FALSE
    expectRel('McNemar: Agresti', r.pUncorrected, 3.09929344104522e-5);
    expectRel('McNemar: Agresti', r.pExact, 3.71593613957143e-5); // binom.test(86, 236)$p.value
    expectRel('McNemar: Agresti', r.pMidP, 2.89338951761547e-5); // note §3.7 [C]
  });

  it('small table b = 8, c = 2: mcnemar.test(matrix(c(10, 2, 8, 5), 2)) (ref.out §6)', () => {
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

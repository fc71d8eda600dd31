import { describe, expect, it } from 'vitest';
import { wilcoxonSignedRank, type WilcoxonResult } from '../../../src/lib/stats/wilcoxon.ts';
import { expectRel } from './reference-helpers.ts';
import { checkReferenceFile } from './r-reference.ts';
import {
  hwFirstVisit,
  hwSecondVisit,
  likertPost,
  likertPre,
  n50,
  scipy12x,
  scipy12y,
  scipyExactX,
  scipyExactY,
  scipyTiesZeroX,
  scipyTiesZeroY,
  sleepGroup1,
  sleepGroup2,
} from './fixtures.ts';

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

// Expected values: R 4.2.2, test/reference/r/wilcoxon.R → wilcoxon.out (names in brackets).
describe('wilcoxonSignedRank (R 4.2.2 rules)', () => {
  it('sleep, ties + one zero: wilcox.test(g1, g2, paired = TRUE) [sleep.*]', () => {
    const r = wilcoxonSignedRank(sleepGroup1, sleepGroup2);
    expect(r.V).toBe(0);
    expect(r.n).toBe(9);
    expect(r.nPairs).toBe(10);
    expect(r.zeros).toBe(1);
    expect(r.ties).toBe(true);
    expect(r.method).toBe('normal-approximation-with-continuity-correction');
    expectRel('wilcoxon: sleep', r.p, 0.00909069801592506); // correct = TRUE
    // wilcox.test(g1, g2, paired = TRUE, correct = FALSE)
    const nc = wilcoxonSignedRank(sleepGroup1, sleepGroup2, { correct: false });
    expect(nc.method).toBe('normal-approximation');
    expectRel('wilcoxon: sleep', nc.p, 0.00763244164820552);
  });

  it('Hollander & Wolfe, exact: wilcox.test(x, y, paired = TRUE) [hw.*]', () => {
    const r = wilcoxonSignedRank(hwFirstVisit, hwSecondVisit);
    expect(r.V).toBe(40);
    expect(r.method).toBe('exact');
    expect(r.ties).toBe(false);
    expectRel('wilcoxon: H&W', r.p, 0.0390625);
    // exact = FALSE, correct = FALSE / TRUE
    expectRel('wilcoxon: H&W', wilcoxonSignedRank(hwFirstVisit, hwSecondVisit, { exact: false, correct: false }).p, 0.0381517101734152);
    expectRel('wilcoxon: H&W', wilcoxonSignedRank(hwFirstVisit, hwSecondVisit, { exact: false }).p, 0.0440109840129515);
  });

  it('one-sample form via pre = mu: wilcox.test(x, mu = 1.6) [hw.mu_1.6.*]', () => {
    const r = wilcoxonSignedRank(hwFirstVisit, new Array<number>(9).fill(1.6));
    expect(r.V).toBe(29);
    expectRel('wilcoxon: H&W mu=1.6', r.p, 0.49609375);
  });

  it('Likert ties, no zeros: wilcox.test(post, pre, paired = TRUE) [likert.*]', () => {
    const r = wilcoxonSignedRank(likertPost, likertPre);
    expect(r.V).toBe(64.5);
    expect(r.zeros).toBe(0);
    expect(r.ties).toBe(true);
    expect(r.method).toBe('normal-approximation-with-continuity-correction');
    expectRel('wilcoxon: Likert', r.p, 0.04412260366501533);
    expectRel('wilcoxon: Likert', wilcoxonSignedRank(likertPost, likertPre, { correct: false }).p, 0.04005486261580207);
  });

  it('SciPy 12-pair vectors [scipy12.*]', () => {
    const r = wilcoxonSignedRank(scipy12x, scipy12y);
    expect(r.V).toBe(34);
    expect(r.method).toBe('exact');
    expectRel('wilcoxon: scipy 12', r.p, 0.7333984375); // default (exact)
    expectRel('wilcoxon: scipy 12', wilcoxonSignedRank(scipy12x, scipy12y, { exact: false }).p, 0.72408166091539);
    expectRel('wilcoxon: scipy 12', wilcoxonSignedRank(scipy12x, scipy12y, { exact: false, correct: false }).p, 0.694886602372473);
  });

  it('SciPy 10 pairs with ties and a zero [scipy_ties_zero.*]', () => {
    const r = wilcoxonSignedRank(scipyTiesZeroX, scipyTiesZeroY);
    expect(r.V).toBe(27);
    expect(r.zeros).toBe(1);
    expectRel('wilcoxon: scipy ties+zero', r.p, 0.635289318835207);
    expectRel('wilcoxon: scipy ties+zero', wilcoxonSignedRank(scipyTiesZeroX, scipyTiesZeroY, { correct: false }).p, 0.593630591442529);
  });

  it('SciPy exact 10 differences: wilcox.test(x - y) [scipy_exact.*]', () => {
    const r = wilcoxonSignedRank(scipyExactX, scipyExactY);
    expect(r.V).toBe(44);
    expect(r.method).toBe('exact');
    expectRel('wilcoxon: scipy exact', r.p, 0.10546875);
  });

  it('n = 50 uses the normal approximation, n = 49 the exact test [n50.*, n49.*]', () => {
    const r50 = wilcoxonSignedRank(n50, zeros(50)); // wilcox.test(z)
    expect(r50.V).toBe(975);
    expect(r50.method).toBe('normal-approximation-with-continuity-correction');
    expectRel('wilcoxon: n=50', r50.p, 0.001141312577969171);
    // wilcox.test(z, exact = TRUE)
    expectRel('wilcoxon: n=50', wilcoxonSignedRank(n50, zeros(50), { exact: true }).p, 0.0008475708983652907);
    const r49 = wilcoxonSignedRank(n50.slice(0, 49), zeros(49)); // wilcox.test(z[1:49])
    expect(r49.V).toBe(927);
    expect(r49.method).toBe('exact');
    expectRel('wilcoxon: n=50', r49.p, 0.001394454787153166);
  });

  it('all ties: wilcox.test(rep(0.1, 10), exact = FALSE, correct = FALSE / TRUE) [all_ties.*]', () => {
    const post = new Array<number>(10).fill(0.1);
    expectRel('wilcoxon: all ties', wilcoxonSignedRank(post, zeros(10), { correct: false }).p, 0.001565402258002551);
    expectRel('wilcoxon: all ties', wilcoxonSignedRank(post, zeros(10)).p, 0.00190419504300439);
  });

  it('centre of the exact distribution caps p at 1: wilcox.test(c(-1, -2, 3)) [centre.*]', () => {
    const r = wilcoxonSignedRank([-1, -2, 3], zeros(3));
    expect(r.V).toBe(3);
    expect(r.p).toBe(1);
  });

  it('one-sample with mu = 2 drops d = x − mu zeros, not x zeros [mu_2.*]', () => {
    // wilcox.test(c(0, 2.5, 3, 1, 4, 5.5, 6, 7.5), mu = 2): V = 29, p = 0.14050554128480006
    const r = wilcoxonSignedRank([0, 2.5, 3, 1, 4, 5.5, 6, 7.5], new Array<number>(8).fill(2));
    expect(r.V).toBe(29);
    expectRel('wilcoxon: mu=2', r.p, 0.14050554128480006);
  });

  it('floating-point ties: default mirrors R (no rounding), digitsRank: 7 recovers ties [float_ties.*]', () => {
    const post = [0.4, 0.3, 0.2]; // (4:2)/10
    const pre = [0.3, 0.2, 0.1]; // (3:1)/10
    // wilcox.test((4:2)/10, (3:1)/10, paired = TRUE): exact, p = 0.25
    const raw = wilcoxonSignedRank(post, pre);
    expect(raw.method).toBe('exact');
    expectRel('wilcoxon: float ties', raw.p, 0.25);
    // ... digits.rank = 7: normal approximation, p = 0.14891467317876567
    const rounded = wilcoxonSignedRank(post, pre, { digitsRank: 7 });
    expect(rounded.ties).toBe(true);
    expect(rounded.method).toBe('normal-approximation-with-continuity-correction');
    expectRel('wilcoxon: float ties', rounded.p, 0.14891467317876567);
  });

  it('edge cases: all zero, no pairs, n = 1 [one_pair.*], NaN pairs', () => {
    const allZero = wilcoxonSignedRank([1, 2, 3], [1, 2, 3]);
    expect(allZero.p).toBeNaN();
    expect(allZero.zeros).toBe(3);
    expect(allZero.reason).toBe('all differences are zero');
    const none = wilcoxonSignedRank([NaN], [1]);
    expect(none.n).toBe(0);
    expect(none.reason).toBe('no complete pairs');
    // n = 1: V = 1, p = min(1, 2·psignrank(0, 1, lower.tail = FALSE)) = min(1, 2·0.5) = 1
    const one = wilcoxonSignedRank([6], [1]);
    expect(one.V).toBe(1);
    expect(one.p).toBe(1);
    expect(one.method).toBe('exact');
    const withNaN = wilcoxonSignedRank([...hwFirstVisit, NaN], [...hwSecondVisit, 2]);
    expect(withNaN.nPairs).toBe(9);
    expectRel('wilcoxon: H&W', withNaN.p, 0.0390625);
    expect(() => wilcoxonSignedRank([1, 2], [1])).toThrow(RangeError);
  });
});

const check = (name: string, run: () => WilcoxonResult) => ({
  [`${name}.V`]: () => run().V,
  [`${name}.p`]: () => run().p,
});
const mu = (value: number, n: number) => new Array<number>(n).fill(value);

checkReferenceFile('wilcoxon.out', {
  ...check('sleep', () => wilcoxonSignedRank(sleepGroup1, sleepGroup2)),
  ...check('sleep.no_correction', () => wilcoxonSignedRank(sleepGroup1, sleepGroup2, { correct: false })),
  ...check('hw', () => wilcoxonSignedRank(hwFirstVisit, hwSecondVisit)),
  ...check('hw.normal', () => wilcoxonSignedRank(hwFirstVisit, hwSecondVisit, { exact: false, correct: false })),
  ...check('hw.normal_correction', () => wilcoxonSignedRank(hwFirstVisit, hwSecondVisit, { exact: false })),
  ...check('hw.mu_1.6', () => wilcoxonSignedRank(hwFirstVisit, mu(1.6, 9))),
  ...check('likert', () => wilcoxonSignedRank(likertPost, likertPre)),
  ...check('likert.no_correction', () => wilcoxonSignedRank(likertPost, likertPre, { correct: false })),
  ...check('scipy12', () => wilcoxonSignedRank(scipy12x, scipy12y)),
  ...check('scipy12.normal_correction', () => wilcoxonSignedRank(scipy12x, scipy12y, { exact: false })),
  ...check('scipy12.normal', () => wilcoxonSignedRank(scipy12x, scipy12y, { exact: false, correct: false })),
  ...check('scipy_ties_zero', () => wilcoxonSignedRank(scipyTiesZeroX, scipyTiesZeroY)),
  ...check('scipy_ties_zero.no_correction', () => wilcoxonSignedRank(scipyTiesZeroX, scipyTiesZeroY, { correct: false })),
  ...check('scipy_exact', () =>
    wilcoxonSignedRank(
      scipyExactX.map((x, i) => x - scipyExactY[i]!),
      zeros(10),
    ),
  ),
  ...check('n50', () => wilcoxonSignedRank(n50, zeros(50))),
  ...check('n50.exact', () => wilcoxonSignedRank(n50, zeros(50), { exact: true })),
  ...check('n49', () => wilcoxonSignedRank(n50.slice(0, 49), zeros(49))),
  ...check('all_ties.no_correction', () => wilcoxonSignedRank(mu(0.1, 10), zeros(10), { exact: false, correct: false })),
  ...check('all_ties', () => wilcoxonSignedRank(mu(0.1, 10), zeros(10), { exact: false })),
  ...check('centre', () => wilcoxonSignedRank([-1, -2, 3], zeros(3))),
  ...check('mu_2', () => wilcoxonSignedRank([0, 2.5, 3, 1, 4, 5.5, 6, 7.5], mu(2, 8))),
  ...check('float_ties', () => wilcoxonSignedRank([0.4, 0.3, 0.2], [0.3, 0.2, 0.1])),
  ...check('float_ties.digits_rank_7', () => wilcoxonSignedRank([0.4, 0.3, 0.2], [0.3, 0.2, 0.1], { digitsRank: 7 })),
  ...check('one_pair', () => wilcoxonSignedRank([6], [1])),
});

// The report on small fixtures whose expected values are known independently: R 4.2.2 reference values
// from test/reference/r/*.out (the .R scripts beside them print them; each is cited below), or formulas
// computed here by hand.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/lib/analysis/report.ts';
import { exportReportTablesCsv } from '../../../src/lib/analysis/export-csv.ts';
import { renderReportHtml } from '../../../src/lib/analysis/export-html.ts';
import { welchTTest } from '../../../src/lib/analysis/welch-t.ts';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { instrumentSchema, type Instrument } from '../../../src/lib/instrument/schema.ts';
import { importFiles } from '../../../src/lib/import/import.ts';
import type { ResultRecord } from '../../../src/lib/records/result-record.ts';
import { attitude, likertPost, likertPre, plantGrowth, sleepGroup1, sleepGroup2 } from '../stats/fixtures.ts';
import { expectPrinted, expectRel } from '../stats/reference-helpers.ts';
import { tinyInstrument } from '../../fixtures/instruments.ts';
import { attitudeInstrument, code, jsonFile, makeRecord, tenthsInstrument, tenthsResponses } from '../../fixtures/evaluator/records.ts';

const run = (inst: Instrument, records: ResultRecord[], options: { fuzzy?: boolean } = {}) =>
  analyze(importFiles([jsonFile('fixture.json', records)], inst, instrumentFingerprint(inst)), inst, { ...options, generatedAt: '2026-11-26T12:00:00.000Z' });

const m = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + (x - m(xs)) ** 2, 0) / (xs.length - 1));

describe('analyze: sleep data as two scale scores (R datasets::sleep)', () => {
  // pre = group 1, post = group 2 of R's sleep data as the scores of scale "a"; 10 more people have
  // only a pre record, with group 2's values (for the attrition comparison).
  const inst = tenthsInstrument();
  const records = [
    ...sleepGroup1.flatMap((x, i) => [
      makeRecord(inst, { participant: code(i), responses: tenthsResponses(x) }),
      makeRecord(inst, { participant: code(i), timepoint: 'post', responses: tenthsResponses(sleepGroup2[i]!) }),
    ]),
    ...sleepGroup2.map((x, i) => makeRecord(inst, { participant: code(100 + i), responses: tenthsResponses(x) })),
  ];
  const report = run(inst, records);
  const a = report.scales.find((s) => s.id === 'a')!;

  it('scores the scale exactly as the reference data', () => {
    expect(a.n).toBe(10);
    expect(a.pre.mean).toBe(m(sleepGroup1));
    expectRel('sleep pre sd', a.pre.sd!, sd(sleepGroup1), 1e-12);
    expectRel('sleep post mean', a.post.mean!, 2.33, 1e-12);
  });

  it('paired t-test equals R t.test(post, pre, paired = TRUE)', () => {
    // R: t.test(g1, g2, paired = TRUE): t = -4.062127683382, df = 9, p = 0.00283289019738427,
    // CI [-2.45988576327698, -0.700114236723018]; post − pre flips the signs.
    // (test/reference/r/paired-t.out: sleep.*)
    expectRel('sleep t', a.tTest.t!, 4.062127683382, 1e-9);
    expect(a.tTest.df).toBe(9);
    expectRel('sleep p', a.tTest.p!, 0.00283289019738427, 1e-9);
    expectRel('sleep mean diff', a.difference.mean!, 1.58, 1e-12);
    expectRel('sleep sd diff', a.difference.sd!, 1.22999548327987, 1e-9);
    expectRel('sleep ci low', a.difference.ciLow!, 0.700114236723018, 1e-9);
    expectRel('sleep ci high', a.difference.ciHigh!, 2.45988576327698, 1e-9);
  });

  it('Wilcoxon equals R wilcox.test(post, pre, paired = TRUE) (ties and one zero: normal approximation)', () => {
    // R: wilcox.test(g1, g2, paired = TRUE): V = 0, p = 0.00909069801592506; reversed: V = 9·10/2 = 45.
    // (test/reference/r/wilcoxon.out: sleep.*)
    expect(a.wilcoxon.V).toBe(45);
    expectRel('sleep wilcoxon p', a.wilcoxon.p!, 0.00909069801592506, 1e-9);
    expect(a.wilcoxon.method).toBe('normal-approximation-with-continuity-correction');
    expect(a.wilcoxon.zeros).toBe(1);
  });

  it("Cohen's d_z and its noncentral-t CI equal R; g_z uses the exact J(9)", () => {
    // test/reference/r/effect-size.out: sleep.dz, sleep.dz_ci (pt + uniroot; effectsize::cohens_d agrees
    // to 2e-7), lakens.j = J(9)
    expectRel('sleep dz', a.effectSize.dz!, 1.28455756259105, 1e-9);
    expectRel('sleep dz ci low', a.effectSize.dzCiLow!, 0.414627756380141, 1e-9);
    expectRel('sleep dz ci high', a.effectSize.dzCiHigh!, 2.11801651397707, 1e-9);
    expectRel('sleep gz', a.effectSize.gz!, 1.28455756259105 * 0.913874891792553, 1e-9);
  });

  it('the gap (a − b, b constant 3) shows the same change and tests', () => {
    const g = report.gap[0]!;
    expect(g).toMatchObject({ id: 'a-vs-b', minuend: 'a', subtrahend: 'b', n: 10 });
    expectRel('gap pre mean', g.pre.mean!, m(sleepGroup1) - 3, 1e-12);
    expectRel('gap change', g.change.mean!, 1.58, 1e-12);
    expectRel('gap t', g.tTest.t!, 4.062127683382, 1e-9);
    expectRel('gap wilcoxon p', g.wilcoxon.p!, 0.00909069801592506, 1e-9);
    expectRel('gap dz', g.effectSize.dz!, 1.28455756259105, 1e-9);
  });

  it('attrition: completers vs pre-only equals R t.test(g1, g2) (Welch)', () => {
    // R: t.test(extra ~ group, data = sleep): t = -1.860813, df = 17.77647, p-value = 0.07939
    // (test/reference/r/welch-t.out: sleep.*)
    const at = report.attrition.find((x) => x.scale === 'a')!;
    expect(at.completers).toMatchObject({ n: 10, mean: m(sleepGroup1) });
    expect(at.preOnly.n).toBe(10);
    expectRel('attrition pre-only mean', at.preOnly.mean!, 2.33, 1e-12);
    expectPrinted('attrition welch t', at.welch!.t!, '-1.860813');
    expectPrinted('attrition welch df', at.welch!.df!, '17.77647');
    expectPrinted('attrition welch p', at.welch!.p!, '0.07939');
    expect(report.sampleFlow).toMatchObject({ pre: 20, post: 10, matched: 10, preOnly: 10, postOnly: 0 });
  });

  it('writes NaN as null and names the R equivalents and rules', () => {
    const json = JSON.stringify(report);
    expect(json).not.toMatch(/NaN|Infinity/);
    expect(report.meta.rEquivalents.map((e) => e.r)).toEqual(
      expect.arrayContaining(['t.test(post, pre, paired = TRUE)', expect.stringMatching(/^wilcox\.test\(post, pre, paired = TRUE, digits\.rank = 7\)/)]),
    );
    expect(Object.keys(report.meta.rules)).toEqual(expect.arrayContaining(['duplicates', 'fuzzy', 'suppression', 'matching', 'alpha', 'reliableChange']));
    expect(report.meta).toMatchObject({
      generatedAt: '2026-11-26T12:00:00.000Z',
      instrument: { id: 'tenths', version: '1.0.0', hash: instrumentFingerprint(inst) },
      options: { fuzzy: false, digitsRank: 7 },
    });
  });
});

describe('analyze: welchTTest', () => {
  it('equals R t.test(x, y) on the sleep data', () => {
    const w = welchTTest(sleepGroup1, sleepGroup2);
    expectPrinted('welch t', w.t, '-1.860813');
    expectPrinted('welch df', w.df, '17.77647');
    expectPrinted('welch p', w.p, '0.07939');
    // R: 95 percent confidence interval: -3.3654832  0.2054832 (test/reference/r/welch-t.out: sleep.*)
    expectPrinted('welch ci low', w.ciLow, '-3.3654832');
    expectPrinted('welch ci high', w.ciHigh, '0.2054832');
    expect(welchTTest([1], [2, 3]).reason).toMatch(/at least 2/);
  });
});

describe('analyze: alpha and reliable change on R datasets::attitude (psych 2.2.9, test/reference/r/alpha.out)', () => {
  // 30 pre records = the 30 rows of attitude; 20 of them have a post record (rows shifted).
  const shift = (row: number[], i: number) => row.map((v) => Math.min(100, Math.max(0, v + (i % 3 === 0 ? 12 : i % 3 === 1 ? 2 : -9))));
  const ids = ['rating', 'complaints', 'privileges', 'learning', 'raises', 'critical', 'advance'];
  const recordsFor = (inst: Instrument) =>
    attitude.flatMap((row, i) => {
      const pre = makeRecord(inst, { participant: code(i), responses: Object.fromEntries(ids.map((id, j) => [id, row[j]!])) });
      if (i >= 20) return [pre];
      const post = makeRecord(inst, { participant: code(i), timepoint: 'post', responses: Object.fromEntries(ids.map((id, j) => [id, shift(row, i)[j]!])) });
      return [pre, post];
    });

  it('alpha at pre over every pre record equals psych::alpha(attitude) with Feldt CI', () => {
    const inst = attitudeInstrument();
    const s = run(inst, recordsFor(inst)).scales[0]!;
    expect(s.pre.alphaN).toBe(30);
    expectRel('attitude alpha', s.pre.alpha!, 0.8431427696, 1e-9);
    expectPrinted('attitude Feldt low', s.pre.alphaCiLow!, '0.739376');
    expectPrinted('attitude Feldt high', s.pre.alphaCiHigh!, '0.915773');
    // psych alpha.drop raw_alpha for "critical": 0.863872; r.drop for "rating": .671262
    // (alpha.out: attitude.alpha_if_deleted, attitude.r_drop)
    expectPrinted('attitude alpha if critical deleted', s.pre.alphaItems.find((x) => x.item === 'critical')!.alphaIfDeleted!, '0.863872');
    expectPrinted('attitude r.drop rating', s.pre.alphaItems.find((x) => x.item === 'rating')!.rDrop!, '0.671262');
    expect(s.post.alphaN).toBe(20);
  });

  it('names an item left out of alpha because everyone answered it alike, in the report, its HTML and scales.csv', () => {
    const inst = attitudeInstrument();
    // Everyone gives "raises" 50 after training: alpha at post is that of the other six items (as psych's).
    const records = recordsFor(inst).map((r) => (r.timepoint === 'post' ? { ...r, responses: { ...r.responses, raises: 50 } } : r));
    const report = run(inst, records);
    const s = report.scales[0]!;
    expect(s.pre.alphaLeftOut).toEqual([]);
    expect(s.post.alphaLeftOut).toEqual(['raises']);
    expect(s.post.alphaItems.find((x) => x.item === 'raises')).toEqual({ item: 'raises', alphaIfDeleted: null, rDrop: null });
    expect(renderReportHtml(report, inst)).toContain('without raises (answered alike by all)');
    const [header, row] = exportReportTablesCsv(report)['scales.csv']!.trim().split('\n');
    const at = (name: string) => header!.split(',').indexOf(name);
    expect(row!.split(',')[at('post_alpha_left_out')]).toBe('raises');
    expect(row!.split(',')[at('pre_alpha_left_out')]).toBe('');
  });

  it('reliable change uses the matched pre SD and the pre alpha (Jacobson–Truax)', () => {
    const inst = attitudeInstrument();
    const s = run(inst, recordsFor(inst)).scales[0]!;
    const pre = attitude.slice(0, 20).map((row) => m(row));
    const post = attitude.slice(0, 20).map((row, i) => m(shift(row, i)));
    const sDiff = Math.sqrt(2) * sd(pre) * Math.sqrt(1 - 0.8431427696);
    const rc = post.map((x, i) => (x - pre[i]!) / sDiff);
    expect(s.reliableChange).toMatchObject({
      n: 20,
      improved: rc.filter((x) => x > 1.96).length,
      deteriorated: rc.filter((x) => x < -1.96).length,
      unchanged: rc.filter((x) => Math.abs(x) <= 1.96).length,
    });
    expect(s.reliableChange.improved).toBeGreaterThan(0);
    expect(s.reliableChange.deteriorated).toBeGreaterThan(0);
    expectRel('rci sdiff', s.reliableChange.sDiff!, sDiff, 1e-9);
  });

  it('reverse keys items before scoring and before alpha', () => {
    const inst = attitudeInstrument(['critical']);
    const s = run(inst, recordsFor(inst)).scales[0]!;
    const keyedRow = (row: number[]) => row.map((v, j) => (ids[j] === 'critical' ? 100 - v : v));
    expectRel('reverse-keyed pre mean', s.pre.mean!, m(attitude.slice(0, 20).map((row) => m(keyedRow(row)))), 1e-12);
    // alpha of the keyed matrix, computed here from the covariance formula k/(k−1)·(1 − Σvar/var(total))
    // (psych gives the same: alpha.out: attitude_critical_reversed.raw_alpha)
    const rows = attitude.map(keyedRow);
    const col = (j: number) => rows.map((r) => r[j]!);
    const expected = (7 / 6) * (1 - ids.reduce((acc, _, j) => acc + sd(col(j)) ** 2, 0) / sd(rows.map((r) => r.reduce((a, b) => a + b, 0))) ** 2);
    expectRel('reverse-keyed alpha', s.pre.alpha!, expected, 1e-9);
  });
});

describe('analyze: items', () => {
  it('item Wilcoxon, % agree (top two points, raw) and Holm over the items that have a p-value', () => {
    const inst = tinyInstrument();
    const records = likertPre.flatMap((x, i) => [
      makeRecord(inst, { participant: code(i), responses: { a: x, b: x, c: 3 } }),
      makeRecord(inst, { participant: code(i), timepoint: 'post', responses: { a: likertPost[i]!, b: likertPost[i]!, c: 3 } }),
    ]);
    const report = run(inst, records);
    const [a, b, c] = report.items;
    // R 4.2.2: wilcox.test(post, pre, paired = TRUE): V = 64.5, p = 0.04412260366501533
    // (test/reference/r/wilcoxon.out: likert.*)
    expect(a).toMatchObject({ id: 'a', n: 12, reverse: false, scales: ['five'] });
    expect(a!.wilcoxon.V).toBe(64.5);
    expectRel('item wilcoxon', a!.wilcoxon.p!, 0.04412260366501533, 1e-9);
    expect(a!.pre).toEqual({ mean: 35 / 12, agree: 25 });
    expect(a!.post).toEqual({ mean: 47 / 12, agree: (100 * 7) / 12 });
    // p.adjust(c(p, p), "holm") = 2p; item c has all-zero differences (no p) and is not in the family.
    expectRel('item holm', a!.wilcoxon.pHolm!, 2 * 0.04412260366501533, 1e-9);
    expect(b!.reverse).toBe(true);
    expect(c!.wilcoxon).toMatchObject({ p: null, pHolm: null });
    expect(c!.wilcoxon.method).toMatch(/all differences are zero/);
    expect(report.items.find((i) => i.id === 'g')).toMatchObject({ n: 0, pre: { mean: null, agree: null } });
  });
});

describe('analyze: subgroups and suppression', () => {
  // R datasets::PlantGrowth weights × 100 as change scores, grouped by a background question; a fourth
  // group of 3 people must be suppressed, and so (complementary) must the smallest shown group.
  const labelled = Array.from({ length: 701 }, (_, v) => ({ value: v, label: `p${v}` }));
  const inst = instrumentSchema.parse({
    id: 'plant',
    version: '1.0.0',
    title: 'Plant',
    description: 'd',
    instructions: 'i',
    responseScales: [{ id: 'wide', points: labelled }],
    items: ['x1', 'x2'].map((id) => ({
      id,
      text: id,
      responseScale: 'wide',
      target: 'general',
      construct: 'attitude',
      provenance: { source: 't', fidelity: 'new', note: 'n' },
    })),
    scales: [{ id: 'x', title: 'X', higherMeans: 'more', target: 'general', items: ['x1', 'x2'], scoring: { method: 'prorated-mean', minAnsweredShare: 1 } }],
    demographics: [
      {
        id: 'group',
        text: 'Which group?',
        predictor: 'test',
        options: [
          { value: 'ctrl', label: 'Control' },
          { value: 'trt1', label: 'Treatment 1' },
          { value: 'trt2', label: 'Treatment 2' },
          { value: 'trt3', label: 'Treatment 3' },
          { value: 'prefer-not-to-say', label: 'Prefer not to say' },
        ],
      },
    ],
  });
  const people: [string, number][] = [
    ...(['ctrl', 'trt1', 'trt2'] as const).flatMap((g) => plantGrowth[g].map((w): [string, number] => [g, Math.round(w * 100)])),
    ['trt3', 500],
    ['trt3', 510],
    ['trt3', 530],
  ];
  const records = people.flatMap(([g, change], i) => [
    makeRecord(inst, { participant: code(i), responses: { x1: 0, x2: 0 }, demographics: { group: g } }),
    makeRecord(inst, { participant: code(i), timepoint: 'post', responses: { x1: change, x2: change }, demographics: { group: g } }),
  ]);
  const report = run(inst, records);
  const q = report.subgroups[0]!;

  it('reports n, mean change and CI per group, suppressing groups under 5 and one more to block subtraction', () => {
    const by = new Map(q.groups.map((g) => [g.value, g]));
    expect(q.groups.map((g) => g.label)).toEqual(['Control', 'Treatment 1', 'Treatment 2', 'Treatment 3', 'Prefer not to say', 'No answer']);
    expect(by.get('trt3')).toMatchObject({ n: '< 5', scales: [{ n: '< 5', meanChange: null, sdChange: null, ciLow: null, ciHigh: null }] });
    expect(by.get('prefer-not-to-say')!.n).toBe('< 5');
    expect(by.get(null)!.n).toBe('< 5');
    expect(by.get('ctrl')).toMatchObject({ n: 'suppressed', scales: [{ n: 'suppressed', meanChange: null }] });
    const trt1 = by.get('trt1')!.scales[0]!;
    expect(by.get('trt1')!.n).toBe(10);
    expectRel('trt1 mean change', trt1.meanChange!, m(plantGrowth.trt1.map((w) => Math.round(w * 100))), 1e-12);
    expect(trt1.ciLow!).toBeLessThan(trt1.meanChange!);
  });

  it('tests change across groups with ≥ 5 pairs: Welch ANOVA and Kruskal–Wallis equal R on PlantGrowth (scale-free)', () => {
    const t = q.tests[0]!;
    expect(t.groups).toEqual(['ctrl', 'trt1', 'trt2']);
    expect(t.n).toBe(30);
    // R: oneway.test(weight ~ group, PlantGrowth): F = 5.181, num df = 2, denom df = 17.128, p-value = 0.01739
    // (test/reference/r/group-tests.out: welch.plant_growth.*)
    expectPrinted('plant welch F', t.welchAnova!.F!, '5.181');
    expect(t.welchAnova!.df1).toBe(2);
    expectPrinted('plant welch df2', t.welchAnova!.df2!, '17.128');
    expectPrinted('plant welch p', t.welchAnova!.p!, '0.01739');
    // R: kruskal.test(weight ~ group, PlantGrowth): Kruskal-Wallis chi-squared = 7.9882, df = 2, p-value = 0.01842
    // (test/reference/r/group-tests.out: kruskal.plant_growth.*)
    expectPrinted('plant KW H', t.kruskalWallis!.H!, '7.9882');
    expectPrinted('plant KW p', t.kruskalWallis!.p!, '0.01842');
  });

  it('runs no test with fewer than 2 eligible groups, and suppresses small attrition groups', () => {
    const few = run(inst, records.slice(0, 12 * 2));
    expect(few.subgroups[0]!.tests[0]).toMatchObject({ welchAnova: null, kruskalWallis: null });
    expect(few.subgroups[0]!.tests[0]!.note).toMatch(/not run/);
    expect(report.attrition[0]).toMatchObject({ preOnly: { n: '< 5', mean: null, sd: null }, welch: null });
  });
});

describe('analyze: sample flow and fuzzy option', () => {
  it('accounts for every record and applies fuzzy matching only when asked', () => {
    const inst = tinyInstrument();
    const full = { a: 4, b: 2, c: 5, d: 1, e: 4, f: 3, g: 3 };
    const records = [
      makeRecord(inst, { participant: 'MA-07-SA-2', responses: full }),
      makeRecord(inst, { participant: 'MA-07-SA-3', timepoint: 'post', responses: { ...full, a: 5 } }),
      makeRecord(inst, { participant: 'LU-12-RO-0', responses: full, completedAt: '2026-11-26T10:01:00.000Z' }),
      makeRecord(inst, { participant: 'LU-12-RO-0', responses: full, completedAt: '2026-11-26T10:02:00.000Z' }),
      makeRecord(inst, { participant: 'LU-12-RO-0', timepoint: 'then', responses: full }),
    ];
    const off = run(inst, records);
    expect(off.sampleFlow).toMatchObject({
      recordsRead: 5,
      imported: 5,
      pre: 2,
      post: 1,
      matched: 0,
      matchedFuzzy: 0,
      fuzzyAvailable: 1,
      duplicates: 1,
      preOnly: 2,
      postOnly: 1,
    });
    // The duplicate is set aside; the "then" record belongs to LU-12-RO-0 and is counted, not excluded.
    expect(off.sampleFlow.excluded.map((e) => e.count)).toEqual([1]);
    expect(off.sampleFlow).toMatchObject({ then: 1, followup: 0, matchedFollowUp: 0 });
    expect(off.matching.duplicates[0]).toMatchObject({ participant: 'LU-12-RO-0', timepoint: 'pre', used: { record: 4 }, duplicates: [{ record: 3 }] });
    const on = run(inst, records, { fuzzy: true });
    expect(on.sampleFlow).toMatchObject({ matched: 0, matchedFuzzy: 1, preOnly: 1, postOnly: 0 });
    expect(on.matching.fuzzyPairs[0]).toMatchObject({ pre: { participant: 'MA-07-SA-2' }, post: { participant: 'MA-07-SA-3' }, differingElement: 3 });
    expect(on.scales[0]!.n).toBe(1);
    expect(on.scales[0]!.tTest).toEqual({ t: null, df: null, p: null });
    expect(on.meta.rules.fuzzy).toMatch(/ON for this report/);
  });
});

// The report's sections on follow-up (change from pre, Friedman with pairwise Wilcoxon and Holm), the
// then-test, attrition to follow-up, knowledge (% correct, McNemar per question) and "not familiar"
// (McNemar per kind of group), on one deterministic fixture (test/fixtures/analysis/report-followup.ts),
// against R 4.2.2: test/reference/r/report-followup.R computes every value again from the same records
// (written to CSV), scoring and pairing included, and prints them into report-followup.out under the
// report path each one belongs to. Every number of those sections must have an R value and vice versa.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, R_EQUIVALENTS } from '../../../src/lib/analysis/report.ts';
import type { Report } from '../../../src/lib/analysis/report-types.ts';
import { importFiles } from '../../../src/lib/import/import.ts';
import { instrumentFingerprint } from '../../../src/lib/instrument/fingerprint.ts';
import { jsonFile } from '../../fixtures/evaluator/records.ts';
import {
  FOLLOW_UP_CSV_DIRECTORY,
  followUpCsvFiles,
  followUpInstrument,
  followUpRecords,
  KNOWLEDGE_ONLY_MODULE,
  knowledgeBanks,
  MODULE,
} from '../../fixtures/analysis/report-followup.ts';
import { checkReferenceFile, readReference, type ReferenceCheck } from '../stats/r-reference.ts';

const OUT = 'report-followup.out';
const inst = followUpInstrument();
const records = followUpRecords(inst);
const imported = importFiles([jsonFile('followup.json', records)], inst, instrumentFingerprint(inst));

const report: Report = analyze(imported, inst, { knowledge: knowledgeBanks, generatedAt: '2027-03-02T12:00:00.000Z' });

// ---- Every number of the sections, by path ----

type Leaf = number | null;
function elementKey(el: Record<string, unknown>): string {
  for (const key of ['id', 'module', 'scale', 'target', 'objective'] as const) if (key in el) return String(el[key]);
  if ('first' in el && 'second' in el) return `${String(el['first'])}-${String(el['second'])}`;
  throw new Error(`no key for array element ${JSON.stringify(el).slice(0, 80)}`);
}
function collect(value: unknown, path: string, out: Map<string, Leaf>): void {
  if (value === null || typeof value === 'number') {
    if (out.has(path)) throw new Error(`${path} appears twice`);
    out.set(path, value);
  } else if (Array.isArray(value)) {
    for (const el of value) {
      if (typeof el === 'string') continue; // lists of item or question ids
      if (el === null || typeof el !== 'object') throw new Error(`${path}: unexpected array element ${String(el)}`);
      collect(el, `${path}.${elementKey(el as Record<string, unknown>)}`, out);
    }
  } else if (typeof value === 'object' && value !== undefined) {
    for (const [key, v] of Object.entries(value)) collect(v, `${path}.${key}`, out);
  } // strings (method texts, notes, ids) and booleans are not numbers to compare
}

/** Every number (or null) the report gives in the sections this file covers. */
function reportedNumbers(r: Report): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  for (const s of r.scales) {
    collect(s.followUp, `scales.${s.id}.followUp`, out);
    collect(s.friedman, `scales.${s.id}.friedman`, out);
    collect(s.thenTest, `scales.${s.id}.thenTest`, out);
  }
  collect(r.attritionFollowUp, 'attritionFollowUp', out);
  collect(r.knowledge, 'knowledge', out);
  collect(r.familiarity, 'familiarity', out);
  for (const key of ['followup', 'matchedFollowUp', 'allThree', 'then', 'knowledgeOnly'] as const) out.set(`sampleFlow.${key}`, r.sampleFlow[key]);
  const excluded = (reason: RegExp) => r.sampleFlow.excluded.filter((e) => reason.test(e.reason)).reduce((sum, e) => sum + e.count, 0);
  out.set('sampleFlow.excluded.unattached', excluded(/^"then" or "followup" record with no pre or post record/));
  out.set('sampleFlow.excluded.superseded', excluded(/^"then" or "followup" record of a person who has a later one/));
  return out;
}

const reported = reportedNumbers(report);
/** Counts and rank sums: the same number, not merely close. */
const EXACT = new Set([
  'n',
  'b',
  'c',
  'people',
  'zeros',
  'V',
  'correctPre',
  'correctPost',
  'questions',
  'otherVersion',
  'objective',
  'followup',
  'matchedFollowUp',
  'allThree',
  'then',
  'knowledgeOnly',
  'unattached',
  'superseded',
]);
const checks: Record<string, ReferenceCheck> = {};
for (const [path, value] of reported) {
  const last = path.slice(path.lastIndexOf('.') + 1);
  checks[path] = { actual: () => value, tol: EXACT.has(last) ? 0 : 1e-9 };
  // effectsize 0.8.3's own limits come from optim (Nelder–Mead) on |pt(t, df, ncp) − target|, which stops
  // early: here up to 4.1e-5 from the exact limits (scales.conf.followUp dzCiLow), which the report meets
  // to 1e-9 under <path> itself.
  if ((last === 'dzCiLow' || last === 'dzCiHigh') && value !== null) checks[`${path}@effectsize`] = { actual: () => value, tol: 1e-4 };
}

/** Where R's own function gives NA/NaN but the report defines a value (printed as r_na.<path>). */
const R_NA = /^r_na\./;

describe('report-followup fixture', () => {
  it('the CSV files R reads are the records the test imports (regenerate: node test/fixtures/analysis/write-report-followup-csv.ts)', () => {
    for (const [name, text] of Object.entries(followUpCsvFiles(inst, records))) {
      expect(readFileSync(new URL(name, FOLLOW_UP_CSV_DIRECTORY), 'utf8'), name).toBe(text);
    }
  });

  it('imports every record', () => {
    expect(imported.counts).toMatchObject({ recordsRead: records.length, imported: records.length, rejected: 0, valuesRejected: 0, identicalCopies: 0 });
    expect(imported.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('keeps the knowledge answers and fingerprints of each record (without them the knowledge section is empty)', () => {
    for (const r of imported.records) {
      const source = records[r.record! - 1]!;
      expect(r.knowledge, `record ${r.record}`).toEqual(source.knowledge);
      expect(r.knowledgeHashes, `record ${r.record}`).toEqual(source.knowledgeHashes);
    }
  });
});

describe('report-followup: edge cases the fixture holds (values checked against R below)', () => {
  const scale = (id: string) => report.scales.find((s) => s.id === id)!;

  it('a scale almost nobody can score ("rare"): one follow-up pair, no Friedman, no then-test, attrition group suppressed', () => {
    const rare = scale('rare');
    expect(rare.followUp).toMatchObject({ n: 1, tTest: { t: null, df: null, p: null }, effectSize: { dz: null, gz: null } });
    expect(rare.followUp!.wilcoxon).toMatchObject({ n: 1, p: 1, method: 'exact' }); // R: wilcox.test with 1 pair, p = 1
    expect(rare.friedman).toMatchObject({ n: 1, statistic: null, p: null, note: expect.stringMatching(/not computed: fewer than 2 people/) });
    expect(rare.thenTest!.responseShift).toMatchObject({ n: 0, difference: { mean: null }, tTest: { t: null, df: null } });
    const attrition = report.attritionFollowUp!.find((a) => a.scale === 'rare')!;
    expect(attrition).toMatchObject({ preOnly: { n: '< 5', mean: null, sd: null }, welch: null });
    expect(attrition.note).toMatch(/not tested/);
  });

  it('Wilcoxon with ties and zero differences uses the normal approximation', () => {
    const w = scale('twelve').followUp!.wilcoxon;
    expect(w.zeros).toBeGreaterThan(0);
    expect(w.method).toBe('normal-approximation-with-continuity-correction');
  });

  it('a pair of timepoints without any change (conf: post = follow-up) has no p-value and stays out of the Holm family', () => {
    const pairwise = scale('conf').friedman!.pairwise;
    const postFollowUp = pairwise.find((c) => c.first === 'post' && c.second === 'followup')!;
    expect(postFollowUp).toMatchObject({ V: 0, p: null, pHolm: null, method: 'not computed: all differences are zero' });
    expect(pairwise.filter((c) => c.pHolm !== null)).toHaveLength(2);
  });

  it('then-test: a pre-only person counts for the response shift only, a post-only person for then → post only', () => {
    // 32 then records: people 0–29 (pairs), 37 (pre only), 60 (post only); conf is scored for all of them.
    const t = scale('conf').thenTest!;
    expect(report.sampleFlow.then).toBe(32);
    expect(t.responseShift.n).toBe(31);
    expect(t.thenToPost.n).toBe(31);
  });

  it('follow-up records: the latest of a person\'s two is used, the other is superseded (not "with no pre or post record")', () => {
    expect(report.sampleFlow.excluded).toEqual(
      expect.arrayContaining([
        { reason: '"then" or "followup" record with no pre or post record of the same code and module', count: 1 },
        { reason: '"then" or "followup" record of a person who has a later one at that timepoint (the latest completed is used)', count: 2 },
      ]),
    );
  });

  it("R_EQUIVALENTS name digits.rank = 7 for the pairwise tests: R's default digits.rank gives other values here", () => {
    // report-followup.out notes e.g. "scales.twelve.friedman.pairwise.post-followup: with the default
    // digits.rank = Inf, V = 159, p = 0.1346…" where the report (and digits.rank = 7) give V = 163.5, p = 0.0971.
    const pairwise = R_EQUIVALENTS.find((e) => e.statistic === 'pairwise timepoints after Friedman')!;
    expect(pairwise.r.match(/wilcox\.test\([^)]*digits\.rank = 7\)/g)).toHaveLength(3);
    expect(R_EQUIVALENTS.find((e) => e.statistic === 'follow-up: change from pre')!.r).toMatch(/digits\.rank = 7/);
  });

  it('knowledge: a question everyone answers correctly before and after has no discordant pairs; the report says p = 1', () => {
    const basics = report.knowledge.find((k) => k.module === MODULE)!;
    const q = basics.items.find((i) => i.id === 'ka8')!;
    expect(q).toMatchObject({ n: 34, correctPre: 34, correctPost: 34, mcnemar: { b: 0, c: 0, statistic: null, df: null, p: 1 } });
    expect(q.mcnemar.method).toMatch(/nobody changed, so p = 1 by definition/);
    expect(basics.items.find((i) => i.id === 'ka2')!.mcnemar.method).toMatch(/with continuity correction/);
    expect(basics.items.find((i) => i.id === 'ka3')!.mcnemar).toMatchObject({ b: 17, c: 17, statistic: 0, p: 1 });
    expect(basics.items.find((i) => i.id === 'ka1')!.mcnemar.method).toMatch(/^Exact binomial/);
  });

  it('knowledge-only records: the later of two pre records, another fingerprint counted apart', () => {
    const other = report.knowledge.find((k) => k.module === KNOWLEDGE_ONLY_MODULE)!;
    expect(other).toMatchObject({ n: 24, otherVersion: 1, questions: 4 });
    expect(report.sampleFlow.knowledgeOnly).toBe(51);
  });
});

describe('report-followup: where R itself gives no value', () => {
  const names = [...readReference(OUT).keys()].filter((name) => R_NA.test(name));
  it('R gives NaN (mcnemar.test with b = c = 0) where the report defines p = 1', () => {
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const path = name.replace(R_NA, '');
      expect(readReference(OUT).get(name), name).toEqual([NaN]);
      expect(path, name).toMatch(/\.mcnemar\.p$/);
      expect(reported.get(path), path).toBe(1);
    }
  });
});

checkReferenceFile(OUT, checks, { inputs: R_NA });

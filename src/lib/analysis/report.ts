// The evaluator's report: sample flow, scale change, item change, the 12-step vs psychiatric gap,
// subgroups and attrition. Pure TypeScript; the CLI and the browser dashboard both call analyze().
import { lookupFor, minimumAnswered } from '../instrument/scoring.ts';
import type { Instrument } from '../instrument/schema.ts';
import { DUPLICATE_RULE, EXACT_RULE, FUZZY_RULE, NOT_ANALYSED_RULE } from '../matching/match.ts';
import type { ImportedRecord, ImportResult } from '../import/import-types.ts';
import {
  cohenDz, cronbachAlpha, differencesTTest, hedgesCorrection, holm, kruskalWallis, mean, pairedTTest, reliableChange, sampleSd,
  welchAnova, wilcoxonSignedRank,
} from '../stats/index.ts';
import { buildDataset, DEMOGRAPHICS_RULE, type Dataset } from './dataset.ts';
import type {
  AnalysisOptions, AttritionResult, GapResult, ItemResult, Num, PairedTests, RecordRef, Report, ScaleResult,
  SubgroupResult, SubgroupTest, TimepointSummary,
} from './report-types.ts';
import { MIN_CELL, suppressCells, SUPPRESSION_RULE, type CellCount } from './suppress.ts';
import { welchTTest } from './welch-t.ts';

export type * from './report-types.ts';

export const DIGITS_RANK = 7;
export const RCI_CRITERION = 1.96;
const NO_ANSWER = 'No answer';

/** Finite number or null (NaN/±Infinity are "not computable" and serialise as null). */
export const num = (x: number | null | undefined): Num => (typeof x === 'number' && Number.isFinite(x) ? x : null);

export const R_EQUIVALENTS: { statistic: string; r: string }[] = [
  { statistic: 'scale score', r: 'ifelse(rowSums(!is.na(keyed)) >= ceiling(share * k), rowMeans(keyed, na.rm = TRUE), NA)  # keyed = items after reverse keying (min + max - x)' },
  { statistic: 'paired t-test, mean change and 95% CI', r: 't.test(post, pre, paired = TRUE)' },
  { statistic: 'Wilcoxon signed-rank', r: 'wilcox.test(post, pre, paired = TRUE, digits.rank = 7)  # R 4.2 rules; equals the default digits.rank = Inf whenever differences carry no floating-point noise' },
  { statistic: "Cohen's d_z with noncentral-t CI", r: 'effectsize::cohens_d(post, pre, paired = TRUE)  # d_z = mean(d) / sd(d)' },
  { statistic: "Hedges' g_z", r: 'd_z * exp(lgamma(df/2) - log(sqrt(df/2)) - lgamma((df - 1)/2)), df = n - 1' },
  { statistic: "Cronbach's alpha with Feldt CI", r: 'psych::alpha(keyed[complete.cases(keyed), ])  # raw_alpha, Feldt row of alpha.ci' },
  { statistic: 'reliable change (Jacobson–Truax)', r: 'rc <- (post - pre) / sqrt(2 * (sd(pre) * sqrt(1 - alpha_pre))^2); table(cut(rc, c(-Inf, -1.96, 1.96, Inf)))' },
  { statistic: 'Wilcoxon signed-rank per item', r: 'wilcox.test(post, pre, paired = TRUE)  # whole-number differences: digits.rank makes no difference' },
  { statistic: 'item p-values adjusted', r: 'p.adjust(p, method = "holm")  # family: every item of the instrument' },
  { statistic: 'subgroup difference in change (Welch ANOVA)', r: 'oneway.test(change ~ group, var.equal = FALSE)' },
  { statistic: 'subgroup difference in change (Kruskal–Wallis)', r: 'kruskal.test(change ~ group)' },
  { statistic: 'attrition: completers vs pre-only at baseline', r: 't.test(completers, pre_only)  # Welch' },
];

function ref(r: ImportedRecord): RecordRef {
  const out: RecordRef = { participant: r.participant, file: r.file };
  if (r.record !== undefined) out.record = r.record;
  if (r.line !== undefined) out.line = r.line;
  return out;
}

/** Paired tests on post vs pre (NaN = missing; incomplete pairs are dropped). */
export function pairedTests(post: readonly number[], pre: readonly number[], confLevel: number): PairedTests & {
  n: number; difference: { mean: Num; sd: Num; ciLow: Num; ciHigh: Num };
} {
  const t = pairedTTest(post, pre, confLevel);
  const w = wilcoxonSignedRank(post, pre, { digitsRank: DIGITS_RANK });
  const d = cohenDz(post, pre, confLevel);
  const j = hedgesCorrection(d.df);
  return {
    n: t.n,
    difference: { mean: num(t.meanDiff), sd: num(t.sdDiff), ciLow: num(t.ciLow), ciHigh: num(t.ciHigh) },
    tTest: { t: num(t.t), df: t.n >= 2 ? t.df : null, p: num(t.p) },
    wilcoxon: { V: t.n > 0 ? w.V : null, p: num(w.p), method: w.reason ? `not computed: ${w.reason}` : w.method, zeros: w.zeros, n: w.n },
    effectSize: { dz: num(d.dz), dzCiLow: num(d.ciLow), dzCiHigh: num(d.ciHigh), gz: num(d.dz * j) },
  };
}

/** Keep only complete pairs' values of one side (for descriptive statistics over the analysed pairs). */
function completeSide(a: readonly number[], b: readonly number[]): { a: number[]; b: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = b[i]!;
    if (Number.isFinite(p) && Number.isFinite(q)) {
      x.push(p);
      y.push(q);
    }
  }
  return { a: x, b: y };
}

export function analyze(importResult: ImportResult, instrument: Instrument, options: AnalysisOptions = {}): Report {
  return analyzeDataset(buildDataset(importResult, instrument, { fuzzy: options.fuzzy ?? false }), options);
}

export function analyzeDataset(ds: Dataset, options: AnalysisOptions = {}): Report {
  const { instrument, importResult, match } = ds;
  const confLevel = options.confLevel ?? 0.95;
  const fuzzy = options.fuzzy ?? false;
  const paired = ds.people.filter((p) => p.status === 'matched' || p.status === 'fuzzy');
  const preOnly = ds.people.filter((p) => p.status === 'pre_only');
  // Raw answers of everyone with a record at each timepoint (for alpha).
  const preAnswers = ds.people.flatMap((p) => (p.preValues ? [p.preValues] : []));
  const postAnswers = ds.people.flatMap((p) => (p.postValues ? [p.postValues] : []));
  const lookup = lookupFor(instrument);
  const itemIndex = new Map(instrument.items.map((item, j) => [item.id, j]));
  // Per scale, the matched pairs' scores and items answered, as plain arrays (NaN = missing), read
  // person by person.
  const columns = (side: 'pre' | 'post') => {
    const ids = instrument.scales.map((sc) => sc.id);
    const score = ids.map(() => new Array<number>(paired.length));
    const answered = ids.map(() => new Array<number>(paired.length));
    for (let i = 0; i < paired.length; i++) {
      const s = side === 'pre' ? paired[i]!.preScores! : paired[i]!.postScores!;
      for (let j = 0; j < ids.length; j++) {
        score[j]![i] = s.score[ids[j]!]!;
        answered[j]![i] = s.answered[ids[j]!]!;
      }
    }
    return { score: new Map(ids.map((id, j) => [id, score[j]!])), answered: new Map(ids.map((id, j) => [id, answered[j]!])) };
  };
  const { score: preScore, answered: preAnswered } = columns('pre');
  const { score: postScore, answered: postAnswered } = columns('post');
  // Per scale, each matched pair's change (post − pre; NaN when either score is missing).
  const changeScore = new Map(instrument.scales.map((sc) => {
    const pre = preScore.get(sc.id)!;
    const post = postScore.get(sc.id)!;
    return [sc.id, post.map((x, i) => x - pre[i]!)] as const;
  }));
  // Kruskal–Wallis uses the changes only through their ranks, so it is given each change's position
  // among the scale's distinct changes, sorted once per scale instead of once per background question:
  // same order, same ties, same H; and whole numbers are ranked by counting, without a sort.
  const changePosition = new Map(instrument.scales.map((sc) => {
    const change = changeScore.get(sc.id)!;
    const distinct = Float64Array.from(new Set(change.filter((d) => !Number.isNaN(d)))).sort();
    const at = new Map<number, number>();
    distinct.forEach((v, i) => at.set(v, i));
    return [sc.id, change.map((d) => (Number.isNaN(d) ? NaN : at.get(d)!))] as const;
  }));

  // ---- scales
  const scales: ScaleResult[] = instrument.scales.map((scale) => {
    const pre = preScore.get(scale.id)!;
    const post = postScore.get(scale.id)!;
    const tests = pairedTests(post, pre, confLevel);
    const both = completeSide(pre, post);
    const required = minimumAnswered(scale);
    const k = scale.items.length;
    let proratedPre = 0;
    let proratedPost = 0;
    const aPreN = preAnswered.get(scale.id)!;
    const aPostN = postAnswered.get(scale.id)!;
    for (let i = 0; i < paired.length; i++) {
      if (Number.isFinite(pre[i]!) && Number.isFinite(post[i]!)) {
        const a = aPreN[i]!;
        const b = aPostN[i]!;
        if (a >= required && a < k) proratedPre++;
        if (b >= required && b < k) proratedPost++;
      }
    }
    const cols = scale.items.map((id) => itemIndex.get(id)!);
    const tables = scale.items.map((id) => lookup.keyedTable(id)!);
    const alphaOf = (answers: Float64Array[]) => {
      const rows: number[][] = new Array(answers.length);
      for (let i = 0; i < answers.length; i++) {
        const values = answers[i]!;
        const row: number[] = [];
        for (let j = 0; j < cols.length; j++) {
          const { lowest, keyed } = tables[j]!;
          const v = values[cols[j]!]!;
          row.push(Number.isNaN(v) ? NaN : (keyed[v - lowest] ?? NaN));
        }
        rows[i] = row;
      }
      return cronbachAlpha(rows, confLevel);
    };
    const aPre = alphaOf(preAnswers);
    const aPost = alphaOf(postAnswers);
    const summary = (values: number[], a: ReturnType<typeof cronbachAlpha>, prorated: number): TimepointSummary => ({
      mean: num(mean(values)),
      sd: num(sampleSd(values)),
      alpha: num(a.alpha),
      alphaCiLow: num(a.ciLow),
      alphaCiHigh: num(a.ciHigh),
      alphaN: a.n,
      alphaItems: scale.items.map((item, i) => ({ item, alphaIfDeleted: num(a.items[i]?.alphaIfDeleted), rDrop: num(a.items[i]?.rDrop) })),
      prorated,
    });
    const rc = reliableChange(post, pre, aPre.alpha, { higherIsBetter: true, criterion: RCI_CRITERION });
    return {
      id: scale.id,
      title: scale.title,
      higherMeans: scale.higherMeans,
      items: [...scale.items],
      n: tests.n,
      pre: summary(both.a, aPre, proratedPre),
      post: summary(both.b, aPost, proratedPost),
      difference: tests.difference,
      tTest: tests.tTest,
      wilcoxon: tests.wilcoxon,
      effectSize: tests.effectSize,
      reliableChange: {
        improved: rc.counts.improved,
        unchanged: rc.counts.unchanged,
        deteriorated: rc.counts.deteriorated,
        n: rc.reason ? 0 : rc.n,
        reliability: num(aPre.alpha),
        sDiff: num(rc.sDiff),
        minimumReliableChange: num(rc.minimumReliableChange),
        ...(rc.reason ? { reason: Number.isFinite(aPre.alpha) ? rc.reason : `pre alpha not available (${aPre.reason ?? 'not computable'})` } : {}),
      },
    };
  });

  // ---- items
  const itemScales = new Map<string, string[]>();
  for (const s of instrument.scales) for (const id of s.items) itemScales.set(id, [...(itemScales.get(id) ?? []), s.id]);
  // Every item's answers of the matched pairs, read person by person once (NaN = not answered).
  const itemPre = instrument.items.map(() => new Float64Array(paired.length));
  const itemPost = instrument.items.map(() => new Float64Array(paired.length));
  for (let i = 0; i < paired.length; i++) {
    const a = paired[i]!.preValues!;
    const b = paired[i]!.postValues!;
    for (let j = 0; j < a.length; j++) {
      itemPre[j]![i] = a[j]!;
      itemPost[j]![i] = b[j]!;
    }
  }
  const rawItems = instrument.items.map((item, j) => {
    const points = lookup.responseScaleOf(item).points.map((p) => p.value);
    const topTwo = new Set(points.slice(-2));
    const pre: number[] = [];
    const post: number[] = [];
    const preColumn = itemPre[j]!;
    const postColumn = itemPost[j]!;
    for (let i = 0; i < paired.length; i++) {
      const a = preColumn[i]!;
      const b = postColumn[i]!;
      if (!Number.isNaN(a) && !Number.isNaN(b)) {
        pre.push(a);
        post.push(b);
      }
    }
    const agree = (xs: number[]) => {
      let n = 0;
      for (const x of xs) if (topTwo.has(x)) n++;
      return xs.length ? (100 * n) / xs.length : NaN;
    };
    // Item differences are whole numbers (response points are integers), so rounding before ranking
    // (digits.rank) cannot change them: R's default wilcox.test gives the same result.
    const w = wilcoxonSignedRank(post, pre);
    return { item, pre, post, agree, w };
  });
  const pHolm = holm(rawItems.map((r) => r.w.p));
  const items: ItemResult[] = rawItems.map(({ item, pre, post, agree, w }, i) => ({
    id: item.id,
    text: item.text,
    scales: itemScales.get(item.id) ?? [],
    reverse: item.reverse,
    n: pre.length,
    pre: { mean: num(mean(pre)), agree: num(agree(pre)) },
    post: { mean: num(mean(post)), agree: num(agree(post)) },
    wilcoxon: { V: pre.length ? w.V : null, p: num(w.p), pHolm: num(pHolm[i]), method: w.reason ? `not computed: ${w.reason}` : w.method },
  }));

  // ---- gap (comparisons)
  const gap: GapResult[] = instrument.comparisons.map((c) => {
    const pre = paired.map((p) => p.preComparisons[c.id]!);
    const post = paired.map((p) => p.postComparisons[c.id]!);
    const tests = pairedTests(post, pre, confLevel);
    const both = completeSide(pre, post);
    return {
      id: c.id,
      title: c.title,
      minuend: c.minuend,
      subtrahend: c.subtrahend,
      n: tests.n,
      pre: { mean: num(mean(both.a)), sd: num(sampleSd(both.a)) },
      post: { mean: num(mean(both.b)), sd: num(sampleSd(both.b)) },
      change: tests.difference,
      tTest: tests.tTest,
      wilcoxon: tests.wilcoxon,
      effectSize: tests.effectSize,
    };
  });

  // ---- subgroups
  const subgroups: SubgroupResult[] = instrument.demographics.map((d) => {
    const groupDefs: { value: string | null; label: string }[] = [
      ...d.options.map((o) => ({ value: o.value as string | null, label: o.label })),
      { value: null, label: NO_ANSWER },
    ];
    const index = new Map(groupDefs.map((g, i) => [g.value, i]));
    const groupOf = paired.map((p) => index.get(p.demographics[d.id] ?? null) ?? groupDefs.length - 1);
    const sizes = groupDefs.map(() => 0);
    for (const g of groupOf) sizes[g]! += 1;
    const groupN = suppressCells(sizes);
    const perScale = instrument.scales.map((scale) => {
      const change = changeScore.get(scale.id)!;
      const position = changePosition.get(scale.id)!;
      const buckets = groupDefs.map(() => ({ diffs: [] as number[], positions: [] as number[] }));
      for (let i = 0; i < groupOf.length; i++) {
        const d = change[i]!;
        if (Number.isNaN(d)) continue;
        const bucket = buckets[groupOf[i]!]!;
        bucket.diffs.push(d);
        bucket.positions.push(position[i]!);
      }
      const changes = buckets.map(({ diffs, positions }) => ({ diffs, positions, t: differencesTTest(diffs, confLevel) }));
      return { scale, changes, hidden: suppressCells(changes.map((c) => c.t.n)) };
    });
    const groups = groupDefs.map((g, gi) => {
      const hiddenN = groupN[gi];
      const n: CellCount = hiddenN ?? sizes[gi]!;
      return {
        value: g.value,
        label: g.label,
        n,
        scales: perScale.map(({ scale, changes, hidden }) => {
          const c = changes[gi]!;
          const h = hiddenN ?? hidden[gi];
          return h
            ? { scale: scale.id, n: h, meanChange: null, sdChange: null, ciLow: null, ciHigh: null }
            : { scale: scale.id, n: c.t.n, meanChange: num(c.t.meanDiff), sdChange: num(c.t.sdDiff), ciLow: num(c.t.ciLow), ciHigh: num(c.t.ciHigh) };
        }),
      };
    });
    const tests: SubgroupTest[] = perScale.map(({ scale, changes }) => {
      const eligible = groupDefs
        .map((g, gi) => ({ g, c: changes[gi]! }))
        .filter(({ g, c }) => g.value !== null && g.value !== 'prefer-not-to-say' && c.t.n >= MIN_CELL);
      const values = eligible.map(({ g }) => g.value as string);
      const diffs = eligible.map(({ c }) => c.diffs);
      const n = diffs.reduce((s, g) => s + g.length, 0);
      if (eligible.length < 2) {
        return { scale: scale.id, groups: values, n, welchAnova: null, kruskalWallis: null,
          note: `not run: fewer than 2 groups with at least ${MIN_CELL} pairs (not counting "no answer" and "prefer not to say")` };
      }
      const wa = welchAnova(diffs);
      const kw = kruskalWallis(eligible.map(({ c }) => c.positions));
      const reasons = [wa.reason && `Welch ANOVA: ${wa.reason}`, kw.reason && `Kruskal–Wallis: ${kw.reason}`].filter(Boolean);
      return {
        scale: scale.id,
        groups: values,
        n,
        welchAnova: { F: num(wa.F), df1: num(wa.df1), df2: num(wa.df2), p: num(wa.p) },
        kruskalWallis: { H: num(kw.H), df: num(kw.df), p: num(kw.p) },
        note: `change (post − pre) compared across ${eligible.length} groups with at least ${MIN_CELL} pairs; exploratory, not adjusted for multiplicity${reasons.length ? `; ${reasons.join('; ')}` : ''}`,
      };
    });
    return { id: d.id, text: d.text, predictor: d.predictor, groups, tests };
  });

  // ---- attrition
  const attrition: AttritionResult[] = instrument.scales.map((scale) => {
    const completers = preScore.get(scale.id)!.filter(Number.isFinite);
    const dropouts = preOnly.map((p) => p.preScores!.score[scale.id]!).filter(Number.isFinite);
    const [hc, hd] = [completers.length < MIN_CELL, dropouts.length < MIN_CELL];
    const group = (xs: number[], hidden: boolean) =>
      hidden ? { n: '< 5' as const, mean: null, sd: null } : { n: xs.length, mean: num(mean(xs)), sd: num(sampleSd(xs)) };
    let welch: AttritionResult['welch'] = null;
    let note: string;
    if (hc || hd) {
      note = `not tested: a group has fewer than ${MIN_CELL} people`;
    } else {
      const w = welchTTest(completers, dropouts, confLevel);
      welch = { t: num(w.t), df: num(w.df), p: num(w.p), difference: num(w.difference), ciLow: num(w.ciLow), ciHigh: num(w.ciHigh) };
      note = w.reason ? `Welch t-test not computed: ${w.reason}` : 'Welch two-sample t-test of pre scores, completers − pre-only';
    }
    return { scale: scale.id, completers: group(completers, hc), preOnly: group(dropouts, hd), welch, note };
  });

  const flow = match.flow;
  const counts = importResult.counts;
  return {
    meta: {
      tool: 'mutual-support-training evaluator',
      reportVersion: 1,
      generatedAt: options.generatedAt ?? new Date().toISOString(),
      instrument: { id: instrument.id, version: instrument.version, hash: importResult.instrument.hash, title: instrument.title },
      options: { fuzzy, confLevel, minCellSize: MIN_CELL, digitsRank: DIGITS_RANK, rciCriterion: RCI_CRITERION },
      import: counts,
      otherInstruments: importResult.otherInstruments.map((g) => ({ id: g.id, version: g.version, hash: g.hash, count: g.count, reason: g.reason })),
      rEquivalents: R_EQUIVALENTS,
      rules: {
        matching: EXACT_RULE,
        duplicates: DUPLICATE_RULE,
        fuzzy: `${FUZZY_RULE} ${fuzzy ? 'Fuzzy matching was ON for this report.' : 'Fuzzy matching was OFF for this report.'}`,
        notAnalysed: NOT_ANALYSED_RULE,
        scoring: 'Scale score: mean of the answered items after reverse keying (reversed value = lowest + highest point − value), if at least ⌈share × items⌉ items are answered; otherwise missing. Nothing is imputed.',
        analysedPairs: 'Change statistics (scales, items, gap, subgroups) use matched pairs (exact, plus fuzzy pairs when fuzzy matching is on) with a value at both timepoints; pre and post means and SDs of a scale are over those same pairs.',
        alpha: "Cronbach's alpha per timepoint over every person with a record at that timepoint (one record per person; duplicates excluded) who answered every item of the scale (listwise), after reverse keying; Feldt 95% CI.",
        reliableChange: `Jacobson–Truax RCI = (post − pre) / S_diff, S_diff = √2 · SD(pre of the matched pairs) · √(1 − alpha at pre); |RCI| > ${RCI_CRITERION} is reliable; higher scores are better on every scale.`,
        wilcoxon: 'Wilcoxon signed-rank test with R 4.2 rules (exact when fewer than 50 non-zero differences and no ties or zeros, otherwise normal approximation with continuity correction and tie correction). Differences are rounded to 7 significant digits before ranking, so floating-point noise in prorated means cannot break ties (R: digits.rank = 7).',
        effectSize: "Cohen's d_z = mean change / SD of change (standardiser: SD of the differences), noncentral-t 95% CI; Hedges' g_z = d_z · J(n − 1), exact J.",
        items: 'Item statistics use raw answers (not reverse-keyed). "Agree" is the % of answers in the top two points of the item\'s response scale; for reverse-keyed items agreeing is the less favourable answer. Holm adjustment over all items of the instrument.',
        gap: 'Gap = a person\'s minuend scale score minus their subtrahend scale score (e.g. 12-step minus psychiatric attitude), at pre and at post; change = post gap − pre gap. Positive gap: 12-step groups rated more favourably.',
        subgroups: `${DEMOGRAPHICS_RULE} Change scores are compared between groups with Welch's ANOVA and the Kruskal–Wallis test.`,
        suppression: SUPPRESSION_RULE,
        attrition: 'Completers (matched pairs) are compared with pre-only respondents on their pre scale scores (Welch two-sample t-test).',
      },
    },
    sampleFlow: {
      files: counts.files,
      recordsRead: counts.recordsRead,
      imported: counts.imported,
      rejected: counts.rejected,
      otherInstrument: counts.otherInstrument,
      identicalCopies: counts.identicalCopies,
      checksumMismatch: counts.checksumMismatch,
      preRecords: flow.preRecords,
      postRecords: flow.postRecords,
      pre: flow.pre,
      post: flow.post,
      matched: flow.matched,
      matchedFuzzy: flow.matchedFuzzy,
      preOnly: flow.preOnly,
      postOnly: flow.postOnly,
      duplicates: flow.duplicates,
      ambiguousFuzzy: flow.ambiguousFuzzy,
      fuzzyAvailable: flow.fuzzyAvailable,
      excluded: [
        ...(counts.rejected ? [{ reason: 'record rejected on import (see problems)', count: counts.rejected }] : []),
        ...(counts.otherInstrument ? [{ reason: 'made with another instrument or version (kept apart)', count: counts.otherInstrument }] : []),
        ...(counts.identicalCopies ? [{ reason: 'identical copy of a record already read (counted once)', count: counts.identicalCopies }] : []),
        ...(counts.filesRejected ? [{ reason: 'file that could not be read at all (see problems)', count: counts.filesRejected }] : []),
        ...(counts.csvRowsRejected ? [{ reason: 'CSV row not used (see problems)', count: counts.csvRowsRejected }] : []),
        ...(counts.valuesRejected ? [{ reason: 'single answer set aside: unknown item or option, or value not on the response scale (see problems)', count: counts.valuesRejected }] : []),
        ...flow.excluded,
      ],
    },
    scales,
    items,
    gap,
    subgroups,
    attrition,
    matching: {
      fuzzyPairs: match.pairs.filter((p) => p.fuzzy).map((p) => ({ module: p.pre.module, pre: ref(p.pre), post: ref(p.post), differingElement: p.differingElement ?? -1 })),
      ambiguousFuzzy: match.ambiguousFuzzy.map((a) => ({ module: a.module, pre: a.pre.map(ref), post: a.post.map(ref) })),
      duplicates: match.duplicates.map((d) => ({ participant: d.participant, module: d.module, cohort: d.cohort, timepoint: d.timepoint, used: ref(d.used), duplicates: d.duplicates.map(ref) })),
    },
    problems: importResult.problems,
  };
}

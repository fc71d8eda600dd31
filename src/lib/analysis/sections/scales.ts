// Scale results: pre and post over the matched pairs, reliability, change with its tests and effect
// size, reliable change; and, where the records hold them, change to the follow-up, the Friedman test
// over pre, post and follow-up, and the then-test.
import { minimumAnswered } from '../../instrument/scoring.ts';
import type { Scale } from '../../instrument/schema.ts';
import {
  completePairs,
  cronbachAlphaOfComplete,
  friedmanTest,
  mean,
  type Numbers,
  pairedTTest,
  pairwiseWilcoxonHolm,
  reliableChangeSummary,
  sampleSd,
} from '../../stats/index.ts';
import type { AnalysisContext } from '../context.ts';
import type { AnswerRow, Person } from '../dataset.ts';
import { num, pairedTests } from '../paired.ts';
import type { FriedmanSummary, ScaleResult, ThenTestResult, TimepointSummary } from '../report-types.ts';
import { DIGITS_RANK, RCI_CRITERION } from '../rules.ts';

const scoreOf = (p: Person, side: 'pre' | 'post' | 'then' | 'followup', scaleId: string): number => {
  const s = side === 'pre' ? p.preScores : side === 'post' ? p.postScores : side === 'then' ? p.thenScores : p.followupScores;
  return s ? s.score[scaleId]! : NaN;
};

function alphaOf(ctx: AnalysisContext, scale: Scale, answers: AnswerRow[]) {
  const cols = Int32Array.from(scale.items, (id) => ctx.itemIndex.get(id)!);
  const tables = scale.items.map((id) => ctx.lookup.keyedTable(id)!);
  // Each item's keyed values and lowest point, looked up once (this loop runs once per person and item).
  const keyed = tables.map((t) => t.keyed);
  const lowest = Float64Array.from(tables, (t) => t.lowest);
  const k = cols.length;
  // The keyed answers of complete cases only (alpha drops the others), row after row in one buffer.
  const data = new Float64Array(answers.length * k);
  let n = 0;
  for (let i = 0; i < answers.length; i++) {
    const values = answers[i]!;
    const at = n * k;
    let j = 0;
    for (; j < k; j++) {
      // (NaN, a missing answer, indexes nothing: undefined, not finite.)
      const x = keyed[j]![values[cols[j]!]! - lowest[j]!];
      if (x === undefined || !Number.isFinite(x)) break;
      data[at + j] = x;
    }
    if (j === k) n++;
  }
  // With nobody at this timepoint there are no rows, hence no items (as cronbachAlpha([]) has it).
  return cronbachAlphaOfComplete(data, n, answers.length ? k : 0, ctx.confLevel);
}

/** Follow-up − pre on everyone with both scores; null when nobody has a follow-up. */
function followUpOf(ctx: AnalysisContext, scaleId: string): ScaleResult['followUp'] {
  const people = ctx.ds.people.filter((p) => p.followupScores && p.preScores);
  if (!people.length) return null;
  const t = pairedTests(
    people.map((p) => scoreOf(p, 'followup', scaleId)),
    people.map((p) => scoreOf(p, 'pre', scaleId)),
    ctx.confLevel,
  );
  return { n: t.n, difference: t.difference, tTest: t.tTest, wilcoxon: t.wilcoxon, effectSize: t.effectSize };
}

function friedmanOf(ctx: AnalysisContext, scaleId: string): FriedmanSummary | null {
  const rows = ctx.paired
    .filter((p) => p.followupScores)
    .map((p) => [scoreOf(p, 'pre', scaleId), scoreOf(p, 'post', scaleId), scoreOf(p, 'followup', scaleId)]);
  if (!rows.length) return null;
  const f = friedmanTest(rows);
  const pw = pairwiseWilcoxonHolm(rows, { digitsRank: DIGITS_RANK });
  const names = ['pre', 'post', 'followup'] as const;
  return {
    n: f.n,
    statistic: num(f.statistic),
    df: f.df,
    p: num(f.p),
    ...(f.reason ? { note: `not computed: ${f.reason}` } : {}),
    pairwise: pw.comparisons.map((c) => ({
      first: names[c.first]!,
      second: names[c.second]!,
      V: pw.n > 0 ? num(c.result.V) : null,
      p: num(c.result.p),
      pHolm: num(c.pHolm),
      method: c.result.reason ? `not computed: ${c.result.reason}` : c.result.method,
    })),
  };
}

function thenTestOf(ctx: AnalysisContext, scaleId: string): ThenTestResult | null {
  const people = ctx.ds.people.filter((p) => p.thenScores);
  if (!people.length) return null;
  const part = (later: number[], earlier: number[]) => {
    const t = pairedTTest(later, earlier, ctx.confLevel);
    return {
      n: t.n,
      difference: { mean: num(t.meanDiff), sd: num(t.sdDiff), ciLow: num(t.ciLow), ciHigh: num(t.ciHigh) },
      tTest: { t: num(t.t), df: t.n >= 2 ? t.df : null, p: num(t.p) },
    };
  };
  const then = people.map((p) => scoreOf(p, 'then', scaleId));
  return {
    responseShift: part(
      then,
      people.map((p) => scoreOf(p, 'pre', scaleId)),
    ),
    thenToPost: part(
      people.map((p) => scoreOf(p, 'post', scaleId)),
      then,
    ),
  };
}

export function scaleSection(ctx: AnalysisContext): ScaleResult[] {
  return ctx.instrument.scales.map((scale) => {
    const pre = ctx.preScore.get(scale.id)!;
    const post = ctx.postScore.get(scale.id)!;
    const tests = pairedTests(post, pre, ctx.confLevel);
    const both = completePairs(pre, post);
    const required = minimumAnswered(scale);
    const k = scale.items.length;
    let proratedPre = 0;
    let proratedPost = 0;
    const aPreN = ctx.preAnswered.get(scale.id)!;
    const aPostN = ctx.postAnswered.get(scale.id)!;
    for (let i = 0; i < ctx.paired.length; i++) {
      if (Number.isFinite(pre[i]!) && Number.isFinite(post[i]!)) {
        const a = aPreN[i]!;
        const b = aPostN[i]!;
        if (a >= required && a < k) proratedPre++;
        if (b >= required && b < k) proratedPost++;
      }
    }
    const aPre = alphaOf(ctx, scale, ctx.preAnswers);
    const aPost = alphaOf(ctx, scale, ctx.postAnswers);
    const summary = (values: Numbers, a: ReturnType<typeof cronbachAlphaOfComplete>, prorated: number): TimepointSummary => ({
      mean: num(mean(values)),
      sd: num(sampleSd(values)),
      alpha: num(a.alpha),
      alphaCiLow: num(a.ciLow),
      alphaCiHigh: num(a.ciHigh),
      alphaN: a.n,
      alphaItems: scale.items.map((item, i) => ({ item, alphaIfDeleted: num(a.items[i]?.alphaIfDeleted), rDrop: num(a.items[i]?.rDrop) })),
      alphaLeftOut: a.noVariance.map((i) => scale.items[i]!),
      prorated,
    });
    const rc = reliableChangeSummary(post, pre, aPre.alpha, { higherIsBetter: true, criterion: RCI_CRITERION });
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
      followUp: followUpOf(ctx, scale.id),
      friedman: friedmanOf(ctx, scale.id),
      thenTest: thenTestOf(ctx, scale.id),
    };
  });
}

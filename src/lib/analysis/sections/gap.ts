// The 12-step vs psychiatric gap (and any other comparison of two scales): per person, at pre and post.
import { completePairs, mean, sampleSd } from '../../stats/index.ts';
import type { AnalysisContext } from '../context.ts';
import { num, pairedTests } from '../paired.ts';
import type { GapResult } from '../report-types.ts';

export function gapSection(ctx: AnalysisContext): GapResult[] {
  return ctx.instrument.comparisons.map((c) => {
    const pre = ctx.paired.map((p) => p.preComparisons[c.id]!);
    const post = ctx.paired.map((p) => p.postComparisons[c.id]!);
    const tests = pairedTests(post, pre, ctx.confLevel);
    const both = completePairs(pre, post);
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
}

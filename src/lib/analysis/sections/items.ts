// Item results: each item's answers before and after over the matched pairs, Wilcoxon per item with Holm.
import { substantivePoints } from '../../instrument/scoring.ts';
import { holm, mean, wilcoxonOfDifferences } from '../../stats/index.ts';
import type { AnalysisContext } from '../context.ts';
import { num } from '../paired.ts';
import type { ItemResult } from '../report-types.ts';

export function itemSection(ctx: AnalysisContext): ItemResult[] {
  const { instrument, paired, lookup } = ctx;
  const itemScales = new Map<string, string[]>();
  for (const s of instrument.scales) for (const id of s.items) itemScales.set(id, [...(itemScales.get(id) ?? []), s.id]);
  const preValues = paired.map((p) => p.preValues!);
  const postValues = paired.map((p) => p.postValues!);
  // One item's complete pairs at a time, in buffers reused item after item: no arrays per item (each as
  // long as the cohort), which at 100,000 pairs cost more to collect than the tests cost to run.
  const pre = new Float64Array(paired.length);
  const post = new Float64Array(paired.length);
  const diff = new Float64Array(paired.length);
  const rawItems = instrument.items.map((item, j) => {
    // Answers are points of the item's scale: the top two substantive points are "agree".
    const [top1, top2] = substantivePoints(lookup.responseScaleOf(item))
      .map((p) => p.value)
      .slice(-2);
    let n = 0;
    let agreePre = 0;
    let agreePost = 0;
    for (let i = 0; i < paired.length; i++) {
      const a = preValues[i]![j]!;
      const b = postValues[i]![j]!;
      if (Number.isNaN(a) || Number.isNaN(b)) continue;
      pre[n] = a;
      post[n] = b;
      diff[n] = b - a;
      if (a === top1 || a === top2) agreePre++;
      if (b === top1 || b === top2) agreePost++;
      n++;
    }
    const share = (agreeing: number) => (n ? (100 * agreeing) / n : NaN);
    // Item differences are whole numbers (response points are integers), so rounding before ranking
    // (digits.rank) cannot change them: R's default wilcox.test gives the same result.
    const w = wilcoxonOfDifferences(diff.subarray(0, n));
    return {
      item,
      n,
      w,
      pre: { mean: num(mean(pre.subarray(0, n))), agree: num(share(agreePre)) },
      post: { mean: num(mean(post.subarray(0, n))), agree: num(share(agreePost)) },
    };
  });
  const pHolm = holm(rawItems.map((r) => r.w.p));
  return rawItems.map(({ item, n, pre, post, w }, i) => ({
    id: item.id,
    text: item.text,
    scales: itemScales.get(item.id) ?? [],
    reverse: item.reverse,
    n,
    pre,
    post,
    wilcoxon: { V: n ? w.V : null, p: num(w.p), pHolm: num(pHolm[i]), method: w.reason ? `not computed: ${w.reason}` : w.method },
  }));
}

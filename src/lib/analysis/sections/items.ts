// Item results: each item's answers before and after over the matched pairs, Wilcoxon per item with Holm.
import { substantivePoints } from '../../instrument/scoring.ts';
import { holm, mean, wilcoxonSignedRank } from '../../stats/index.ts';
import type { AnalysisContext } from '../context.ts';
import { num } from '../paired.ts';
import type { ItemResult } from '../report-types.ts';

export function itemSection(ctx: AnalysisContext): ItemResult[] {
  const { instrument, paired, lookup } = ctx;
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
    const topTwo = new Set(
      substantivePoints(lookup.responseScaleOf(item))
        .map((p) => p.value)
        .slice(-2),
    );
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
  return rawItems.map(({ item, pre, post, agree, w }, i) => ({
    id: item.id,
    text: item.text,
    scales: itemScales.get(item.id) ?? [],
    reverse: item.reverse,
    n: pre.length,
    pre: { mean: num(mean(pre)), agree: num(agree(pre)) },
    post: { mean: num(mean(post)), agree: num(agree(post)) },
    wilcoxon: { V: pre.length ? w.V : null, p: num(w.p), pHolm: num(pHolm[i]), method: w.reason ? `not computed: ${w.reason}` : w.method },
  }));
}

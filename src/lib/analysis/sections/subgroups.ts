// Subgroups by each background question: change per group (cells under 5 hidden, with complementary
// suppression), and Welch ANOVA and Kruskal–Wallis across groups with at least 5 pairs.
import { differencesTTest, kruskalWallis, welchAnova } from '../../stats/index.ts';
import type { AnalysisContext } from '../context.ts';
import { num } from '../paired.ts';
import type { SubgroupResult, SubgroupTest } from '../report-types.ts';
import { MIN_CELL, suppressCells, type CellCount } from '../suppress.ts';

const NO_ANSWER = 'No answer';

export function subgroupSection(ctx: AnalysisContext): SubgroupResult[] {
  const { instrument, paired, confLevel } = ctx;
  return instrument.demographics.map((d) => {
    const groupDefs: { value: string | null; label: string }[] = [
      ...d.options.map((o) => ({ value: o.value as string | null, label: o.label })),
      { value: null, label: NO_ANSWER },
    ];
    const index = new Map(groupDefs.map((g, i) => [g.value, i]));
    const groupOf = paired.map((p) => index.get(p.demographics[d.id] ?? null) ?? groupDefs.length - 1);
    const sizes = groupDefs.map(() => 0);
    for (let i = 0; i < groupOf.length; i++) sizes[groupOf[i]!]! += 1;
    const groupN = suppressCells(sizes);
    const perScale = instrument.scales.map((scale) => {
      const change = ctx.changeScore.get(scale.id)!;
      const position = ctx.changePosition.get(scale.id)!;
      // Each group's changes, in typed arrays of the group's size: counted first, then filled (pushing grew
      // them step by step, and at 100,000 pairs an array of numbers that long is a large object of fresh memory).
      const counts = groupDefs.map(() => 0);
      for (let i = 0; i < groupOf.length; i++) if (!Number.isNaN(change[i]!)) counts[groupOf[i]!]! += 1;
      const buckets = counts.map((c) => ({ diffs: new Float64Array(c), positions: new Float64Array(c), filled: 0 }));
      for (let i = 0; i < groupOf.length; i++) {
        const diff = change[i]!;
        if (Number.isNaN(diff)) continue;
        const bucket = buckets[groupOf[i]!]!;
        bucket.diffs[bucket.filled] = diff;
        bucket.positions[bucket.filled++] = position[i]!;
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
        return {
          scale: scale.id,
          groups: values,
          n,
          welchAnova: null,
          kruskalWallis: null,
          note: `not run: fewer than 2 groups with at least ${MIN_CELL} pairs (not counting "no answer" and "prefer not to say")`,
        };
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
}

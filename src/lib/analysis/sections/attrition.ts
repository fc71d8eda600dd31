// Attrition: do the people who stayed differ at baseline from those who left? Completers vs pre-only
// (after the lessons), and people with vs without a follow-up.
import { finiteFloat64, mean, type Numbers, sampleSd } from '../../stats/index.ts';
import type { AnalysisContext } from '../context.ts';
import { num } from '../paired.ts';
import type { AttritionResult } from '../report-types.ts';
import { MIN_CELL } from '../suppress.ts';
import { welchTTest } from '../welch-t.ts';

function compare(ctx: AnalysisContext, scale: string, stayed: Numbers, left: Numbers, what: string): AttritionResult {
  const completers = finiteFloat64(stayed);
  const dropouts = finiteFloat64(left);
  const [hc, hd] = [completers.length < MIN_CELL, dropouts.length < MIN_CELL];
  const group = (xs: Numbers, hidden: boolean) =>
    hidden ? { n: '< 5' as const, mean: null, sd: null } : { n: xs.length, mean: num(mean(xs)), sd: num(sampleSd(xs)) };
  let welch: AttritionResult['welch'] = null;
  let note: string;
  if (hc || hd) note = `not tested: a group has fewer than ${MIN_CELL} people`;
  else {
    const w = welchTTest(completers, dropouts, ctx.confLevel);
    welch = { t: num(w.t), df: num(w.df), p: num(w.p), difference: num(w.difference), ciLow: num(w.ciLow), ciHigh: num(w.ciHigh) };
    note = w.reason ? `Welch t-test not computed: ${w.reason}` : what;
  }
  return { scale, completers: group(completers, hc), preOnly: group(dropouts, hd), welch, note };
}

export function attritionSection(ctx: AnalysisContext): AttritionResult[] {
  return ctx.instrument.scales.map((scale) =>
    compare(
      ctx,
      scale.id,
      ctx.preScore.get(scale.id)!,
      ctx.preOnly.map((p) => p.preScores!.score[scale.id]!),
      'Welch two-sample t-test of pre scores, completers − pre-only',
    ),
  );
}

/** Pre scores of people with a follow-up ("completers") vs people with a pre but no follow-up; null without follow-ups. */
export function followUpAttritionSection(ctx: AnalysisContext): AttritionResult[] | null {
  const withPre = ctx.ds.people.filter((p) => p.preScores);
  if (!withPre.some((p) => p.followupScores)) return null;
  return ctx.instrument.scales.map((scale) =>
    compare(
      ctx,
      scale.id,
      withPre.filter((p) => p.followupScores).map((p) => p.preScores!.score[scale.id]!),
      withPre.filter((p) => !p.followupScores).map((p) => p.preScores!.score[scale.id]!),
      'Welch two-sample t-test of pre scores, people with a follow-up − people without',
    ),
  );
}

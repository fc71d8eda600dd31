// "Not familiar enough to say" as an outcome: per kind of group, how many matched pairs used it before
// and after, with McNemar's test, and the share of attitude answers that were "not familiar".
import type { AnalysisContext } from '../context.ts';
import { num } from '../paired.ts';
import type { FamiliarityResult } from '../report-types.ts';
import { mcnemarSummary } from './knowledge.ts';

export function familiaritySection(ctx: AnalysisContext): FamiliarityResult[] {
  const { instrument, lookup, paired } = ctx;
  const items = instrument.items.filter((i) => i.construct === 'attitude' && lookup.responseScaleOf(i).points.some((p) => p.missing === 'not-familiar'));
  const targets = [...new Set(items.map((i) => i.target))];
  return targets.map((target) => {
    const ids = items.filter((i) => i.target === target).map((i) => i.id);
    let n = 0;
    let preYes = 0;
    let postYes = 0;
    let b = 0;
    let c = 0;
    let preNf = 0;
    let preAnswers = 0;
    let postNf = 0;
    let postAnswers = 0;
    for (const p of paired) {
      const askedPre = ids.filter((id) => id in p.pre!.responses);
      const askedPost = ids.filter((id) => id in p.post!.responses);
      if (!askedPre.length || !askedPost.length) continue;
      n++;
      const nfPre = askedPre.filter((id) => lookup.missingKind(id, p.pre!.responses[id]) === 'not-familiar').length;
      const nfPost = askedPost.filter((id) => lookup.missingKind(id, p.post!.responses[id]) === 'not-familiar').length;
      preNf += nfPre;
      postNf += nfPost;
      // The share is of the answers given: an item asked but left unanswered (null) is no answer.
      preAnswers += askedPre.filter((id) => typeof p.pre!.responses[id] === 'number').length;
      postAnswers += askedPost.filter((id) => typeof p.post!.responses[id] === 'number').length;
      if (nfPre) preYes++;
      if (nfPost) postYes++;
      if (nfPre && !nfPost) b++;
      if (!nfPre && nfPost) c++;
    }
    return {
      target,
      items: ids,
      n,
      pre: { people: preYes, share: num(preAnswers ? preNf / preAnswers : NaN) },
      post: { people: postYes, share: num(postAnswers ? postNf / postAnswers : NaN) },
      mcnemar: mcnemarSummary(b, c),
    };
  });
}

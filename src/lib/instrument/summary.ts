// A learner's own results, in numbers the results page turns into plain language: each scale before and
// after (practice as a starting point until a follow-up exists, then as change to the follow-up), the
// share of "not familiar" answers per kind of group, and the 12-step vs psychiatric gap. Pure.
import { comparisonScore, lookupFor, scoreScale, substantivePoints, type Responses } from './scoring.ts';
import type { Instrument, Scale } from './schema.ts';

export interface ScaleChange {
  scaleId: string;
  title: string;
  higherMeans: string;
  /** "practice" items ask about the past 3 months: compared with the follow-up, not with the post. */
  kind: 'practice' | 'other';
  min: number;
  max: number;
  pre: number | null;
  /** Post for most scales; the follow-up for practice. */
  after: number | null;
  change: number | null;
  /** The retrospective "then" score, when the then-test was answered. */
  then: number | null;
}

export interface ComparisonChange {
  comparisonId: string;
  title: string;
  pre: number | null;
  post: number | null;
}

export interface FamiliarityShare {
  target: string;
  /** Items of this target answered "not familiar enough to say" / items asked. */
  pre: { notFamiliar: number; asked: number } | null;
  post: { notFamiliar: number; asked: number } | null;
}

export interface MyAnswers {
  pre: Responses | null;
  post: Responses | null;
  then: Responses | null;
  followup: Responses | null;
}

const isPractice = (instrument: Instrument, scale: Scale) => scale.items.every((id) => lookupFor(instrument).items.get(id)?.construct === 'practice');

export function summarizeChange(instrument: Instrument, scaleIds: readonly string[], answers: MyAnswers) {
  const lookup = lookupFor(instrument);
  const score = (scale: Scale, responses: Responses | null) => (responses ? scoreScale(instrument, scale, responses).score : null);
  const scales: ScaleChange[] = scaleIds.map((id) => {
    const scale = lookup.scales.get(id);
    if (!scale) throw new Error(`unknown scale "${id}"`);
    const values = substantivePoints(lookup.responseScaleOf(lookup.items.get(scale.items[0]!)!)).map((p) => p.value);
    const practice = isPractice(instrument, scale);
    const before = score(scale, answers.pre);
    const after = score(scale, practice ? answers.followup : answers.post);
    return {
      scaleId: id,
      title: scale.title,
      higherMeans: scale.higherMeans,
      kind: practice ? 'practice' : 'other',
      min: Math.min(...values),
      max: Math.max(...values),
      pre: before,
      after,
      change: before === null || after === null ? null : after - before,
      then: practice ? null : score(scale, answers.then),
    };
  });
  const comparisons: ComparisonChange[] = instrument.comparisons
    .filter((c) => scaleIds.includes(c.minuend) && scaleIds.includes(c.subtrahend))
    .map((c) => ({
      comparisonId: c.id,
      title: c.title,
      pre: answers.pre ? comparisonScore(instrument, c.id, answers.pre) : null,
      post: answers.post ? comparisonScore(instrument, c.id, answers.post) : null,
    }));
  return { scales, comparisons, familiarity: familiarityShares(instrument, scaleIds, answers) };
}

/** Per target of the attitude items asked: how many were answered "not familiar", before and after. */
function familiarityShares(instrument: Instrument, scaleIds: readonly string[], answers: MyAnswers): FamiliarityShare[] {
  const lookup = lookupFor(instrument);
  const items = [...new Set(scaleIds.flatMap((id) => lookup.scales.get(id)?.items ?? []))]
    .map((id) => lookup.items.get(id)!)
    .filter((item) => item.construct === 'attitude' && lookup.responseScaleOf(item).points.some((p) => p.missing === 'not-familiar'));
  const targets = [...new Set(items.map((i) => i.target))];
  const share = (responses: Responses | null, target: string) => {
    if (!responses) return null;
    const asked = items.filter((i) => i.target === target && i.id in responses);
    return { notFamiliar: asked.filter((i) => lookup.missingKind(i.id, responses[i.id]) === 'not-familiar').length, asked: asked.length };
  };
  return targets.map((target) => ({ target, pre: share(answers.pre, target), post: share(answers.post, target) }));
}

/** One decimal, with a sign for changes: "+0.4", "−0.3", "0.0". */
export function formatChange(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  if (rounded === 0) return '0.0';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(1)}`;
}

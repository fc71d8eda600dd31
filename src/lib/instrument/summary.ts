// A learner's own before/after summary, in numbers the results page turns into plain language.
import { comparisonScore, lookupFor, scoreScale, type Responses } from './scoring.ts';
import type { Instrument } from './schema.ts';

export interface ScaleChange {
  scaleId: string;
  title: string;
  higherMeans: string;
  min: number;
  max: number;
  pre: number | null;
  post: number | null;
  change: number | null;
}

export interface ComparisonChange {
  comparisonId: string;
  title: string;
  pre: number | null;
  post: number | null;
}

export function summarizeChange(instrument: Instrument, scaleIds: readonly string[], pre: Responses, post: Responses) {
  const lookup = lookupFor(instrument);
  const scales: ScaleChange[] = scaleIds.map((id) => {
    const scale = lookup.scales.get(id);
    if (!scale) throw new Error(`unknown scale "${id}"`);
    const values = lookup.responseScaleOf(lookup.items.get(scale.items[0]!)!).points.map((p) => p.value);
    const before = scoreScale(instrument, scale, pre).score;
    const after = scoreScale(instrument, scale, post).score;
    return {
      scaleId: id,
      title: scale.title,
      higherMeans: scale.higherMeans,
      min: Math.min(...values),
      max: Math.max(...values),
      pre: before,
      post: after,
      change: before === null || after === null ? null : after - before,
    };
  });
  const comparisons: ComparisonChange[] = instrument.comparisons
    .filter((c) => scaleIds.includes(c.minuend) && scaleIds.includes(c.subtrahend))
    .map((c) => ({ comparisonId: c.id, title: c.title, pre: comparisonScore(instrument, c.id, pre), post: comparisonScore(instrument, c.id, post) }));
  return { scales, comparisons };
}

/** One decimal, with a sign for changes: "+0.4", "−0.3", "0.0". */
export function formatChange(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  if (rounded === 0) return '0.0';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(1)}`;
}

// The analysis data set: matched people with their scale scores, built once and shared by analyze()
// and the exports (wide CSV, scale scores).
import { scoreScale } from '../instrument/scoring.ts';
import type { Instrument } from '../instrument/schema.ts';
import { matchPrePost, type MatchResult } from '../matching/match.ts';
import type { ImportedRecord, ImportResult } from '../import/import-types.ts';

export type PersonStatus = 'matched' | 'fuzzy' | 'pre_only' | 'post_only';

export interface ScaleScores {
  /** Scale id → score (NaN when missing). */
  score: Record<string, number>;
  /** Scale id → items answered. */
  answered: Record<string, number>;
}

export interface Person {
  participant: string;
  /** Post record's code when it differs (fuzzy pairs). */
  participantPost: string | null;
  module: string | null;
  cohort: string | null;
  status: PersonStatus;
  pre: ImportedRecord | null;
  post: ImportedRecord | null;
  preScores: ScaleScores | null;
  postScores: ScaleScores | null;
  /** Raw answers in instrument item order (NaN = not answered), for fast column access. */
  preValues: Float64Array | null;
  postValues: Float64Array | null;
  /** Comparison id → score at pre / post (NaN when missing). */
  preComparisons: Record<string, number>;
  postComparisons: Record<string, number>;
  /** From the pre record; a question the pre record leaves unanswered is taken from the post record. */
  demographics: Record<string, string | null>;
}

export interface Dataset {
  instrument: Instrument;
  importResult: ImportResult;
  match: MatchResult;
  /** Matched (exact, then fuzzy) people first, then pre-only, then post-only. */
  people: Person[];
}

export const DEMOGRAPHICS_RULE =
  'Background answers are taken from the pre record; a question the pre record leaves unanswered is taken from the post record.';

function scores(instrument: Instrument, record: ImportedRecord): ScaleScores {
  const score: Record<string, number> = {};
  const answered: Record<string, number> = {};
  for (const scale of instrument.scales) {
    const s = scoreScale(instrument, scale, record.responses);
    score[scale.id] = s.score ?? NaN;
    answered[scale.id] = s.answered;
  }
  return { score, answered };
}

/**
 * Comparison scores (minuend − subtrahend scale score, NaN if either is missing): the same arithmetic as
 * comparisonScore() in src/lib/instrument/scoring.ts, on the scale scores already computed.
 */
function comparisons(instrument: Instrument, s: ScaleScores | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of instrument.comparisons) out[c.id] = s ? (s.score[c.minuend] ?? NaN) - (s.score[c.subtrahend] ?? NaN) : NaN;
  return out;
}

function values(instrument: Instrument, record: ImportedRecord): Float64Array {
  const out = new Float64Array(instrument.items.length);
  const responses = record.responses;
  for (let j = 0; j < out.length; j++) {
    const v = responses[instrument.items[j]!.id];
    out[j] = typeof v === 'number' ? v : NaN;
  }
  return out;
}

function person(instrument: Instrument, status: PersonStatus, pre: ImportedRecord | null, post: ImportedRecord | null): Person {
  const first = (pre ?? post)!;
  const demographics: Record<string, string | null> = {};
  for (const d of instrument.demographics) demographics[d.id] = pre?.demographics[d.id] ?? post?.demographics[d.id] ?? null;
  const preScores = pre ? scores(instrument, pre) : null;
  const postScores = post ? scores(instrument, post) : null;
  return {
    participant: first.participant,
    participantPost: pre && post && post.participant !== pre.participant ? post.participant : null,
    module: first.module,
    cohort: pre?.cohort ?? post?.cohort ?? null,
    status,
    pre,
    post,
    preScores,
    postScores,
    preValues: pre ? values(instrument, pre) : null,
    postValues: post ? values(instrument, post) : null,
    preComparisons: comparisons(instrument, preScores),
    postComparisons: comparisons(instrument, postScores),
    demographics,
  };
}

export function buildDataset(importResult: ImportResult, instrument: Instrument, options: { fuzzy?: boolean } = {}): Dataset {
  const match = matchPrePost(importResult.records, { fuzzy: options.fuzzy ?? false });
  const people: Person[] = [
    ...match.pairs.map((p) => person(instrument, p.fuzzy ? 'fuzzy' : 'matched', p.pre, p.post)),
    ...match.preOnly.map((r) => person(instrument, 'pre_only', r, null)),
    ...match.postOnly.map((r) => person(instrument, 'post_only', null, r)),
  ];
  return { instrument, importResult, match, people };
}

// The analysis data set: matched people with their scale scores, built once and shared by analyze()
// and the exports (wide CSV, scale scores).
import { lookupFor, scoreScale } from '../instrument/scoring.ts';
import type { Instrument } from '../instrument/schema.ts';
import { matchPrePost, participantKey, type MatchResult } from '../matching/match.ts';
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
  /** The retrospective "then" record and the follow-up record of the same person, if any. */
  then: ImportedRecord | null;
  followup: ImportedRecord | null;
  preScores: ScaleScores | null;
  postScores: ScaleScores | null;
  thenScores: ScaleScores | null;
  followupScores: ScaleScores | null;
  /**
   * Raw answers in instrument item order, for fast column access (NaN = not answered, or a
   * non-substantive answer such as "Not familiar enough to say", which is no point of the scale).
   */
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
  /** "then" and "followup" records that found no person with a pre or post record (counted, not analysed). */
  unattached: ImportedRecord[];
  /** "then" and "followup" records of a person who has a later one at that timepoint, which is used instead. */
  superseded: ImportedRecord[];
  /** Records that asked no instrument item (knowledge questions only): analysed in the knowledge section. */
  knowledgeOnly: ImportedRecord[];
}

export const DEMOGRAPHICS_RULE = 'Background answers are taken from the pre record; a question the pre record leaves unanswered is taken from the post record.';

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
  const lookup = lookupFor(instrument);
  for (let j = 0; j < out.length; j++) {
    const id = instrument.items[j]!.id;
    const v = responses[id];
    const t = lookup.keyedTable(id);
    // A value whose keyed value is NaN is a non-substantive answer: not a point on the scale.
    out[j] = typeof v === 'number' && t && !Number.isNaN(t.keyed[v - t.lowest] ?? NaN) ? v : NaN;
  }
  return out;
}

function person(
  instrument: Instrument,
  status: PersonStatus,
  pre: ImportedRecord | null,
  post: ImportedRecord | null,
  then: ImportedRecord | null = null,
  followup: ImportedRecord | null = null,
): Person {
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
    then,
    followup,
    preScores,
    postScores,
    thenScores: then ? scores(instrument, then) : null,
    followupScores: followup ? scores(instrument, followup) : null,
    preValues: pre ? values(instrument, pre) : null,
    postValues: post ? values(instrument, post) : null,
    preComparisons: comparisons(instrument, preScores),
    postComparisons: comparisons(instrument, postScores),
    demographics,
  };
}

export const ATTACH_RULE =
  'A "then" or "followup" record belongs to the person whose pre (or, failing that, post) record has the same participant code (or id from the same other system) and module, and the same cohort where both name one; of several, the latest completed is used.';

const personKey = (r: ImportedRecord) => `${r.module ?? ''}\u0000${participantKey(r)}`;
const later = (a: ImportedRecord, b: ImportedRecord) =>
  (a.completedAt ?? '') > (b.completedAt ?? '') || ((a.completedAt ?? '') === (b.completedAt ?? '') && a.seq > b.seq) ? a : b;

/** Records that asked instrument items (a knowledge-only step asks none). */
const asksInstrument = (r: ImportedRecord) => Object.keys(r.responses).length > 0;

export function buildDataset(importResult: ImportResult, instrument: Instrument, options: { fuzzy?: boolean } = {}): Dataset {
  const withItems = importResult.records.filter(asksInstrument);
  const knowledgeOnly = importResult.records.filter((r) => !asksInstrument(r));
  const match = matchPrePost(withItems, { fuzzy: options.fuzzy ?? false });
  // then/followup records by code and module, to attach to people below.
  const extra = new Map<string, ImportedRecord[]>();
  for (const r of match.notAnalysed) {
    const list = extra.get(personKey(r));
    if (list) list.push(r);
    else extra.set(personKey(r), [r]);
  }
  const used = new Set<ImportedRecord>();
  const candidates = new Set<ImportedRecord>();
  const attach = (anchor: ImportedRecord, timepoint: 'then' | 'followup'): ImportedRecord | null => {
    let best: ImportedRecord | null = null;
    for (const r of extra.get(personKey(anchor)) ?? []) {
      if (r.timepoint !== timepoint || (r.cohort !== null && anchor.cohort !== null && r.cohort !== anchor.cohort)) continue;
      candidates.add(r);
      best = best ? later(best, r) : r;
    }
    if (best) used.add(best);
    return best;
  };
  const make = (status: PersonStatus, pre: ImportedRecord | null, post: ImportedRecord | null) => {
    const anchor = (pre ?? post)!;
    return person(instrument, status, pre, post, attach(anchor, 'then'), attach(anchor, 'followup'));
  };
  const people: Person[] = [
    ...match.pairs.map((p) => make(p.fuzzy ? 'fuzzy' : 'matched', p.pre, p.post)),
    ...match.preOnly.map((r) => make('pre_only', r, null)),
    ...match.postOnly.map((r) => make('post_only', null, r)),
  ];
  // A record that belonged to someone but lost to a later one is superseded, not unattached.
  const unattached = match.notAnalysed.filter((r) => !used.has(r) && !candidates.has(r));
  const superseded = match.notAnalysed.filter((r) => !used.has(r) && candidates.has(r));
  return { instrument, importResult, match, people, unattached, superseded, knowledgeOnly };
}

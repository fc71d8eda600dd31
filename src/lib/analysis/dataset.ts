// The analysis data set: matched people with their scale scores, built once and shared by analyze()
// and the exports (wide CSV, scale scores).
import { lookupFor, minimumAnswered, type KeyedTable } from '../instrument/scoring.ts';
import type { Instrument } from '../instrument/schema.ts';
import { joinModules, matchPrePost, participantKey, type MatchResult } from '../matching/match.ts';
import type { ImportedRecord, ImportResult } from '../import/import-types.ts';
import { rowBlocks } from '../util/row-blocks.ts';

export type PersonStatus = 'matched' | 'fuzzy' | 'pre_only' | 'post_only';

export interface ScaleScores {
  /** Scale id → score (NaN when missing). */
  score: Record<string, number>;
  /** Scale id → items answered. */
  answered: Record<string, number>;
}

/**
 * A record's answers in instrument item order (NaN = none). Single precision when every response point
 * is a whole number it holds exactly (|value| ≤ 2^24): the same values in half the memory (100,000 people
 * answering 60 items: 48 MB rather than 96 MB); double precision otherwise.
 */
export type AnswerRow = Float32Array | Float64Array;

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
  preValues: AnswerRow | null;
  postValues: AnswerRow | null;
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

/**
 * What scoring needs of an instrument, looked up once per data set rather than once per record: each
 * item's keyed values (in instrument order) and each scale's items as positions in that order.
 */
interface Scoring {
  itemIds: string[];
  tables: (KeyedTable | undefined)[];
  scales: { id: string; items: number[]; required: number }[];
  /** Hands out each record's row of answers. */
  rows: () => AnswerRow;
}

function scoringOf(instrument: Instrument): Scoring {
  const lookup = lookupFor(instrument);
  const position = new Map(instrument.items.map((item, j) => [item.id, j]));
  return {
    itemIds: instrument.items.map((item) => item.id),
    tables: instrument.items.map((item) => lookup.keyedTable(item.id)),
    // An item a scale names that the instrument lacks counts as unanswered (as scoreScale has it).
    scales: instrument.scales.map((scale) => ({ id: scale.id, items: scale.items.map((id) => position.get(id) ?? -1), required: minimumAnswered(scale) })),
    rows: rowBlocks<AnswerRow>(
      instrument.items.length,
      instrument.responseScales.every((s) => s.points.every((p) => Number.isInteger(p.value) && Math.abs(p.value) <= 2 ** 24))
        ? (n) => new Float32Array(n)
        : (n) => new Float64Array(n),
    ),
  };
}

/**
 * Scale scores by scoreScale()'s rule (src/lib/instrument/scoring.ts: mean of the keyed answers, summed in
 * the scale's item order, when enough are answered), from the record's answers already in item order.
 */
function scores(scoring: Scoring, answers: AnswerRow): ScaleScores {
  const score: Record<string, number> = {};
  const answered: Record<string, number> = {};
  // Indexed loops: run once per record, this code is still unoptimised for the first thousands of records,
  // where a for-of makes an object for each step.
  const { scales } = scoring;
  for (let s = 0; s < scales.length; s++) {
    const scale = scales[s]!;
    let sum = 0;
    let n = 0;
    for (let i = 0; i < scale.items.length; i++) {
      const j = scale.items[i]!;
      const v = j < 0 ? NaN : answers[j]!;
      if (Number.isNaN(v)) continue;
      const t = scoring.tables[j]!;
      sum += t.keyed[v - t.lowest]!;
      n += 1;
    }
    score[scale.id] = n >= scale.required && n > 0 ? sum / n : NaN;
    answered[scale.id] = n;
  }
  return { score, answered };
}

/**
 * Comparison scores (minuend − subtrahend scale score, NaN if either is missing): the same arithmetic as
 * comparisonScore() in src/lib/instrument/scoring.ts, on the scale scores already computed.
 */
function comparisons(instrument: Instrument, s: ScaleScores | null): Record<string, number> {
  const out: Record<string, number> = {};
  const list = instrument.comparisons;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    out[c.id] = s ? (s.score[c.minuend] ?? NaN) - (s.score[c.subtrahend] ?? NaN) : NaN;
  }
  return out;
}

function values(scoring: Scoring, record: ImportedRecord): AnswerRow {
  const { itemIds, tables } = scoring;
  const out = scoring.rows();
  const responses = record.responses;
  for (let j = 0; j < out.length; j++) {
    const v = responses[itemIds[j]!];
    const t = tables[j];
    // A value whose keyed value is NaN is a non-substantive answer: not a point on the scale.
    out[j] = typeof v === 'number' && t && !Number.isNaN(t.keyed[v - t.lowest] ?? NaN) ? v : NaN;
  }
  return out;
}

function person(
  instrument: Instrument,
  scoring: Scoring,
  status: PersonStatus,
  pre: ImportedRecord | null,
  post: ImportedRecord | null,
  then: ImportedRecord | null = null,
  followup: ImportedRecord | null = null,
): Person {
  const first = (pre ?? post)!;
  const demographics: Record<string, string | null> = {};
  const questions = instrument.demographics;
  for (let q = 0; q < questions.length; q++) {
    const id = questions[q]!.id;
    demographics[id] = pre?.demographics[id] ?? post?.demographics[id] ?? null;
  }
  const preValues = pre ? values(scoring, pre) : null;
  const postValues = post ? values(scoring, post) : null;
  const preScores = preValues ? scores(scoring, preValues) : null;
  const postScores = postValues ? scores(scoring, postValues) : null;
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
    thenScores: then ? scores(scoring, values(scoring, then)) : null,
    followupScores: followup ? scores(scoring, values(scoring, followup)) : null,
    preValues,
    postValues,
    preComparisons: comparisons(instrument, preScores),
    postComparisons: comparisons(instrument, postScores),
    demographics,
  };
}

export const ATTACH_RULE =
  'A "then" or "followup" record belongs to the person whose pre (or, failing that, post) record has the same participant code (or id from the same other system) and module (a record without a module taking the only one its participant\'s other records name), and the same cohort where both name one; of several, the latest completed is used.';

const personKey = (r: ImportedRecord) => `${r.module ?? ''}\u0000${participantKey(r)}`;
const later = (a: ImportedRecord, b: ImportedRecord) =>
  (a.completedAt ?? '') > (b.completedAt ?? '') || ((a.completedAt ?? '') === (b.completedAt ?? '') && a.seq > b.seq) ? a : b;

/**
 * Records that asked instrument items (a knowledge-only step asks none). Most records answer the first item,
 * looked up by name; enumerating keys, even just the first, makes V8 list and sort all of a large record's.
 */
function asksInstrument(r: ImportedRecord, firstItem: string | undefined): boolean {
  if (firstItem !== undefined && Object.hasOwn(r.responses, firstItem)) return true;
  for (const _ in r.responses) return true;
  return false;
}

export function buildDataset(importResult: ImportResult, instrument: Instrument, options: { fuzzy?: boolean } = {}): Dataset {
  const withItems: ImportedRecord[] = [];
  const knowledgeOnly: ImportedRecord[] = [];
  const firstItem = instrument.items[0]?.id;
  const joined = joinModules(importResult.records);
  for (let i = 0; i < joined.length; i++) (asksInstrument(joined[i]!, firstItem) ? withItems : knowledgeOnly).push(joined[i]!);
  const scoring = scoringOf(instrument);
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
    if (extra.size === 0) return null; // (no key made for each person when there is nothing to attach)
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
    return person(instrument, scoring, status, pre, post, attach(anchor, 'then'), attach(anchor, 'followup'));
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

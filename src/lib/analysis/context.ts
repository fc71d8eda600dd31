// What several report sections share, computed once from the data set: the matched pairs, their scale
// scores as columns, change scores and their ranks.
import { lookupFor, type InstrumentLookup } from '../instrument/scoring.ts';
import type { Instrument } from '../instrument/schema.ts';
import type { AnswerRow, Dataset, Person } from './dataset.ts';
import type { AnalysisOptions } from './report-types.ts';

export interface AnalysisContext {
  ds: Dataset;
  instrument: Instrument;
  lookup: InstrumentLookup;
  confLevel: number;
  fuzzy: boolean;
  /** Matched pairs (exact and fuzzy). */
  paired: Person[];
  preOnly: Person[];
  /** Raw answers of everyone with a record at each timepoint (for alpha). */
  preAnswers: AnswerRow[];
  postAnswers: AnswerRow[];
  itemIndex: Map<string, number>;
  /**
   * Per scale, the matched pairs' scores and items answered (NaN = missing). Typed arrays, as are the
   * columns below: at 100,000 pairs an array of numbers that long is a large object of fresh memory.
   */
  preScore: Map<string, Float64Array>;
  postScore: Map<string, Float64Array>;
  preAnswered: Map<string, Float64Array>;
  postAnswered: Map<string, Float64Array>;
  /** Per scale, each matched pair's change (post − pre; NaN when either score is missing). */
  changeScore: Map<string, Float64Array>;
  /** Per scale, each change's position among the scale's distinct changes (for rank tests). */
  changePosition: Map<string, Float64Array>;
}

/** The answers of everyone with a record at a timepoint (a loop: flatMap made an array for each person). */
function answersAt(people: readonly Person[], side: 'preValues' | 'postValues'): AnswerRow[] {
  const out: AnswerRow[] = [];
  for (let i = 0; i < people.length; i++) {
    const values = people[i]![side];
    if (values) out.push(values);
  }
  return out;
}

export function analysisContext(ds: Dataset, options: AnalysisOptions): AnalysisContext {
  const { instrument } = ds;
  const paired = ds.people.filter((p) => p.status === 'matched' || p.status === 'fuzzy');
  const columns = (side: 'pre' | 'post') => {
    const ids = instrument.scales.map((sc) => sc.id);
    const score = ids.map(() => new Float64Array(paired.length));
    const answered = ids.map(() => new Float64Array(paired.length));
    for (let i = 0; i < paired.length; i++) {
      const s = side === 'pre' ? paired[i]!.preScores! : paired[i]!.postScores!;
      for (let j = 0; j < ids.length; j++) {
        score[j]![i] = s.score[ids[j]!]!;
        answered[j]![i] = s.answered[ids[j]!]!;
      }
    }
    return { score: new Map(ids.map((id, j) => [id, score[j]!])), answered: new Map(ids.map((id, j) => [id, answered[j]!])) };
  };
  const pre = columns('pre');
  const post = columns('post');
  const changeScore = new Map(
    instrument.scales.map((sc) => {
      const a = pre.score.get(sc.id)!;
      const b = post.score.get(sc.id)!;
      return [sc.id, b.map((x, i) => x - a[i]!)] as const;
    }),
  );
  // Kruskal–Wallis uses the changes only through their ranks, so it is given each change's position
  // among the scale's distinct changes, sorted once per scale instead of once per background question:
  // same order, same ties, same H; and whole numbers are ranked by counting, without a sort.
  const changePosition = new Map(
    instrument.scales.map((sc) => {
      const change = changeScore.get(sc.id)!;
      // (A typed array's filter gathers what it keeps in a list of numbers first: the set is filled directly.)
      const present = new Set<number>();
      for (let i = 0; i < change.length; i++) if (!Number.isNaN(change[i]!)) present.add(change[i]!);
      const distinct = Float64Array.from(present).sort();
      const at = new Map<number, number>();
      distinct.forEach((v, i) => at.set(v, i));
      return [sc.id, change.map((d) => (Number.isNaN(d) ? NaN : at.get(d)!))] as const;
    }),
  );
  return {
    ds,
    instrument,
    lookup: lookupFor(instrument),
    confLevel: options.confLevel ?? 0.95,
    fuzzy: options.fuzzy ?? false,
    paired,
    preOnly: ds.people.filter((p) => p.status === 'pre_only'),
    preAnswers: answersAt(ds.people, 'preValues'),
    postAnswers: answersAt(ds.people, 'postValues'),
    itemIndex: new Map(instrument.items.map((item, j) => [item.id, j])),
    preScore: pre.score,
    postScore: post.score,
    preAnswered: pre.answered,
    postAnswered: post.answered,
    changeScore,
    changePosition,
  };
}

// The evaluator's report (output of analyze()). Numbers are plain numbers at full precision; anything
// not computable is null (never NaN), so the report serialises to JSON as is.
import type { SampleFlow } from '../matching/match.ts';
import type { ImportCounts, ImportProblem } from '../import/import-types.ts';
import type { CellCount } from './suppress.ts';

export type Num = number | null;

export interface AlphaItem {
  item: string;
  /** Raw α of the scale without this item (psych alpha.drop raw_alpha). */
  alphaIfDeleted: Num;
  /** Corrected item–total correlation (psych r.drop). */
  rDrop: Num;
}

export interface TimepointSummary {
  /** Over the matched pairs with both scale scores (n of the scale). */
  mean: Num;
  sd: Num;
  /** Cronbach's α over every record of this timepoint with all items of the scale answered (listwise). */
  alpha: Num;
  /** Feldt 95% CI of α. */
  alphaCiLow: Num;
  alphaCiHigh: Num;
  /** Records used for α. */
  alphaN: number;
  alphaItems: AlphaItem[];
  /** Items left out of α because every record used answered them alike (psych::alpha drops them too). */
  alphaLeftOut: string[];
  /** Scale scores (among the n pairs) computed from fewer than all items (proration). */
  prorated: number;
}

export interface PairedTests {
  tTest: { t: Num; df: Num; p: Num };
  wilcoxon: { V: Num; p: Num; method: string; zeros: number; n: number };
  effectSize: { dz: Num; dzCiLow: Num; dzCiHigh: Num; gz: Num };
}

/** A paired comparison of two timepoints: n, the mean difference with its CI, and the tests. */
export interface PairedBlock extends PairedTests {
  n: number;
  difference: { mean: Num; sd: Num; ciLow: Num; ciHigh: Num };
}

export interface FriedmanSummary {
  /** People with a score at pre, post and follow-up. */
  n: number;
  statistic: Num;
  df: number;
  p: Num;
  note?: string;
  /** Paired Wilcoxon tests for each pair of timepoints on the same people, Holm-adjusted. */
  pairwise: { first: 'pre' | 'post' | 'followup'; second: 'pre' | 'post' | 'followup'; V: Num; p: Num; pHolm: Num; method: string }[];
}

export interface ThenPart {
  n: number;
  difference: { mean: Num; sd: Num; ciLow: Num; ciHigh: Num };
  tTest: { t: Num; df: Num; p: Num };
}

export interface ThenTestResult {
  /** then − pre. */
  responseShift: ThenPart;
  /** post − then. */
  thenToPost: ThenPart;
}

export interface ScaleResult extends PairedTests {
  id: string;
  title: string;
  higherMeans: string;
  items: string[];
  /** Matched pairs with a score at both timepoints. */
  n: number;
  pre: TimepointSummary;
  post: TimepointSummary;
  /** post − pre. */
  difference: { mean: Num; sd: Num; ciLow: Num; ciHigh: Num };
  reliableChange: {
    improved: number;
    unchanged: number;
    deteriorated: number;
    n: number;
    /** Pre α used as reliability. */
    reliability: Num;
    sDiff: Num;
    /** Smallest raw change counted as reliable (1.96 · S_diff). */
    minimumReliableChange: Num;
    reason?: string;
  };
  /** Follow-up − pre on people with both scores; null when no follow-up record was imported. */
  followUp: PairedBlock | null;
  /** Pre, post and follow-up together; null without follow-up records. */
  friedman: FriedmanSummary | null;
  /** Retrospective "then" answers; null without then records. */
  thenTest: ThenTestResult | null;
}

export interface ItemResult {
  id: string;
  text: string;
  /** Scales the item belongs to. */
  scales: string[];
  reverse: boolean;
  /** Pairs that answered the item at both timepoints. */
  n: number;
  /** Raw responses (not reverse-keyed); agree = % of answers in the top two points of the response scale. */
  pre: { mean: Num; agree: Num };
  post: { mean: Num; agree: Num };
  wilcoxon: { V: Num; p: Num; pHolm: Num; method: string };
}

export interface GapResult extends PairedTests {
  id: string;
  title: string;
  minuend: string;
  subtrahend: string;
  /** Pairs with the gap at both timepoints. */
  n: number;
  pre: { mean: Num; sd: Num };
  post: { mean: Num; sd: Num };
  /** post gap − pre gap. */
  change: { mean: Num; sd: Num; ciLow: Num; ciHigh: Num };
}

export interface SubgroupCell {
  scale: string;
  n: CellCount;
  meanChange: Num;
  sdChange: Num;
  ciLow: Num;
  ciHigh: Num;
}

export interface SubgroupGroup {
  /** Option value, or null for "no answer". */
  value: string | null;
  label: string;
  /** Matched pairs in the group. */
  n: CellCount;
  scales: SubgroupCell[];
}

export interface SubgroupTest {
  scale: string;
  /** Option values of the groups tested (each with at least 5 change scores). */
  groups: string[];
  n: number;
  welchAnova: { F: Num; df1: Num; df2: Num; p: Num } | null;
  kruskalWallis: { H: Num; df: Num; p: Num } | null;
  note: string;
}

export interface SubgroupResult {
  id: string;
  text: string;
  predictor: string;
  groups: SubgroupGroup[];
  tests: SubgroupTest[];
}

export interface AttritionGroup {
  n: CellCount;
  mean: Num;
  sd: Num;
}

export interface AttritionResult {
  scale: string;
  /** Pre scores of people with a matched post record. */
  completers: AttritionGroup;
  /** Pre scores of people without a post record. */
  preOnly: AttritionGroup;
  /** Welch t-test, completers − pre-only; null when a group is suppressed or too small. */
  welch: { t: Num; df: Num; p: Num; difference: Num; ciLow: Num; ciHigh: Num } | null;
  note: string;
}

/**
 * The import's counts (files, records read / imported / rejected / kept apart) followed by matching's
 * sample flow (people with pre and post records, pairs, duplicates, exclusions).
 */
export interface ReportSampleFlow
  extends Pick<ImportCounts, 'files' | 'lrsPages' | 'recordsRead' | 'imported' | 'rejected' | 'otherInstrument' | 'identicalCopies' | 'checksumMismatch'>,
    Omit<SampleFlow, 'records'> {
  /** Follow-up records imported. */
  followup: number;
  /** People with a pre and a follow-up record. */
  matchedFollowUp: number;
  /** People with a pre, a post and a follow-up record (the Friedman test's people). */
  allThree: number;
  /** Retrospective "then" records imported. */
  then: number;
  /** Records that asked only knowledge questions. */
  knowledgeOnly: number;
}

export interface McNemarSummary {
  /** Yes before and no after; no before and yes after. */
  b: number;
  c: number;
  method: string;
  statistic: Num;
  df: Num;
  p: Num;
}

export interface KnowledgeQuestionResult {
  id: string;
  objective: number;
  /** People who answered before and after (an unanswered question counts as not correct). */
  n: number;
  correctPre: number;
  correctPost: number;
  mcnemar: McNemarSummary;
}

export interface KnowledgeObjectiveResult extends PairedBlock {
  objective: number;
  text: string;
  questions: string[];
  /** Mean % correct over the objective's questions. */
  pre: { mean: Num; sd: Num };
  post: { mean: Num; sd: Num };
}

export interface KnowledgeModuleResult extends PairedBlock {
  module: string;
  /** Fingerprint of the questions scored. */
  questionsHash: string;
  questions: number;
  /** Mean % correct before and after, over the n people with both. */
  pre: { mean: Num; sd: Num };
  post: { mean: Num; sd: Num };
  /** Knowledge records whose questions had another fingerprint (not scored). */
  otherVersion: number;
  objectives: KnowledgeObjectiveResult[];
  items: KnowledgeQuestionResult[];
}

export interface FamiliarityResult {
  /** twelve-step or psychiatric. */
  target: string;
  /** Attitude items of this target that offer "not familiar". */
  items: string[];
  /** Matched pairs asked these items at both timepoints. */
  n: number;
  /** People answering "not familiar" to at least one item, and the share of all answers that were. */
  pre: { people: number; share: Num };
  post: { people: number; share: Num };
  mcnemar: McNemarSummary;
}

export interface RecordRef {
  participant: string;
  file: string;
  record?: number;
  /** The xAPI statement that carried the record, when it came from one. */
  statement?: string;
  line?: number;
}

export interface ReportMatching {
  fuzzyPairs: { module: string | null; pre: RecordRef; post: RecordRef; differingElement: number }[];
  ambiguousFuzzy: { module: string | null; pre: RecordRef[]; post: RecordRef[] }[];
  duplicates: { participant: string; module: string | null; cohort: string | null; timepoint: string; used: RecordRef; duplicates: RecordRef[] }[];
}

export interface KnowledgeBankModule {
  moduleId: string;
  objectives: string[];
  questions: { id: string; objective: number; options: { correct?: boolean }[] }[];
  /** knowledgeFingerprint of the questions. */
  hash: string;
}

export interface AnalysisOptions {
  /** The scored knowledge questions, per module, to score records' knowledge answers against. */
  knowledge?: readonly KnowledgeBankModule[];
  /** Fuzzy matching (one differing code element), default false. */
  fuzzy?: boolean;
  /** Confidence level of every CI, default 0.95. */
  confLevel?: number;
  /** ISO time stamped into meta.generatedAt; default now. */
  generatedAt?: string;
}

/** One file of the import: what it was read as, and which kind of participant ids its records carry. */
export interface ReportSource {
  file: string;
  /** 'json', 'csv' (long CSV), 'redcap', 'qualtrics', …; null when the file was not read. */
  format: string | null;
  /** Records imported from it. */
  records: number;
  /** Of those, with a four-part participant code / with an id from another system (matched exactly). */
  codes: number;
  otherIds: number;
  /** In words: 'participant codes', 'ids from another system', 'both', or 'none' (no record imported). */
  participantIds: 'participant codes' | 'ids from another system' | 'both' | 'none';
}

export interface ReportMeta {
  tool: string;
  reportVersion: 1;
  generatedAt: string;
  instrument: { id: string; version: string; hash: string; title: string };
  options: { fuzzy: boolean; confLevel: number; minCellSize: number; digitsRank: number; rciCriterion: number };
  import: ImportCounts;
  otherInstruments: { id: string; version: string; hash: string | null; count: number; reason: string }[];
  /** Every file given, in order: how it was read and which kind of participant ids it used. */
  sources: ReportSource[];
  /** The R call each statistic reproduces (validated against R 4.2.2). */
  rEquivalents: { statistic: string; r: string }[];
  rules: Record<string, string>;
}

export interface Report {
  meta: ReportMeta;
  sampleFlow: ReportSampleFlow;
  scales: ScaleResult[];
  items: ItemResult[];
  gap: GapResult[];
  subgroups: SubgroupResult[];
  attrition: AttritionResult[];
  /** People with vs without a follow-up, at baseline; null without follow-up records. */
  attritionFollowUp: AttritionResult[] | null;
  knowledge: KnowledgeModuleResult[];
  familiarity: FamiliarityResult[];
  matching: ReportMatching;
  problems: ImportProblem[];
}

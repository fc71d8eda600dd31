// Pre/post matching of imported records by participant id, with duplicate handling and optional fuzzy
// matching (one differing code element, participant codes only). The rules are exported as text so reports
// can state them.
import type { ImportedRecord } from '../import/import-types.ts';
import { codeElements, elementDistance } from '../records/participant-code.ts';

export const EXACT_RULE =
  "Pre and post are matched when the normalised participant code (case, spaces and accents removed) and the module are the same; when both records name a cohort, the cohorts must be the same too. A record without a cohort joins the only cohort its code appears in; if its code appears in several cohorts, it matches only records without a cohort. Likewise a record without a module (a REDCap or Qualtrics export, a long CSV without a module column) joins the only module its participant's other records name; if they name several, it matches only records without a module. Ids from another system (REDCap record ids, Qualtrics ids, LMS learner ids) are matched the same way but exactly as written (case kept), and only with ids of that kind: an id never matches a participant code.";

/**
 * The key a record is matched by: its participant id in the namespace of its kind, so an id from another
 * system never matches a participant code that reads the same ("MA-07-SA-2" typed into REDCap as a record id).
 */
export const participantKey = (r: Pick<ImportedRecord, 'participant' | 'participantKind'>): string =>
  r.participantKind === 'opaque' ? `id\u0001${r.participant}` : r.participant;

/** Fuzzy matching compares the four elements of participant codes; ids from other systems never take part. */
const isCode = (r: ImportedRecord) => r.participantKind !== 'opaque';

/**
 * The records, each one that names no module given the only module its participant's other records name
 * (EXACT_RULE): a follow-up answered in REDCap, which has no module field, then belongs to the learner who
 * took the module, rather than counting as another person. Records are copied, never changed; the array is
 * the same when no record lacks a module.
 */
export function joinModules(records: readonly ImportedRecord[]): readonly ImportedRecord[] {
  const SEVERAL = '\u0000several';
  // Mostly every record names its module: nothing to look up then.
  if (!records.some((r) => r.module === null)) return records;
  const modules = new Map<string, string>();
  for (const r of records) {
    if (r.module === null) continue;
    const key = participantKey(r);
    const known = modules.get(key);
    if (known === undefined) modules.set(key, r.module);
    else if (known !== r.module) modules.set(key, SEVERAL);
  }
  return records.map((r) => {
    if (r.module !== null) return r;
    const module = modules.get(participantKey(r));
    return module === undefined || module === SEVERAL ? r : { ...r, module };
  });
}

export const DUPLICATE_RULE =
  "When a participant code has more than one record at a timepoint (same module and cohort), one record per timepoint is used: (1) if pre and post records of the same attempt exist, the latest such attempt (by the post record's completion time) is used; (2) otherwise the record with the most answered items, and among those the latest completed (CSV records, which carry no time, count by the order read: later wins). All other records of that code and timepoint are listed as duplicates and not analysed.";

export const FUZZY_RULE =
  "Fuzzy matching (off unless asked for) applies to four-part participant codes only, never to ids from another system, and is tried only for records left unmatched by the exact rule: a pre and a post record of the same module (and cohort, if both name one) whose codes differ in exactly one of the four code elements are paired only if each is the other's only such candidate. Candidates that are not unique are reported as ambiguous and left unmatched. Fuzzy pairs are reported separately.";

export interface MatchOptions {
  /** Allow one differing code element for records left unmatched (default false). */
  fuzzy?: boolean;
}

export interface MatchedPair {
  pre: ImportedRecord;
  post: ImportedRecord;
  fuzzy: boolean;
  /** Fuzzy pairs: index (0-based) of the code element that differs. */
  differingElement?: number;
}

export interface DuplicateSet {
  participant: string;
  participantKind: ImportedRecord['participantKind'];
  module: string | null;
  cohort: string | null;
  timepoint: 'pre' | 'post';
  used: ImportedRecord;
  duplicates: ImportedRecord[];
}

/** A group of unmatched records linked by one-element code differences that is not a unique 1:1 pair. */
export interface AmbiguousFuzzy {
  module: string | null;
  pre: ImportedRecord[];
  post: ImportedRecord[];
}

export interface ExclusionCount {
  reason: string;
  count: number;
}

export interface SampleFlow {
  /** Records given to matching. */
  records: number;
  /** Pre and post records before duplicates were set aside. */
  preRecords: number;
  postRecords: number;
  /** People (code × module × cohort) with a pre record, resp. post record, after duplicates. */
  pre: number;
  post: number;
  /** Exact pairs. */
  matched: number;
  /** Fuzzy pairs (0 when fuzzy matching is off). */
  matchedFuzzy: number;
  preOnly: number;
  postOnly: number;
  /** Duplicate records set aside (not analysed). */
  duplicates: number;
  /** Groups of records with ambiguous fuzzy candidates (left unmatched). */
  ambiguousFuzzy: number;
  /** Fuzzy pairs that --fuzzy would add (reported when fuzzy matching is off; equal to matchedFuzzy when on). */
  fuzzyAvailable: number;
  excluded: ExclusionCount[];
}

export interface MatchResult {
  /** Exact pairs first, then fuzzy pairs. */
  pairs: MatchedPair[];
  preOnly: ImportedRecord[];
  postOnly: ImportedRecord[];
  duplicates: DuplicateSet[];
  ambiguousFuzzy: AmbiguousFuzzy[];
  /** then/followup records (not analysed). */
  notAnalysed: ImportedRecord[];
  flow: SampleFlow;
}

const answeredCount = (r: ImportedRecord): number => {
  let n = 0;
  for (const v of Object.values(r.responses)) if (v !== null) n++;
  return n;
};

/** Later-is-larger comparison of completion times; records without a time sort before timed ones, then by read order. */
function compareRecency(a: ImportedRecord, b: ImportedRecord): number {
  const ta = a.completedAt ? Date.parse(a.completedAt) : NaN;
  const tb = b.completedAt ? Date.parse(b.completedAt) : NaN;
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb;
  if (Number.isNaN(ta) !== Number.isNaN(tb)) return Number.isNaN(ta) ? -1 : 1;
  return a.seq - b.seq;
}

/** Rule (2): most answered items, then latest completed, then read later. */
function best(records: readonly ImportedRecord[]): ImportedRecord {
  let top = records[0]!;
  let topAnswered = answeredCount(top);
  for (let i = 1; i < records.length; i++) {
    const r = records[i]!;
    const n = answeredCount(r);
    if (n > topAnswered || (n === topAnswered && compareRecency(r, top) > 0)) {
      top = r;
      topAnswered = n;
    }
  }
  return top;
}

interface Partition {
  module: string | null;
  participant: string;
  participantKind: ImportedRecord['participantKind'];
  cohort: string | null;
  pre: ImportedRecord[];
  post: ImportedRecord[];
}

function choose(part: Partition): { pre: ImportedRecord | null; post: ImportedRecord | null } {
  if (part.pre.length <= 1 && part.post.length <= 1) return { pre: part.pre[0] ?? null, post: part.post[0] ?? null };
  // Rule (1): a complete attempt.
  const preAttempts = new Set(part.pre.map((r) => r.attemptId).filter((id): id is string => id !== null));
  const postsOfAttempts = part.post.filter((r) => r.attemptId !== null && preAttempts.has(r.attemptId));
  if (postsOfAttempts.length > 0) {
    let post = postsOfAttempts[0]!;
    for (const r of postsOfAttempts) if (compareRecency(r, post) > 0) post = r;
    const pre = best(part.pre.filter((r) => r.attemptId === post.attemptId));
    return { pre, post };
  }
  return { pre: part.pre.length ? best(part.pre) : null, post: part.post.length ? best(part.post) : null };
}

export function matchPrePost(records: readonly ImportedRecord[], options: MatchOptions = {}): MatchResult {
  const fuzzy = options.fuzzy ?? false;
  const notAnalysed: ImportedRecord[] = [];
  const groups = new Map<string, ImportedRecord[]>();
  let preRecords = 0;
  let postRecords = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.timepoint !== 'pre' && r.timepoint !== 'post') {
      notAnalysed.push(r);
      continue;
    }
    if (r.timepoint === 'pre') preRecords++;
    else postRecords++;
    const key = `${r.module ?? ''}\u0000${participantKey(r)}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }

  const partitions: Partition[] = [];
  for (const g of groups.values()) {
    const first = g[0]!;
    // The one cohort the group's records name (null: none names one), or undefined when they name several.
    let single: string | null | undefined = null;
    for (let i = 0; i < g.length; i++) {
      const r = g[i]!;
      if (r.cohort === null || r.cohort === single) continue;
      if (single !== null) {
        single = undefined;
        break;
      }
      single = r.cohort;
    }
    if (single !== undefined) {
      // One cohort (or none): one partition, without a map (the usual case, once per person).
      const p: Partition = {
        module: first.module,
        participant: first.participant,
        participantKind: first.participantKind === 'opaque' ? 'opaque' : 'code',
        cohort: single,
        pre: [],
        post: [],
      };
      partitions.push(p);
      for (let i = 0; i < g.length; i++) (g[i]!.timepoint === 'pre' ? p.pre : p.post).push(g[i]!);
      continue;
    }
    const byCohort = new Map<string | null, Partition>();
    for (const r of g) {
      const cohort = single !== undefined ? single : r.cohort;
      let p = byCohort.get(cohort);
      if (!p) {
        p = {
          module: first.module,
          participant: first.participant,
          participantKind: first.participantKind === 'opaque' ? 'opaque' : 'code',
          cohort,
          pre: [],
          post: [],
        };
        byCohort.set(cohort, p);
        partitions.push(p);
      }
      (r.timepoint === 'pre' ? p.pre : p.post).push(r);
    }
  }

  const pairs: MatchedPair[] = [];
  const duplicates: DuplicateSet[] = [];
  let preOnly: ImportedRecord[] = [];
  let postOnly: ImportedRecord[] = [];
  let duplicateCount = 0;
  const setAside = (part: Partition, timepoint: 'pre' | 'post', used: ImportedRecord | null, all: ImportedRecord[]): void => {
    if (!used || all.length <= 1) return;
    const dups = all.filter((r) => r !== used);
    duplicateCount += dups.length;
    duplicates.push({
      participant: part.participant,
      participantKind: part.participantKind,
      module: part.module,
      cohort: part.cohort,
      timepoint,
      used,
      duplicates: dups,
    });
  };
  // (Indexed loops and no list of the two timepoints per person: this runs once, mostly unoptimised.)
  for (let i = 0; i < partitions.length; i++) {
    const part = partitions[i]!;
    const { pre, post } = choose(part);
    setAside(part, 'pre', pre, part.pre);
    setAside(part, 'post', post, part.post);
    if (pre && post) pairs.push({ pre, post, fuzzy: false });
    else if (pre) preOnly.push(pre);
    else if (post) postOnly.push(post);
  }
  const matched = pairs.length;

  // Fuzzy candidates among the unmatched: blocking on "code with one element wildcarded".
  const fuzzyResult = fuzzyCandidates(preOnly.filter(isCode), postOnly.filter(isCode));
  let matchedFuzzy = 0;
  if (fuzzy && fuzzyResult.unique.length > 0) {
    const usedPre = new Set<ImportedRecord>();
    const usedPost = new Set<ImportedRecord>();
    for (const f of fuzzyResult.unique) {
      pairs.push({ pre: f.pre, post: f.post, fuzzy: true, differingElement: f.element });
      usedPre.add(f.pre);
      usedPost.add(f.post);
    }
    matchedFuzzy = fuzzyResult.unique.length;
    preOnly = preOnly.filter((r) => !usedPre.has(r));
    postOnly = postOnly.filter((r) => !usedPost.has(r));
  }

  const excluded: ExclusionCount[] = [];
  if (duplicateCount) excluded.push({ reason: 'duplicate record (another record of the same code and timepoint is used)', count: duplicateCount });
  const byTp = new Map<string, number>();
  for (const r of notAnalysed) byTp.set(r.timepoint, (byTp.get(r.timepoint) ?? 0) + 1);
  for (const [tp, count] of byTp) excluded.push({ reason: `timepoint "${tp}" (kept, not analysed)`, count });

  return {
    pairs,
    preOnly,
    postOnly,
    duplicates,
    ambiguousFuzzy: fuzzyResult.ambiguous,
    notAnalysed,
    flow: {
      records: records.length,
      preRecords,
      postRecords,
      pre: matched + matchedFuzzy + preOnly.length,
      post: matched + matchedFuzzy + postOnly.length,
      matched,
      matchedFuzzy,
      preOnly: preOnly.length,
      postOnly: postOnly.length,
      duplicates: duplicateCount,
      ambiguousFuzzy: fuzzyResult.ambiguous.length,
      fuzzyAvailable: fuzzyResult.unique.length,
      excluded,
    },
  };
}

const cohortsCompatible = (a: ImportedRecord, b: ImportedRecord) => a.cohort === null || b.cohort === null || a.cohort === b.cohort;

function fuzzyCandidates(
  pres: readonly ImportedRecord[],
  posts: readonly ImportedRecord[],
): {
  unique: { pre: ImportedRecord; post: ImportedRecord; element: number }[];
  ambiguous: AmbiguousFuzzy[];
} {
  const index = new Map<string, ImportedRecord[]>();
  const blockKeys = (r: ImportedRecord): string[] => {
    const el = codeElements(r.participant);
    return el.map((_, i) => `${r.module ?? ''}\u0000${i}\u0000${el.map((e, j) => (j === i ? '*' : e)).join('-')}`);
  };
  for (const q of posts) {
    for (const k of blockKeys(q)) {
      const list = index.get(k);
      if (list) list.push(q);
      else index.set(k, [q]);
    }
  }
  const preEdges = new Map<ImportedRecord, ImportedRecord[]>();
  const postEdges = new Map<ImportedRecord, ImportedRecord[]>();
  for (const p of pres) {
    const cands = new Set<ImportedRecord>();
    for (const k of blockKeys(p)) {
      for (const q of index.get(k) ?? []) {
        if (elementDistance(p.participant, q.participant) === 1 && cohortsCompatible(p, q)) cands.add(q);
      }
    }
    if (cands.size === 0) continue;
    preEdges.set(p, [...cands]);
    for (const q of cands) {
      const list = postEdges.get(q);
      if (list) list.push(p);
      else postEdges.set(q, [p]);
    }
  }
  const unique: { pre: ImportedRecord; post: ImportedRecord; element: number }[] = [];
  const ambiguous: AmbiguousFuzzy[] = [];
  const visited = new Set<ImportedRecord>();
  for (const [p, cands] of preEdges) {
    if (visited.has(p)) continue;
    // Connected component of the candidate graph.
    const compPre = new Set<ImportedRecord>();
    const compPost = new Set<ImportedRecord>();
    const stack: { r: ImportedRecord; pre: boolean }[] = [{ r: p, pre: true }];
    while (stack.length) {
      const { r, pre } = stack.pop()!;
      if (visited.has(r)) continue;
      visited.add(r);
      (pre ? compPre : compPost).add(r);
      for (const n of (pre ? preEdges.get(r) : postEdges.get(r)) ?? []) if (!visited.has(n)) stack.push({ r: n, pre: !pre });
    }
    if (compPre.size === 1 && compPost.size === 1) {
      const q = cands[0]!;
      const a = codeElements(p.participant);
      const b = codeElements(q.participant);
      unique.push({ pre: p, post: q, element: a.findIndex((e, i) => e !== b[i]) });
    } else {
      ambiguous.push({ module: p.module, pre: [...compPre].sort((x, y) => x.seq - y.seq), post: [...compPost].sort((x, y) => x.seq - y.seq) });
    }
  }
  unique.sort((x, y) => x.pre.seq - y.pre.seq);
  return { unique, ambiguous };
}

// What a learner's browser keeps between visits: a versioned format, migrations from older versions, the
// one structural check every reader uses (the learner pages and the LMS wrapper alike), and the merge of
// two copies (two tabs, storage and this tab's memory, the browser and the LMS) that never loses a
// submitted record. Pure (no DOM, no zod) because every questionnaire page ships it.
import type { ModuleActivity } from './activity.ts';
import type { ResultRecord } from '../records/result-record.ts';
import { isModuleActivity, mergeModuleActivity } from './activity.ts';

export const STATE_VERSION = 2;

export interface InstrumentRef {
  id: string;
  version: string;
  hash: string;
}

/** One questionnaire page's answers for one attempt, then its signed record once submitted. */
export interface Phase {
  /** Instrument item id → answer value (non-substantive codes such as "not familiar" included). */
  responses: Record<string, number>;
  /** Knowledge question id → index of the option chosen (in the question bank's order). */
  knowledge: Record<string, number>;
  startedAt: string | null;
  /** When an answer last changed: decides which copy's unsubmitted answers win in a merge. */
  updatedAt: string | null;
  completedAt: string | null;
  record: ResultRecord | null;
}

/** Set by the assignment that started the attempt; fixed for the attempt's life. */
export interface AttemptOptions {
  /** Ask the retrospective "then" block with the questionnaire after the lessons. */
  thenTest: boolean;
  /** Days from the questionnaire after the lessons to the follow-up, or null for no follow-up. */
  followUpDays: number | null;
  /** Ask the knowledge questions again at follow-up. */
  followUpKnowledge: boolean;
}

export interface Attempt {
  id: string;
  startedAt: string;
  participant: string | null;
  cohort: string | null;
  instrument: InstrumentRef | null;
  /** The unit's modules in order: one module, or every module of a trainer's assignment. */
  modules: string[];
  options: AttemptOptions;
  demographics: Record<string, string>;
  /** Step id (see steps.ts: "pre", "post", "then", "followup", "pre:<module>", "post:<module>") → phase. */
  steps: Record<string, Phase>;
  /** Lesson activity per module, kept with an attempt when it is archived (live activity is in activity.ts). */
  activity?: Record<string, ModuleActivity>;
  /** Present on a copy kept because two versions of the same attempt disagreed. */
  conflict?: { keptAt: string; reason: string };
}

export interface UnitProgress {
  current: Attempt;
  /** Earlier attempts, kept when the learner starts again, and copies kept after a disagreement. */
  archived: Attempt[];
}

export interface LearnerState {
  version: typeof STATE_VERSION;
  participant: { code: string; answers: Record<string, string> } | null;
  /** The participant-code prompts as typed, before "Make my code" (so a reload loses nothing). */
  codeDraft: Record<string, string>;
  /** Unit id (the modules joined with "+") → progress. */
  units: Record<string, UnitProgress>;
}

export const DEFAULT_OPTIONS: AttemptOptions = { thenTest: false, followUpDays: null, followUpKnowledge: false };

export function emptyState(): LearnerState {
  return { version: STATE_VERSION, participant: null, codeDraft: {}, units: {} };
}

export function emptyPhase(): Phase {
  return { responses: {}, knowledge: {}, startedAt: null, updatedAt: null, completedAt: null, record: null };
}

export const unitIdOf = (modules: readonly string[]): string => modules.join('+');

export function newAttempt(
  now: Date,
  random: () => string,
  participant: string | null,
  modules: readonly string[],
  cohort: string | null = null,
  options: AttemptOptions = DEFAULT_OPTIONS,
): Attempt {
  return {
    id: random(),
    startedAt: now.toISOString(),
    participant,
    cohort,
    instrument: null,
    modules: [...modules],
    options: { ...options },
    demographics: {},
    steps: {},
  };
}

export const phaseOf = (attempt: Attempt, stepId: string): Phase => attempt.steps[stepId] ?? emptyPhase();

// ---- reading and checking -----------------------------------------------------------------------

export type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrOrNull = (v: unknown) => v === null || isStr(v);
const allValues = (v: unknown, test: (x: unknown) => boolean) => isObj(v) && Object.values(v).every(test);

/** Format 1 (one attempt per module, fixed pre/post phases) → format 2 (units and steps). */
function fromVersion1(old: Obj): Obj {
  const modules = isObj(old.modules) ? old.modules : {};
  const phase = (p: unknown) => (isObj(p) ? { knowledge: {}, updatedAt: null, ...p } : p);
  const attempt = (a: unknown, moduleId: string) => {
    if (!isObj(a)) return a;
    const { pre, post, activity, ...rest } = a;
    const steps: Obj = {};
    if (isObj(pre) && (pre.startedAt || pre.record || Object.keys(isObj(pre.responses) ? pre.responses : {}).length)) steps.pre = phase(pre);
    if (isObj(post) && (post.startedAt || post.record || Object.keys(isObj(post.responses) ? post.responses : {}).length)) steps.post = phase(post);
    return { ...rest, modules: [moduleId], options: { ...DEFAULT_OPTIONS }, steps, ...(activity ? { activity: { [moduleId]: activity } } : {}) };
  };
  const units = Object.fromEntries(
    Object.entries(modules).map(([id, p]) => [
      id,
      isObj(p) ? { current: attempt(p.current, id), archived: Array.isArray(p.archived) ? p.archived.map((a) => attempt(a, id)) : p.archived } : p,
    ]),
  );
  const { modules: _dropped, ...rest } = old;
  return { ...rest, codeDraft: {}, units };
}

/** Migrations keyed by the version they upgrade FROM. */
const MIGRATIONS: Readonly<Record<number, Migration>> = { 1: fromVersion1 };

export type ReadResult =
  | { status: 'empty'; state: LearnerState }
  | { status: 'ok'; state: LearnerState; migratedFrom?: number }
  | { status: 'corrupt'; state: LearnerState; raw: string; reason: string };

/** Reads stored text: a valid state (migrated if old), or a fresh state plus the raw text to rescue. */
export function readStoredState(
  raw: string | null | undefined,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  currentVersion: number = STATE_VERSION,
): ReadResult {
  if (raw === null || raw === undefined || raw === '') return { status: 'empty', state: emptyState() };
  const corrupt = (reason: string): ReadResult => ({ status: 'corrupt', state: emptyState(), raw, reason });
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return corrupt('the saved progress is not readable (damaged text)');
  }
  if (!isObj(data) || typeof data.version !== 'number') return corrupt('the saved progress has no format version');
  const from = data.version;
  if (from > currentVersion) return corrupt(`the saved progress was made by a newer version of this module (format ${from})`);
  let current: Obj = data;
  for (let v = from; v < currentVersion; v++) {
    const step = migrations[v];
    if (!step) return corrupt(`no migration from saved format ${v}`);
    try {
      current = { ...step(current), version: v + 1 };
    } catch (error) {
      return corrupt(`the saved progress could not be upgraded from format ${v}: ${(error as Error).message}`);
    }
  }
  const problem = stateProblem(current);
  if (problem) return corrupt(`the saved progress is damaged (${problem})`);
  const state = current as unknown as LearnerState;
  return from === currentVersion ? { status: 'ok', state } : { status: 'ok', state, migratedFrom: from };
}

/**
 * Structural check of a state object; returns what is wrong, or null. The one check for every reader:
 * the learner pages, the LMS wrapper and the tests. Hand-written to keep pages small.
 */
export function stateProblem(s: Obj): string | null {
  if (s.participant !== null) {
    if (!isObj(s.participant) || !isStr(s.participant.code) || !allValues(s.participant.answers, isStr)) return 'participant';
  }
  if (!allValues(s.codeDraft, isStr)) return 'code answers';
  if (!isObj(s.units)) return 'units';
  for (const [id, progress] of Object.entries(s.units)) {
    const problem = progressProblem(progress);
    if (problem) return `unit ${id}: ${problem}`;
  }
  return null;
}

/** What is wrong with a unit's progress (current and archived attempts), or null. */
function progressProblem(p: unknown): string | null {
  if (!isObj(p) || !Array.isArray(p.archived)) return 'progress';
  for (const attempt of [p.current, ...p.archived]) {
    const problem = attemptProblem(attempt);
    if (problem) return problem;
  }
  return null;
}

function phaseProblem(p: unknown): string | null {
  if (!isObj(p) || !allValues(p.responses, Number.isInteger) || !allValues(p.knowledge, Number.isInteger)) return 'answers';
  if (!isStrOrNull(p.startedAt) || !isStrOrNull(p.updatedAt) || !isStrOrNull(p.completedAt)) return 'times';
  if (p.record !== null && !isObj(p.record)) return 'record';
  return null;
}

export function attemptProblem(a: unknown): string | null {
  if (!isObj(a)) return 'attempt';
  if (!isStr(a.id) || !isStr(a.startedAt)) return 'attempt id';
  if (!isStrOrNull(a.participant) || !isStrOrNull(a.cohort)) return 'attempt fields';
  if (!Array.isArray(a.modules) || a.modules.length === 0 || !a.modules.every(isStr)) return 'modules';
  const o = a.options;
  if (
    !isObj(o) ||
    typeof o.thenTest !== 'boolean' ||
    typeof o.followUpKnowledge !== 'boolean' ||
    !(o.followUpDays === null || Number.isInteger(o.followUpDays))
  )
    return 'options';
  if (a.instrument !== null && !(isObj(a.instrument) && isStr(a.instrument.id) && isStr(a.instrument.hash))) return 'instrument';
  if (!allValues(a.demographics, isStr)) return 'demographics';
  if (!isObj(a.steps)) return 'steps';
  for (const [id, phase] of Object.entries(a.steps)) {
    const problem = phaseProblem(phase);
    if (problem) return `${id} ${problem}`;
  }
  if (a.activity !== undefined && !allValues(a.activity, isModuleActivity)) return 'attempt activity';
  if (a.conflict !== undefined && !(isObj(a.conflict) && isStr(a.conflict.keptAt) && isStr(a.conflict.reason))) return 'conflict note';
  return null;
}

// ---- records ------------------------------------------------------------------------------------

/** The submitted records of an attempt, in the order they were completed. */
export function attemptRecords(attempt: Attempt): ResultRecord[] {
  return Object.values(attempt.steps)
    .map((p) => p.record)
    .filter((r): r is ResultRecord => r !== null)
    .sort((a, b) => (a.completedAt < b.completedAt ? -1 : a.completedAt > b.completedAt ? 1 : 0));
}

/** Every record checksum the state holds (current and archived attempts). */
export function recordChecksums(state: LearnerState): Set<string> {
  const out = new Set<string>();
  for (const unit of Object.values(state.units)) {
    for (const attempt of [unit.current, ...unit.archived]) for (const r of attemptRecords(attempt)) out.add(r.checksum);
  }
  return out;
}

/** Checksums of records in `before` that `after` no longer holds: must be empty for every write. */
export function lostRecords(before: LearnerState, after: LearnerState): string[] {
  const kept = recordChecksums(after);
  return [...recordChecksums(before)].filter((c) => !kept.has(c));
}

// ---- merging two copies -------------------------------------------------------------------------

export interface Merged {
  state: LearnerState;
  /** Plain-language notes on disagreements (both versions were kept). */
  conflicts: string[];
}

const later = (a: string | null, b: string | null) => (!a ? b : !b ? a : a >= b ? a : b);
const earlier = (a: string | null, b: string | null) => (!a ? b : !b ? a : a <= b ? a : b);

function mergePhase(a: Phase, b: Phase): { phase: Phase; conflict: boolean } {
  if (a.record && b.record) return { phase: a, conflict: a.record.checksum !== b.record.checksum };
  // A submitted record is never replaced by unsubmitted answers.
  if (a.completedAt || a.record) return { phase: a, conflict: false };
  if (b.completedAt || b.record) return { phase: b, conflict: false };
  const [older, newer] = (a.updatedAt ?? '') > (b.updatedAt ?? '') ? [b, a] : [a, b];
  return {
    phase: {
      ...newer,
      responses: { ...older.responses, ...newer.responses },
      knowledge: { ...older.knowledge, ...newer.knowledge },
      startedAt: earlier(a.startedAt, b.startedAt),
      updatedAt: later(a.updatedAt, b.updatedAt),
    },
    conflict: false,
  };
}

function mergeAttempt(a: Attempt, b: Attempt): { attempt: Attempt; conflictingSteps: string[] } {
  const steps: Record<string, Phase> = { ...a.steps };
  const conflictingSteps: string[] = [];
  for (const [id, phase] of Object.entries(b.steps)) {
    if (!steps[id]) steps[id] = phase;
    else {
      const m = mergePhase(steps[id], phase);
      steps[id] = m.phase;
      if (m.conflict) conflictingSteps.push(id);
    }
  }
  // Background answers are frozen with the first record; before that, the newer copy's answers win.
  const aFrozen = Object.values(a.steps).some((p) => p.record);
  const bFrozen = Object.values(b.steps).some((p) => p.record);
  const demographics = aFrozen ? a.demographics : bFrozen ? b.demographics : { ...a.demographics, ...b.demographics };
  const activity = a.activity || b.activity ? mergeActivityMaps(a.activity ?? {}, b.activity ?? {}) : undefined;
  const attempt: Attempt = {
    ...a,
    participant: a.participant ?? b.participant,
    instrument: a.instrument ?? b.instrument,
    demographics,
    steps,
  };
  if (activity) attempt.activity = activity;
  return { attempt, conflictingSteps };
}

function mergeActivityMaps(a: Record<string, ModuleActivity>, b: Record<string, ModuleActivity>): Record<string, ModuleActivity> {
  const out = { ...a };
  for (const [id, m] of Object.entries(b)) out[id] = out[id] ? mergeModuleActivity(out[id], m) : m;
  return out;
}

function mergeUnit(unitId: string, a: UnitProgress, b: UnitProgress, now: string, conflicts: string[]): UnitProgress {
  const all = new Map<string, Attempt>();
  const extra: Attempt[] = [];
  for (const attempt of [a.current, ...a.archived]) all.set(attempt.id, attempt);
  for (const attempt of [b.current, ...b.archived]) {
    const mine = all.get(attempt.id);
    if (!mine) {
      all.set(attempt.id, attempt);
      continue;
    }
    const m = mergeAttempt(mine, attempt);
    all.set(attempt.id, m.attempt);
    if (m.conflictingSteps.length) {
      const reason = `two different submitted versions of the same questionnaire (${m.conflictingSteps.join(', ')}) were found`;
      extra.push({ ...attempt, id: `${attempt.id}~copy-${now}`, conflict: { keptAt: now, reason } });
      conflicts.push(`${unitId}: ${reason}; both are kept`);
    }
  }
  // The most recently started attempt is the current one; every other attempt is kept as archived.
  const currentId = a.current.startedAt >= b.current.startedAt ? a.current.id : b.current.id;
  const archived = [...all.values(), ...extra]
    .filter((x) => x.id !== currentId)
    .sort((x, y) => (x.startedAt < y.startedAt ? -1 : x.startedAt > y.startedAt ? 1 : 0));
  return { current: all.get(currentId)!, archived };
}

/**
 * Merges two copies of the learner's state so that nothing is lost: attempts are matched by id, a
 * submitted record always wins over unsubmitted answers, unsubmitted answers come from the copy changed
 * last, and when both copies hold different submitted records for the same questionnaire, `a`'s stays in
 * place and `b`'s attempt is kept as an archived copy, with a note in `conflicts`.
 */
export function mergeStates(a: LearnerState, b: LearnerState, now: Date = new Date()): Merged {
  const conflicts: string[] = [];
  const units: Record<string, UnitProgress> = { ...a.units };
  const stamp = now.toISOString();
  for (const [id, unit] of Object.entries(b.units)) units[id] = units[id] ? mergeUnit(id, units[id], unit, stamp, conflicts) : unit;
  return {
    state: { version: STATE_VERSION, participant: b.participant ?? a.participant, codeDraft: {}, units },
    conflicts,
  };
}

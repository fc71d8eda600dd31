// One module's slice of what the learner pages keep in localStorage, as the LMS stores it, and the way
// back: take a snapshot out of the learner and activity states, and merge a snapshot into them. Pure.
//
// Reading and checking the stored text is done here rather than with src/lib/records' readers on
// purpose: if the wrapper imported those modules, the bundler would split them out of the learner pages'
// chunks and every lesson page would load one more file (over its 3 KB budget). The checks below follow
// validateState / readActivity, and test/lib/scorm-cmi5/state.test.ts holds them to the same verdicts.
import type { Attempt, LearnerState, ModuleProgress } from '../learner/learner-state.ts';
import type { ActivityState, ModuleActivity } from '../learner/activity.ts';
import type { StoredAssignments } from '../learner/assignments.ts';

/** The localStorage keys of the learner pages (src/stores/learner.ts, activity.ts, assignment.ts). */
export const LEARNER_KEY = 'msg-training:learner';
export const ACTIVITY_KEY = 'msg-training:activity';
export const ASSIGNMENTS_KEY = 'msg-training:assignments';
export const RESCUE_PREFIX = 'msg-training:rescued:';

const LEARNER_VERSION: LearnerState['version'] = 1;
const ACTIVITY_VERSION: ActivityState['version'] = 1;

export interface ModuleSnapshot {
  moduleId: string;
  /** The learner's participant code (the prompts' raw answers are never sent to the LMS). */
  participant: string | null;
  progress: ModuleProgress | null;
  /** Lesson activity; `lastPath` relative to the module's overview, e.g. "pre/" or "lessons/01-x/". */
  activity: ModuleActivity | null;
}

// ---- reading what the pages stored -------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrOrNull = (v: unknown) => v === null || isStr(v);
const allValues = (v: unknown, test: (x: unknown) => boolean) => isObj(v) && Object.values(v).every(test);

function attemptProblem(a: unknown): string | null {
  if (!isObj(a)) return 'attempt';
  if (!isStr(a.id) || !isStr(a.startedAt)) return 'attempt id';
  if (!isStrOrNull(a.participant) || !isStrOrNull(a.cohort)) return 'attempt fields';
  if (a.instrument !== null && !(isObj(a.instrument) && isStr(a.instrument.id) && isStr(a.instrument.hash))) return 'instrument';
  if (!allValues(a.demographics, isStr)) return 'demographics';
  for (const key of ['pre', 'post'] as const) {
    const p = a[key];
    if (!isObj(p) || !allValues(p.responses, Number.isInteger) || !isStrOrNull(p.startedAt) || !isStrOrNull(p.completedAt)) return key;
    if (p.record !== null && !isObj(p.record)) return `${key} record`;
  }
  if (a.activity !== undefined && !moduleActivityOk(a.activity)) return 'attempt activity';
  return null;
}

/** What is wrong with a module's progress (current and archived attempts), or null. */
export function progressProblem(p: unknown): string | null {
  if (!isObj(p) || !Array.isArray(p.archived)) return 'module';
  for (const attempt of [p.current, ...p.archived]) {
    const problem = attemptProblem(attempt);
    if (problem) return problem;
  }
  return null;
}

export function moduleActivityOk(m: unknown): boolean {
  return (
    isObj(m) &&
    Array.isArray(m.visited) &&
    m.visited.every(isStr) &&
    allValues(m.checks, Number.isInteger) &&
    (m.lastPath === null || isStr(m.lastPath))
  );
}

export type Stored<T> = { ok: true; state: T } | { ok: false; state: T; raw: string; reason: string };

export function parseLearner(raw: string | null): Stored<LearnerState> {
  const empty: LearnerState = { version: LEARNER_VERSION, participant: null, modules: {} };
  if (!raw) return { ok: true, state: empty };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, state: empty, raw, reason: 'not readable' };
  }
  if (!isObj(data) || data.version !== LEARNER_VERSION || !isObj(data.modules)) return { ok: false, state: empty, raw, reason: 'unknown format' };
  const participant = data.participant;
  if (participant !== null && !(isObj(participant) && isStr(participant.code) && allValues(participant.answers, isStr))) {
    return { ok: false, state: empty, raw, reason: 'participant' };
  }
  for (const [id, p] of Object.entries(data.modules)) {
    const problem = progressProblem(p);
    if (problem) return { ok: false, state: empty, raw, reason: `module ${id}: ${problem}` };
  }
  return { ok: true, state: data as unknown as LearnerState };
}

export function parseActivity(raw: string | null): Stored<ActivityState> {
  const empty: ActivityState = { version: ACTIVITY_VERSION, modules: {} };
  if (!raw) return { ok: true, state: empty };
  try {
    const data: unknown = JSON.parse(raw);
    if (isObj(data) && data.version === ACTIVITY_VERSION && allValues(data.modules, moduleActivityOk)) return { ok: true, state: data as unknown as ActivityState };
  } catch {
    /* reported below */
  }
  return { ok: false, state: empty, raw, reason: 'lessons visited' };
}

// ---- snapshot ------------------------------------------------------------------------------------

/**
 * A page path as a path relative to the module's overview: "/modules/m/pre/" and
 * "/lms/pkg/modules/m/pre/index.html" both give "pre/"; a path that is already relative (packaged pages
 * store it so) is kept; anything outside the module gives null.
 */
export function moduleRelativePath(path: string | null, moduleId: string): string | null {
  if (path === null) return null;
  const clean = path.replace(/[?#].*$/, '').replace(/(^|\/)index\.html$/, '$1');
  const marker = `modules/${moduleId}/`;
  const at = clean.lastIndexOf(marker);
  if (at >= 0 && (at === 0 || clean[at - 1] === '/')) return clean.slice(at + marker.length);
  if (/^[a-z]+:|^\/|^\.\.?\//i.test(clean)) return null;
  return clean;
}

function relativeActivity(activity: ModuleActivity | undefined, moduleId: string): ModuleActivity | undefined {
  return activity && { ...activity, lastPath: moduleRelativePath(activity.lastPath, moduleId) };
}

export function takeSnapshot(learner: LearnerState, activity: ActivityState, moduleId: string): ModuleSnapshot {
  const progress = learner.modules[moduleId];
  const live = activity.modules[moduleId];
  return {
    moduleId,
    participant: learner.participant?.code ?? null,
    progress: progress
      ? {
          current: progress.current,
          archived: progress.archived.map((a): Attempt => (a.activity ? { ...a, activity: relativeActivity(a.activity, moduleId) } : a)),
        }
      : null,
    activity: relativeActivity(live, moduleId) ?? null,
  };
}

export type MergeResult = { ok: true; learner: LearnerState; activity: ActivityState } | { ok: false; reason: string };

/**
 * Puts a snapshot from the LMS into the states the pages read: the module's attempts and activity are
 * replaced by the LMS copy (other modules are untouched); `moduleBase` is the absolute path of the
 * module's overview on this host, used to turn the relative `lastPath` back into a link. A participant
 * code from the LMS comes without the prompts' answers (the code page shows the code; the form is empty).
 */
export function mergeSnapshot(learner: LearnerState, activity: ActivityState, snapshot: ModuleSnapshot, moduleBase: string): MergeResult {
  const id = snapshot.moduleId;
  if (snapshot.participant !== null && !isStr(snapshot.participant)) return { ok: false, reason: 'the saved participant code from the LMS is damaged' };
  const problem = snapshot.progress && progressProblem(snapshot.progress);
  if (problem) return { ok: false, reason: `the saved progress from the LMS is damaged (${problem})` };
  if (snapshot.activity && !moduleActivityOk(snapshot.activity)) return { ok: false, reason: 'the record of lessons visited from the LMS is damaged' };
  let participant = learner.participant;
  if (snapshot.participant && participant?.code !== snapshot.participant) participant = { code: snapshot.participant, answers: {} };
  // index.html named: LMS file servers often serve no directory index.
  const link = (path: string) => `${moduleBase}${path}${path === '' || path.endsWith('/') ? 'index.html' : ''}`;
  const absolute = (m: ModuleActivity): ModuleActivity => ({ ...m, lastPath: m.lastPath === null ? null : link(m.lastPath) });
  const modules = { ...learner.modules };
  if (snapshot.progress) {
    modules[id] = {
      current: snapshot.progress.current,
      archived: snapshot.progress.archived.map((a): Attempt => (a.activity ? { ...a, activity: absolute(a.activity) } : a)),
    };
  }
  return {
    ok: true,
    learner: { ...learner, participant, modules },
    activity: snapshot.activity ? { ...activity, modules: { ...activity.modules, [id]: absolute(snapshot.activity) } } : activity,
  };
}

// ---- cohort from the launch link -----------------------------------------------------------------

/**
 * The assignments list (src/lib/learner/assignments.ts format) with this module's cohort as the most recent
 * entry, so the pages record it on new attempts; and the current attempt, if not yet submitted, takes it.
 */
export function withCohort(assignmentsRaw: string | null, learner: LearnerState, moduleId: string, cohort: string, now: Date) {
  let stored: StoredAssignments = { version: 1, list: [] };
  try {
    const data: unknown = assignmentsRaw ? JSON.parse(assignmentsRaw) : null;
    if (isObj(data) && data.version === 1 && Array.isArray(data.list)) stored = data as unknown as StoredAssignments;
  } catch {
    /* rebuilt below */
  }
  const entry = { modules: [moduleId], cohort, due: null, note: null, openedAt: now.toISOString() };
  const assignments: StoredAssignments = {
    version: 1,
    list: [entry, ...stored.list.filter((a) => !(a.cohort === cohort && a.modules.join(',') === moduleId))].slice(0, 20),
  };
  const progress = learner.modules[moduleId];
  const nextLearner =
    progress && !progress.current.pre.completedAt && progress.current.cohort !== cohort
      ? { ...learner, modules: { ...learner.modules, [moduleId]: { ...progress, current: { ...progress.current, cohort } } } }
      : learner;
  return { assignments, learner: nextLearner };
}

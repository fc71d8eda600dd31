// One module's slice of what the learner pages keep in localStorage, as the LMS stores it, and the way
// back: take a snapshot out of the learner and activity states, and merge a snapshot into them. Pure.
//
// Reading, checking and merging use the learner pages' own functions (learner-state.ts, activity.ts), so
// the wrapper and the pages cannot disagree about what is readable, and a copy from the LMS is merged the
// way two tabs are: a submitted record is never replaced, and two different submitted versions are both
// kept (the LMS's as an archived copy) with a note the wrapper shows.
import { attemptProblem, mergeStates, readStoredState, STATE_VERSION, type Attempt, type LearnerState, type UnitProgress } from '../learner/learner-state.ts';
import { isModuleActivity, mergeModuleActivity, readActivity, type ActivityState, type ModuleActivity } from '../learner/activity.ts';
import type { StoredAssignments } from '../learner/assignments.ts';

/** The localStorage keys of the learner pages (src/stores/learner.ts, activity.ts, assignment.ts). */
export const LEARNER_KEY = 'msg-training:learner';
export const ACTIVITY_KEY = 'msg-training:activity';
export const ASSIGNMENTS_KEY = 'msg-training:assignments';
export const RESCUE_PREFIX = 'msg-training:rescued:';

/**
 * An LMS package delivers one module at a time, so its unit is the module alone (unit id = module id).
 */
export interface ModuleSnapshot {
  moduleId: string;
  /** The learner's participant code (the prompts' raw answers are never sent to the LMS). */
  participant: string | null;
  progress: UnitProgress | null;
  /** Lesson activity; `lastPath` relative to the module's overview, e.g. "pre/" or "lessons/01-x/". */
  activity: ModuleActivity | null;
}

export type Stored<T> = { ok: true; state: T } | { ok: false; state: T; raw: string; reason: string };

/** The stored learner state (older formats upgraded), or an empty one plus the damaged text. */
export function parseLearner(raw: string | null): Stored<LearnerState> {
  const read = readStoredState(raw);
  return read.status === 'corrupt' ? { ok: false, state: read.state, raw: read.raw, reason: read.reason } : { ok: true, state: read.state };
}

export function parseActivity(raw: string | null): Stored<ActivityState> {
  const { state, problem } = readActivity(raw);
  return problem ? { ok: false, state, raw: raw ?? '', reason: problem } : { ok: true, state };
}

/** What is wrong with a module's progress from the LMS, or null. */
export function snapshotProblem(snapshot: ModuleSnapshot): string | null {
  if (snapshot.participant !== null && typeof snapshot.participant !== 'string') return 'participant code';
  const p = snapshot.progress;
  if (p) {
    if (typeof p !== 'object' || !Array.isArray(p.archived)) return 'progress';
    for (const attempt of [p.current, ...p.archived]) {
      const problem = attemptProblem(attempt);
      if (problem) return problem;
      if ((attempt as Attempt).modules.join('+') !== snapshot.moduleId) return 'progress of another module';
    }
  }
  if (snapshot.activity && !isModuleActivity(snapshot.activity)) return 'lessons visited';
  return null;
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

const mapActivity = (attempt: Attempt, moduleId: string, f: (m: ModuleActivity) => ModuleActivity): Attempt => {
  const own = attempt.activity?.[moduleId];
  return own ? { ...attempt, activity: { ...attempt.activity, [moduleId]: f(own) } } : attempt;
};

export function takeSnapshot(learner: LearnerState, activity: ActivityState, moduleId: string): ModuleSnapshot {
  const progress = learner.units[moduleId];
  const relative = (m: ModuleActivity): ModuleActivity => ({ ...m, lastPath: moduleRelativePath(m.lastPath, moduleId) });
  const live = activity.modules[moduleId];
  return {
    moduleId,
    participant: learner.participant?.code ?? null,
    progress: progress ? { current: progress.current, archived: progress.archived.map((a) => mapActivity(a, moduleId, relative)) } : null,
    activity: live ? relative(live) : null,
  };
}

export type MergeResult = { ok: true; learner: LearnerState; activity: ActivityState; conflicts: string[] } | { ok: false; reason: string };

/**
 * Puts a snapshot from the LMS into the states the pages read by merging, never by replacing: attempts
 * are matched by id, a submitted record always stays, answers not yet submitted come from the copy
 * changed last, and when the browser and the LMS hold two different submitted versions of the same
 * questionnaire, the browser's stays current and the LMS's is kept as an archived copy (`conflicts` says
 * so). `moduleBase` is the absolute path of the module's overview on this host, used to turn relative
 * `lastPath`s back into links. A participant code from the LMS comes without the prompts' answers.
 */
export function mergeSnapshot(learner: LearnerState, activity: ActivityState, snapshot: ModuleSnapshot, moduleBase: string, now = new Date()): MergeResult {
  const problem = snapshotProblem(snapshot);
  if (problem) return { ok: false, reason: `the saved progress from the LMS is damaged (${problem})` };
  const id = snapshot.moduleId;
  // index.html named: LMS file servers often serve no directory index.
  const link = (path: string) => `${moduleBase}${path}${path === '' || path.endsWith('/') ? 'index.html' : ''}`;
  const absolute = (m: ModuleActivity): ModuleActivity => ({ ...m, lastPath: m.lastPath === null ? null : link(m.lastPath) });
  const fromLms: LearnerState = {
    version: STATE_VERSION,
    participant: null,
    codeDraft: {},
    units: snapshot.progress
      ? { [id]: { current: snapshot.progress.current, archived: snapshot.progress.archived.map((a) => mapActivity(a, id, absolute)) } }
      : {},
  };
  const merged = mergeStates(learner, fromLms, now);
  let participant = learner.participant;
  if (snapshot.participant && participant?.code !== snapshot.participant) participant = { code: snapshot.participant, answers: {} };
  const local = activity.modules[id];
  const remote = snapshot.activity && absolute(snapshot.activity);
  return {
    ok: true,
    learner: { ...merged.state, participant },
    activity: remote ? { ...activity, modules: { ...activity.modules, [id]: local ? mergeModuleActivity(remote, local) : remote } } : activity,
    conflicts: merged.conflicts,
  };
}

// ---- cohort from the launch link -----------------------------------------------------------------

/**
 * The assignments list (src/lib/learner/assignments.ts format) with this module alone as the most recent
 * entry, so the pages treat the module as its own unit and record the cohort on new attempts. An attempt
 * already under way keeps its cohort (`keptCohort` says which, for the wrapper to tell the learner).
 */
export function withCohort(assignmentsRaw: string | null, learner: LearnerState, moduleId: string, cohort: string, now: Date) {
  let stored: StoredAssignments = { version: 1, list: [] };
  try {
    const data: unknown = assignmentsRaw ? JSON.parse(assignmentsRaw) : null;
    if (typeof data === 'object' && data !== null && (data as StoredAssignments).version === 1 && Array.isArray((data as StoredAssignments).list)) {
      stored = data as StoredAssignments;
    }
  } catch {
    /* rebuilt below */
  }
  const entry = { modules: [moduleId], cohort, due: null, note: null, then: false, followUpDays: null, followUpKnowledge: false, openedAt: now.toISOString() };
  const assignments: StoredAssignments = {
    version: 1,
    list: [entry, ...stored.list.filter((a) => !(a.cohort === cohort && a.modules.join(',') === moduleId))].slice(0, 20),
  };
  const current = learner.units[moduleId]?.current;
  const underWay = current && Object.values(current.steps).some((p) => p.startedAt || p.record);
  return { assignments, keptCohort: underWay && current.cohort !== cohort ? { cohort: current.cohort } : null };
}

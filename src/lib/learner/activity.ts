// What the learner did in the lessons (visited, practice answers, last page): kept apart from the
// questionnaire answers so lesson pages load only this small piece. Pure, no DOM.
const ACTIVITY_VERSION = 1;

export interface ModuleActivity {
  visited: string[];
  /** Knowledge-check id → index of the option chosen. */
  checks: Record<string, number>;
  /** Path of the last page the learner was on, to resume there. */
  lastPath: string | null;
}

export interface ActivityState {
  version: typeof ACTIVITY_VERSION;
  modules: Record<string, ModuleActivity>;
}

export const emptyActivity = (): ActivityState => ({ version: ACTIVITY_VERSION, modules: {} });
const emptyModuleActivity = (): ModuleActivity => ({ visited: [], checks: {}, lastPath: null });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether one module's activity is well formed: the one check for the pages and the LMS wrapper. */
export const isModuleActivity = (m: unknown): boolean =>
  isObject(m) &&
  Array.isArray(m.visited) &&
  m.visited.every((v: unknown) => typeof v === 'string') &&
  isObject(m.checks) &&
  Object.values(m.checks).every(Number.isInteger) &&
  (m.lastPath === null || typeof m.lastPath === 'string');

/** The stored activity, or an empty one and why (the store keeps a damaged text aside and says so). */
export function readActivity(raw: string | null): { state: ActivityState; problem: string | null } {
  try {
    const data = raw ? JSON.parse(raw) : emptyActivity();
    if (isObject(data) && data.version === ACTIVITY_VERSION && isObject(data.modules) && Object.values(data.modules).every(isModuleActivity)) {
      return { state: data as unknown as ActivityState, problem: null };
    }
  } catch {
    /* below */
  }
  return { state: emptyActivity(), problem: 'the record of lessons visited is damaged' };
}

export function updateModule(state: ActivityState, moduleId: string, change: (m: ModuleActivity) => ModuleActivity): ActivityState {
  const current = state.modules[moduleId] ?? emptyModuleActivity();
  const next = change(current);
  return next === current ? state : { ...state, modules: { ...state.modules, [moduleId]: next } };
}

export const withVisit = (m: ModuleActivity, lesson: string): ModuleActivity => (m.visited.includes(lesson) ? m : { ...m, visited: [...m.visited, lesson] });
export const withCheck = (m: ModuleActivity, id: string, option: number): ModuleActivity =>
  m.checks[id] === option ? m : { ...m, checks: { ...m.checks, [id]: option } };
export const withLastPath = (m: ModuleActivity, path: string): ModuleActivity => (m.lastPath === path ? m : { ...m, lastPath: path });

/** Two copies of one module's activity (two tabs, the browser and the LMS): nothing visited is forgotten. */
export function mergeModuleActivity(a: ModuleActivity, b: ModuleActivity): ModuleActivity {
  return { visited: [...new Set([...a.visited, ...b.visited])], checks: { ...a.checks, ...b.checks }, lastPath: b.lastPath ?? a.lastPath };
}

export function mergeActivity(a: ActivityState, b: ActivityState): ActivityState {
  const modules = { ...a.modules };
  for (const [id, m] of Object.entries(b.modules)) modules[id] = modules[id] ? mergeModuleActivity(modules[id], m) : m;
  return { version: ACTIVITY_VERSION, modules };
}

// Lesson activity per module (visited lessons, practice answers, last page): its own small key, so lesson
// pages load only this. Read-modify-write per change, like the learner's answers (synced.ts).
import { KEY_PREFIX } from './storage.ts';
import { syncedStore } from './synced.ts';
import {
  emptyActivity,
  mergeActivity,
  readActivity,
  updateModule,
  withCheck,
  withLastPath,
  withVisit,
  type ActivityState,
  type ModuleActivity,
} from '../lib/learner/activity.ts';

const store = syncedStore<ActivityState>(`${KEY_PREFIX}activity`, {
  empty: emptyActivity,
  read: readActivity,
  merge: (stored, unsaved) => ({ state: mergeActivity(stored, unsaved), conflicts: [] }),
});

export const $activity = store.$state;

const change = (moduleId: string, fn: (m: ModuleActivity) => ModuleActivity) => store.update((s) => updateModule(s, moduleId, fn));

export const activityOf = (moduleId: string): ModuleActivity | undefined => store.load().modules[moduleId];
export const markLessonVisited = (moduleId: string, lesson: string) => change(moduleId, (m) => withVisit(m, lesson));
export const setCheckAnswer = (moduleId: string, id: string, option: number) => change(moduleId, (m) => withCheck(m, id, option));
export const setLastPath = (moduleId: string, path: string) => change(moduleId, (m) => withLastPath(m, path));

/** Clears modules' activity for a fresh attempt, returning what it was so the archived attempt keeps it. */
export function takeActivity(moduleIds: readonly string[]): Record<string, ModuleActivity> {
  const taken: Record<string, ModuleActivity> = {};
  store.update((s) => {
    const modules = { ...s.modules };
    for (const id of moduleIds) {
      if (modules[id]) taken[id] = modules[id];
      delete modules[id];
    }
    return Object.keys(taken).length ? { ...s, modules } : s;
  });
  return taken;
}

// Lesson activity per module, persisted on every change (see lib/learner/activity.ts).
import { persistentAtom } from '@nanostores/persistent';
import { emptyActivity, readActivity, updateModule, withCheck, withLastPath, withVisit, type ActivityState, type ModuleActivity } from '../lib/learner/activity.ts';
import { KEY_PREFIX, rescue } from './storage.ts';

export const $activity = persistentAtom<ActivityState>(`${KEY_PREFIX}activity`, emptyActivity(), {
  encode: JSON.stringify,
  decode(raw) {
    const result = readActivity(raw);
    if (!result.ok) rescue(raw, result.reason);
    return result.state;
  },
});

const change = (moduleId: string, fn: (m: ModuleActivity) => ModuleActivity) => $activity.set(updateModule($activity.get(), moduleId, fn));

export const activityOf = (moduleId: string): ModuleActivity | undefined => $activity.get().modules[moduleId];
export const markLessonVisited = (moduleId: string, lesson: string) => change(moduleId, (m) => withVisit(m, lesson));
export const setCheckAnswer = (moduleId: string, id: string, option: number) => change(moduleId, (m) => withCheck(m, id, option));
export const setLastPath = (moduleId: string, path: string) => change(moduleId, (m) => withLastPath(m, path));

/** Clears a module's activity for a fresh attempt, returning what it was so the attempt can keep it. */
export function takeModuleActivity(moduleId: string): ModuleActivity | undefined {
  const previous = activityOf(moduleId);
  if (previous) {
    const { [moduleId]: _removed, ...rest } = $activity.get().modules;
    $activity.set({ ...$activity.get(), modules: rest });
  }
  return previous;
}

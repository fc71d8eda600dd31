// The learner's code and questionnaire answers. Every action reads the stored state afresh and writes at
// once (synced.ts), so each answer is saved the moment it is given, another tab's answers are never
// overwritten, and a submitted record is never lost (the write is refused if it would be).
import { KEY_PREFIX } from './storage.ts';
import { syncedStore } from './synced.ts';
import { emptyState, lostRecords, mergeStates, readStoredState, unitIdOf, type LearnerState } from '../lib/learner/learner-state.ts';
import * as progress from '../lib/learner/progress.ts';

export const STORAGE_KEY = `${KEY_PREFIX}learner`;

const store = syncedStore<LearnerState>(STORAGE_KEY, {
  empty: emptyState,
  read(raw) {
    const result = readStoredState(raw);
    return { state: result.state, problem: result.status === 'corrupt' ? result.reason : null };
  },
  merge: (stored, unsaved) => mergeStates(stored, unsaved),
  check(before, next) {
    if (lostRecords(before, next).length) throw new Error('this change would lose a submitted questionnaire, so it was not saved');
  },
});

export const $learner = store.$state;
export const loadLearner = store.load;
export const updateLearner = store.update;

export const clock: progress.Clock = {
  now: () => new Date(),
  id: () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `a-${Date.now()}-${Math.random().toString(36).slice(2)}`),
};

/** The unit's current attempt, created (with the assignment's cohort and options) if there is none. */
export function ensureAttempt(modules: readonly string[], context: progress.AttemptContext) {
  const state = updateLearner((s) => progress.withAttempt(s, modules, clock, context)[0]);
  return state.units[unitIdOf(modules)]!.current;
}

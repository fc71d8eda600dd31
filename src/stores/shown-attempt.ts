// The attempt a module's results page (and its organisation-LRS offer) and certificate page show: the rule is
// finishedAttemptFor's (src/lib/learner/finished.ts), given this browser's assignments and learner state.
import { finishedAttemptFor, type FinishedAttempt } from '../lib/learner/finished.ts';
import { DEFAULT_OPTIONS, unitIdOf } from '../lib/learner/learner-state.ts';
import { unitForModule } from './assignment.ts';
import { loadLearner } from './learner.ts';

/** The page's own unit, and the attempt that finished the module there or elsewhere (null: not finished). */
export function shownAttempt(moduleId: string): { pageUnitId: string; found: FinishedAttempt | null } {
  const pageUnitId = unitIdOf(unitForModule(moduleId, DEFAULT_OPTIONS).modules);
  return { pageUnitId, found: finishedAttemptFor(loadLearner(), moduleId, pageUnitId) };
}

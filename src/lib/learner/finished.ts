// Which attempt a module's results and certificate pages show. A module page belongs to one unit (the latest
// trainer's link that includes the module, else the module on its own: unitOf), but the module may have been
// finished under another unit: taken on its own before a link for several modules, say. Until the module is
// finished under the page's own unit, these pages show the attempt that finished it elsewhere (the latest),
// so a new link never takes a learner's results or certificate away.
import type { Attempt, LearnerState } from './learner-state.ts';
import { isLast } from './steps.ts';

/** The step that holds a module's questions after its lessons, within an attempt's unit. */
export const postStepOf = (modules: readonly string[], moduleId: string): string => (isLast(modules, moduleId) ? 'post' : `post:${moduleId}`);

export interface FinishedAttempt {
  unitId: string;
  attempt: Attempt;
  /** When the module's questions after its lessons were submitted. */
  finishedAt: string;
  /** True when the attempt is another unit's than the page's. */
  elsewhere: boolean;
}

/** The attempt whose finished module the page shows: the page's unit's current attempt, else the latest finished under another unit; null when none. */
export function finishedAttemptFor(units: LearnerState['units'], moduleId: string, unitId: string): FinishedAttempt | null {
  const finishedAt = (attempt: Attempt | undefined): string | null =>
    attempt?.modules.includes(moduleId) ? (attempt.steps[postStepOf(attempt.modules, moduleId)]?.record?.completedAt ?? null) : null;
  const own = units[unitId]?.current;
  const ownAt = finishedAt(own);
  if (own && ownAt) return { unitId, attempt: own, finishedAt: ownAt, elsewhere: false };
  let found: FinishedAttempt | null = null;
  for (const [id, progress] of Object.entries(units)) {
    const at = id === unitId ? null : finishedAt(progress.current);
    if (at && (!found || at > found.finishedAt)) found = { unitId: id, attempt: progress.current, finishedAt: at, elsewhere: true };
  }
  return found;
}

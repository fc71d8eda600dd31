// Which attempt a module's results and certificate pages show. A module page belongs to one unit (the latest
// trainer's link that includes the module, else the module on its own: unitOf), but the module may have been
// finished under another unit: taken on its own before a link for several modules, say. Until the module is
// finished under the page's own unit, these pages show the attempt that finished it elsewhere (the latest),
// so a new link never takes a learner's results or certificate away.
import type { Attempt, LearnerState } from './learner-state.ts';
import type { ResultRecord } from '../records/result-record.ts';
import { isLast } from './steps.ts';

/** An attempt that finished a module, and the record of the module's questions after its lessons. */
export interface FinishedAttempt {
  unitId: string;
  attempt: Attempt;
  record: ResultRecord;
}

/**
 * The step that holds a module's questions after its lessons, within an attempt's unit (stepFor's post step,
 * written out here: the questionnaire pages, which share steps.ts, are at their JavaScript budget).
 */
export const postStepOf = (modules: readonly string[], moduleId: string): string => (isLast(modules, moduleId) ? 'post' : `post:${moduleId}`);

/** The record of a module's questions after its lessons in an attempt, once submitted. */
const finishedRecord = (attempt: Attempt | undefined, moduleId: string) =>
  attempt?.modules.includes(moduleId) ? attempt.steps[postStepOf(attempt.modules, moduleId)]?.record : undefined;

/**
 * The attempt whose finished module the page shows: the page's unit's current attempt once it has finished
 * the module, else the current attempt of another unit that finished it last under the learner's own
 * participant code (an attempt kept when starting again is not shown, nor one made under another code, as
 * by someone else in a shared browser); null when none.
 */
export function finishedAttemptFor(learner: Pick<LearnerState, 'units' | 'participant'>, moduleId: string, unitId: string): FinishedAttempt | null {
  const own = learner.units[unitId]?.current;
  const ownRecord = finishedRecord(own, moduleId);
  if (ownRecord) return { unitId, attempt: own!, record: ownRecord };
  let found: FinishedAttempt | null = null;
  for (const [id, progress] of Object.entries(learner.units)) {
    const record = finishedRecord(progress.current, moduleId);
    if (record && record.participant === learner.participant?.code && (!found || record.completedAt > found.record.completedAt)) {
      found = { unitId: id, attempt: progress.current, record };
    }
  }
  return found;
}

// The attempt's life: asking before an assignment link would change an attempt under way, recording it
// for another cohort, starting again. Apart from progress.ts so questionnaire pages do not carry it.
import { newAttempt, unitIdOf, type Attempt, type LearnerState } from './learner-state.ts';
import type { ModuleActivity } from './activity.ts';
import { changeAttempt, LockedError, NO_CONTEXT, type AttemptContext, type Clock } from './progress.ts';

/** Whether anything of the attempt was answered or submitted. */
const hasAnything = (a: Attempt) => Object.values(a.steps).some((p) => p.startedAt || p.record);

/**
 * Whether opening the unit with this context would change an attempt already under way (another cohort
 * or other options): the page must ask the learner before retagAttempt or startNewAttempt.
 */
export function contextConflict(state: LearnerState, unitId: string, context: AttemptContext): { cohort: string | null } | null {
  const current = state.units[unitId]?.current;
  if (!current || !hasAnything(current)) return null;
  return current.cohort === context.cohort ? null : { cohort: current.cohort };
}

/** The learner agreed to record the attempt under another cohort (nothing is submitted yet). */
export function retagAttempt(state: LearnerState, unitId: string, cohort: string | null): LearnerState {
  return changeAttempt(state, unitId, null, (attempt) => {
    if (Object.values(attempt.steps).some((p) => p.record))
      throw new LockedError('answers already submitted keep the cohort they were given; start again to answer for another cohort');
    return attempt.cohort === cohort ? attempt : { ...attempt, cohort };
  });
}

/**
 * Starts over without losing anything: the current attempt is archived with its records and lesson
 * activity, and a new one begins with the given context (or the old one's).
 */
export function startNewAttempt(
  state: LearnerState,
  modules: readonly string[],
  clock: Clock,
  activity: Record<string, ModuleActivity> = {},
  context?: AttemptContext,
): LearnerState {
  const unitId = unitIdOf(modules);
  const progress = state.units[unitId];
  const ctx = context ?? (progress ? { cohort: progress.current.cohort, options: progress.current.options } : NO_CONTEXT);
  const fresh = newAttempt(clock.now(), clock.id, state.participant?.code ?? null, modules, ctx.cohort, ctx.options);
  if (!progress) return { ...state, units: { ...state.units, [unitId]: { current: fresh, archived: [] } } };
  const touched = hasAnything(progress.current) || Object.values(activity).some((a) => a.visited.length);
  const old = Object.keys(activity).length ? { ...progress.current, activity } : progress.current;
  const archived = touched ? [...progress.archived, old] : progress.archived;
  return { ...state, units: { ...state.units, [unitId]: { current: fresh, archived } } };
}

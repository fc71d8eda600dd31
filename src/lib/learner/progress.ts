// Pure state transitions of the learner's progress. The store reads the stored state afresh, applies one
// of these and writes the result at once, so each answer is saved the moment it is given and two tabs
// never write back stale copies of each other's answers.
import {
  DEFAULT_OPTIONS,
  emptyState,
  newAttempt,
  phaseOf,
  unitIdOf,
  type Attempt,
  type AttemptOptions,
  type LearnerState,
  type Phase,
} from './learner-state.ts';

export interface Clock {
  now(): Date;
  id(): string;
}

/** Where a new attempt of a unit gets its cohort and options: the assignment it was opened from. */
export interface AttemptContext {
  cohort: string | null;
  options: AttemptOptions;
}

export const NO_CONTEXT: AttemptContext = { cohort: null, options: DEFAULT_OPTIONS };

/** A change the learner cannot make, said in words the page can show. */
export class LockedError extends Error {}
/** The page shows an attempt that is no longer the current one (started again in another tab). */
export class StaleAttemptError extends Error {}

/** The unit's current attempt, created on first use with the context's cohort and options. */
export function withAttempt(state: LearnerState, modules: readonly string[], clock: Clock, context: AttemptContext = NO_CONTEXT): [LearnerState, Attempt] {
  const unitId = unitIdOf(modules);
  const existing = state.units[unitId];
  if (existing) return [state, existing.current];
  const attempt = newAttempt(clock.now(), clock.id, state.participant?.code ?? null, modules, context.cohort, context.options);
  return [{ ...state, units: { ...state.units, [unitId]: { current: attempt, archived: [] } } }, attempt];
}

export function changeAttempt(state: LearnerState, unitId: string, attemptId: string | null, change: (a: Attempt) => Attempt): LearnerState {
  const progress = state.units[unitId];
  if (!progress) throw new StaleAttemptError('this module has not been started in this browser');
  const current = progress.current;
  if (attemptId !== null && current.id !== attemptId) {
    throw new StaleAttemptError('this module was started again in another window or tab; the page now shows the current attempt');
  }
  const next = change(current);
  return next === current ? state : { ...state, units: { ...state.units, [unitId]: { ...progress, current: next } } };
}

function changePhase(attempt: Attempt, stepId: string, now: string, change: (p: Phase) => Phase): Attempt {
  const phase = phaseOf(attempt, stepId);
  if (phase.completedAt) throw new LockedError('this questionnaire is already submitted; its answers can no longer be changed');
  const next = change(phase);
  return { ...attempt, steps: { ...attempt.steps, [stepId]: { ...next, startedAt: phase.startedAt ?? now, updatedAt: now } } };
}

export function setResponse(
  state: LearnerState,
  unitId: string,
  attemptId: string | null,
  stepId: string,
  itemId: string,
  value: number | null,
  clock: Clock,
): LearnerState {
  const now = clock.now().toISOString();
  return changeAttempt(state, unitId, attemptId, (attempt) =>
    changePhase(attempt, stepId, now, (phase) => {
      const responses = { ...phase.responses };
      if (value === null) delete responses[itemId];
      else responses[itemId] = value;
      return { ...phase, responses };
    }),
  );
}

export function setKnowledgeAnswer(
  state: LearnerState,
  unitId: string,
  attemptId: string | null,
  stepId: string,
  questionId: string,
  option: number | null,
  clock: Clock,
): LearnerState {
  const now = clock.now().toISOString();
  return changeAttempt(state, unitId, attemptId, (attempt) =>
    changePhase(attempt, stepId, now, (phase) => {
      const knowledge = { ...phase.knowledge };
      if (option === null) delete knowledge[questionId];
      else knowledge[questionId] = option;
      return { ...phase, knowledge };
    }),
  );
}

export function setDemographic(state: LearnerState, unitId: string, attemptId: string | null, questionId: string, value: string | null): LearnerState {
  return changeAttempt(state, unitId, attemptId, (attempt) => {
    if (Object.values(attempt.steps).some((p) => p.record)) throw new LockedError('the questions about you were submitted with the first questionnaire');
    const demographics = { ...attempt.demographics };
    if (value === null) delete demographics[questionId];
    else demographics[questionId] = value;
    return { ...attempt, demographics };
  });
}

export { emptyState };

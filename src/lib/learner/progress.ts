// Pure state transitions of the learner's progress. The store applies them and persists the result at
// once, so each answer is saved the moment it is given.
import {
  emptyState,
  newAttempt,
  phaseOf,
  type Attempt,
  type LearnerState,
  type ModuleProgress,
} from './learner-state.ts';
import type { ModuleActivity } from './activity.ts';
import type { Timepoint } from '../records/result-record.ts';

export interface Clock {
  now(): Date;
  id(): string;
}

export function progressOf(state: LearnerState, moduleId: string): ModuleProgress | undefined {
  return state.modules[moduleId];
}

/**
 * The module's current attempt, created on first use. A cohort (from an assignment link) is recorded on
 * the attempt until its first questionnaire is submitted; after that the records keep the cohort they had.
 */
export function withAttempt(state: LearnerState, moduleId: string, clock: Clock, cohort: string | null = null): [LearnerState, Attempt] {
  const existing = state.modules[moduleId];
  if (existing) {
    const current = existing.current;
    if (!cohort || current.cohort === cohort || current.pre.completedAt) return [state, current];
    const updated = { ...current, cohort };
    return [{ ...state, modules: { ...state.modules, [moduleId]: { ...existing, current: updated } } }, updated];
  }
  const attempt = newAttempt(clock.now(), clock.id, state.participant?.code ?? null, cohort);
  return [{ ...state, modules: { ...state.modules, [moduleId]: { current: attempt, archived: [] } } }, attempt];
}

export function updateAttempt(state: LearnerState, moduleId: string, clock: Clock, change: (a: Attempt) => Attempt): LearnerState {
  const [withIt, attempt] = withAttempt(state, moduleId, clock);
  const progress = withIt.modules[moduleId]!;
  const next = change(attempt);
  if (next === attempt) return withIt;
  return { ...withIt, modules: { ...withIt.modules, [moduleId]: { ...progress, current: next } } };
}

export function setParticipant(state: LearnerState, code: string, answers: Record<string, string>): LearnerState {
  // Attempts not yet started take the new code; completed records keep the code they were made with.
  const modules = Object.fromEntries(
    Object.entries(state.modules).map(([id, p]) => [
      id,
      p.current.pre.completedAt ? p : { ...p, current: { ...p.current, participant: code } },
    ]),
  );
  return { ...state, participant: { code, answers }, modules };
}

export class LockedError extends Error {}

export function setResponse(
  state: LearnerState,
  moduleId: string,
  timepoint: Timepoint,
  itemId: string,
  value: number | null,
  clock: Clock,
): LearnerState {
  return updateAttempt(state, moduleId, clock, (attempt) => {
    const phase = phaseOf(attempt, timepoint);
    if (phase.completedAt) throw new LockedError(`the ${timepoint} questionnaire is already submitted`);
    const responses = { ...phase.responses };
    if (value === null) delete responses[itemId];
    else responses[itemId] = value;
    const updated = { ...phase, responses, startedAt: phase.startedAt ?? clock.now().toISOString() };
    return timepoint === 'pre' ? { ...attempt, pre: updated } : { ...attempt, post: updated };
  });
}

export function setDemographic(state: LearnerState, moduleId: string, questionId: string, value: string | null, clock: Clock): LearnerState {
  return updateAttempt(state, moduleId, clock, (attempt) => {
    if (attempt.pre.completedAt) throw new LockedError('demographics are submitted with the pre-questionnaire');
    const demographics = { ...attempt.demographics };
    if (value === null) delete demographics[questionId];
    else demographics[questionId] = value;
    return { ...attempt, demographics };
  });
}

/** Starts over without losing anything: the current attempt is archived with its records. */
export function startNewAttempt(state: LearnerState, moduleId: string, clock: Clock, activity?: ModuleActivity): LearnerState {
  const progress = state.modules[moduleId];
  const fresh = newAttempt(clock.now(), clock.id, state.participant?.code ?? null, progress?.current.cohort ?? null);
  if (!progress) return { ...state, modules: { ...state.modules, [moduleId]: { current: fresh, archived: [] } } };
  const touched = progress.current.pre.startedAt || activity?.visited.length;
  const old = activity ? { ...progress.current, activity } : progress.current;
  const archived = touched ? [...progress.archived, old] : progress.archived;
  return { ...state, modules: { ...state.modules, [moduleId]: { current: fresh, archived } } };
}

export { emptyState };

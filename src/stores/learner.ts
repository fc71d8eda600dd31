// The learner's code and questionnaire answers, persisted on every change (storage.ts handles storage
// that is missing, full or damaged: the page keeps working and the banner offers the download).
import { persistentAtom } from '@nanostores/persistent';
import { KEY_PREFIX, rescue } from './storage.ts';
import { takeModuleActivity } from './activity.ts';
import { assignedCohort } from './assignment.ts';
import { readStoredState, type LearnerState } from '../lib/learner/learner-state.ts';
import * as progress from '../lib/learner/progress.ts';
import type { Timepoint } from '../lib/records/result-record.ts';

export const STORAGE_KEY = `${KEY_PREFIX}learner`;

function decode(raw: string): LearnerState {
  const result = readStoredState(raw);
  if (result.status === 'corrupt') rescue(raw, result.reason);
  return result.state;
}

export const $learner = persistentAtom<LearnerState>(STORAGE_KEY, progress.emptyState(), {
  encode: JSON.stringify,
  decode,
});

export const clock: progress.Clock = {
  now: () => new Date(),
  id: () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `a-${Date.now()}-${Math.random().toString(36).slice(2)}`),
};

export function apply(change: (state: LearnerState) => LearnerState) {
  $learner.set(change($learner.get()));
}

export const setParticipant = (code: string, answers: Record<string, string>) => apply((s) => progress.setParticipant(s, code, answers));
export const ensureAttempt = (moduleId: string) => apply((s) => progress.withAttempt(s, moduleId, clock, assignedCohort(moduleId))[0]);
export const setResponse = (moduleId: string, timepoint: Timepoint, itemId: string, value: number | null) =>
  apply((s) => progress.setResponse(s, moduleId, timepoint, itemId, value, clock));
export const setDemographic = (moduleId: string, questionId: string, value: string | null) =>
  apply((s) => progress.setDemographic(s, moduleId, questionId, value, clock));
export const startNewAttempt = (moduleId: string) => {
  const activity = takeModuleActivity(moduleId);
  apply((s) => progress.startNewAttempt(s, moduleId, clock, activity));
};
export const currentAttempt = (moduleId: string) => $learner.get().modules[moduleId]?.current;

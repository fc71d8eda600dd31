import { persistentAtom } from '@nanostores/persistent';
import type { Assignment } from '../lib/assignment.ts';
import { cohortFor, readAssignments, rememberAssignment, type StoredAssignments } from '../lib/learner/assignments.ts';
import { KEY_PREFIX } from './storage.ts';

export const $assignments = persistentAtom<StoredAssignments>(`${KEY_PREFIX}assignments`, readAssignments(undefined), {
  encode: JSON.stringify,
  decode: readAssignments,
});

export const acceptAssignment = (a: Assignment) => $assignments.set(rememberAssignment($assignments.get(), a, new Date()));
export const assignedCohort = (moduleId: string) => cohortFor($assignments.get(), moduleId);

// The assignment page remembers the link it was opened with (in a module of its own, like the rule it
// applies: src/lib/learner/remember-assignment.ts).
import type { Assignment } from '../lib/assignment.ts';
import { rememberAssignment } from '../lib/learner/remember-assignment.ts';
import { assignmentStore } from './assignment.ts';

export const acceptAssignment = (a: Assignment) => assignmentStore.update((s) => rememberAssignment(s, a, new Date()));

// Remembering an assignment link the learner opened. Only the assignment page does it: in a module of its
// own, it stays out of the code every module page loads (learner-core, astro.config.mjs).
import type { Assignment } from '../assignment.ts';
import type { StoredAssignments } from './assignments.ts';

/** Remembers an assignment (most recent first, one entry per cohort + module set). */
export function rememberAssignment(stored: StoredAssignments, a: Assignment, now: Date): StoredAssignments {
  const key = (x: Assignment) => `${x.cohort}|${x.modules.join(',')}`;
  return { version: 1, list: [{ ...a, openedAt: now.toISOString() }, ...stored.list.filter((x) => key(x) !== key(a))].slice(0, 20) };
}

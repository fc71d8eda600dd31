// Which assignments this browser has opened, so attempts carry the cohort and options, and a module page
// knows its unit. Kept apart from the link parser so every module page does not ship the validation
// messages.
import type { Assignment } from '../assignment.ts';
import type { AttemptOptions } from './learner-state.ts';

export interface StoredAssignments {
  version: 1;
  /** Most recent first. */
  list: (Assignment & { openedAt: string })[];
}

export const emptyAssignments = (): StoredAssignments => ({ version: 1, list: [] });

/** The cohort of the most recent assignment that includes the module, if any. */
export function cohortFor(stored: StoredAssignments, moduleId: string): string | null {
  return stored.list.find((a) => a.modules.includes(moduleId))?.cohort ?? null;
}

export interface UnitContext {
  /** The unit's modules: the most recent assignment that includes the module, else the module alone. */
  modules: string[];
  cohort: string | null;
  options: AttemptOptions;
  due: string | null;
}

/** The options a new attempt under this assignment gets: the link's, else the site's defaults. */
export function assignmentOptions(a: Assignment, defaults: AttemptOptions): AttemptOptions {
  return { thenTest: a.then || defaults.thenTest, followUpDays: a.followUpDays ?? defaults.followUpDays, followUpKnowledge: a.followUpKnowledge };
}

/** The unit a module page belongs to, with the cohort and options a new attempt there gets. */
export function unitOf(stored: StoredAssignments, moduleId: string, defaults: AttemptOptions): UnitContext {
  const a = stored.list.find((x) => x.modules.includes(moduleId));
  if (!a) return { modules: [moduleId], cohort: null, options: { ...defaults }, due: null };
  return { modules: [...a.modules], cohort: a.cohort, options: assignmentOptions(a, defaults), due: a.due };
}

const isAssignment = (a: unknown): a is Assignment =>
  typeof (a as Assignment)?.cohort === 'string' && Array.isArray((a as Assignment).modules) && (a as Assignment).modules.every((m) => typeof m === 'string');

/**
 * The stored list of assignments, and what could not be read of it (a damaged text, or entries that are
 * not assignments): the store keeps such a text aside and the page says so, as for the answers.
 */
export function readAssignments(raw: string | null): { state: StoredAssignments; problem: string | null } {
  const problem = 'the list of assignment links opened in this browser could not be read';
  try {
    const data = raw ? JSON.parse(raw) : null;
    if (!data) return { state: emptyAssignments(), problem: raw ? problem : null };
    if (data.version === 1 && Array.isArray(data.list)) {
      const list = data.list.filter(isAssignment);
      return {
        state: {
          version: 1,
          // Entries stored before the evaluation options existed get their defaults.
          list: list.map((a: Assignment & { openedAt: string }) => ({
            ...a,
            due: a.due ?? null,
            note: a.note ?? null,
            then: a.then === true,
            followUpDays: Number.isInteger(a.followUpDays) ? a.followUpDays : null,
            followUpKnowledge: a.followUpKnowledge === true,
          })),
        },
        problem: list.length < data.list.length ? problem : null,
      };
    }
  } catch {
    /* below */
  }
  return { state: emptyAssignments(), problem };
}

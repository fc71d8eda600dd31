// Which assignments this browser has opened, so records carry the cohort. Kept apart from the link
// parser so every module page does not ship the validation messages.
import type { Assignment } from '../assignment.ts';

export interface StoredAssignments {
  version: 1;
  /** Most recent first. */
  list: (Assignment & { openedAt: string })[];
}

export const emptyAssignments = (): StoredAssignments => ({ version: 1, list: [] });

/** Remembers an assignment (most recent first, one entry per cohort + module set). */
export function rememberAssignment(stored: StoredAssignments, a: Assignment, now: Date): StoredAssignments {
  const key = (x: Assignment) => `${x.cohort}|${x.modules.join(',')}`;
  return { version: 1, list: [{ ...a, openedAt: now.toISOString() }, ...stored.list.filter((x) => key(x) !== key(a))].slice(0, 20) };
}

/** The cohort of the most recent assignment that includes the module, if any. */
export function cohortFor(stored: StoredAssignments, moduleId: string): string | null {
  return stored.list.find((a) => a.modules.includes(moduleId))?.cohort ?? null;
}

export function readAssignments(raw: string | undefined): StoredAssignments {
  try {
    const data = raw ? JSON.parse(raw) : null;
    if (data && data.version === 1 && Array.isArray(data.list)) {
      return { version: 1, list: data.list.filter((a: unknown) => typeof (a as Assignment)?.cohort === 'string' && Array.isArray((a as Assignment).modules)) };
    }
  } catch {
    /* fall through: a damaged list of assignments is rebuilt when the link is opened again */
  }
  return emptyAssignments();
}

// The assignments this browser has opened (most recent first): they give new attempts their cohort and
// options, and tell a module page which unit (one module, or the assignment's modules) it belongs to.
import { KEY_PREFIX } from './storage.ts';
import { syncedStore } from './synced.ts';
import { emptyAssignments, readAssignments, unitOf, type StoredAssignments } from '../lib/learner/assignments.ts';

export const assignmentStore = syncedStore<StoredAssignments>(`${KEY_PREFIX}assignments`, {
  empty: emptyAssignments,
  read: readAssignments,
  merge: (stored, unsaved) => ({
    state: { version: 1, list: [...unsaved.list, ...stored.list.filter((a) => !unsaved.list.some((b) => b.openedAt === a.openedAt))] },
    conflicts: [],
  }),
});

/** The unit this module belongs to now, with the cohort and options for a new attempt. */
export const unitForModule = (moduleId: string, defaults: Parameters<typeof unitOf>[2]) => unitOf(assignmentStore.load(), moduleId, defaults);

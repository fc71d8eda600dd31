// Messages between the roster page (roster.ts) and its worker (roster-worker.ts). Types only.
import type { ImportProblem } from '../lib/import/import-types.ts';
import type { Roster } from '../lib/roster.ts';

/** The roster column for records that name no module (and the link does not name exactly one). */
export const NO_MODULE = 'module-not-given';

export interface RosterRequest {
  files: File[];
  /** The assignment link's modules and cohort, if a link was given. */
  modules: string[] | null;
  cohort: string | null;
  /** JSON text of the shipped questionnaires ({ instrument, hash }[]), from the page. */
  instruments: string;
}

export type RosterResponse =
  | { type: 'progress'; done: number; total: number }
  | {
      type: 'done';
      roster: Roster;
      problems: ImportProblem[];
      files: number;
      /** Records that named no module, and the module they were counted for (NO_MODULE: their own column). */
      noModule: number;
      noModuleAs: string | null;
      /** Records that named no cohort, when the link names one (they are not shown: counted in `outside`). */
      noCohort: number;
    }
  | { type: 'error'; message: string };

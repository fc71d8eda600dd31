// The trainer's completion roster: from imported result records, which modules each participant code has
// completed before and after, and when. Pure; used by /trainer/roster/ and its tests.
import type { ImportedRecord } from './import/import-types.ts';
import { participantKey } from './matching/match.ts';
import { rName, toCsv } from './analysis/export-util.ts';
import { verificationCode } from './records/sign.ts';

export type ModuleStatus = 'completed' | 'pre only' | 'post only' | 'not started';

export interface RosterCell {
  status: ModuleStatus;
  /** When the step was done; null when it is not done, or done but undated (long CSV rows carry no date). */
  preAt: string | null;
  postAt: string | null;
  /** Records seen for this participant and module (more than 2 means repeats or several attempts). */
  records: number;
  /**
   * The verification code the learner's certificate shows, from the latest record after the lessons with
   * an intact checksum (a result file); null without one (a long CSV, an edited file).
   */
  certificate: string | null;
}

export interface RosterRow {
  participant: string;
  cohorts: string[];
  modules: Record<string, RosterCell>;
}

export interface Roster {
  modules: string[];
  rows: RosterRow[];
  counts: Record<string, Record<ModuleStatus, number>>;
  /** Records left out because they belong to another cohort or module than the one shown. */
  outside: number;
}

const later = (a: string | null, b: string | null) => (!a ? b : !b ? a : a > b ? a : b);

/**
 * The modules a record stands for. A trainer's assignment of several modules is one unit (module
 * "a+b"): its questionnaire before the lessons counts for the first module, the one after for the last,
 * and each module's own knowledge step for that module (the modules whose questions it asked).
 */
export function recordModules(r: Pick<ImportedRecord, 'module' | 'modules' | 'knowledgeHashes' | 'timepoint'>): string[] {
  if (!r.module) return [];
  const unit = r.modules?.length ? r.modules : r.module.split('+');
  if (unit.length === 1) return unit;
  const asked = Object.keys(r.knowledgeHashes ?? {}).filter((m) => unit.includes(m));
  if (asked.length) return asked;
  return [r.timepoint === 'pre' ? unit[0]! : unit[unit.length - 1]!];
}

export function buildRoster(records: readonly ImportedRecord[], options: { modules?: readonly string[]; cohort?: string | null } = {}): Roster {
  const cohort = options.cohort ?? null;
  const wanted = options.modules ? new Set(options.modules) : null;
  const modules = options.modules ? [...options.modules] : [...new Set(records.flatMap(recordModules))].sort();
  const byParticipant = new Map<string, RosterRow>();
  let outside = 0;
  for (const r of records) {
    const shown = recordModules(r).filter((m) => !wanted || wanted.has(m));
    if (!shown.length || (cohort !== null && r.cohort !== cohort) || (r.timepoint !== 'pre' && r.timepoint !== 'post')) {
      outside++;
      continue;
    }
    // Keyed by kind too: an id from another system never merges with a participant code that reads the same.
    const key = participantKey(r);
    let row = byParticipant.get(key);
    if (!row) {
      row = {
        participant: r.participant,
        cohorts: [],
        modules: Object.fromEntries(
          modules.map((m) => [m, { status: 'not started' as ModuleStatus, preAt: null, postAt: null, records: 0, certificate: null }]),
        ),
      };
      byParticipant.set(key, row);
    }
    if (r.cohort && !row.cohorts.includes(r.cohort)) row.cohorts.push(r.cohort);
    for (const m of shown) {
      const cell = row.modules[m]!;
      cell.records += 1;
      // A step counts as done whether or not its record has a date.
      const when = r.completedAt ?? r.startedAt ?? null;
      const pre = r.timepoint === 'pre' || cell.status === 'pre only' || cell.status === 'completed';
      const post = r.timepoint === 'post' || cell.status === 'post only' || cell.status === 'completed';
      if (r.timepoint === 'pre') cell.preAt = later(cell.preAt, when);
      else {
        const latest = later(cell.postAt, when);
        if (r.signature && (cell.postAt === null || latest === when)) cell.certificate = verificationCode([{ checksum: r.signature }]);
        cell.postAt = latest;
      }
      cell.status = pre && post ? 'completed' : pre ? 'pre only' : 'post only';
    }
  }
  const rows = [...byParticipant.values()].sort((a, b) => a.participant.localeCompare(b.participant));
  const counts = Object.fromEntries(
    modules.map((m) => {
      const c: Record<ModuleStatus, number> = { completed: 0, 'pre only': 0, 'post only': 0, 'not started': 0 };
      for (const row of rows) c[row.modules[m]!.status] += 1;
      return [m, c];
    }),
  );
  return { modules, rows, counts, outside };
}

/** The roster as CSV: one row per participant, with status, pre date, post date and certificate code per module. */
export function rosterCsv(roster: Roster): string {
  const fields = [
    'participant',
    'cohort',
    ...roster.modules.flatMap((m) => [`${rName(m)}_status`, `${rName(m)}_pre_completed`, `${rName(m)}_post_completed`, `${rName(m)}_certificate`]),
  ];
  const rows = roster.rows.map((r) => [
    r.participant,
    r.cohorts.join(' '),
    ...roster.modules.flatMap((m) => {
      const c = r.modules[m]!;
      return [c.status, c.preAt ?? '', c.postAt ?? '', c.certificate ?? ''];
    }),
  ]);
  return toCsv(fields, rows);
}

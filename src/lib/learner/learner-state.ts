// What a learner's browser keeps between visits: a versioned format, migrations from older versions, and
// a reader that never throws. Pure (no DOM, no zod) because every learner page ships it.
import type { ModuleActivity } from './activity.ts';
import type { ResultRecord, Timepoint } from '../records/result-record.ts';

export const STATE_VERSION = 1;

export interface InstrumentRef {
  id: string;
  version: string;
  hash: string;
}

export interface Phase {
  responses: Record<string, number>;
  startedAt: string | null;
  completedAt: string | null;
  record: ResultRecord | null;
}

export interface Attempt {
  id: string;
  startedAt: string;
  participant: string | null;
  cohort: string | null;
  instrument: InstrumentRef | null;
  demographics: Record<string, string>;
  pre: Phase;
  post: Phase;
  /** Lesson activity, kept with an attempt when it is archived (live activity is in activity.ts). */
  activity?: ModuleActivity;
}

export interface ModuleProgress {
  current: Attempt;
  /** Earlier attempts, kept when the learner starts again. */
  archived: Attempt[];
}

export interface LearnerState {
  version: typeof STATE_VERSION;
  participant: { code: string; answers: Record<string, string> } | null;
  modules: Record<string, ModuleProgress>;
}

export function emptyState(): LearnerState {
  return { version: STATE_VERSION, participant: null, modules: {} };
}

export function emptyPhase(): Phase {
  return { responses: {}, startedAt: null, completedAt: null, record: null };
}

export function newAttempt(now: Date, random: () => string, participant: string | null, cohort: string | null = null): Attempt {
  return {
    id: random(),
    startedAt: now.toISOString(),
    participant,
    cohort,
    instrument: null,
    demographics: {},
    pre: emptyPhase(),
    post: emptyPhase(),
  };
}

export type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/**
 * Migrations keyed by the version they upgrade FROM. Version 1 is the first released format; when the
 * format changes, bump STATE_VERSION and add the step from the previous version here.
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export type ReadResult =
  | { status: 'empty'; state: LearnerState }
  | { status: 'ok'; state: LearnerState; migratedFrom?: number }
  | { status: 'corrupt'; state: LearnerState; raw: string; reason: string };

/** Reads stored text: a valid state (migrated if old), or a fresh state plus the raw text to rescue. */
export function readStoredState(
  raw: string | null | undefined,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  currentVersion: number = STATE_VERSION,
): ReadResult {
  if (raw === null || raw === undefined || raw === '') return { status: 'empty', state: emptyState() };
  const corrupt = (reason: string): ReadResult => ({ status: 'corrupt', state: emptyState(), raw, reason });
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return corrupt('the saved progress is not readable (damaged text)');
  }
  if (!isObject(data) || typeof data.version !== 'number') return corrupt('the saved progress has no format version');
  const from = data.version;
  if (from > currentVersion) return corrupt(`the saved progress was made by a newer version of this module (format ${from})`);
  let current: Record<string, unknown> = data;
  for (let v = from; v < currentVersion; v++) {
    const step = migrations[v];
    if (!step) return corrupt(`no migration from saved format ${v}`);
    try {
      current = { ...step(current), version: v + 1 };
    } catch (error) {
      return corrupt(`the saved progress could not be upgraded from format ${v}: ${(error as Error).message}`);
    }
  }
  const problem = validateState(current);
  if (problem) return corrupt(`the saved progress is damaged (${problem})`);
  const state = current as unknown as LearnerState;
  return from === currentVersion ? { status: 'ok', state } : { status: 'ok', state, migratedFrom: from };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown) => v === null || isString(v);
const isRecordOf = (v: unknown, test: (x: unknown) => boolean) => isObject(v) && Object.values(v).every(test);

/** Structural check of a state object; returns what is wrong, or null. Hand-written to keep pages small. */
export function validateState(s: Record<string, unknown>): string | null {
  if (s.participant !== null) {
    if (!isObject(s.participant) || !isString(s.participant.code) || !isRecordOf(s.participant.answers, isString)) return 'participant';
  }
  if (!isObject(s.modules)) return 'modules';
  for (const [id, progress] of Object.entries(s.modules)) {
    if (!isObject(progress) || !Array.isArray(progress.archived)) return `module ${id}`;
    for (const attempt of [progress.current, ...progress.archived]) {
      const problem = validateAttempt(attempt);
      if (problem) return `module ${id}: ${problem}`;
    }
  }
  return null;
}

function validateAttempt(a: unknown): string | null {
  if (!isObject(a)) return 'attempt';
  if (!isString(a.id) || !isString(a.startedAt)) return 'attempt id';
  if (!isStringOrNull(a.participant) || !isStringOrNull(a.cohort)) return 'attempt fields';
  if (a.instrument !== null && !(isObject(a.instrument) && isString(a.instrument.id) && isString(a.instrument.hash))) return 'instrument';
  if (!isRecordOf(a.demographics, isString)) return 'demographics';
  for (const key of ['pre', 'post'] as const) {
    const p = a[key];
    if (!isObject(p) || !isRecordOf(p.responses, Number.isInteger) || !isStringOrNull(p.startedAt) || !isStringOrNull(p.completedAt)) return key;
    if (p.record !== null && !isObject(p.record)) return `${key} record`;
  }
  return null;
}

/** The completed records of an attempt, pre before post. */
export function attemptRecords(attempt: Attempt): ResultRecord[] {
  return [attempt.pre.record, attempt.post.record].filter((r): r is ResultRecord => r !== null);
}

export function phaseOf(attempt: Attempt, timepoint: Timepoint): Phase {
  if (timepoint === 'pre') return attempt.pre;
  if (timepoint === 'post') return attempt.post;
  throw new Error(`the learner path has no ${timepoint} questionnaire`);
}

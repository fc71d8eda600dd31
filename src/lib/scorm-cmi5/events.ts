// What to tell the LMS after a change in the learner's state: questionnaire answers as likert
// interactions (each submitted record once), progress, and completion (once). The reporting log in the
// suspend data says what was sent already, so a resumed session or a reload never sends anything twice.
// Pure.
import type { LmsScalePoint, ModuleDictionary } from './config.ts';
import type { ModuleSnapshot } from './state.ts';
import { recordKey, type ReportLog } from './suspend-data.ts';
import type { Attempt, InstrumentRef } from '../learner/learner-state.ts';
import type { ModuleActivity } from '../learner/activity.ts';

export interface LikertInteraction {
  /** Interaction id, safe for every runtime (SCORM 1.2 CMIIdentifier: letters, digits, "-", "_"). */
  id: string;
  itemId: string;
  timepoint: 'pre' | 'post';
  /** 1 for the first attempt at the module, 2 after "start again", … */
  attempt: number;
  instrument: InstrumentRef;
  /** The answer's value on the response scale. */
  response: number;
  scale: LmsScalePoint[];
  text: string;
  /** When the questionnaire was submitted (ISO). */
  at: string;
  recordKey: string;
}

export interface ProgressReport {
  /** Share of the module's steps done: participant code, pre, each lesson, post. */
  measure: number;
  percent: number;
  /** Where the learner is, relative to the module overview ("pre/", "lessons/02-x/"). */
  location: string | null;
}

export interface CompletionReport {
  at: string;
  /** Share of knowledge checks whose saved answer is correct; used only with a mastery score. */
  scoreScaled: number | null;
}

export interface Report {
  interactions: LikertInteraction[];
  /** Keys of the records whose interactions these are (add to the log once they are accepted). */
  records: string[];
  progress: ProgressReport | null;
  completion: CompletionReport | null;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '-');

export function interactionId(itemId: string, timepoint: string, instrument: InstrumentRef, attempt: number): string {
  const id = `${safe(itemId)}_${timepoint}_${safe(instrument.id)}_v${safe(instrument.version)}${attempt > 1 ? `_a${attempt}` : ''}`;
  return id.slice(0, 255);
}

/** Interaction description (SCORM 2004, cmi5): instrument, version, fingerprint, time point, wording. */
export function interactionDescription(i: LikertInteraction, max = 250): string {
  const when = i.timepoint === 'pre' ? 'before the lessons' : 'after the lessons';
  const text = `${i.instrument.id} ${i.instrument.version} (${i.instrument.hash.slice(0, 8)}), ${when}${i.attempt > 1 ? `, attempt ${i.attempt}` : ''}: ${i.text}`;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function attemptsInOrder(snapshot: ModuleSnapshot): { attempt: Attempt; number: number; activity: ModuleActivity | null }[] {
  const p = snapshot.progress;
  if (!p) return [];
  return [
    ...p.archived.map((attempt, i) => ({ attempt, number: i + 1, activity: attempt.activity ?? null })),
    { attempt: p.current, number: p.archived.length + 1, activity: snapshot.activity },
  ];
}

export function knowledgeScore(activity: ModuleActivity | null, dict: ModuleDictionary): number | null {
  const checks = dict.module.checks.filter((c) => c.correct >= 0);
  if (!checks.length) return null;
  const right = checks.filter((c) => activity?.checks[c.id] === c.correct).length;
  return Math.round((right / checks.length) * 10000) / 10000;
}

export function moduleProgress(snapshot: ModuleSnapshot, dict: ModuleDictionary): ProgressReport {
  const attempt = snapshot.progress?.current;
  const lessons = dict.module.lessons;
  const visited = new Set(snapshot.activity?.visited ?? []);
  const steps = [
    !!(attempt?.participant ?? snapshot.participant),
    !!attempt?.pre.completedAt,
    ...lessons.map((l) => visited.has(l)),
    !!attempt?.post.completedAt,
  ];
  const measure = attempt?.post.completedAt ? 1 : steps.filter(Boolean).length / steps.length;
  return { measure: Math.round(measure * 1000) / 1000, percent: Math.round(measure * 100), location: snapshot.activity?.lastPath ?? null };
}

/**
 * What to report, given the state before and after a change and the log of what was reported. The log
 * decides what is new (records, completion, progress percent); `previous` only tells whether the
 * learner's location changed.
 */
export function diffReport(previous: ModuleSnapshot | null, next: ModuleSnapshot, log: ReportLog, dict: ModuleDictionary): Report {
  const reported = new Set(log.records);
  const interactions: LikertInteraction[] = [];
  const records: string[] = [];
  let completion: CompletionReport | null = null;
  const items = new Map(dict.instrument.items.map((i) => [i.id, i]));

  for (const { attempt, number, activity } of attemptsInOrder(next)) {
    for (const timepoint of ['pre', 'post'] as const) {
      const record = attempt[timepoint].record;
      if (!record) continue;
      const key = recordKey(record);
      if (!reported.has(key) && !records.includes(key)) {
        records.push(key);
        const sameInstrument = record.instrument.hash === dict.instrument.hash;
        for (const [itemId, response] of Object.entries(record.responses)) {
          if (response === null) continue;
          const item = sameInstrument ? items.get(itemId) : undefined;
          interactions.push({
            id: interactionId(itemId, timepoint, record.instrument, number),
            itemId,
            timepoint,
            attempt: number,
            instrument: record.instrument,
            response,
            scale: item?.scale ?? [],
            text: item?.text ?? itemId,
            at: record.completedAt,
            recordKey: key,
          });
        }
      }
      if (timepoint === 'post' && !log.completed) completion = { at: record.completedAt, scoreScaled: knowledgeScore(activity, dict) };
    }
  }

  const progress = moduleProgress(next, dict);
  const moved = (previous?.activity?.lastPath ?? null) !== progress.location;
  return { interactions, records, progress: progress.percent !== log.progress || moved ? progress : null, completion };
}

/** The log after a report was accepted by the LMS. */
export function logAfter(log: ReportLog, report: Report, sent: { interactions: boolean; progress: boolean; completion: boolean }): ReportLog {
  return {
    records: sent.interactions ? [...log.records, ...report.records] : log.records,
    completed: log.completed || (sent.completion && report.completion !== null),
    progress: sent.progress && report.progress ? report.progress.percent : log.progress,
  };
}

// What to tell the LMS after a change in the learner's state: questionnaire answers as likert
// interactions (each submitted record once), progress, and completion (once). The reporting log in the
// suspend data says what was sent already, so a resumed session or a reload never sends anything twice.
// Pure.
//
// SCORM runtimes get each submitted record whole as interactions (scormInteractions), so an evaluator can
// rebuild the records from the LMS's interactions report (src/lib/import/lms-interactions.ts); the ids
// and responses are described in interaction-ids.ts.
import type { LmsScalePoint, ModuleDictionary } from './config.ts';
import type { ModuleSnapshot } from './state.ts';
import { recordKey, type ReportLog } from './suspend-data.ts';
import { attemptRecords, type Attempt, type InstrumentRef } from '../learner/learner-state.ts';
import type { ModuleActivity } from '../learner/activity.ts';
import type { ResultRecord, Timepoint } from '../records/result-record.ts';
import { attemptTag, encodeField, interactionSuffix, safeId as safe, SCORM12_MAX } from './interaction-ids.ts';

export { decodeField, encodeField, parseInteractionId, type InteractionKind, type ParsedInteractionId } from './interaction-ids.ts';

export interface LikertInteraction {
  /** Interaction id, safe for every runtime (SCORM 1.2 CMIIdentifier: letters, digits, "-", "_"). */
  id: string;
  itemId: string;
  timepoint: Timepoint;
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
  /**
   * Share of the module's knowledge questions answered correctly after the lessons (or, for a module
   * without them, of its lesson checks); used only with a mastery score.
   */
  scoreScaled: number | null;
  /**
   * A later attempt's pass, after the module was reported completed (failed, with a mastery score): only
   * the pass is reported now (cmi5 allows one "completed" per registration; a pass may follow a fail).
   */
  again: boolean;
  /** Whether the score meets the mastery score; null without a mastery score or a score (nothing to pass or fail). */
  passes: boolean | null;
}

export interface Report {
  interactions: LikertInteraction[];
  /** The records themselves, whole and signed (cmi5 sends each in a statement of its own). */
  submitted: ResultRecord[];
  /** Keys of the records whose interactions these are (add to the log once they are accepted). */
  records: string[];
  progress: ProgressReport | null;
  completion: CompletionReport | null;
}

const WHEN: Record<Timepoint, string> = {
  pre: 'before the lessons',
  post: 'after the lessons',
  then: 'after the lessons, looking back to before them',
  followup: 'at follow-up',
};

export function interactionId(itemId: string, timepoint: string, instrument: InstrumentRef, attempt: number): string {
  return `${safe(itemId)}${interactionSuffix(timepoint, instrument, attemptTag(attempt))}`.slice(0, SCORM12_MAX);
}

/** Interaction description (SCORM 2004, cmi5): instrument, version, fingerprint, time point, wording. */
export function interactionDescription(i: LikertInteraction, max = 250): string {
  const when = WHEN[i.timepoint];
  const text = `${i.instrument.id} ${i.instrument.version} (${i.instrument.hash.slice(0, 8)}), ${when}${i.attempt > 1 ? `, attempt ${i.attempt}` : ''}: ${i.text}`;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function attemptsInOrder(snapshot: ModuleSnapshot): { attempt: Attempt; number: number; activity: ModuleActivity | null }[] {
  const p = snapshot.progress;
  if (!p) return [];
  const id = snapshot.moduleId;
  return [
    ...p.archived.map((attempt, i) => ({ attempt, number: i + 1, activity: attempt.activity?.[id] ?? null })),
    { attempt: p.current, number: p.archived.length + 1, activity: snapshot.activity },
  ];
}

/**
 * The learner's score for the LMS: the share of the module's knowledge questions answered correctly in
 * the questionnaire after the lessons; for a module without knowledge questions, the share of lesson
 * checks whose saved answer is correct. Null when there is nothing to score.
 */
export function knowledgeScore(post: ResultRecord | null, activity: ModuleActivity | null, dict: ModuleDictionary): number | null {
  const round = (right: number, of: number) => Math.round((right / of) * 10000) / 10000;
  const questions = dict.module.knowledge;
  if (questions.length) {
    if (!post) return null;
    const answers = post.knowledge ?? {};
    return round(questions.filter((q) => answers[q.id] === q.correct).length, questions.length);
  }
  const checks = dict.module.checks.filter((c) => c.correct >= 0);
  if (!checks.length) return null;
  return round(checks.filter((c) => activity?.checks[c.id] === c.correct).length, checks.length);
}

export function moduleProgress(snapshot: ModuleSnapshot, dict: ModuleDictionary): ProgressReport {
  const attempt = snapshot.progress?.current;
  const lessons = dict.module.lessons;
  const visited = new Set(snapshot.activity?.visited ?? []);
  const done = (step: string) => !!attempt?.steps[step]?.completedAt;
  const steps = [!!(attempt?.participant ?? snapshot.participant), done('pre'), ...lessons.map((l) => visited.has(l)), done('post')];
  const measure = done('post') ? 1 : steps.filter(Boolean).length / steps.length;
  return { measure: Math.round(measure * 1000) / 1000, percent: Math.round(measure * 100), location: snapshot.activity?.lastPath ?? null };
}

/**
 * What to report, given the state before and after a change and the log of what was reported. The log
 * decides what is new (records, completion, progress percent); `previous` only tells whether the
 * learner's location changed.
 */
export function diffReport(
  previous: ModuleSnapshot | null,
  next: ModuleSnapshot,
  log: ReportLog,
  dict: ModuleDictionary,
  masteryScore: number | null = null,
): Report {
  const reported = new Set(log.records);
  const interactions: LikertInteraction[] = [];
  const records: string[] = [];
  const submitted: ResultRecord[] = [];
  let completion: CompletionReport | null = null;
  /** The last questionnaire after the lessons. */
  let lastPost: { record: ResultRecord; activity: ModuleActivity | null } | null = null;
  const items = new Map(dict.instrument.items.map((i) => [i.id, i]));

  for (const { attempt, number, activity } of attemptsInOrder(next)) {
    for (const record of attemptRecords(attempt)) {
      const timepoint = record.timepoint;
      const key = recordKey(record);
      if (!reported.has(key) && !records.includes(key)) {
        records.push(key);
        submitted.push(record);
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
      if (timepoint === 'post') lastPost = { record, activity };
    }
  }
  if (lastPost) {
    const scoreScaled = knowledgeScore(lastPost.record, lastPost.activity, dict);
    const passes = masteryScore !== null && scoreScaled !== null ? scoreScaled >= masteryScore : null;
    // Completed once; after that, only a pass not reported yet (a later attempt's, after a fail), until
    // the LMS accepts it (a send that failed is tried again: the log says no pass yet).
    if (!log.completed) completion = { at: lastPost.record.completedAt, scoreScaled, again: false, passes };
    else if (passes && !log.passed) completion = { at: lastPost.record.completedAt, scoreScaled, again: true, passes };
  }

  const progress = moduleProgress(next, dict);
  const moved = (previous?.activity?.lastPath ?? null) !== progress.location;
  return { interactions, submitted, records, progress: progress.percent !== log.progress || moved ? progress : null, completion };
}

/** The log after a report was accepted by the LMS. */
export function logAfter(log: ReportLog, report: Report, sent: { interactions: boolean; progress: boolean; completion: boolean }): ReportLog {
  return {
    records: sent.interactions ? [...log.records, ...report.records] : log.records,
    completed: log.completed || (sent.completion && report.completion !== null),
    passed: log.passed || (sent.completion && report.completion?.passes === true),
    progress: sent.progress && report.progress ? report.progress.percent : log.progress,
  };
}

// ---- SCORM interactions: every record, rebuildable from the LMS's interactions report ----------------

export type ScormInteractionType = 'likert' | 'choice' | 'fill-in';

/** One interaction as the SCORM adapters write it (scorm12.ts, scorm2004.ts). */
export interface ScormInteraction {
  id: string;
  type: ScormInteractionType;
  /** SCORM 1.2 student_response, SCORM 2004 learner_response. */
  response: string;
  /** SCORM 2004 description (a CMILangString250 that does not start with "{"). */
  description: string;
  /** When the questionnaire was submitted (ISO). */
  at: string;
}

/**
 * Every interaction for a batch of newly submitted records, record by record: what the record is (R, C,
 * H), its answers (the likert interactions of `likert`, in their order), its knowledge answers (K) and
 * its background answers (D). See the top of this file for the ids and responses.
 */
export function scormInteractions(likert: readonly LikertInteraction[], submitted: readonly ResultRecord[]): ScormInteraction[] {
  const byRecord = new Map<string, LikertInteraction[]>();
  for (const i of likert) byRecord.set(i.recordKey, [...(byRecord.get(i.recordKey) ?? []), i]);
  const attemptOf = new Map<string, number>();
  for (const i of likert) attemptOf.set(submitted.find((r) => recordKey(r) === i.recordKey)?.attemptId ?? '', i.attempt);
  const out: ScormInteraction[] = [];
  const written = new Set<string>();
  for (const record of submitted) {
    const key = recordKey(record);
    const own = byRecord.get(key) ?? [];
    written.add(key);
    const attempt = own[0]?.attempt ?? attemptOf.get(record.attemptId);
    // No answer of this batch says which attempt the record belongs to: its attempt id tells the records apart.
    const tag =
      attempt !== undefined
        ? attemptTag(attempt)
        : `x${
            record.attemptId
              .toLowerCase()
              .replace(/[^a-z0-9]/g, '')
              .slice(0, 8) || '0'
          }`;
    const suffix = interactionSuffix(record.timepoint, record.instrument, tag);
    const when = `${WHEN[record.timepoint]}${attempt !== undefined && attempt > 1 ? `, attempt ${attempt}` : ''}`;
    const add = (keyPart: string, type: ScormInteractionType, response: string, what: string) =>
      out.push({
        id: `${keyPart}${suffix}`.slice(0, SCORM12_MAX),
        type,
        response: response.slice(0, SCORM12_MAX),
        description: `${what}, ${when}`.slice(0, 250),
        at: record.completedAt,
      });
    const fields = [record.participant, record.module, record.startedAt, record.completedAt, record.attemptId.slice(0, 36)];
    add('R', 'fill-in', fields.map(encodeField).join(' '), `result record: ${record.instrument.id} ${record.instrument.version}`);
    if (record.cohort !== null && record.cohort !== '') add('C', 'fill-in', encodeField(record.cohort), 'cohort');
    for (const [module, hash] of Object.entries(record.knowledgeHashes ?? {}))
      add('H', 'fill-in', `${encodeField(module)}:${hash}`, `fingerprint of the knowledge questions of ${module}`.slice(0, 120));
    for (const i of own)
      out.push({ id: i.id, type: 'likert', response: String(i.response), description: interactionDescription(i).replace(/^\{/, '('), at: i.at });
    for (const [question, option] of Object.entries(record.knowledge ?? {})) {
      add(
        `K-${safe(question)}`,
        option === null ? 'fill-in' : 'choice',
        option === null ? '' : String(option),
        `knowledge question ${question}${option === null ? ' (not answered)' : ''}`,
      );
    }
    for (const [question, value] of Object.entries(record.demographics))
      if (value !== null) add(`D-${safe(question)}`, 'fill-in', encodeField(value), `background question ${question}`);
  }
  // Answers of a record not in `submitted` (diffReport always sends both; kept so nothing is lost).
  for (const [key, own] of byRecord)
    if (!written.has(key))
      for (const i of own)
        out.push({ id: i.id, type: 'likert', response: String(i.response), description: interactionDescription(i).replace(/^\{/, '('), at: i.at });
  return out;
}

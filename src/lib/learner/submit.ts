// Submitting a questionnaire step: freezes its answers into a signed result record. In two parts, so the
// pages can sign with the browser's own (asynchronous) SHA-256: prepareSteps builds the unsigned records
// from the state as stored, finishSteps puts the signed records in, refusing if the answers changed in
// between (another tab). submit-sync.ts does both at once with
// the synchronous hash (tests, Node).
import { phaseOf, type Attempt, type InstrumentRef, type LearnerState, type Phase } from './learner-state.ts';
import type { Clock } from './progress.ts';
import { prerequisiteOf, type StepPlan } from './steps.ts';
import { RECORD_FORMAT, RECORD_FORMAT_VERSION, type ResultRecord, type UnsignedRecord } from '../records/result-record.ts';

/** One step to submit, with everything it asked (so unanswered questions appear as null). */
export interface StepSubmission {
  step: StepPlan;
  /** Instrument items asked at this step, in order. */
  itemIds: readonly string[];
  /** Knowledge questions asked at this step, and per module the fingerprint of its questions. */
  knowledgeIds: readonly string[];
  knowledgeHashes: Record<string, string>;
}

export interface CompletionContext {
  unitId: string;
  /** The attempt the page shows; a different current attempt means the page is out of date. */
  attemptId: string;
  instrument: InstrumentRef;
  /** Every background question of the instrument (copied into each record of the attempt). */
  demographicIds: readonly string[];
  appVersion: string;
  /** The steps submitted together: "post" and "then" go in one action when the then-test is on. */
  submissions: readonly StepSubmission[];
}

export class NotReadyError extends Error {}

const STARTED_AGAIN = 'this module was started again in another tab; please reload the page';

function buildRecord(state: LearnerState, attempt: Attempt, phase: Phase, sub: StepSubmission, ctx: CompletionContext, now: string): UnsignedRecord {
  const participant = attempt.participant ?? state.participant?.code ?? null;
  if (!participant) throw new NotReadyError('a participant code is needed first');
  return {
    format: RECORD_FORMAT,
    formatVersion: RECORD_FORMAT_VERSION,
    appVersion: ctx.appVersion,
    attemptId: attempt.id,
    module: ctx.unitId,
    modules: attempt.modules,
    instrument: ctx.instrument,
    participant,
    cohort: attempt.cohort,
    timepoint: sub.step.timepoint,
    startedAt: phase.startedAt ?? now,
    completedAt: now,
    responses: Object.fromEntries(sub.itemIds.map((id) => [id, phase.responses[id] ?? null])),
    knowledge: Object.fromEntries(sub.knowledgeIds.map((id) => [id, phase.knowledge[id] ?? null])),
    knowledgeHashes: sub.knowledgeIds.length ? { ...sub.knowledgeHashes } : {},
    demographics: Object.fromEntries(ctx.demographicIds.map((id) => [id, attempt.demographics[id] ?? null])),
  };
}

/** Unsigned records of the steps still to submit, with the answers' last change they were built from. */
export interface PreparedSteps {
  ctx: CompletionContext;
  records: { stepId: string; updatedAt: string | null; record: UnsignedRecord }[];
}

export function prepareSteps(state: LearnerState, ctx: CompletionContext, clock: Clock): PreparedSteps {
  const progress = state.units[ctx.unitId];
  if (!progress) throw new NotReadyError('this module has not been started in this browser');
  const attempt = progress.current;
  if (attempt.id !== ctx.attemptId) throw new NotReadyError(STARTED_AGAIN);
  if (attempt.instrument && attempt.instrument.hash !== ctx.instrument.hash) {
    throw new NotReadyError('this attempt was started with a different version of the questionnaire');
  }
  const now = clock.now().toISOString();
  const records: PreparedSteps['records'] = [];
  for (const sub of ctx.submissions) {
    const phase = phaseOf(attempt, sub.step.id);
    if (phase.completedAt) continue;
    // The follow-up may be answered in another browser than the lessons were: no hard prerequisite.
    const before = sub.step.id === 'then' || sub.step.id === 'followup' ? null : prerequisiteOf(attempt, sub.step.id);
    if (before && !attempt.steps[before]?.completedAt && !ctx.submissions.some((s) => s.step.id === before)) {
      throw new NotReadyError(
        before === 'pre' ? 'the questionnaire before the lessons comes first' : 'the earlier questionnaire of this assignment comes first',
      );
    }
    records.push({ stepId: sub.step.id, updatedAt: phase.updatedAt, record: buildRecord(state, attempt, phase, sub, ctx, now) });
  }
  return { ctx, records };
}

/** Puts the signed records in, as long as nothing changed since prepareSteps. */
export function finishSteps(state: LearnerState, prepared: PreparedSteps, signed: readonly ResultRecord[]): LearnerState {
  const { ctx } = prepared;
  const progress = state.units[ctx.unitId];
  let attempt = progress?.current;
  if (!progress || !attempt || attempt.id !== ctx.attemptId) throw new NotReadyError(STARTED_AGAIN);
  prepared.records.forEach(({ stepId, updatedAt }, i) => {
    const phase = phaseOf(attempt!, stepId);
    if (phase.completedAt) return;
    if (phase.updatedAt !== updatedAt) throw new NotReadyError('an answer changed while submitting (another window or tab?); please submit again');
    const record = signed[i]!;
    attempt = {
      ...attempt!,
      participant: record.participant,
      instrument: ctx.instrument,
      steps: { ...attempt!.steps, [stepId]: { ...phase, startedAt: record.startedAt, completedAt: record.completedAt, record } },
    };
  });
  return attempt === progress.current ? state : { ...state, units: { ...state.units, [ctx.unitId]: { ...progress, current: attempt } } };
}

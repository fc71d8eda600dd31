// Submitting a questionnaire: freezes its answers into a signed result record. Separate from
// progress.ts so pages that never submit (lessons) do not ship the hashing code.
import { phaseOf, type InstrumentRef, type LearnerState } from './learner-state.ts';
import { updateAttempt, type Clock } from './progress.ts';
import { RECORD_FORMAT, RECORD_FORMAT_VERSION, signRecord, type ResultRecord } from '../records/result-record.ts';

export interface CompletionContext {
  moduleId: string;
  timepoint: 'pre' | 'post';
  instrument: InstrumentRef;
  /** Every item the questionnaire asked, so unanswered ones appear as null in the record. */
  itemIds: readonly string[];
  /** Every demographic question asked, likewise. */
  demographicIds: readonly string[];
  appVersion: string;
}

export class NotReadyError extends Error {}

export function completePhase(state: LearnerState, ctx: CompletionContext, clock: Clock): LearnerState {
  return updateAttempt(state, ctx.moduleId, clock, (attempt) => {
    const phase = phaseOf(attempt, ctx.timepoint);
    if (phase.completedAt) return attempt;
    const participant = attempt.participant ?? state.participant?.code ?? null;
    if (!participant) throw new NotReadyError('a participant code is needed first');
    if (ctx.timepoint === 'post' && !attempt.pre.completedAt) throw new NotReadyError('the pre-questionnaire comes first');
    if (attempt.instrument && attempt.instrument.hash !== ctx.instrument.hash) {
      throw new NotReadyError('this attempt was started with a different version of the questionnaire');
    }
    const now = clock.now().toISOString();
    const record: ResultRecord = signRecord({
      format: RECORD_FORMAT,
      formatVersion: RECORD_FORMAT_VERSION,
      appVersion: ctx.appVersion,
      attemptId: attempt.id,
      module: ctx.moduleId,
      instrument: ctx.instrument,
      participant,
      cohort: attempt.cohort,
      timepoint: ctx.timepoint,
      startedAt: phase.startedAt ?? now,
      completedAt: now,
      responses: Object.fromEntries(ctx.itemIds.map((id) => [id, phase.responses[id] ?? null])),
      demographics: Object.fromEntries(ctx.demographicIds.map((id) => [id, attempt.demographics[id] ?? null])),
    });
    const done = { ...phase, startedAt: record.startedAt, completedAt: now, record };
    const base = { ...attempt, participant, instrument: ctx.instrument };
    return ctx.timepoint === 'pre' ? { ...base, pre: done } : { ...base, post: done };
  });
}


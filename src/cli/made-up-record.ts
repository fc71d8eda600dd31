// A made-up learner's result record, unsigned, in the current record format: the bench's synthetic cohort
// (src/cli/bench.ts) and the snapshot's warm-up run (src/cli/analyze-snapshot.ts) make theirs here. Kept
// apart from both so the snapshot does not bundle the bench.
import { RECORD_FORMAT, RECORD_FORMAT_VERSION, type UnsignedRecord } from '../lib/records/result-record.ts';

export interface MadeUpLearner {
  appVersion: string;
  attemptId: string;
  module: string;
  instrument: UnsignedRecord['instrument'];
  participant: string;
  timepoint: UnsignedRecord['timepoint'];
  /** The day (YYYY-MM-DD) and minute (HH:MM, UTC) it was started; it is completed 30 seconds later. */
  day: string;
  at: string;
  responses: UnsignedRecord['responses'];
  demographics: UnsignedRecord['demographics'];
}

export function madeUpRecord({ day, at, ...learner }: MadeUpLearner): UnsignedRecord {
  return {
    format: RECORD_FORMAT,
    formatVersion: RECORD_FORMAT_VERSION,
    appVersion: learner.appVersion,
    attemptId: learner.attemptId,
    module: learner.module,
    instrument: learner.instrument,
    participant: learner.participant,
    cohort: null,
    timepoint: learner.timepoint,
    startedAt: `${day}T${at}:00.000Z`,
    completedAt: `${day}T${at}:30.000Z`,
    responses: learner.responses,
    demographics: learner.demographics,
  };
}

// The package option includeLmsLearnerId (off by default): the LMS's learner id is added to the
// module's result records as `lmsLearnerId` and the records are signed again, so the trainer's result
// files can be matched to LMS users. Without the option the id never leaves the LMS adapter. Pure.
import type { LearnerState } from '../learner/learner-state.ts';
import type { ResultRecord, UnsignedRecord } from '../records/result-record.ts';
import { signRecord } from '../records/sign.ts';

export type LmsStampedRecord = ResultRecord & { lmsLearnerId?: string };

/** Adds the id to every record of the module's current attempt that lacks it; the same state if none. */
export function stampLearnerId(state: LearnerState, moduleId: string, learnerId: string, sign: (r: UnsignedRecord) => ResultRecord = signRecord): LearnerState {
  const progress = state.units[moduleId];
  if (!progress) return state;
  let attempt = progress.current;
  for (const [stepId, phase] of Object.entries(attempt.steps)) {
    const record = phase.record as LmsStampedRecord | null;
    if (!record || record.lmsLearnerId === learnerId) continue;
    const { checksum: _old, ...rest } = record;
    const stamped = sign({ ...rest, lmsLearnerId: learnerId } as UnsignedRecord);
    attempt = { ...attempt, steps: { ...attempt.steps, [stepId]: { ...phase, record: stamped } } };
  }
  if (attempt === progress.current) return state;
  return { ...state, units: { ...state.units, [moduleId]: { ...progress, current: attempt } } };
}

/** True when the module's current attempt has a record without this learner id. */
export function needsStamp(state: LearnerState, moduleId: string, learnerId: string): boolean {
  const attempt = state.units[moduleId]?.current;
  return !!attempt && Object.values(attempt.steps).some((p) => p.record && (p.record as LmsStampedRecord).lmsLearnerId !== learnerId);
}

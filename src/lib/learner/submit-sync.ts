// Submitting in one synchronous step, with the synchronous SHA-256 (tests, Node tools). Kept out of
// submit.ts so the learner pages, which sign with the browser's Web Crypto, never load a SHA-256 library.
import type { LearnerState } from './learner-state.ts';
import type { Clock } from './progress.ts';
import { finishSteps, prepareSteps, type CompletionContext } from './submit.ts';
import { signRecord } from '../records/sign.ts';

/** Prepare, sign (synchronously) and finish in one step. */
export function completeSteps(state: LearnerState, ctx: CompletionContext, clock: Clock): LearnerState {
  const prepared = prepareSteps(state, ctx, clock);
  return finishSteps(
    state,
    prepared,
    prepared.records.map((r) => signRecord(r.record)),
  );
}

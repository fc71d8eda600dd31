import { signRecordAsync } from '../client/sign.ts';
import { finishSteps, prepareSteps, type CompletionContext } from '../lib/learner/submit.ts';
import { clock, loadLearner, updateLearner } from './learner.ts';

/** Submits a questionnaire page (one step, or "post" with "then") of the current attempt. */
export async function completeSteps(ctx: CompletionContext): Promise<void> {
  const prepared = prepareSteps(loadLearner(), ctx, clock);
  const signed = await Promise.all(prepared.records.map((r) => signRecordAsync(r.record)));
  updateLearner((s) => finishSteps(s, prepared, signed));
}

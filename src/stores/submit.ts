import { completePhase as complete, type CompletionContext } from '../lib/learner/submit.ts';
import { apply, clock } from './learner.ts';

/** Submits the pre or post questionnaire of the current attempt. */
export const completePhase = (ctx: CompletionContext) => apply((s) => complete(s, ctx, clock));

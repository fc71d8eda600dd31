// Which questionnaire a page asks in a unit (one module, or a trainer's assignment of several), and what
// each one holds. One place for the rule "one questionnaire before the first module and one after the
// last; each module's knowledge questions with its own lessons". Pure.
import type { Timepoint } from '../records/result-record.ts';
import type { Attempt } from './learner-state.ts';

/** "pre", "post", "then", "followup", or a module's own knowledge step "pre:<module>" / "post:<module>". */
export type StepId = string;

export interface StepPlan {
  id: StepId;
  timepoint: Timepoint;
  /** Ask the instrument's items (the unit's scales) at this step. */
  instrument: boolean;
  /** Ask the background questions (only with the first questionnaire of an attempt). */
  demographics: boolean;
  /** Modules whose knowledge questions this step asks. */
  knowledge: string[];
  /** Ask the retrospective "then" block on this page as well (only with "post"). */
  thenBlock: boolean;
}

export const isFirst = (modules: readonly string[], moduleId: string) => modules[0] === moduleId;
export const isLast = (modules: readonly string[], moduleId: string) => modules[modules.length - 1] === moduleId;

/** The step a module's "before" or "after" page asks within the attempt's unit. */
export function stepFor(attempt: Pick<Attempt, 'modules' | 'options'>, moduleId: string, page: 'pre' | 'post'): StepPlan {
  const { modules, options } = attempt;
  if (!modules.includes(moduleId)) throw new Error(`module "${moduleId}" is not part of this unit (${modules.join(', ')})`);
  if (page === 'pre') {
    return isFirst(modules, moduleId)
      ? { id: 'pre', timepoint: 'pre', instrument: true, demographics: true, knowledge: [moduleId], thenBlock: false }
      : { id: `pre:${moduleId}`, timepoint: 'pre', instrument: false, demographics: false, knowledge: [moduleId], thenBlock: false };
  }
  return isLast(modules, moduleId)
    ? { id: 'post', timepoint: 'post', instrument: true, demographics: false, knowledge: [moduleId], thenBlock: options.thenTest }
    : { id: `post:${moduleId}`, timepoint: 'post', instrument: false, demographics: false, knowledge: [moduleId], thenBlock: false };
}

/** The retrospective "then" questionnaire, submitted with "post": attitude items only. */
export const THEN_STEP: StepPlan = { id: 'then', timepoint: 'then', instrument: true, demographics: false, knowledge: [], thenBlock: false };

/** The follow-up: practice and attitude items, and the unit's knowledge questions if the trainer asked. */
export function followUpStep(attempt: Pick<Attempt, 'modules' | 'options'>): StepPlan {
  return {
    id: 'followup',
    timepoint: 'followup',
    instrument: true,
    demographics: false,
    knowledge: attempt.options.followUpKnowledge ? [...attempt.modules] : [],
    thenBlock: false,
  };
}

/** The step that must be submitted before this one, or null. */
export function prerequisiteOf(attempt: Pick<Attempt, 'modules'>, step: StepId): StepId | null {
  const { modules } = attempt;
  if (step === 'pre') return null;
  if (step === 'followup' || step === 'then') return 'post';
  const [kind, moduleId] = step.split(':') as ['pre' | 'post', string | undefined];
  const m = moduleId ?? (kind === 'post' ? modules[modules.length - 1]! : modules[0]!);
  const index = modules.indexOf(m);
  if (kind === 'pre') {
    // A later module's knowledge questions come after the previous module's own "after" step.
    return `post:${modules[index - 1]!}`;
  }
  return isFirst(modules, m) ? 'pre' : `pre:${m}`;
}

/** When the follow-up is due: the day the questionnaire after was submitted plus the attempt's days. */
export function followUpDue(attempt: Attempt): Date | null {
  const days = attempt.options.followUpDays;
  const post = attempt.steps.post?.completedAt;
  if (days === null || !post) return null;
  return new Date(Date.parse(post) + days * 86_400_000);
}

export type FollowUpStatus = 'none' | 'not-yet' | 'due' | 'done';

export function followUpStatus(attempt: Attempt, now: Date): FollowUpStatus {
  if (attempt.steps.followup?.completedAt) return 'done';
  const due = followUpDue(attempt);
  if (!due) return 'none';
  return now.getTime() >= due.getTime() ? 'due' : 'not-yet';
}

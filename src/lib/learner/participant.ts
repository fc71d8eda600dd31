// The participant code in the learner's state: the code page's two transitions. Pure.
import type { LearnerState } from './learner-state.ts';

/**
 * The learner's code, made. The four answers it was made from are not kept (nor the draft of them): a person
 * using the same browser later would see them on the code page. The `answers` field stays, empty, in format 2.
 */
export function setParticipant(state: LearnerState, code: string): LearnerState {
  // Attempts with nothing submitted take the new code; submitted records keep the code they were made with.
  const units = Object.fromEntries(
    Object.entries(state.units).map(([id, p]) => [
      id,
      Object.values(p.current.steps).some((s) => s.record) ? p : { ...p, current: { ...p.current, participant: code } },
    ]),
  );
  return { ...state, participant: { code, answers: {} }, codeDraft: {}, units };
}

/**
 * Where the code page keeps a draft of the four answers, in the tab's sessionStorage only, for a reload: it is
 * forgotten when the page is left, after DRAFT_MINUTES, and when another LMS learner opens the module.
 */
export const CODE_DRAFT_KEY = 'msg-training:code-draft';
export const DRAFT_MINUTES = 30;

/**
 * The state without any of the four answers: those a state saved by an earlier version kept (with the code,
 * or as a draft typed before the code was made). Drafts now live in the tab's sessionStorage only.
 */
export const forgetCodeAnswers = (state: LearnerState): LearnerState => ({
  ...state,
  participant: state.participant && { code: state.participant.code, answers: {} },
  codeDraft: {},
});

/** Whether the state still holds any of the four answers a code is made from. */
export const holdsCodeAnswers = (state: LearnerState): boolean =>
  Object.keys(state.codeDraft).length > 0 || Object.keys(state.participant?.answers ?? {}).length > 0;

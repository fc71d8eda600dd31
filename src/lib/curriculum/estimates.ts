// How long a module takes, estimated from its content: the rule the content checks hold each module's
// stated minutes to (within ±30%).
export const READING_WORDS_PER_MINUTE = 200;
/** Seconds to read and answer one questionnaire item (a labelled five-point item). */
export const SECONDS_PER_ITEM = 7;
export const MINUTES_TOLERANCE = 0.3;

export interface ModuleEstimateInput {
  lessonWords: number;
  questionnaireItems: number;
  demographicQuestions: number;
}

export function estimatedMinutes({ lessonWords, questionnaireItems, demographicQuestions }: ModuleEstimateInput): number {
  const reading = lessonWords / READING_WORDS_PER_MINUTE;
  // The questionnaire is answered twice (before and after); the demographic questions once.
  const answering = ((questionnaireItems * 2 + demographicQuestions) * SECONDS_PER_ITEM) / 60;
  return reading + answering;
}

export function withinTolerance(estimate: number, stated: number): boolean {
  return Math.abs(estimate - stated) <= MINUTES_TOLERANCE * stated;
}

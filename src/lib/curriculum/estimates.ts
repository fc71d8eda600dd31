// How long a module takes, estimated from its content: the rule the content checks hold each module's
// stated minutes to (within ±30%).
export const READING_WORDS_PER_MINUTE = 200;
/** Seconds to read and answer one questionnaire item (a labelled five-point item). */
export const SECONDS_PER_ITEM = 7;
/** Seconds for one scored knowledge question (a stem and three or four options to read). */
export const SECONDS_PER_KNOWLEDGE_QUESTION = 15;
const MINUTES_TOLERANCE = 0.3;

export interface ModuleEstimateInput {
  lessonWords: number;
  questionnaireItems: number;
  demographicQuestions: number;
  /** Scored knowledge questions, asked before and after the lessons. */
  knowledgeQuestions?: number;
}

export function estimatedMinutes({ lessonWords, questionnaireItems, demographicQuestions, knowledgeQuestions = 0 }: ModuleEstimateInput): number {
  const reading = lessonWords / READING_WORDS_PER_MINUTE;
  // The questionnaire and the knowledge questions are answered twice (before and after); the
  // demographic questions once.
  const answering = ((questionnaireItems * 2 + demographicQuestions) * SECONDS_PER_ITEM + knowledgeQuestions * 2 * SECONDS_PER_KNOWLEDGE_QUESTION) / 60;
  return reading + answering;
}

export function withinTolerance(estimate: number, stated: number): boolean {
  return Math.abs(estimate - stated) <= MINUTES_TOLERANCE * stated;
}

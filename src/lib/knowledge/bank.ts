// Scored knowledge questions: each module's multiple-choice questions, each tied to one of the module's
// objectives, asked before and after its lessons (in an order of their own per person: order.ts);
// scoring is the share answered correctly. Pure.

export interface KnowledgeOption {
  text: string;
  correct?: boolean;
}

export interface KnowledgeQuestion {
  id: string;
  /** 1-based index into the module's objectives. */
  objective: number;
  text: string;
  options: KnowledgeOption[];
  explanation: string;
  sources: string[];
}

export const correctOption = (q: KnowledgeQuestion): number => q.options.findIndex((o) => o.correct);

export interface KnowledgeScore {
  asked: number;
  answered: number;
  correct: number;
  /** Correct answers as a share of the questions asked (unanswered counts as not correct), or null if none asked. */
  percent: number | null;
}

/** % correct over the questions asked: an unanswered question counts as not correct. */
export function scoreKnowledge(questions: readonly KnowledgeQuestion[], answers: Readonly<Record<string, number | null | undefined>>): KnowledgeScore {
  let answered = 0;
  let correct = 0;
  for (const q of questions) {
    const a = answers[q.id];
    if (typeof a !== 'number') continue;
    answered++;
    if (a === correctOption(q)) correct++;
  }
  return { asked: questions.length, answered, correct, percent: questions.length ? (100 * correct) / questions.length : null };
}

export interface ObjectiveScore {
  objective: number;
  asked: number;
  correctBefore: number | null;
  correctAfter: number | null;
}

/** Correct answers per objective before and after (null when that questionnaire is not there). */
export function scoreByObjective(
  questions: readonly KnowledgeQuestion[],
  before: Readonly<Record<string, number | null>> | null,
  after: Readonly<Record<string, number | null>> | null,
): ObjectiveScore[] {
  const objectives = [...new Set(questions.map((q) => q.objective))].sort((a, b) => a - b);
  return objectives.map((objective) => {
    const qs = questions.filter((q) => q.objective === objective);
    const count = (answers: Readonly<Record<string, number | null>> | null) => (answers ? qs.filter((q) => answers[q.id] === correctOption(q)).length : null);
    return { objective, asked: qs.length, correctBefore: count(before), correctAfter: count(after) };
  });
}

// The scored knowledge questions in the form the report's knowledge section needs (KnowledgeBankModule):
// per module, its objectives, each question's id, objective and which option is correct, and the
// fingerprint records carry in `knowledgeHashes`. No question or option text: the browser evaluator gets
// these in its page (small), the CLI reads them from content/ (knowledge-files.ts).
import type { KnowledgeBankModule } from '../analysis/report-types.ts';
import type { KnowledgeQuestion } from '../knowledge/bank.ts';
import { knowledgeFingerprint } from '../knowledge/fingerprint.ts';

export type { KnowledgeBankModule };

/** A module's bank from its objectives and questions (content/modules/<id>.yaml, content/knowledge/<id>.yaml). */
export function knowledgeBank(
  moduleId: string,
  objectives: readonly string[],
  questions: readonly KnowledgeQuestion[],
  hash = knowledgeFingerprint(questions),
): KnowledgeBankModule {
  return {
    moduleId,
    objectives: [...objectives],
    questions: questions.map((q) => ({ id: q.id, objective: q.objective, options: q.options.map((o) => (o.correct ? { correct: true } : {})) })),
    hash,
  };
}

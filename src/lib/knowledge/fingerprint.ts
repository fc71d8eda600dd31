// The knowledge questions' fingerprint, made at build time (the learner pages only carry the result).
import { canonicalJson } from '../util/canonical-json.ts';
import { sha256Hex } from '../util/sha256.ts';
import { correctOption, type KnowledgeQuestion } from './bank.ts';

/**
 * Fingerprint of the questions asked: their ids, wording, options and answer key. A record's knowledge
 * answers are scored only against the questions with this fingerprint, never against changed ones.
 */
export function knowledgeFingerprint(questions: readonly KnowledgeQuestion[]): string {
  return sha256Hex(canonicalJson(questions.map((q) => ({ id: q.id, text: q.text, options: q.options.map((o) => o.text), correct: correctOption(q) }))));
}

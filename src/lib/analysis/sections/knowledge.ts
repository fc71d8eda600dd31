// Knowledge: per module, the share of its scored questions answered correctly before and after its
// lessons, per objective and per question.
import { mcnemarAuto, mean, sampleSd } from '../../stats/index.ts';
import type { ImportedRecord } from '../../import/import-types.ts';
import { participantKey } from '../../matching/match.ts';
import type { AnalysisContext } from '../context.ts';
import { num, pairedTests } from '../paired.ts';
import type { KnowledgeBankModule, KnowledgeModuleResult, McNemarSummary } from '../report-types.ts';

const correctIndex = (q: KnowledgeBankModule['questions'][number]) => q.options.findIndex((o) => o.correct);

export function mcnemarSummary(b: number, c: number): McNemarSummary {
  const m = mcnemarAuto(b, c);
  return { b, c, method: m.method, statistic: num(m.statistic), df: num(m.df), p: num(m.p) };
}

/** The latest record per person (code, unit, cohort) at each timepoint that answered this module's questions. */
function answersByPerson(records: readonly ImportedRecord[], bank: KnowledgeBankModule) {
  const ids = new Set(bank.questions.map((q) => q.id));
  const people = new Map<string, { pre?: ImportedRecord; post?: ImportedRecord }>();
  let otherVersion = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    // (A record without knowledge answers, the most, is passed over before any object is made for it.)
    if ((r.timepoint !== 'pre' && r.timepoint !== 'post') || !r.knowledge) continue;
    const answers = r.knowledge;
    if (!Object.keys(answers).some((id) => ids.has(id))) continue;
    if (r.knowledgeHashes?.[bank.moduleId] !== bank.hash) {
      otherVersion++;
      continue;
    }
    const key = `${participantKey(r)}\u0000${r.module ?? ''}\u0000${r.cohort ?? ''}`;
    const slot = people.get(key) ?? {};
    const current = slot[r.timepoint];
    if (!current || (r.completedAt ?? '') > (current.completedAt ?? '') || ((r.completedAt ?? '') === (current.completedAt ?? '') && r.seq > current.seq))
      slot[r.timepoint] = r;
    people.set(key, slot);
  }
  const pairs = [...people.values()].filter((p): p is { pre: ImportedRecord; post: ImportedRecord } => !!p.pre && !!p.post);
  return { pairs, otherVersion };
}

export function knowledgeSection(ctx: AnalysisContext, banks: readonly KnowledgeBankModule[]): KnowledgeModuleResult[] {
  const records = ctx.ds.importResult.records;
  return banks.map((bank) => {
    const { pairs, otherVersion } = answersByPerson(records, bank);
    const correct = (r: ImportedRecord, qs: KnowledgeBankModule['questions']) => qs.filter((q) => r.knowledge?.[q.id] === correctIndex(q)).length;
    const pct = (r: ImportedRecord, qs: KnowledgeBankModule['questions']) => (100 * correct(r, qs)) / qs.length;
    const block = (qs: KnowledgeBankModule['questions']) => {
      const pre = pairs.map((p) => pct(p.pre, qs));
      const post = pairs.map((p) => pct(p.post, qs));
      const t = pairedTests(post, pre, ctx.confLevel);
      return { ...t, pre: { mean: num(mean(pre)), sd: num(sampleSd(pre)) }, post: { mean: num(mean(post)), sd: num(sampleSd(post)) } };
    };
    const objectives = [...new Set(bank.questions.map((q) => q.objective))]
      .sort((a, b) => a - b)
      .map((objective) => {
        const qs = bank.questions.filter((q) => q.objective === objective);
        return { objective, text: bank.objectives[objective - 1] ?? '', questions: qs.map((q) => q.id), ...block(qs) };
      });
    const items = bank.questions.map((q) => {
      let correctPre = 0;
      let correctPost = 0;
      let b = 0;
      let c = 0;
      for (const p of pairs) {
        const before = p.pre.knowledge?.[q.id] === correctIndex(q);
        const after = p.post.knowledge?.[q.id] === correctIndex(q);
        if (before) correctPre++;
        if (after) correctPost++;
        if (before && !after) b++;
        if (!before && after) c++;
      }
      return { id: q.id, objective: q.objective, n: pairs.length, correctPre, correctPost, mcnemar: mcnemarSummary(b, c) };
    });
    return { module: bank.moduleId, questionsHash: bank.hash, questions: bank.questions.length, otherVersion, ...block(bank.questions), objectives, items };
  });
}

// Result files for the dashboard and roster tests, made with the same record code the learner pages use.
import { readFileSync } from 'node:fs';
import { loadKnowledgeBanks } from '../../src/lib/import/knowledge-files.ts';
import { instrumentFingerprint } from '../../src/lib/instrument/fingerprint.ts';
import { parseInstrument } from '../../src/lib/instrument/load.ts';
import { itemsForScales } from '../../src/lib/instrument/scoring.ts';
import { RECORD_FORMAT, RECORD_FORMAT_VERSION, type ResultRecord } from '../../src/lib/records/result-record.ts';
import { signRecord } from '../../src/lib/records/sign.ts';

const FILE = 'content/instruments/msg-attitudes-1.0.0.yaml';
export const instrument = parseInstrument(readFileSync(FILE, 'utf8'), FILE);
export const hash = instrumentFingerprint(instrument);
/** The knowledge banks as the CLI reads them from content/: the page must score with the same ones. */
export const knowledgeBanks = loadKnowledgeBanks('content').banks;

/** A deterministic pseudo-random generator, so the files are the same on every run. */
function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

export function participantCode(i: number): string {
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  return `${letters[i % letters.length]}${letters[(i * 7) % letters.length]}-${String((i % 28) + 1).padStart(2, '0')}-${letters[(i * 3) % letters.length]}${letters[(i * 5) % letters.length]}-${i % 10}`;
}

/**
 * A learner's records (pre and, unless `post: false`, post). With `knowledge`, the records also carry
 * answers to the module's knowledge questions (format 2): that many correct before and after.
 */
export function learnerRecords(
  i: number,
  module: string,
  scales: string[],
  options: { cohort?: string | null; post?: boolean; knowledge?: { pre: number; post: number } } = {},
): ResultRecord[] {
  const random = rng(1000 + i);
  const items = itemsForScales(instrument, scales);
  const disciplines = instrument.demographics.find((d) => d.id === 'discipline')!.options.map((o) => o.value);
  const base = (timepoint: 'pre' | 'post', shift: number): ResultRecord =>
    signRecord({
      format: RECORD_FORMAT,
      formatVersion: RECORD_FORMAT_VERSION,
      appVersion: '0.1.0',
      attemptId: `attempt-${i}-${module}`,
      module,
      instrument: { id: instrument.id, version: instrument.version, hash },
      participant: participantCode(i),
      cohort: options.cohort ?? null,
      timepoint,
      startedAt: `2026-11-0${timepoint === 'pre' ? 2 : 3}T10:00:00.000Z`,
      completedAt: `2026-11-0${timepoint === 'pre' ? 2 : 3}T10:10:00.000Z`,
      responses: Object.fromEntries(items.map((item) => [item.id, Math.max(1, Math.min(5, Math.round(2 + random() * 3 + shift)))])),
      demographics: Object.fromEntries(instrument.demographics.map((d) => [d.id, d.id === 'discipline' ? disciplines[i % 3]! : null])),
      ...knowledgeFields(module, timepoint, options.knowledge),
    });
  const pre = base('pre', 0);
  return options.post === false ? [pre] : [pre, base('post', 0.6)];
}

function knowledgeFields(module: string, timepoint: 'pre' | 'post', correct: { pre: number; post: number } | undefined): Partial<ResultRecord> {
  const bank = correct && knowledgeBanks.find((b) => b.moduleId === module);
  if (!bank) return {};
  const n = correct[timepoint];
  // The first n questions right, the rest wrong (the option after the correct one) or unanswered.
  const answers = Object.fromEntries(
    bank.questions.map((q, j) => {
      const key = q.options.findIndex((o) => o.correct);
      return [q.id, j < n ? key : j % 2 ? null : (key + 1) % q.options.length];
    }),
  );
  return { modules: [module], knowledge: answers, knowledgeHashes: { [module]: bank.hash } };
}

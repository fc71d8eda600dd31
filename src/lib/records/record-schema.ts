// Validation of result records read from files (evaluator import, roster).
import * as z from 'astro/zod';
import { RECORD_FORMAT, TIMEPOINTS, type ResultRecord } from './result-record.ts';

const isoDate = z.iso.datetime({ offset: true });
const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * An object of answers whose every value passes `valid` (else one issue per bad value, at its key).
 * Why not z.record(): it runs a key schema and a value schema per entry, which was half of the import's
 * validation time for 20,000 records of 40 answers; this loop checks the same rule and reports in zod's
 * words, so messages and paths stay as they were.
 */
function answers<T>(valid: (value: unknown) => value is T, expected: string, describe: (value: unknown) => string) {
  return z.custom<Record<string, T>>(isPlainObject, { error: (issue) => `Invalid input: expected record, received ${received(issue.input)}` }).check((ctx) => {
    const record = ctx.value;
    for (const key in record) {
      const value = record[key];
      if (!valid(value)) {
        ctx.issues.push({ code: 'custom', input: value, path: [key], message: `Invalid input: expected ${expected}, received ${describe(value)}` });
      }
    }
  });
}

function received(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const isAnswer = (v: unknown): v is number | null => v === null || Number.isInteger(v);
const isBackground = (v: unknown): v is string | null => v === null || (typeof v === 'string' && v.length <= 100);

export const resultRecordSchema: z.ZodType<ResultRecord> = z.object({
  format: z.literal(RECORD_FORMAT),
  formatVersion: z.union([z.literal(1), z.literal(2)]),
  appVersion: z.string().min(1),
  attemptId: z.string().min(1).max(100),
  module: z.string().min(1).max(420),
  modules: z.array(z.string().min(1).max(100)).min(1).max(20).optional(),
  instrument: z.object({
    id: z.string().min(1).max(100),
    version: z.string().min(1).max(40),
    hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a 64-character SHA-256 hex string'),
  }),
  participant: z.string().min(1).max(40),
  cohort: z.string().max(64).nullable(),
  timepoint: z.enum(TIMEPOINTS),
  startedAt: isoDate,
  completedAt: isoDate,
  // An answer is a whole number (checked against the item's response points later) or null.
  responses: answers(isAnswer, 'a whole number or null', (v) => (typeof v === 'number' ? String(v) : received(v))),
  // A background answer is an option value (checked against the question's options later) or null.
  knowledge: answers(isAnswer, 'a whole number or null', (v) => (typeof v === 'number' ? String(v) : received(v))).optional(),
  knowledgeHashes: z.record(z.string().max(100), z.string().regex(/^[0-9a-f]{64}$/, 'must be a 64-character SHA-256 hex string')).optional(),
  demographics: answers(isBackground, 'text of at most 100 characters or null', (v) => (typeof v === 'string' ? `${v.length} characters` : received(v))),
  checksum: z.string().regex(/^[0-9a-f]{64}$/, 'must be a 64-character SHA-256 hex string'),
});

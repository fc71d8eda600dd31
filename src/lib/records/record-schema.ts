// Validation of result records read from files (evaluator import, roster).
import { z } from 'astro/zod';
import { RECORD_FORMAT, RECORD_FORMAT_VERSION, TIMEPOINTS, type ResultRecord } from './result-record.ts';

const isoDate = z.iso.datetime({ offset: true });

export const resultRecordSchema: z.ZodType<ResultRecord>  = z.object({
  format: z.literal(RECORD_FORMAT),
  formatVersion: z.literal(RECORD_FORMAT_VERSION),
  appVersion: z.string().min(1),
  attemptId: z.string().min(1).max(100),
  module: z.string().min(1).max(100),
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
  responses: z.record(z.string(), z.number().int().nullable()),
  demographics: z.record(z.string(), z.string().max(100).nullable()),
  checksum: z.string().regex(/^[0-9a-f]{64}$/, 'must be a 64-character SHA-256 hex string'),
});


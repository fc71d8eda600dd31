// The result record (public format 2, docs/formats.md): what a learner downloads and an evaluator imports.
// Kept free of zod so learner pages stay small; validation on import lives in record-schema.ts.
import { canonicalJsonWithout } from '../util/canonical-json.ts';

export const RECORD_FORMAT = 'msg-result-record' as const;
/** The format this app writes. Format 1 records (no `modules`, `knowledge`) stay readable. */
export const RECORD_FORMAT_VERSION = 2 as const;
const READABLE_FORMAT_VERSIONS = [1, 2] as const;
export const TIMEPOINTS = ['pre', 'post', 'then', 'followup'] as const;
export type Timepoint = (typeof TIMEPOINTS)[number];

export interface ResultRecord {
  format: typeof RECORD_FORMAT;
  formatVersion: (typeof READABLE_FORMAT_VERSIONS)[number];
  appVersion: string;
  attemptId: string;
  /**
   * The unit the questionnaire belongs to: a module id, or the modules of a trainer's assignment joined
   * with "+" (one questionnaire before the first and one after the last). Pre and post match within it.
   */
  module: string;
  /** Format 2: the unit's modules in order. */
  modules?: string[];
  instrument: { id: string; version: string; hash: string };
  participant: string;
  cohort: string | null;
  timepoint: Timepoint;
  startedAt: string;
  completedAt: string;
  /** Every instrument item asked at this step (null = not answered); empty for a knowledge-only step. */
  responses: Record<string, number | null>;
  /** Format 2: knowledge question id → index of the option chosen (null = not answered). */
  knowledge?: Record<string, number | null>;
  /**
   * Format 2: per module whose knowledge questions were asked, the fingerprint of its questions (wording,
   * options, answer key), so answers are scored only against the questions they answered.
   */
  knowledgeHashes?: Record<string, string>;
  demographics: Record<string, string | null>;
  /** SHA-256 (hex) of the canonical JSON of every other field. */
  checksum: string;
}
export type UnsignedRecord = Omit<ResultRecord, 'checksum'>;

/** What the checksum is taken over: the canonical JSON of every field but the checksum itself. */
export const checksumInput = (record: UnsignedRecord | ResultRecord): string => canonicalJsonWithout(record, 'checksum');

// The result record (public format 2, docs/formats.md): what a learner downloads and an evaluator imports.
// Kept free of zod so learner pages stay small; validation on import lives in record-schema.ts.
import { canonicalJsonWithout } from '../util/canonical-json.ts';
import { sha256Hex } from '../util/sha256.ts';

export const RECORD_FORMAT = 'msg-result-record' as const;
export const RECORD_FORMAT_VERSION = 1 as const;
export const TIMEPOINTS = ['pre', 'post', 'then', 'followup'] as const;
export type Timepoint = (typeof TIMEPOINTS)[number];

export interface ResultRecord {
  format: typeof RECORD_FORMAT;
  formatVersion: typeof RECORD_FORMAT_VERSION;
  appVersion: string;
  attemptId: string;
  module: string;
  instrument: { id: string; version: string; hash: string };
  participant: string;
  cohort: string | null;
  timepoint: Timepoint;
  startedAt: string;
  completedAt: string;
  responses: Record<string, number | null>;
  demographics: Record<string, string | null>;
  /** SHA-256 (hex) of the canonical JSON of every other field. */
  checksum: string;
}
export type UnsignedRecord = Omit<ResultRecord, 'checksum'>;

/** SHA-256 over the canonical JSON of every field but the checksum itself. */
export function recordChecksum(record: UnsignedRecord | ResultRecord): string {
  return sha256Hex(canonicalJsonWithout(record, 'checksum'));
}

export function signRecord(record: UnsignedRecord): ResultRecord {
  return { ...record, checksum: recordChecksum(record) };
}

/** True when the record is unchanged since it was made (an edited file fails). */
export function checksumMatches(record: ResultRecord): boolean {
  return recordChecksum(record) === record.checksum;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Short code printed on the certificate: derived from the records' checksums, so anyone holding the
 * result file can confirm the certificate belongs to it. 40 bits, as XXXX-XXXX in Crockford base 32.
 */
export function verificationCode(records: readonly ResultRecord[]): string {
  const digest = sha256Hex(records.map((r) => r.checksum).sort().join('\n'));
  let bits = BigInt('0x' + digest.slice(0, 10));
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = CROCKFORD[Number(bits & 31n)]! + out;
    bits >>= 5n;
  }
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}

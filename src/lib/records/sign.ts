// Checksums and verification codes with the synchronous SHA-256 (evaluator, CLI, LMS wrapper, tests).
// Kept apart from result-record.ts so the learner pages, which sign with the browser's own SHA-256
// (sign-async.ts), never load a SHA-256 implementation.
import { sha256Hex } from '../util/sha256.ts';
import { checksumInput, type ResultRecord, type UnsignedRecord } from './result-record.ts';
import { codeFromDigest, verificationInput } from './verification.ts';

/** SHA-256 over the canonical JSON of every field but the checksum itself. */
export function recordChecksum(record: UnsignedRecord | ResultRecord): string {
  return sha256Hex(checksumInput(record));
}

export function signRecord(record: UnsignedRecord): ResultRecord {
  return { ...record, checksum: recordChecksum(record) };
}

/** True when the record is unchanged since it was made (an edited file fails). */
export function checksumMatches(record: ResultRecord): boolean {
  return recordChecksum(record) === record.checksum;
}

/**
 * Short code printed on the certificate: derived from the checksum of the record it is for (the
 * questionnaire after the module's lessons), so the trainer's roster shows the same code for that
 * record's result file. 40 bits, as XXXX-XXXX in Crockford base 32.
 */
export function verificationCode(records: readonly Pick<ResultRecord, 'checksum'>[]): string {
  return codeFromDigest(sha256Hex(verificationInput(records)));
}

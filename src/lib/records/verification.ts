// The certificate's verification code: derived from the checksum of the record the certificate is for
// (the questionnaire after the module's lessons), so the trainer's roster, reading the result file, shows
// the same code; a later record (the follow-up, another module of an assignment) does not change it.
// Pure; the hash itself is the caller's (sign.ts, or the learner page's Web Crypto).
import type { ResultRecord } from './result-record.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** What the verification code is derived from: the records' checksums, sorted. */
export const verificationInput = (records: readonly Pick<ResultRecord, 'checksum'>[]): string =>
  records
    .map((r) => r.checksum)
    .sort()
    .join('\n');

/** The first 40 bits of a hex digest as XXXX-XXXX in Crockford base 32. */
export function codeFromDigest(digest: string): string {
  let bits = BigInt('0x' + digest.slice(0, 10));
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = CROCKFORD[Number(bits & 31n)]! + out;
    bits >>= 5n;
  }
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}

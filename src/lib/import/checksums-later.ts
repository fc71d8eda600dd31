// An import whose checksums are checked while the work goes on, not one by one as records are read: in
// the browser the pure-JavaScript SHA-256 cost a fifth of /evaluate/'s time on 10,000 learners, and the
// page has a second core. The import is synchronous, so it runs taking each record of ASCII only as
// matching its checksum (ImportOptions.checksumLater) and hands its bytes to a checker (another thread, or
// an asynchronous digest); what follows the import (matching, analysis) runs meanwhile. That result stands
// if every checksum matched. If one did not, or the checker failed, the files are imported again with the
// synchronous hash and the work done again: the result is always exactly the synchronous import's (an
// edited record changes its content key, so which records count as copies, and the counts).
import type { ImportOptions } from './import-types.ts';

/** What the import is run with: the options to pass to importFiles (one of the two checksum options). */
export type ChecksumOptions = Pick<ImportOptions, 'checksumLater' | 'sha256Bytes'>;

/** Checks the checksums given to it, not necessarily at once. */
export interface LaterChecksums {
  /** A record's canonical bytes (overwritten by the next record's: read or copied at once) and its written checksum. */
  add(bytes: Uint8Array, written: string): void;
  /** Whether every checksum given matched; false when the checking failed (it never rejects). */
  allMatch(): Promise<boolean>;
}

/**
 * `then(importWith(…))` with the checksums checked by `later` meanwhile, or, when one does not match,
 * with the synchronous `sha256Bytes`. `importWith` may import more than once (instrument-choice.ts). An
 * error of the first run stands only when every checksum matched (else the run is made again, as the
 * synchronous import might not have met it).
 */
export async function importCheckingLater<T, R>(
  importWith: (checksums: ChecksumOptions) => T,
  then: (imported: T) => R,
  later: LaterChecksums,
  sha256Bytes: (bytes: Uint8Array) => string,
): Promise<R> {
  let hoped: { value: R } | { error: unknown } | null;
  try {
    hoped = { value: then(importWith({ checksumLater: (bytes, written) => later.add(bytes, written) })) };
  } catch (error) {
    hoped = { error };
  }
  if (await later.allMatch().catch(() => false)) {
    if ('error' in hoped) throw hoped.error;
    return hoped.value;
  }
  hoped = null; // let it go before the work is done again (a large cohort's data set and report)
  return then(importWith({ sha256Bytes }));
}

/**
 * Records' bytes and written checksums gathered into batches of about `batchBytes` bytes, for checking
 * elsewhere (another thread): `send` is given each batch (the bytes of its records one after another,
 * where each ends, their checksums) and answers with how many did not match.
 */
export function batchedChecksums(send: (batch: ChecksumBatch) => Promise<number>, batchBytes = 1 << 20): LaterChecksums {
  let bytes = new Uint8Array(batchBytes);
  let at = 0;
  let ends: number[] = [];
  let written: string[] = [];
  /** Each batch's verdict: true when every record matched; false when one did not, or the batch could not be checked. */
  const answers: Promise<boolean>[] = [];
  const flush = () => {
    if (!written.length) return;
    // The batch's buffer goes as it is (a thread can take it over without a copy); the next gets a new one.
    const full = bytes;
    bytes = new Uint8Array(batchBytes);
    answers.push(
      send({ bytes: full.subarray(0, at), ends: Uint32Array.from(ends), written }).then(
        (mismatches) => mismatches === 0,
        () => false,
      ),
    );
    at = 0;
    ends = [];
    written = [];
  };
  return {
    add(record, checksum) {
      if (at + record.length > bytes.length) {
        flush();
        if (record.length > bytes.length) bytes = new Uint8Array(record.length);
      }
      bytes.set(record, at);
      at += record.length;
      ends.push(at);
      written.push(checksum);
    },
    allMatch() {
      flush();
      return Promise.all(answers.splice(0)).then((verdicts) => verdicts.every(Boolean));
    },
  };
}

/** A batch of records to check: their canonical bytes one after another, where each ends, and each one's written checksum. */
export interface ChecksumBatch {
  bytes: Uint8Array<ArrayBuffer>;
  ends: Uint32Array<ArrayBuffer>;
  written: string[];
}

/** How many records of a batch do not match their checksum, by `digest` (lower-case hex). */
export async function batchMismatches(batch: ChecksumBatch, digest: (bytes: Uint8Array) => string | Promise<string>): Promise<number> {
  const computed = batch.written.map((_, i) => digest(batch.bytes.subarray(i === 0 ? 0 : batch.ends[i - 1], batch.ends[i])));
  const digests = await Promise.all(computed);
  return digests.reduce((n, d, i) => n + (d === batch.written[i] ? 0 : 1), 0);
}

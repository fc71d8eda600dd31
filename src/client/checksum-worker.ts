// Checks batches of records' checksums for evaluate-worker.ts on a thread (and core) of its own, while
// that worker goes on importing and analysing (lib/import/checksums-later.ts). Web Crypto's native digest
// where the page has it (https or localhost), else the same pure-JavaScript hash as everywhere else.
import { batchMismatches, type ChecksumBatch } from '../lib/import/checksums-later.ts';
import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256BytesHex } from '../lib/util/sha256.ts';

export interface ChecksumRequest {
  id: number;
  batch: ChecksumBatch;
}
export type ChecksumReply = { id: number; mismatches: number } | { id: number; failed: string };

const subtle = globalThis.crypto?.subtle;
const digest = subtle
  ? (bytes: Uint8Array) => subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>).then((d) => bytesToHex(new Uint8Array(d)))
  : sha256BytesHex;

self.onmessage = async ({ data: { id, batch } }: MessageEvent<ChecksumRequest>) => {
  let reply: ChecksumReply;
  try {
    reply = { id, mismatches: await batchMismatches(batch, digest) };
  } catch (error) {
    reply = { id, failed: String(error) };
  }
  postMessage(reply);
};

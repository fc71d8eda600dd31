import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

// One encoder for every call: @noble's utf8ToBytes makes a new TextEncoder and copies its output each
// time, which cost more than the hashing when an import checks 20,000 records.
let encoder: TextEncoder | undefined;

/** Synchronous SHA-256 of bytes, as lower-case hex: sha256Hex of the text those bytes encode. */
export const sha256BytesHex = (bytes: Uint8Array): string => bytesToHex(sha256(bytes));

/** Synchronous SHA-256 of a UTF-8 string, as lower-case hex (same result in browser, Node and CLI). */
export function sha256Hex(text: string): string {
  return sha256BytesHex((encoder ??= new TextEncoder()).encode(text));
}

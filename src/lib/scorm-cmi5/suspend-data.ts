// Suspend data: one module's learner state plus the LMS reporting log, as a versioned string small
// enough for SCORM 1.2's 4,096 characters. Pure.
//
// Format 2: "msg2." followed by the base64url text of the raw-DEFLATE-compressed JSON of the snapshot
// and log (fflate). The JSON holds the state exactly as the pages stored it, so every record comes back
// byte for byte, checksum included: nothing is re-signed, and nothing depends on the order of the
// questions the package was built with. Compression takes a completed module from about 6,000
// characters of JSON to under 2,000. Suspend data of format 1 (packages before the learner-state
// format 2) is refused with a message; the browser's own copy is used then.
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { ModuleSnapshot } from './state.ts';
import type { ResultRecord } from '../records/result-record.ts';

export const SUSPEND_FORMAT_VERSION = 2;
const PREFIX = `msg${SUSPEND_FORMAT_VERSION}.`;
/** Inflated text longer than this is refused: suspend data is a few kilobytes, never megabytes. */
const MAX_INFLATED = 4_000_000;

/** What has been reported to the LMS already, kept in the suspend data so nothing is sent twice. */
export interface ReportLog {
  /** Keys (recordKey) of the result records whose answers were reported as interactions. */
  records: string[];
  /** Completion (and pass/fail, if any) was reported. */
  completed: boolean;
  /** A pass (against a mastery score) was reported: a later attempt need not report one again. */
  passed: boolean;
  /** Last progress reported, in percent. */
  progress: number;
}

export interface SuspendPayload {
  snapshot: ModuleSnapshot;
  log: ReportLog;
}

export const emptyLog = (): ReportLog => ({ records: [], completed: false, passed: false, progress: 0 });

export interface Encoded {
  text: string;
  /** Earlier attempts left out (oldest first) to fit the limit; they stay in the browser. */
  droppedAttempts: number;
  fits: boolean;
}

export type Decoded = { ok: true; payload: SuspendPayload } | { ok: false; reason: string };

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function bytesToBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
    out += chars.slice(0, Math.min(4, bytes.length - i + 1));
  }
  return out;
}

export function base64urlToBytes(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Error('not base64url text');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const c = [0, 1, 2, 3].map((k) => (i + k < text.length ? B64.indexOf(text[i + k]!) : 0));
    const n = (c[0]! << 18) | (c[1]! << 12) | (c[2]! << 6) | c[3]!;
    for (const shift of [16, 8, 0]) if (o < out.length) out[o++] = (n >> shift) & 255;
  }
  return out;
}

/** A record's short key for the reporting log: the first 10 hex digits of its checksum. */
export function recordKey(record: Pick<ResultRecord, 'checksum'>): string {
  return record.checksum.slice(0, 10);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function logProblem(l: unknown): boolean {
  return (
    !isObj(l) ||
    !Array.isArray(l.records) ||
    !l.records.every((r) => typeof r === 'string') ||
    typeof l.completed !== 'boolean' ||
    (l.passed !== undefined && typeof l.passed !== 'boolean') ||
    typeof l.progress !== 'number'
  );
}

function textOf(payload: SuspendPayload): string {
  return PREFIX + bytesToBase64url(deflateSync(strToU8(JSON.stringify(payload)), { level: 9 }));
}

/**
 * The payload in the suspend data, or why it cannot be used. Structure is checked here; whether the
 * module's progress is sound is checked by mergeSnapshot (state.ts) before anything is written.
 */
export function decodeSuspendData(text: string, moduleId: string): Decoded {
  if (!text.startsWith(PREFIX)) {
    const older = /^\s*\{/.test(text);
    return {
      ok: false,
      reason: older
        ? 'the saved progress in the LMS was written by an earlier version of this package, in a form this version no longer reads'
        : 'the saved progress from the LMS is not readable',
    };
  }
  let payload: unknown;
  try {
    const bytes = inflateSync(base64urlToBytes(text.slice(PREFIX.length)));
    if (bytes.length > MAX_INFLATED) return { ok: false, reason: 'the saved progress from the LMS is too large to be this module’s' };
    payload = JSON.parse(strFromU8(bytes));
  } catch {
    return { ok: false, reason: 'the saved progress from the LMS is damaged' };
  }
  if (!isObj(payload) || !isObj(payload.snapshot) || logProblem(payload.log)) return { ok: false, reason: 'the saved progress from the LMS is damaged' };
  if (payload.snapshot.moduleId !== moduleId)
    return { ok: false, reason: `the saved progress belongs to another module ("${String(payload.snapshot.moduleId).slice(0, 60)}")` };
  const read = payload as unknown as SuspendPayload;
  // Suspend data written before passes were logged: a completion reported then may have been a pass, and
  // cmi5 allows one "passed" per registration: counted as passed (a later pass is not reported again).
  return { ok: true, payload: { ...read, log: { ...read.log, passed: read.log.passed ?? read.log.completed } } };
}

/**
 * Encodes a payload, leaving out the oldest archived attempts while it is longer than `maxLength`.
 * `fits` is false when even the current attempt alone is too long.
 */
export function encodeSuspendData(payload: SuspendPayload, maxLength = Number.POSITIVE_INFINITY): Encoded {
  let current = payload;
  let dropped = 0;
  for (;;) {
    const text = textOf(current);
    const archived = current.snapshot.progress?.archived ?? [];
    if (text.length <= maxLength || archived.length === 0) return { text, droppedAttempts: dropped, fits: text.length <= maxLength };
    const progress = current.snapshot.progress!;
    current = { ...current, snapshot: { ...current.snapshot, progress: { ...progress, archived: archived.slice(1) } } };
    dropped++;
  }
}

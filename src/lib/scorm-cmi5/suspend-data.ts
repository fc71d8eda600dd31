// Suspend data: one module's learner state plus the LMS reporting log, as a compact, versioned string
// small enough for SCORM 1.2's 4,096 characters. Pure.
//
// Format (version 1) is JSON with short keys. Answers are stored by position in the lists the launch
// page was built with (ModuleDictionary), one character per answer (base-36 value, "-" = none);
// timestamps as base-36 epoch milliseconds; record checksums as base64url bytes. Records keep every field
// verbatim (derived fields are stored only where they differ), so a restored record is identical to the
// one the learner's page signed, checksum included: nothing is re-signed. Every encoding is decoded
// again before use and compared with the input; if anything would not come back exactly, the whole
// snapshot is stored as plain JSON instead (field `R`). Suspend data written against different lists (a
// new instrument or lesson order) is refused on decode (fingerprint `f`), never misread.
import { dictionaryFingerprint, type ModuleDictionary } from './config.ts';
import type { ModuleSnapshot } from './state.ts';
import type { Attempt, InstrumentRef, Phase } from '../learner/learner-state.ts';
import type { ModuleActivity } from '../learner/activity.ts';
import type { ResultRecord, Timepoint } from '../records/result-record.ts';

export const SUSPEND_FORMAT_VERSION = 1;

/** What has been reported to the LMS already, kept in the suspend data so nothing is sent twice. */
export interface ReportLog {
  /** Keys (recordKey) of the result records whose answers were reported as interactions. */
  records: string[];
  /** Completion (and pass/fail, if any) was reported. */
  completed: boolean;
  /** Last progress reported, in percent. */
  progress: number;
}

export interface SuspendPayload {
  snapshot: ModuleSnapshot;
  log: ReportLog;
}

export const emptyLog = (): ReportLog => ({ records: [], completed: false, progress: 0 });

export interface Encoded {
  text: string;
  /** Earlier attempts left out (oldest first) to fit the limit; they stay in the browser. */
  droppedAttempts: number;
  fits: boolean;
  /** False when the plain-JSON fallback was needed. */
  compact: boolean;
}

export type Decoded = { ok: true; payload: SuspendPayload; compact: boolean } | { ok: false; reason: string };

// ---- wire types --------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
interface WireRecord {
  a: string;
  s: string;
  e: string;
  r: string | Obj;
  d?: string | Obj;
  k?: string;
  K?: string;
  o?: Obj;
}
type WirePhase = [(string | Obj)?, (string | null)?, (string | null)?, WireRecord?];
interface WireActivity {
  v?: string | string[];
  c?: string | Obj;
  l?: string;
}
interface WireAttempt {
  i: string;
  t: string;
  p?: string;
  c?: string;
  n?: 1 | InstrumentRef;
  d?: string | Obj;
  b?: WirePhase;
  q?: WirePhase;
  y?: WireActivity;
}
interface WireLog {
  r?: string;
  c?: 1;
  g?: number;
}
interface Wire {
  v: number;
  m: string;
  f: string;
  p?: string;
  c?: WireAttempt | { R: Attempt };
  a?: (WireAttempt | { R: Attempt })[];
  x?: WireActivity;
  l?: WireLog;
  R?: ModuleSnapshot;
}

// ---- small encoders ------------------------------------------------------------------------------

/** Same JSON value (key order and undefined-valued keys ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (!isObj(a) || !isObj(b)) return false;
  const keys = (o: Obj) => Object.keys(o).filter((k) => o[k] !== undefined);
  const ka = keys(a);
  return ka.length === keys(b).length && ka.every((k) => k in b && sameJson(a[k], b[k]));
}

const NONE = '-';
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const smallInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < 36;

function encTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && ms >= 0 && new Date(ms).toISOString() === iso ? ms.toString(36) : iso;
}
const decTime = (w: string): string => (/^[0-9a-z]{1,11}$/.test(w) ? new Date(parseInt(w, 36)).toISOString() : w);
const encTimeOrNull = (iso: string | null) => (iso === null ? null : encTime(iso));
const decTimeOrNull = (w: string | null | undefined) => (w === null || w === undefined ? null : decTime(w));

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 64 hex digits → 43 base64url characters (and back). */
export function hexToBase64url(hex: string): string {
  let out = '';
  for (let i = 0; i < hex.length; i += 3) {
    const chunk = hex.slice(i, i + 3).padEnd(3, '0');
    const n = parseInt(chunk, 16);
    out += B64[n >> 6]! + B64[n & 63]!;
  }
  // 64 hex = 21 full chunks + 1 digit (padded): the last character pair carries 4 bits in its first char.
  return hex.length % 3 === 1 ? out.slice(0, -1) : out;
}

export function base64urlToHex(b64: string, hexLength = 64): string {
  let hex = '';
  for (let i = 0; i < b64.length; i += 2) {
    const hi = B64.indexOf(b64[i]!);
    const lo = i + 1 < b64.length ? B64.indexOf(b64[i + 1]!) : 0;
    hex += ((hi << 6) | lo).toString(16).padStart(3, '0');
  }
  return hex.slice(0, hexLength);
}

/** A record's short key for the reporting log. */
export function recordKey(record: Pick<ResultRecord, 'checksum'>): string {
  return (/^[0-9a-f]{64}$/.test(record.checksum) ? hexToBase64url(record.checksum) : record.checksum).slice(0, 10);
}

/** Values by position in `keys` ("-" = absent), or the object itself when it cannot be put that way. */
function encPositional(values: Obj, keys: readonly string[], encode: (key: string, v: unknown) => string | null, allKeys: boolean): string | Obj {
  const known = new Set(keys);
  if (Object.keys(values).some((k) => !known.has(k))) return values;
  if (allKeys && keys.some((k) => !(k in values))) return values;
  let out = '';
  for (const key of keys) {
    if (!(key in values) || values[key] === null) {
      out += NONE;
      continue;
    }
    const c = encode(key, values[key]);
    if (c === null) return values;
    out += c;
  }
  return out.replace(/-+$/, '');
}

function decPositional(wire: string | Obj, keys: readonly string[], decode: (key: string, c: string) => unknown, allKeys: boolean): Obj {
  if (typeof wire !== 'string') return wire;
  const out: Obj = {};
  keys.forEach((key, i) => {
    const c = wire[i];
    if (c !== undefined && c !== NONE) out[key] = decode(key, c);
    else if (allKeys) out[key] = null;
  });
  return out;
}

// ---- codec --------------------------------------------------------------------------------------

function codec(dict: ModuleDictionary) {
  const { module, instrument } = dict;
  const demographicOptions = new Map(instrument.demographics.map((d) => [d.id, d.options]));
  const ref: InstrumentRef = { id: instrument.id, version: instrument.version, hash: instrument.hash };
  const value = (_: string, v: unknown) => (smallInt(v) ? v.toString(36) : null);
  const unvalue = (_: string, c: string) => parseInt(c, 36);
  const option = (key: string, v: unknown) => {
    const i = demographicOptions.get(key)?.indexOf(v as string) ?? -1;
    return i >= 0 && i < 36 ? i.toString(36) : null;
  };
  const unoption = (key: string, c: string) => demographicOptions.get(key)?.[parseInt(c, 36)] ?? null;
  const lessons = module.lessons;
  const checkIds = module.checks.map((c) => c.id);

  const encActivity = (a: ModuleActivity): WireActivity => {
    const w: WireActivity = {};
    if (a.visited.length) {
      const idx = a.visited.map((v) => lessons.indexOf(v));
      w.v = idx.every((i) => i >= 0 && i < 36) ? idx.map((i) => i.toString(36)).join('') : a.visited;
    }
    if (Object.keys(a.checks).length) w.c = encPositional(a.checks, checkIds, value, false);
    if (a.lastPath !== null) w.l = a.lastPath;
    return w;
  };
  const decActivity = (w: WireActivity): ModuleActivity => ({
    visited: w.v === undefined ? [] : typeof w.v === 'string' ? [...w.v].map((c) => lessons[parseInt(c, 36)]!) : w.v,
    checks: w.c === undefined ? {} : (decPositional(w.c, checkIds, unvalue, false) as Record<string, number>),
    lastPath: w.l ?? null,
  });

  const COMPACT_RECORD_KEYS = new Set(['appVersion', 'startedAt', 'completedAt', 'responses', 'demographics', 'checksum']);
  const derived = (attempt: Attempt, timepoint: Timepoint): Obj => ({
    format: 'msg-result-record' satisfies ResultRecord['format'],
    formatVersion: 1 satisfies ResultRecord['formatVersion'],
    attemptId: attempt.id,
    module: module.id,
    instrument: attempt.instrument,
    participant: attempt.participant,
    cohort: attempt.cohort,
    timepoint,
  });

  const encRecord = (r: ResultRecord, attempt: Attempt, timepoint: Timepoint): WireRecord => {
    const w: WireRecord = {
      a: r.appVersion,
      s: encTime(r.startedAt),
      e: encTime(r.completedAt),
      r: encPositional(r.responses, module.itemIds, value, true),
    };
    if (Object.keys(r.demographics).length) w.d = encPositional(r.demographics, module.demographicIds, option, true);
    if (/^[0-9a-f]{64}$/.test(r.checksum)) w.k = hexToBase64url(r.checksum);
    else w.K = r.checksum;
    const defaults = derived(attempt, timepoint);
    const overrides: Obj = {};
    for (const [key, v] of Object.entries(r)) {
      if (!COMPACT_RECORD_KEYS.has(key) && !sameJson(v, defaults[key])) overrides[key] = v;
    }
    if (Object.keys(overrides).length) w.o = overrides;
    return w;
  };
  const decRecord = (w: WireRecord, attempt: Attempt, timepoint: Timepoint): ResultRecord =>
    ({
      ...derived(attempt, timepoint),
      appVersion: w.a,
      startedAt: decTime(w.s),
      completedAt: decTime(w.e),
      responses: decPositional(w.r, module.itemIds, unvalue, true),
      demographics: w.d === undefined ? {} : decPositional(w.d, module.demographicIds, unoption, true),
      checksum: w.k !== undefined ? base64urlToHex(w.k) : (w.K ?? ''),
      ...w.o,
    }) as ResultRecord;

  const encPhase = (p: Phase, attempt: Attempt, timepoint: Timepoint): WirePhase | undefined => {
    const w: WirePhase = [encPositional(p.responses, module.itemIds, value, false), encTimeOrNull(p.startedAt), encTimeOrNull(p.completedAt)];
    if (p.record) w[3] = encRecord(p.record, attempt, timepoint);
    while (w.length && (w[w.length - 1] === null || w[w.length - 1] === '')) w.pop();
    return w.length ? w : undefined;
  };
  const decPhase = (w: WirePhase | undefined, attempt: Attempt, timepoint: Timepoint): Phase => {
    const [responses, startedAt, completedAt, record] = w ?? [];
    return {
      responses: responses === undefined ? {} : (decPositional(responses, module.itemIds, unvalue, false) as Record<string, number>),
      startedAt: decTimeOrNull(startedAt),
      completedAt: decTimeOrNull(completedAt),
      record: record ? decRecord(record, attempt, timepoint) : null,
    };
  };

  const encAttempt = (a: Attempt): WireAttempt => {
    const w: WireAttempt = { i: a.id, t: encTime(a.startedAt) };
    if (a.participant !== null) w.p = a.participant;
    if (a.cohort !== null) w.c = a.cohort;
    if (a.instrument !== null) w.n = sameJson(a.instrument, ref) ? 1 : a.instrument;
    if (Object.keys(a.demographics).length) w.d = encPositional(a.demographics, module.demographicIds, option, false);
    const pre = encPhase(a.pre, a, 'pre');
    const post = encPhase(a.post, a, 'post');
    if (pre) w.b = pre;
    if (post) w.q = post;
    if (a.activity) w.y = encActivity(a.activity);
    return w;
  };
  const decAttempt = (w: WireAttempt | { R: Attempt }): Attempt => {
    if ('R' in w) return w.R;
    const base: Attempt = {
      id: w.i,
      startedAt: decTime(w.t),
      participant: w.p ?? null,
      cohort: w.c ?? null,
      instrument: w.n === undefined ? null : w.n === 1 ? { ...ref } : w.n,
      demographics: w.d === undefined ? {} : (decPositional(w.d, module.demographicIds, unoption, false) as Record<string, string>),
      pre: { responses: {}, startedAt: null, completedAt: null, record: null },
      post: { responses: {}, startedAt: null, completedAt: null, record: null },
    };
    const attempt: Attempt = { ...base, pre: decPhase(w.b, base, 'pre'), post: decPhase(w.q, base, 'post') };
    if (w.y) attempt.activity = decActivity(w.y);
    return attempt;
  };
  /** An attempt in compact form if that comes back exactly, else verbatim. */
  const safeAttempt = (a: Attempt): WireAttempt | { R: Attempt } => {
    const w = encAttempt(a);
    const back = decAttempt(JSON.parse(JSON.stringify(w)) as WireAttempt);
    return sameJson(back, a) ? w : { R: a };
  };

  return { encActivity, decActivity, safeAttempt, decAttempt };
}

function encLog(log: ReportLog): WireLog | undefined {
  const w: WireLog = {};
  if (log.records.length) w.r = log.records.join('.');
  if (log.completed) w.c = 1;
  if (log.progress) w.g = log.progress;
  return Object.keys(w).length ? w : undefined;
}
const decLog = (w: WireLog | undefined): ReportLog => ({
  records: w?.r ? w.r.split('.') : [],
  completed: w?.c === 1,
  progress: w?.g ?? 0,
});

function wireText(payload: SuspendPayload, dict: ModuleDictionary, raw: boolean): string {
  const { snapshot, log } = payload;
  const c = codec(dict);
  const wire: Wire = { v: SUSPEND_FORMAT_VERSION, m: snapshot.moduleId, f: dictionaryFingerprint(dict) };
  if (raw) wire.R = snapshot;
  else {
    if (snapshot.participant !== null) wire.p = snapshot.participant;
    if (snapshot.progress) {
      wire.c = c.safeAttempt(snapshot.progress.current);
      if (snapshot.progress.archived.length) wire.a = snapshot.progress.archived.map(c.safeAttempt);
    }
    if (snapshot.activity) wire.x = c.encActivity(snapshot.activity);
  }
  const l = encLog(log);
  if (l) wire.l = l;
  return JSON.stringify(wire);
}

export function decodeSuspendData(text: string, dict: ModuleDictionary): Decoded {
  let wire: Wire;
  try {
    wire = JSON.parse(text) as Wire;
  } catch {
    return { ok: false, reason: 'the saved progress from the LMS is not readable' };
  }
  if (!isObj(wire) || typeof wire.v !== 'number') return { ok: false, reason: 'the saved progress from the LMS has no format version' };
  if (wire.v > SUSPEND_FORMAT_VERSION) return { ok: false, reason: `the saved progress was made by a newer version of this module (format ${wire.v})` };
  if (wire.m !== dict.module.id) return { ok: false, reason: `the saved progress belongs to another module ("${String(wire.m)}")` };
  const log = decLog(wire.l);
  if (wire.R !== undefined) {
    if (!isObj(wire.R) || wire.R.moduleId !== dict.module.id) return { ok: false, reason: 'the saved progress from the LMS is damaged' };
    return { ok: true, payload: { snapshot: wire.R, log }, compact: false };
  }
  if (wire.f !== dictionaryFingerprint(dict)) {
    return { ok: false, reason: 'the saved progress was made with a different version of this module (questions or lessons changed)' };
  }
  try {
    const c = codec(dict);
    const snapshot: ModuleSnapshot = {
      moduleId: wire.m,
      participant: wire.p ?? null,
      progress: wire.c ? { current: c.decAttempt(wire.c), archived: (wire.a ?? []).map(c.decAttempt) } : null,
      activity: wire.x ? c.decActivity(wire.x) : null,
    };
    return { ok: true, payload: { snapshot, log }, compact: true };
  } catch (error) {
    return { ok: false, reason: `the saved progress from the LMS is damaged (${(error as Error).message})` };
  }
}

/** True when decoding `text` gives back exactly `payload`. */
function roundTrips(text: string, payload: SuspendPayload, dict: ModuleDictionary): boolean {
  const back = decodeSuspendData(text, dict);
  return back.ok && sameJson(back.payload, payload);
}

/**
 * Encodes a payload, leaving out the oldest archived attempts while it is longer than `maxLength`.
 * `fits` is false when even the current attempt alone is too long (never the case for this course).
 */
export function encodeSuspendData(payload: SuspendPayload, dict: ModuleDictionary, maxLength = Number.POSITIVE_INFINITY): Encoded {
  let current = payload;
  let dropped = 0;
  for (;;) {
    let compact = true;
    let text = wireText(current, dict, false);
    if (!roundTrips(text, current, dict)) {
      compact = false;
      text = wireText(current, dict, true);
    }
    const archived = current.snapshot.progress?.archived ?? [];
    if (text.length <= maxLength || archived.length === 0) {
      return { text, droppedAttempts: dropped, fits: text.length <= maxLength, compact };
    }
    const progress = current.snapshot.progress!;
    current = { ...current, snapshot: { ...current.snapshot, progress: { ...progress, archived: archived.slice(1) } } };
    dropped++;
  }
}

import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/lib/util/canonical-json.ts';
import { type ResultRecord } from '../../../src/lib/records/result-record.ts';
import { checksumMatches } from '../../../src/lib/records/sign.ts';
import { emptyState } from '../../../src/lib/learner/learner-state.ts';
import { emptyActivity } from '../../../src/lib/learner/activity.ts';
import { KEY_PREFIX, RESCUE_KEY_PREFIX } from '../../../src/stores/storage.ts';
import { STORAGE_KEY } from '../../../src/stores/learner.ts';
import {
  base64urlToHex,
  decodeSuspendData,
  emptyLog,
  encodeSuspendData,
  hexToBase64url,
  SUSPEND_FORMAT_VERSION,
  type SuspendPayload,
} from '../../../src/lib/scorm-cmi5/suspend-data.ts';
import { ACTIVITY_KEY, ASSIGNMENTS_KEY, LEARNER_KEY, RESCUE_PREFIX, mergeSnapshot, moduleRelativePath, takeSnapshot } from '../../../src/lib/scorm-cmi5/state.ts';
import { SCORM12_SUSPEND_LIMIT } from '../../../src/lib/scorm-cmi5/scorm12.ts';
import { MODULE, moduleDictionary, moduleState, twoAttempts } from '../../fixtures/lms/course.ts';

const dict = moduleDictionary();
const payloadOf = (state: ReturnType<typeof moduleState>, log = emptyLog()): SuspendPayload => ({ snapshot: takeSnapshot(state.learner, state.activity, MODULE), log });
const records = (p: SuspendPayload): ResultRecord[] =>
  [p.snapshot.progress!.current, ...p.snapshot.progress!.archived].flatMap((a) => [a.pre.record, a.post.record]).filter((r): r is ResultRecord => r !== null);

describe('suspend data', () => {
  it('uses the same localStorage keys as the learner pages', () => {
    expect(LEARNER_KEY).toBe(STORAGE_KEY);
    expect(ACTIVITY_KEY).toBe(`${KEY_PREFIX}activity`);
    expect(ASSIGNMENTS_KEY).toBe(`${KEY_PREFIX}assignments`);
    expect(RESCUE_PREFIX).toBe(RESCUE_KEY_PREFIX);
  });

  it('measures a whole completed module of the current instrument: well inside SCORM 1.2 (4,096 characters)', () => {
    expect(dict.module.itemIds).toHaveLength(33);
    expect(dict.module.demographicIds).toHaveLength(7);
    expect(dict.module.lessons).toHaveLength(5);
    expect(dict.module.checks.length).toBeGreaterThanOrEqual(5);
    const payload = payloadOf(moduleState(dict), { records: ['aaaaaaaaaa', 'bbbbbbbbbb'], completed: true, progress: 100 });
    expect(records(payload)).toHaveLength(2);
    const encoded = encodeSuspendData(payload, dict, SCORM12_SUSPEND_LIMIT);
    const json = JSON.stringify(payload).length;
    const two = encodeSuspendData(payloadOf(twoAttempts(dict)), dict, SCORM12_SUSPEND_LIMIT);
    console.log(
      `suspend data, whole completed module (33 items × 2, 7 background, 5 lessons, ${dict.module.checks.length} checks, 2 signed records): ` +
        `${encoded.text.length} characters (plain JSON of the same state: ${json}); with a second completed attempt: ${two.text.length}`,
    );
    expect(encoded).toMatchObject({ compact: true, fits: true, droppedAttempts: 0 });
    expect(encoded.text.length).toBeLessThan(1200);
    expect(two).toMatchObject({ compact: true, fits: true, droppedAttempts: 0 });
    expect(two.text.length).toBeLessThan(SCORM12_SUSPEND_LIMIT / 2);
  });

  it('round-trips exactly: every answer, timestamp and record, checksums identical and still valid', () => {
    for (const state of [moduleState(dict), moduleState(dict, { skipPre: [0, 5, 32], lessonsDone: 2, post: false }), twoAttempts(dict)]) {
      const payload = payloadOf(state, { records: ['abcdefghij'], completed: false, progress: 38 });
      const decoded = decodeSuspendData(encodeSuspendData(payload, dict).text, dict);
      expect(decoded.ok).toBe(true);
      if (!decoded.ok) return;
      expect(canonicalJson(decoded.payload)).toBe(canonicalJson(payload));
      const before = records(payload);
      const after = records(decoded.payload);
      expect(after.map((r) => r.checksum)).toEqual(before.map((r) => r.checksum));
      for (const r of after) expect(checksumMatches(r)).toBe(true);
    }
  });

  it('is versioned and refuses what it cannot read faithfully', () => {
    const text = encodeSuspendData(payloadOf(moduleState(dict)), dict).text;
    expect(JSON.parse(text).v).toBe(SUSPEND_FORMAT_VERSION);
    const newer = JSON.stringify({ ...JSON.parse(text), v: SUSPEND_FORMAT_VERSION + 1 });
    expect(decodeSuspendData(newer, dict)).toMatchObject({ ok: false, reason: expect.stringContaining('newer version') });
    expect(decodeSuspendData(text, moduleDictionary('referrals-that-work'))).toMatchObject({ ok: false, reason: expect.stringContaining('another module') });
    const reordered = { ...dict, module: { ...dict.module, itemIds: [...dict.module.itemIds].reverse() } };
    expect(decodeSuspendData(text, reordered)).toMatchObject({ ok: false, reason: expect.stringContaining('different version') });
    expect(decodeSuspendData('not json', dict).ok).toBe(false);
    expect(decodeSuspendData('{"x":1}', dict).ok).toBe(false);
  });

  it('falls back to plain JSON, still exact, when something does not fit the compact form', () => {
    const state = moduleState(dict);
    const odd = structuredClone(state);
    odd.learner.modules[MODULE]!.current.pre.responses[dict.module.itemIds[0]!] = 50;
    const payload = payloadOf(odd);
    const encoded = encodeSuspendData(payload, dict);
    const decoded = decodeSuspendData(encoded.text, dict);
    expect(decoded.ok && canonicalJson(decoded.payload)).toBe(canonicalJson(payload));
    // Only the field that cannot be compact is kept verbatim; the rest stays compact.
    expect(encoded.compact).toBe(true);
    expect(encoded.text).toContain('"att-12-helpful":50');
    // A whole-snapshot fallback is exact too (forced here through a value the wire cannot express).
    const weird = structuredClone(odd);
    (weird.learner.modules[MODULE]!.current as unknown as Record<string, unknown>).extra = { nested: [1, 'x'] };
    const weirdPayload = payloadOf(weird);
    const raw = encodeSuspendData(weirdPayload, dict);
    expect(raw.text).toContain('"R":');
    const back = decodeSuspendData(raw.text, dict);
    expect(back.ok && canonicalJson(back.payload)).toBe(canonicalJson(weirdPayload));
  });

  it('keeps extra record fields and odd timestamps verbatim (no re-signing)', () => {
    const state = structuredClone(moduleState(dict));
    const current = state.learner.modules[MODULE]!.current;
    (current.post.record as ResultRecord & { lmsLearnerId?: string }).lmsLearnerId = 'lms-user-17';
    current.startedAt = '2026-11-26T10:00:00Z';
    const payload = payloadOf(state);
    const encoded = encodeSuspendData(payload, dict);
    expect(encoded.compact).toBe(true);
    const decoded = decodeSuspendData(encoded.text, dict);
    expect(decoded.ok && canonicalJson(decoded.payload)).toBe(canonicalJson(payload));
  });

  it('leaves out the oldest attempts, never the current one, when the limit is tight', () => {
    const payload = payloadOf(twoAttempts(dict));
    const full = encodeSuspendData(payload, dict);
    const tight = encodeSuspendData(payload, dict, full.text.length - 1);
    expect(tight).toMatchObject({ droppedAttempts: 1, fits: true });
    const decoded = decodeSuspendData(tight.text, dict);
    expect(decoded.ok && decoded.payload.snapshot.progress?.archived).toEqual([]);
    expect(decoded.ok && decoded.payload.snapshot.progress?.current).toEqual(payload.snapshot.progress!.current);
    expect(encodeSuspendData(payload, dict, 100)).toMatchObject({ fits: false });
  });

  it('never sends the participant-code prompts, only the code', () => {
    const text = encodeSuspendData(payloadOf(moduleState(dict)), dict).text;
    expect(text).toContain('MA-07-SA-2');
    expect(text).not.toMatch(/María|paulo/i);
  });

  it('encodes an empty module briefly', () => {
    const payload = payloadOf({ learner: emptyState(), activity: emptyActivity() });
    const text = encodeSuspendData(payload, dict).text;
    expect(text.length).toBeLessThan(60);
    expect(decodeSuspendData(text, dict)).toMatchObject({ ok: true, payload });
  });

  it('converts checksums to base64url and back', () => {
    for (let n = 0; n < 50; n++) {
      const hex = Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
      expect(hexToBase64url(hex)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(base64urlToHex(hexToBase64url(hex))).toBe(hex);
    }
  });
});

describe('module snapshot', () => {
  it('stores the last page relative to the module, whatever the host path', () => {
    expect(moduleRelativePath('/modules/mutual-support-basics/pre/', MODULE)).toBe('pre/');
    expect(moduleRelativePath('/x/pkg/modules/mutual-support-basics/lessons/01-what-they-are/index.html', MODULE)).toBe('lessons/01-what-they-are/');
    expect(moduleRelativePath('/modules/mutual-support-basics/', MODULE)).toBe('');
    expect(moduleRelativePath('results/', MODULE)).toBe('results/');
    expect(moduleRelativePath('/modules/other/pre/', MODULE)).toBeNull();
    expect(moduleRelativePath('https://elsewhere.example/x', MODULE)).toBeNull();
    expect(moduleRelativePath(null, MODULE)).toBeNull();
  });

  it('merges an LMS snapshot into an empty browser, leaving other modules alone', () => {
    const state = moduleState(dict);
    const snapshot = takeSnapshot(state.learner, state.activity, MODULE);
    const other = moduleState(moduleDictionary('referrals-that-work'), { post: false, lessonsDone: 1 });
    const merged = mergeSnapshot(other.learner, other.activity, snapshot, '/pkg/modules/mutual-support-basics/');
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(merged.learner.modules[MODULE]).toEqual(state.learner.modules[MODULE]);
    expect(merged.learner.modules['referrals-that-work']).toEqual(other.learner.modules['referrals-that-work']);
    expect(merged.activity.modules[MODULE]!.lastPath).toBe('/pkg/modules/mutual-support-basics/results/index.html');
    expect(merged.activity.modules[MODULE]!.checks).toEqual(state.activity.modules[MODULE]!.checks);
    expect(merged.learner.participant?.code).toBe('MA-07-SA-2');
    const fresh = mergeSnapshot(emptyState(), emptyActivity(), snapshot, '/modules/mutual-support-basics/');
    expect(fresh.ok && fresh.learner.participant).toEqual({ code: 'MA-07-SA-2', answers: {} });
    // The same code already in the browser keeps the prompts' answers the learner typed there.
    expect(merged.learner.participant).toEqual(other.learner.participant);
  });

  it('refuses a damaged snapshot instead of writing it', () => {
    const state = moduleState(dict);
    const snapshot = structuredClone(takeSnapshot(state.learner, state.activity, MODULE));
    (snapshot.progress!.current as unknown as Record<string, unknown>).id = 7;
    expect(mergeSnapshot(emptyState(), emptyActivity(), snapshot, '/m/')).toMatchObject({ ok: false });
  });
});

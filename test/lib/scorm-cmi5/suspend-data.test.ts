import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import { canonicalJson } from '../../../src/lib/util/canonical-json.ts';
import type { ResultRecord } from '../../../src/lib/records/result-record.ts';
import { checksumMatches } from '../../../src/lib/records/sign.ts';
import { attemptRecords, emptyState } from '../../../src/lib/learner/learner-state.ts';
import { emptyActivity } from '../../../src/lib/learner/activity.ts';
import { KEY_PREFIX, RESCUE_KEY_PREFIX } from '../../../src/stores/storage.ts';
import { STORAGE_KEY } from '../../../src/stores/learner.ts';
import {
  base64urlToBytes,
  bytesToBase64url,
  decodeSuspendData,
  emptyLog,
  encodeSuspendData,
  SUSPEND_FORMAT_VERSION,
  type SuspendPayload,
} from '../../../src/lib/scorm-cmi5/suspend-data.ts';
import { ACTIVITY_KEY, ASSIGNMENTS_KEY, LEARNER_KEY, RESCUE_PREFIX, moduleRelativePath, takeSnapshot } from '../../../src/lib/scorm-cmi5/state.ts';
import { SCORM12_SUSPEND_LIMIT } from '../../../src/lib/scorm-cmi5/scorm12.ts';
import { MODULE, moduleDictionary, moduleState, twoAttempts } from '../../fixtures/lms/course.ts';

const dict = moduleDictionary();
const payloadOf = (state: ReturnType<typeof moduleState>, log = emptyLog()): SuspendPayload => ({
  snapshot: takeSnapshot(state.learner, state.activity, MODULE),
  log,
});
const records = (p: SuspendPayload): ResultRecord[] => [p.snapshot.progress!.current, ...p.snapshot.progress!.archived].flatMap(attemptRecords);

describe('suspend data', () => {
  it('uses the same localStorage keys as the learner pages', () => {
    expect(LEARNER_KEY).toBe(STORAGE_KEY);
    expect(ACTIVITY_KEY).toBe(`${KEY_PREFIX}activity`);
    expect(ASSIGNMENTS_KEY).toBe(`${KEY_PREFIX}assignments`);
    expect(RESCUE_PREFIX).toBe(RESCUE_KEY_PREFIX);
  });

  it('fits a whole completed module, and two attempts of it, inside SCORM 1.2 (4,096 characters)', () => {
    const payload = payloadOf(moduleState(dict), { records: ['aaaaaaaaaa', 'bbbbbbbbbb'], completed: true, passed: false, progress: 100 });
    expect(records(payload)).toHaveLength(2);
    const encoded = encodeSuspendData(payload, SCORM12_SUSPEND_LIMIT);
    const json = JSON.stringify(payload).length;
    const two = encodeSuspendData(payloadOf(twoAttempts(dict)), SCORM12_SUSPEND_LIMIT);
    console.log(
      `suspend data, whole completed module (${dict.module.itemIds.length} items × 2, ${dict.module.knowledge.length} knowledge questions × 2, ` +
        `${dict.module.demographicIds.length} background, 2 signed records): ${encoded.text.length} characters (plain JSON: ${json}); ` +
        `with a second completed attempt: ${two.text.length}`,
    );
    expect(encoded).toMatchObject({ fits: true, droppedAttempts: 0 });
    expect(encoded.text.length).toBeLessThan(SCORM12_SUSPEND_LIMIT / 2);
    expect(two).toMatchObject({ fits: true, droppedAttempts: 0 });
  });

  it('round-trips exactly: every answer, timestamp and record, checksums identical and still valid', () => {
    for (const state of [moduleState(dict), moduleState(dict, { skipPre: [0, 5], lessonsDone: 2, post: false }), twoAttempts(dict)]) {
      const payload = payloadOf(state, { records: ['abcdefghij'], completed: false, passed: false, progress: 38 });
      const decoded = decodeSuspendData(encodeSuspendData(payload).text, MODULE);
      expect(decoded.ok).toBe(true);
      if (!decoded.ok) return;
      expect(canonicalJson(decoded.payload)).toBe(canonicalJson(payload));
      const after = records(decoded.payload);
      expect(after.map((r) => r.checksum)).toEqual(records(payload).map((r) => r.checksum));
      for (const r of after) expect(checksumMatches(r)).toBe(true);
    }
  });

  it('is versioned and refuses what it cannot read, saying why', () => {
    const text = encodeSuspendData(payloadOf(moduleState(dict))).text;
    expect(text.startsWith(`msg${SUSPEND_FORMAT_VERSION}.`)).toBe(true);
    expect(decodeSuspendData(text, 'referrals-that-work')).toMatchObject({ ok: false, reason: expect.stringContaining('another module') });
    expect(decodeSuspendData('{"v":1,"m":"mutual-support-basics"}', MODULE)).toMatchObject({ ok: false, reason: expect.stringContaining('earlier version') });
    expect(decodeSuspendData('not json', MODULE)).toMatchObject({ ok: false, reason: expect.stringContaining('not readable') });
    expect(decodeSuspendData(`${text.slice(0, -8)}!!!!!!!!`, MODULE).ok).toBe(false);
    expect(decodeSuspendData(`${text.slice(0, 40)}`, MODULE).ok).toBe(false);
    const wrongShape = `msg2.${bytesToBase64url(deflateSync(strToU8(JSON.stringify({ snapshot: { moduleId: MODULE }, log: { records: 'x' } }))))}`;
    expect(decodeSuspendData(wrongShape, MODULE)).toMatchObject({ ok: false, reason: expect.stringContaining('damaged') });
  });

  it('refuses a compressed bomb instead of inflating it into memory', () => {
    const bomb = `msg2.${bytesToBase64url(deflateSync(new Uint8Array(8_000_000).fill(32)))}`;
    expect(bomb.length).toBeLessThan(20_000);
    expect(decodeSuspendData(bomb, MODULE)).toMatchObject({ ok: false, reason: expect.stringContaining('too large') });
  });

  it('keeps extra record fields verbatim (no re-signing)', () => {
    const state = structuredClone(moduleState(dict));
    const post = state.learner.units[MODULE]!.current.steps.post!.record as ResultRecord & { lmsLearnerId?: string };
    post.lmsLearnerId = 'lms-user-17';
    const payload = payloadOf(state);
    const decoded = decodeSuspendData(encodeSuspendData(payload).text, MODULE);
    expect(decoded.ok && canonicalJson(decoded.payload)).toBe(canonicalJson(payload));
  });

  it('leaves out the oldest attempts, never the current one, when the limit is tight', () => {
    const payload = payloadOf(twoAttempts(dict));
    const full = encodeSuspendData(payload);
    const tight = encodeSuspendData(payload, full.text.length - 1);
    expect(tight).toMatchObject({ droppedAttempts: 1, fits: true });
    const decoded = decodeSuspendData(tight.text, MODULE);
    expect(decoded.ok && decoded.payload.snapshot.progress?.archived).toEqual([]);
    expect(decoded.ok && decoded.payload.snapshot.progress?.current).toEqual(payload.snapshot.progress!.current);
    expect(encodeSuspendData(payload, 100)).toMatchObject({ fits: false });
  });

  it('never sends the participant-code prompts, only the code', () => {
    const decoded = decodeSuspendData(encodeSuspendData(payloadOf(moduleState(dict))).text, MODULE);
    const text = decoded.ok ? JSON.stringify(decoded.payload) : '';
    expect(text).toContain('MA-07-SA-2');
    expect(text).not.toMatch(/María|paulo/i);
  });

  it('encodes an empty module briefly', () => {
    const payload = payloadOf({ learner: emptyState(), activity: emptyActivity() });
    const text = encodeSuspendData(payload).text;
    expect(text.length).toBeLessThan(170);
    expect(decodeSuspendData(text, MODULE)).toMatchObject({ ok: true, payload });
  });

  it('reads suspend data written before passes were logged: a completion then counts as a pass (never a second one)', () => {
    const payload = payloadOf({ learner: emptyState(), activity: emptyActivity() });
    const { passed: _, ...before } = payload.log;
    const text = encodeSuspendData({ ...payload, log: before as typeof payload.log }).text;
    expect(decodeSuspendData(text, MODULE)).toMatchObject({ ok: true, payload: { log: { ...before, passed: false } } });
    const completed = encodeSuspendData({ ...payload, log: { ...before, completed: true } as typeof payload.log }).text;
    expect(decodeSuspendData(completed, MODULE)).toMatchObject({ ok: true, payload: { log: { completed: true, passed: true } } });
    const damaged = encodeSuspendData({ ...payload, log: { ...payload.log, passed: 'yes' as unknown as boolean } }).text;
    expect(decodeSuspendData(damaged, MODULE).ok).toBe(false);
  });

  it('converts bytes to base64url and back, for every length', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n * 11) % 256);
      const text = bytesToBase64url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect([...base64urlToBytes(text)]).toEqual([...bytes]);
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
});

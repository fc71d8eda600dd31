// One LMS learner's state at a time in a shared browser (src/lib/scorm-cmi5/learner-slots.ts).
import { describe, expect, it } from 'vitest';
import { emptyActivity } from '../../../src/lib/learner/activity.ts';
import { emptyState, type LearnerState } from '../../../src/lib/learner/learner-state.ts';
import {
  ASIDE_PREFIX,
  heldState,
  MAX_ASIDE,
  OWNER_KEY,
  ownerTag,
  ownership,
  takeOwnership,
  WORKING_KEYS,
  type KeyValueStore,
} from '../../../src/lib/scorm-cmi5/learner-slots.ts';

/** localStorage's behaviour over a Map, with a quota in characters (keys and values), as browsers count it. */
class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  private readonly quota: number;
  constructor(quota = Infinity) {
    this.quota = quota;
  }
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  setItem(k: string, v: string) {
    const used = [...this.map].reduce((n, [key, value]) => n + (key === k ? 0 : key.length + value.length), 0);
    if (used + k.length + v.length > this.quota) throw new DOMException('quota', 'QuotaExceededError');
    this.map.set(k, v);
  }
  working() {
    return Object.fromEntries(WORKING_KEYS.map((key) => [key, this.getItem(key)]));
  }
}

const [LEARNER, ACTIVITY, ASSIGNMENTS] = WORKING_KEYS;
const A = ownerTag('scorm12', 'student-a');
const B = ownerTag('scorm12', 'student-b');
const held = (participant: string | null) => ({ participant, empty: false });
const EMPTY = { participant: null, empty: true };
const statesOf = (who: string) => ({ [LEARNER]: `{"learner":"${who}"}`, [ACTIVITY]: `{"activity":"${who}"}`, [ASSIGNMENTS]: `{"assignments":"${who}"}` });
const fill = (store: MemoryStore, who: string) => {
  for (const [k, v] of Object.entries(statesOf(who))) store.setItem(k, v);
};

describe('ownerTag', () => {
  it('is a hash: the LMS id is not in it, and the runtime counts', () => {
    expect(A).toMatch(/^[0-9a-f]{32}$/);
    expect(A).not.toBe(B);
    expect(ownerTag('scorm2004', 'student-a')).not.toBe(A);
  });
});

describe('ownership', () => {
  it('keeps the state of its owner', () => {
    expect(ownership(A, A, held('MA-07-SA-2'), null)).toEqual({ action: 'keep' });
  });
  it("switches away from another learner's state, setting it aside", () => {
    expect(ownership(A, B, held('MA-07-SA-2'), null)).toEqual({ action: 'switch', setAside: true });
  });
  it('switches without setting anything aside when nothing is held', () => {
    expect(ownership(A, B, EMPTY, null)).toEqual({ action: 'switch', setAside: false });
    expect(ownership(null, B, EMPTY, null)).toEqual({ action: 'switch', setAside: false });
  });
  it('keeps an owner-less state (a package from before owners) only when the LMS shows it to be this learner’s', () => {
    expect(ownership(null, A, held('MA-07-SA-2'), 'MA-07-SA-2')).toEqual({ action: 'keep' });
    expect(ownership(null, B, held('MA-07-SA-2'), null)).toEqual({ action: 'switch', setAside: true });
    expect(ownership(null, B, held('MA-07-SA-2'), 'LU-12-RO-0')).toEqual({ action: 'switch', setAside: true });
    expect(ownership(null, B, held(null), null)).toEqual({ action: 'switch', setAside: true });
  });
});

describe('takeOwnership', () => {
  const now = new Date('2026-12-03T10:00:00Z');

  it("sets A's state aside for B, and gives it back to A, B's kept aside in turn", () => {
    const store = new MemoryStore();
    fill(store, 'A');
    takeOwnership(store, { action: 'keep' }, null, A, now);
    expect(store.getItem(OWNER_KEY)).toBe(A);
    takeOwnership(store, ownership(A, B, held('MA-07-SA-2'), null), A, B, now);
    expect(store.working()).toEqual({ [LEARNER]: null, [ACTIVITY]: null, [ASSIGNMENTS]: null });
    expect(store.getItem(OWNER_KEY)).toBe(B);
    expect(JSON.parse(store.getItem(ASIDE_PREFIX + A)!).keys).toEqual(statesOf('A'));
    fill(store, 'B');
    takeOwnership(store, ownership(B, A, held('LU-12-RO-0'), 'MA-07-SA-2'), B, A, new Date('2026-12-03T11:00:00Z'));
    expect(store.working()).toEqual(statesOf('A'));
    expect(store.getItem(ASIDE_PREFIX + A)).toBeNull();
    expect(JSON.parse(store.getItem(ASIDE_PREFIX + B)!).keys).toEqual(statesOf('B'));
    expect(store.getItem(OWNER_KEY)).toBe(A);
  });

  it('sets an owner-less state aside unclaimed, and keeps two such apart', () => {
    const store = new MemoryStore();
    fill(store, 'old');
    takeOwnership(store, ownership(null, B, held('MA-07-SA-2'), null), null, B, now);
    store.removeItem(OWNER_KEY);
    fill(store, 'older');
    takeOwnership(store, ownership(null, A, held('XX-01-YY-2'), null), null, A, new Date('2026-12-03T12:00:00Z'));
    const unclaimed = [...store.map.keys()].filter((k) => k.startsWith(`${ASIDE_PREFIX}unclaimed-`));
    expect(unclaimed).toHaveLength(2);
    expect(unclaimed.map((k) => JSON.parse(store.getItem(k)!).keys[LEARNER])).toEqual(['{"learner":"old"}', '{"learner":"older"}']);
  });

  it('a full store: nothing changes and the caller is told', () => {
    const store = new MemoryStore(400);
    fill(store, 'A');
    store.setItem(OWNER_KEY, A);
    const before = new Map(store.map);
    expect(() => takeOwnership(store, ownership(A, B, held('MA-07-SA-2'), null), A, B, now)).toThrow();
    expect(store.map).toEqual(before);
  });

  it("a store with room to set A's aside but not to give B's back: rolled back, A's as it was", () => {
    const store = new MemoryStore();
    fill(store, 'B'.repeat(300));
    takeOwnership(store, { action: 'keep' }, null, B, now);
    takeOwnership(store, { action: 'switch', setAside: true }, B, A, now); // B's aside, A has nothing
    fill(store, 'A');
    // Room for A's copy set aside (some 250 characters), not for B's three texts of 300 and more beside their slot.
    const tight = new MemoryStore([...store.map].reduce((n, [k, v]) => n + k.length + v.length, 0) + 500);
    for (const [k, v] of store.map) tight.setItem(k, v);
    const before = new Map(tight.map);
    expect(() => takeOwnership(tight, ownership(A, B, held('MA-07-SA-2'), null), A, B, now)).toThrow();
    expect(tight.map).toEqual(before);
  });

  it(`keeps the ${MAX_ASIDE} most recent states set aside`, () => {
    const store = new MemoryStore();
    for (let i = 0; i < MAX_ASIDE + 3; i++) {
      const tag = ownerTag('cmi5', `learner-${i}`);
      fill(store, `L${i}`);
      const owner = store.getItem(OWNER_KEY);
      takeOwnership(store, ownership(owner, tag, held(`C${i}`), null), owner, tag, new Date(Date.UTC(2026, 11, 3, 0, i)));
    }
    const aside = [...store.map.keys()].filter((k) => k.startsWith(ASIDE_PREFIX));
    expect(aside).toHaveLength(MAX_ASIDE);
    // The first learners' (and the owner-less first state) went first; the last learner's is held, not aside.
    expect(aside).not.toContain(ASIDE_PREFIX + ownerTag('cmi5', 'learner-0'));
    expect(aside).toContain(ASIDE_PREFIX + ownerTag('cmi5', `learner-${MAX_ASIDE + 1}`));
  });
});

describe("other learners' states", () => {
  it("are kept out of the learner pages' rescue download (the keys it leaves out are these)", async () => {
    const { KEY_PREFIX, OTHER_LEARNERS_PREFIX } = await import('../../../src/stores/storage.ts');
    for (const key of [ASIDE_PREFIX, OWNER_KEY]) expect(key.startsWith(OTHER_LEARNERS_PREFIX)).toBe(true);
    // … and only these: no key of the learner pages' own starts so.
    for (const own of ['learner', 'activity', 'assignments', 'rescued:', 'org-lrs'])
      expect(`${KEY_PREFIX}${own}`.startsWith(OTHER_LEARNERS_PREFIX)).toBe(false);
  });
});

describe('heldState', () => {
  const learner = (over: Partial<LearnerState> = {}): LearnerState => ({ ...emptyState(), ...over });
  it('is empty only with no code (made or half typed), no progress, no lesson visit, and nothing damaged', () => {
    expect(heldState(learner(), emptyActivity(), false)).toEqual({ participant: null, empty: true });
    expect(heldState(learner(), emptyActivity(), true).empty).toBe(false);
    expect(heldState(learner({ codeDraft: { mother: 'M' } }), emptyActivity(), false).empty).toBe(false);
    expect(heldState(learner({ participant: { code: 'MA-07-SA-2', answers: {} } }), emptyActivity(), false)).toEqual({
      participant: 'MA-07-SA-2',
      empty: false,
    });
  });
});

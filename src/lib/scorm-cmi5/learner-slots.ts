// Whose answers the browser holds inside an LMS. The learner pages keep one learner's state in
// localStorage, and at an LMS everyone who uses this browser shares it (a shared computer on a ward, a
// training room). The launch wrapper keeps it for one LMS learner at a time: when another learner
// launches, the state held is set aside under its owner and the new learner's own (set aside before, or
// none) takes its place, so nobody is shown, sends to their LMS, or signs another learner's answers, and
// what one learner had not yet sent is still there when they come back. Pure, over a key-value store.
import type { ActivityState } from '../learner/activity.ts';
import type { LearnerState } from '../learner/learner-state.ts';
import { sha256Hex } from '../util/sha256.ts';
import { ACTIVITY_KEY, ASSIGNMENTS_KEY, LEARNER_KEY } from './state.ts';

/** The tag of the LMS learner whose state the learner pages' keys hold. */
export const OWNER_KEY = 'msg-training:lms-owner';
/** A state set aside: this prefix, then its owner's tag (or "unclaimed-" and when it was set aside). */
export const ASIDE_PREFIX = 'msg-training:lms-aside:';
/** The keys the learner pages read (src/stores): a learner's whole state. */
export const WORKING_KEYS = [LEARNER_KEY, ACTIVITY_KEY, ASSIGNMENTS_KEY] as const;
/** States set aside, kept at most (the oldest go first: their learners' LMSs hold what was sent). */
export const MAX_ASIDE = 20;

/** The part of the Web Storage interface used here (localStorage in the wrapper, a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

/** A learner's tag: a hash, so the LMS's own id for a learner is not kept in the browser as such. */
export const ownerTag = (runtime: string, learnerId: string): string => sha256Hex(`msg-training lms learner\u0000${runtime}\u0000${learnerId}`).slice(0, 32);

/** What the learner pages' keys hold now, as the wrapper read it. */
export interface HeldState {
  /** The participant code held, if any. */
  participant: string | null;
  /** True when the keys hold no participant, no module progress and no lesson activity. */
  empty: boolean;
}

/**
 * What the pages' keys hold, from the states read from them (`damaged`: either text could not be read, so
 * it may hold anything): empty when there is no code (typed or made), progress or lesson visit.
 */
export function heldState(learner: LearnerState, activity: ActivityState, damaged: boolean): HeldState {
  const empty =
    !damaged &&
    learner.participant === null &&
    Object.keys(learner.codeDraft).length === 0 &&
    Object.keys(learner.units).length === 0 &&
    Object.keys(activity.modules).length === 0;
  return { participant: learner.participant?.code ?? null, empty };
}

/** What to do with the state held: keep it, or switch to this learner's (setting the held one aside). */
export type Ownership = { action: 'keep' } | { action: 'switch'; setAside: boolean };

/**
 * Keep the state held when it is this learner's: its owner, or (a package from before owners were kept)
 * no owner and the same participant code as the LMS's copy for this learner. Otherwise switch to this
 * learner's own state (set aside before, or none), setting the held one aside unless it is empty: another
 * learner's, or an owner-less one the LMS does not show to be this learner's (set aside unclaimed, shown
 * to nobody).
 */
export function ownership(owner: string | null, tag: string, held: HeldState, lmsParticipant: string | null): Ownership {
  if (owner === tag) return { action: 'keep' };
  if (held.empty) return { action: 'switch', setAside: false };
  if (owner === null && lmsParticipant !== null && lmsParticipant === held.participant) return { action: 'keep' };
  return { action: 'switch', setAside: true };
}

type Slot = { at: string; keys: Partial<Record<(typeof WORKING_KEYS)[number], string>> };

function readSlot(text: string | null): Slot | null {
  if (text === null) return null;
  try {
    const slot = JSON.parse(text) as Slot;
    return slot && typeof slot === 'object' && slot.keys && typeof slot.keys === 'object' ? slot : null;
  } catch {
    return null;
  }
}

/**
 * Makes the pages' keys this learner's, as `ownership` decided: on a switch, what they hold is set aside
 * under its owner (when asked), then this learner's state set aside before, if any, takes its place.
 * Throws when the store refuses a write (full); the pages' keys are then as they were.
 */
export function takeOwnership(store: KeyValueStore, decision: Ownership, owner: string | null, tag: string, now: Date): void {
  if (decision.action === 'switch') {
    const mine = ASIDE_PREFIX + tag;
    const held: Slot = { at: now.toISOString(), keys: {} };
    for (const key of WORKING_KEYS) {
      const text = store.getItem(key);
      if (text !== null) held.keys[key] = text;
    }
    const aside = decision.setAside ? ASIDE_PREFIX + (owner ?? `unclaimed-${now.toISOString()}`) : null;
    if (aside) store.setItem(aside, JSON.stringify(held));
    /** The pages' keys made to hold `keys` (a key left out is removed). */
    const put = (keys: Slot['keys']) => {
      for (const key of WORKING_KEYS) {
        const text = keys[key];
        if (text === undefined) store.removeItem(key);
        else store.setItem(key, text);
      }
    };
    try {
      put(readSlot(store.getItem(mine))?.keys ?? {});
    } catch (error) {
      // Back as it was: the held texts fitted before, and the copy set aside is let go to make room.
      if (aside) store.removeItem(aside);
      put(held.keys);
      throw error;
    }
    store.removeItem(mine);
  }
  store.setItem(OWNER_KEY, tag);
  prune(store);
}

/** Keeps the MAX_ASIDE most recent states set aside. */
function prune(store: KeyValueStore): void {
  const slots: { key: string; at: string }[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(ASIDE_PREFIX)) slots.push({ key, at: readSlot(store.getItem(key))?.at ?? '' });
  }
  slots.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  for (const { key } of slots.slice(MAX_ASIDE)) store.removeItem(key);
}

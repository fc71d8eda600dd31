// The storage under every store of the learner pages. Reads always go to localStorage (what another tab
// wrote a moment ago counts); a write that localStorage refuses (full, blocked) is kept in this tab's
// memory instead, and that memory travels with the tab from page to page of this site in its history
// entries, so a learner whose browser saves nothing can still finish the module in one tab and download it. Failures
// never throw into the page; they are reported on $storageProblem for the banner.
import { atom } from 'nanostores';

export const KEY_PREFIX = 'msg-training:';
export const RESCUE_KEY_PREFIX = `${KEY_PREFIX}rescued:`;
const NAME_MARK = 'msg-training-memory';
const BLOCKED = 'this browser does not allow this site to store data';

export type StorageProblem =
  /** Nothing can be saved in this browser (site data blocked): answers live in this tab only. */
  | { kind: 'unavailable'; detail: string }
  /** Saving failed because the origin's storage is full: the newest answers live in this tab only. */
  | { kind: 'full'; detail: string }
  /** Stored text could not be read; a copy was kept. */
  | { kind: 'corrupt'; detail: string; raw: string }
  /** Two copies disagreed; both were kept. */
  | { kind: 'conflict'; detail: string };

export const $storageProblem = atom<StorageProblem | null>(null);

const RANK: Record<StorageProblem['kind'], number> = { conflict: 1, full: 2, unavailable: 2, corrupt: 3 };

export function reportStorageProblem(problem: StorageProblem): void {
  // A damaged-data report matters more than a later write failure: keep its raw text for the download.
  const current = $storageProblem.get();
  if (current && RANK[current.kind] > RANK[problem.kind]) return;
  $storageProblem.set(problem);
}

const browser = typeof window !== 'undefined';

function openLocalStorage(): Storage | null {
  try {
    // Reading it throws where site data is blocked.
    return window.localStorage.length >= 0 ? window.localStorage : null;
  } catch (error) {
    reportStorageProblem({ kind: 'unavailable', detail: (error as Error).message || BLOCKED });
    return null;
  }
}

const local = browser ? openLocalStorage() : null;

/** Writes localStorage refused, newest first to be read; kept with this tab's history entries. */
let memory: Record<string, string> = {};

type Navigation = EventTarget & {
  currentEntry: unknown;
  entries(): { getState(): unknown }[];
  updateCurrentEntry(options: { state: unknown }): void;
};
// Not in a sandboxed frame without its origin, where the Navigation API has no entries.
const navigation = browser ? (window as { navigation?: Navigation }).navigation : undefined;
const entries = navigation?.currentEntry ? navigation : undefined;
/** The newest copy's time seen or made: a copy made later is always newer, whatever the clock does. */
let newestAt = 0;

/**
 * Takes the newest memory this tab's pages of this site kept: in the Navigation API's state of each of the
 * tab's history entries of this site (a reload, a link, Back; another site can never read them), or, in a
 * browser without it, in window.name, which such browsers clear when the tab goes to another site. Chromium keeps window.name across sites, so there the answers are never put in it (and an
 * earlier version's copy there is cleared).
 */
function takeMemory(): void {
  type Kept = { at: number; memory: Record<string, unknown> };
  let newest: Kept | undefined;
  const states = entries ? entries.entries().map((entry) => () => entry.getState()) : [() => JSON.parse(window.name)];
  for (const state of states) {
    try {
      const kept: Kept | undefined = (state() as Record<string, Kept> | null)?.[NAME_MARK];
      if (kept && kept.at > (newest?.at ?? -1) && kept.memory instanceof Object) newest = kept;
    } catch {
      /* not ours or damaged */
    }
  }
  if (entries && window.name.startsWith(NAME_MARK)) window.name = '';
  memory = {};
  for (const [k, v] of Object.entries(newest?.memory ?? {})) if (k.startsWith(KEY_PREFIX) && typeof v === 'string') memory[k] = v;
  if (newest) {
    // This entry keeps it too: Back and then a link drops the entries after this one, the copy's among them.
    newestAt = newest.at;
    keepForLater();
  }
}

/** Keeps this tab's memory with its history entry, or in window.name without the Navigation API (never throws). */
function keepForLater(): void {
  newestAt = Math.max(Date.now(), newestAt + 1);
  const state = { [NAME_MARK]: { at: newestAt, memory } };
  try {
    if (entries) entries.updateCurrentEntry({ state });
    else window.name = JSON.stringify(state);
  } catch {
    /* the next change tries again */
  }
}

if (browser) {
  takeMemory();
  // Back to a page kept in the browser's memory: the page left since may hold newer answers.
  addEventListener('pageshow', (event) => event.persisted && takeMemory());
  // Another entry within the page (a link to #main, Back from it) is given the copy: Back and then a link
  // would otherwise drop the one that holds it (not on keepForLater's own update, whose type is null).
  entries?.addEventListener('currententrychange', (event) => (event as Event & { navigationType: string | null }).navigationType && keepForLater());
}

/** What is stored under `key`, and this tab's unsaved newer copy if a write was refused. */
export function readStored(key: string): { stored: string | null; unsaved: string | null } {
  let stored: string | null = null;
  try {
    stored = local?.getItem(key) ?? null;
  } catch {
    /* reported when storage was opened */
  }
  return { stored, unsaved: memory[key] ?? null };
}

/** Writes `text` under `key`; false when it could be kept only in this tab's memory. */
export function writeStored(key: string, text: string): boolean {
  if (local) {
    try {
      local.setItem(key, text);
      if (key in memory) {
        delete memory[key];
        keepForLater();
      }
      return true;
    } catch (error) {
      // A quota error with nothing stored at all is a browser that allows no storage (a quota of 0, as in
      // some private modes), not a full one.
      const quota = (error as Error).name === 'QuotaExceededError';
      reportStorageProblem(
        quota && local.length > 0
          ? { kind: 'full', detail: "this browser's storage for this site is full" }
          : { kind: 'unavailable', detail: quota ? BLOCKED : (error as Error).message || BLOCKED },
      );
    }
  }
  memory[key] = text;
  keepForLater();
  return false;
}

/**
 * The start of the keys that are not this learner's: inside an LMS, the states of other LMS learners set
 * aside on a shared computer, and whose the held state is (src/lib/scorm-cmi5/learner-slots.ts). Never in
 * a rescue file.
 */
export const OTHER_LEARNERS_PREFIX = `${KEY_PREFIX}lms-`;

/** Everything this site keeps for this learner (stored and unsaved), as text: what the banner's download rescues. */
export function storedSnapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    for (let i = 0; local && i < local.length; i++) {
      const key = local.key(i)!;
      if (key.startsWith(KEY_PREFIX) && !key.startsWith(OTHER_LEARNERS_PREFIX)) out[key] = local.getItem(key)!;
    }
  } catch {
    /* the memory copy is all there is */
  }
  for (const [key, text] of Object.entries(memory)) out[key in out ? `${key}:unsaved` : key] = text;
  return out;
}

const rescued = new Set<string>();

/**
 * Keeps unreadable stored text under its own key before anything overwrites it (once: not again on every
 * page that finds it, which would fill the storage), and reports it.
 */
export function rescue(raw: string, reason: string): void {
  if (!rescued.has(raw)) {
    rescued.add(raw);
    if (!Object.entries(storedSnapshot()).some(([key, text]) => key.startsWith(RESCUE_KEY_PREFIX) && text === raw))
      writeStored(`${RESCUE_KEY_PREFIX}${new Date().toISOString()}`, raw);
  }
  reportStorageProblem({ kind: 'corrupt', detail: reason, raw });
}

/** Calls `listener` when another tab changes `key` (or clears storage). */
export function onOtherTabChange(key: string, listener: () => void): void {
  if (!browser) return;
  window.addEventListener('storage', (event) => {
    if (event.key === key || event.key === null) listener();
  });
}

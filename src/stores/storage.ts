// The storage engine under every persistent store: localStorage when it works, memory when it does not.
// Failures never throw into the page; they are reported on $storageProblem for the banner.
import { atom } from 'nanostores';
import { setPersistentEngine, windowPersistentEvents } from '@nanostores/persistent';

export const KEY_PREFIX = 'msg-training:';
export const RESCUE_KEY_PREFIX = `${KEY_PREFIX}rescued:`;

export type StorageProblem = { kind: 'unavailable'; detail: string } | { kind: 'corrupt'; detail: string; raw: string };

export const $storageProblem = atom<StorageProblem | null>(null);

export function reportStorageProblem(problem: StorageProblem): void {
  // A damaged-data report matters more than a later write failure: keep its raw text for the download.
  if ($storageProblem.get()?.kind === 'corrupt' && problem.kind === 'unavailable') return;
  $storageProblem.set(problem);
}

function openLocalStorage(): Storage | null {
  try {
    const storage = window.localStorage;
    storage.setItem(`${KEY_PREFIX}probe`, '1');
    storage.removeItem(`${KEY_PREFIX}probe`);
    return storage;
  } catch (error) {
    reportStorageProblem({ kind: 'unavailable', detail: (error as Error).message || 'storage is switched off' });
    return null;
  }
}

const memory: Record<string, string> = {};
const local = typeof window === 'undefined' ? null : openLocalStorage();

function read(key: string): string | undefined {
  if (key in memory) return memory[key];
  try {
    return local?.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Everything this site keeps, as stored text: what the banner's download rescues. */
export function storedSnapshot(): Record<string, string> {
  const out: Record<string, string> = { ...memory };
  try {
    for (let i = 0; local && i < local.length; i++) {
      const key = local.key(i)!;
      if (key.startsWith(KEY_PREFIX)) out[key] = local.getItem(key)!;
    }
  } catch {
    /* memory copy is all there is */
  }
  return out;
}

export const engine: Record<string, string> = new Proxy(memory, {
  get: (_, key) => (typeof key === 'string' ? read(key) : undefined),
  has: (_, key) => typeof key === 'string' && read(key) !== undefined,
  set: (_, key, value) => {
    if (typeof key !== 'string') return false;
    memory[key] = String(value);
    try {
      local?.setItem(key, String(value));
    } catch (error) {
      const full = (error as Error).name === 'QuotaExceededError';
      reportStorageProblem({ kind: 'unavailable', detail: full ? 'the browser storage is full' : (error as Error).message });
    }
    return true;
  },
  deleteProperty: (_, key) => {
    if (typeof key !== 'string') return false;
    delete memory[key];
    try {
      local?.removeItem(key);
    } catch {
      /* nothing stored to remove */
    }
    return true;
  },
});

if (typeof window !== 'undefined') setPersistentEngine(engine, windowPersistentEvents);

/** Keeps unreadable stored text under its own key before anything overwrites it, and reports it. */
export function rescue(raw: string, reason: string): void {
  engine[`${RESCUE_KEY_PREFIX}${new Date().toISOString()}`] = raw;
  reportStorageProblem({ kind: 'corrupt', detail: reason, raw });
}

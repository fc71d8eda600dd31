// A store kept in one storage key and safe across tabs: every change reads what is stored now, applies
// one pure transition and writes the result at once (read-modify-write per answer), so one tab never
// writes back a stale copy over another's answers. Other tabs' writes arrive through the `storage` event
// and update the store; the pages re-render from it.
import { atom, type ReadableAtom } from 'nanostores';
import { onOtherTabChange, readStored, rescue, reportStorageProblem, writeStored } from './storage.ts';

export interface Codec<T> {
  empty(): T;
  /** Never throws: a damaged text gives `problem` and the empty state. */
  read(raw: string | null): { state: T; problem: string | null };
  /** Joins the stored copy and this tab's unsaved copy without losing anything. */
  merge(stored: T, unsaved: T): { state: T; conflicts: string[] };
  /** A last check before writing: throws if `next` would lose something `before` holds. */
  check?(before: T, next: T): void;
}

export interface SyncedStore<T> {
  readonly $state: ReadableAtom<T>;
  /** The state as stored now (not this tab's cached copy). */
  load(): T;
  /** Reads, applies `change`, writes. Throws what `change` throws, with nothing written. */
  update(change: (state: T) => T): T;
}

export function syncedStore<T>(key: string, codec: Codec<T>): SyncedStore<T> {
  const $state = atom<T>(codec.empty());

  function load(): T {
    const { stored, unsaved } = readStored(key);
    const read = codec.read(stored);
    if (read.problem && stored !== null) rescue(stored, read.problem);
    if (unsaved === null) return read.state;
    const mine = codec.read(unsaved);
    if (mine.problem) return read.state;
    const merged = codec.merge(read.state, mine.state);
    if (merged.conflicts.length) reportStorageProblem({ kind: 'conflict', detail: merged.conflicts.join(' ') });
    return merged.state;
  }

  function update(change: (state: T) => T): T {
    const before = load();
    const next = change(before);
    if (next !== before) {
      codec.check?.(before, next);
      writeStored(key, JSON.stringify(next));
    }
    $state.set(next);
    return next;
  }

  if (typeof window !== 'undefined') {
    const state = load();
    $state.set(state);
    // Answers this tab could keep only in memory (carried from the previous page): save them now if storage
    // takes them again, or report again that it does not, so every page says where the answers are.
    if (readStored(key).unsaved !== null) writeStored(key, JSON.stringify(state));
    onOtherTabChange(key, () => $state.set(load()));
  }
  return { $state, load, update };
}

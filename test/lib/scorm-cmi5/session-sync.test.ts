// The send/retry logic of an LMS session, with a fake adapter that records every call and can refuse.
import { describe, expect, it } from 'vitest';
import { normalLaunch, type LaunchData, type LmsAdapter, type LmsSession } from '../../../src/lib/scorm-cmi5/adapter.ts';
import { lmsSync, RETRY_MS } from '../../../src/lib/scorm-cmi5/session-sync.ts';
import { decodeSuspendData, emptyLog } from '../../../src/lib/scorm-cmi5/suspend-data.ts';
import { takeSnapshot, type ModuleSnapshot } from '../../../src/lib/scorm-cmi5/state.ts';
import { MODULE, moduleDictionary, moduleState } from '../../fixtures/lms/course.ts';

const dict = moduleDictionary();
const ITEMS = dict.module.itemIds.length;
const snap = (s: ReturnType<typeof moduleState>) => takeSnapshot(s.learner, s.activity, MODULE);

function fakeLms(launch: Partial<LaunchData> = {}) {
  const calls: string[] = [];
  const interactions: string[] = [];
  let refuse = 0;
  let suspend: string | undefined;
  const gate = (what: string) => {
    calls.push(what);
    if (refuse > 0) {
      refuse--;
      throw new Error('LMS busy');
    }
  };
  const adapter: LmsAdapter = {
    runtime: 'scorm2004',
    maxSuspendLength: 64_000,
    initialize: async () => session,
    async commitState(text) {
      gate('commit');
      suspend = text;
    },
    async reportInteractions(list) {
      gate('interactions');
      interactions.push(...list.map((i) => i.id));
    },
    async reportProgress() {
      gate('progress');
    },
    async complete() {
      gate('complete');
    },
    async terminate(text) {
      calls.push('terminate');
      if (text !== undefined) suspend = text;
    },
  };
  const session: LmsSession = { suspendData: null, learnerId: null, launchData: { ...normalLaunch(), ...launch } };
  return { adapter, session, calls, interactions, refuseNext: (n: number) => (refuse = n), suspend: () => suspend };
}

function setup(lms: ReturnType<typeof fakeLms>, state: { current: ModuleSnapshot | null }) {
  const timers: (() => void)[] = [];
  const waits: number[] = [];
  const statuses: string[] = [];
  const sync = lmsSync({
    adapter: lms.adapter,
    session: lms.session,
    dict,
    log: emptyLog(),
    read: () => state.current,
    status: (t) => statuses.push(t),
    later: (run, ms) => {
      timers.push(run);
      waits.push(ms);
    },
  });
  return { sync, timers, waits, statuses };
}

describe('LMS session updates', () => {
  it('reports each record once, completes once, and stores the suspend data', async () => {
    const lms = fakeLms();
    const state = { current: snap(moduleState(dict, { lessonsDone: 2, post: false })) as ModuleSnapshot | null };
    const { sync } = setup(lms, state);
    sync.schedule();
    await sync.idle();
    expect(lms.interactions).toHaveLength(ITEMS);
    state.current = snap(moduleState(dict));
    sync.schedule();
    sync.schedule();
    await sync.idle();
    expect(lms.interactions).toHaveLength(2 * ITEMS);
    expect(new Set(lms.interactions).size).toBe(2 * ITEMS);
    expect(lms.calls.filter((c) => c === 'complete')).toHaveLength(1);
    expect(sync.log.completed).toBe(true);
    const stored = decodeSuspendData(lms.suspend()!, MODULE);
    expect(stored.ok && stored.payload.log.records).toHaveLength(2);
    await sync.finish();
    sync.schedule();
    await sync.idle();
    expect(lms.calls.at(-1)).toBe('terminate');
  });

  it('tries again after the LMS refuses, with a growing pause, and marks nothing sent until it is accepted', async () => {
    const lms = fakeLms();
    const state = { current: snap(moduleState(dict)) as ModuleSnapshot | null };
    const { sync, timers, waits, statuses } = setup(lms, state);
    lms.refuseNext(4); // the answers and the suspend data, twice
    sync.schedule();
    await sync.idle();
    expect(lms.interactions).toEqual([]);
    expect(sync.log.records).toEqual([]);
    expect(statuses).toContainEqual(expect.stringMatching(/did not accept an update \(it will be tried again\): LMS busy/));
    expect(statuses.at(-1)).toMatch(/could not store them \(it will be tried again\)/);
    expect(waits).toEqual([RETRY_MS.first]);
    timers.shift()!();
    await sync.idle();
    expect(lms.interactions).toEqual([]);
    expect(waits).toEqual([RETRY_MS.first, 2 * RETRY_MS.first]);
    timers.shift()!();
    await sync.idle();
    expect(lms.interactions).toHaveLength(2 * ITEMS);
    expect(sync.log.records).toHaveLength(2);
    expect(timers).toEqual([]);
  });

  it('in browse mode stores progress but reports no result; in review mode sends nothing at all', async () => {
    for (const [mode, expected] of [
      ['browse', ['commit']],
      ['review', []],
    ] as const) {
      const lms = fakeLms({ mode });
      const { sync } = setup(lms, { current: snap(moduleState(dict)) });
      sync.schedule();
      await sync.idle();
      await sync.finish();
      expect(
        lms.calls.filter((c) => c !== 'terminate'),
        mode,
      ).toEqual(expected);
    }
  });

  it('sends nothing while the stored state is damaged', async () => {
    const lms = fakeLms();
    const { sync } = setup(lms, { current: null });
    sync.schedule();
    await sync.idle();
    await sync.finish();
    expect(lms.calls).toEqual(['terminate']);
    expect(lms.suspend()).toBeUndefined();
  });
});
